"""Your data and your loss: edit the points, load a preset or a CSV, choose
squared error or cross-entropy. Every page follows."""

import numpy as np
import pandas as pd
import streamlit as st

import gd_core
from gd_core.datasets import PRESETS, to_csv
from gd_core.figures.data import fit_figure
from ui import cache
from ui.budget import Runs
from ui.checked_figures import show_figure
from ui.data import EDIT_ROWS, LOSS_NAMES, SHOWN_ROWS, data_badge, set_data
from ui.edits import edit_problem
from ui.inputs import plain
from ui.share import share_view
from ui.state import active_data, compute_or_fall_back

LOSS_LESSONS = {
    "squared_error": "The lecture's Σ ½(f(x) − y)²: where f saturates its gradient vanishes, "
    "so the surface has flat wings far from the fit.",
    "cross_entropy": "−Σ [y log f + (1 − y) log(1 − f)]: for a logistic neuron its surface is "
    "convex — one bowl, no flat wings to stall on (targets must lie in [0, 1]).",
}


def _notice(kind: str, text: str) -> None:
    st.session_state["data_notice"] = (kind, text)


def _load_preset() -> None:
    name = st.session_state["preset_choice"]
    preset = PRESETS[name]
    try:
        set_data(np.array(preset.x), np.array(preset.y), name)
        _notice("success", f"Loaded: {name}.")
    except ValueError as error:  # e.g. cross-entropy with y outside [0, 1]
        _notice("error", f"{error}. The previous data stay.")


def _change_loss() -> None:
    chosen = st.session_state["loss_choice"]
    x, y, _ = active_data()
    try:
        set_data(x, y, st.session_state["data_name"], chosen)
    except ValueError as error:
        st.session_state["loss_choice"] = st.session_state["loss_name"]  # undo the click
        _notice("error", f"{error}. Still using {LOSS_NAMES[st.session_state['loss_name']]}.")


def _take_upload() -> None:
    upload = st.session_state.get("csv_upload")
    if upload is None:
        return
    try:
        x, y = cache.parse_upload(upload.getvalue())
        set_data(x, y, f"uploaded: {upload.name}")
        _notice("success", f"Loaded {x.size:,} points from {upload.name}.")
    except ValueError as error:
        _notice("error", f"{upload.name}: {error}. The previous data stay.")


def _take_edits(edited: pd.DataFrame) -> None:
    """Edits in the table: checked by the core; refused edits are undone."""
    x_now, y_now, _ = active_data()
    cells = edited[["x", "y"]].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    if cells.shape == (x_now.size, 2) and np.array_equal(cells, np.column_stack((x_now, y_now))):
        return
    empty = np.argwhere(np.isnan(cells))
    try:
        if empty.size:
            row, column = empty[0]
            raise ValueError(f"row {row + 1}: {'xy'[column]} must be a number")
        set_data(cells[:, 0], cells[:, 1], "edited")
        _notice("success", "Edited data are active on every page.")
    except ValueError as error:
        _notice("error", f"{error}. The edit was not applied.")
        st.session_state["data_version"] += 1  # redraw the table from the kept data
    st.rerun()


if "loss_choice" not in st.session_state:
    st.session_state["loss_choice"] = st.session_state["loss_name"]
st.title("Your data")
data_badge()
st.markdown(
    "The lecture fits two points so the surface can be drawn. What if there were more, or "
    "other points? Edit the table, load a preset or a CSV with columns **x** and **y**, and "
    "every page — error surface, η comparison, optimizers, Taylor — redraws from these data."
)

left, right = st.columns([2, 3])
with left:
    st.selectbox(
        "Preset", list(PRESETS), key="preset_choice",
        index=list(PRESETS).index(st.session_state["data_name"])
        if st.session_state["data_name"] in PRESETS else 0,
    )  # fmt: skip
    st.button("Load this preset", key="load_preset", on_click=_load_preset)
    st.caption(PRESETS[st.session_state["preset_choice"]].lesson)
    st.radio(
        "Loss", list(LOSS_NAMES), key="loss_choice", format_func=LOSS_NAMES.get,
        on_change=_change_loss, horizontal=True,
    )  # fmt: skip
    st.caption(LOSS_LESSONS[st.session_state["loss_name"]])
    st.file_uploader(
        "Upload a CSV (columns x and y, up to 100,000 rows)", type=["csv"], key="csv_upload",
        on_change=_take_upload,
    )  # fmt: skip
    x, y, loss = active_data()
    st.download_button(  # written when clicked: 100,000 rows are 0.1 s of every rerun
        "Download these data as CSV", lambda: to_csv(x, y), file_name="data.csv",
        mime="text/csv", key="download_csv", on_click="ignore",
    )  # fmt: skip

# A table edit Streamlit could not apply (a crafted client's) is dropped before
# the table reads it: a fresh table, the kept data, and the rule it broke.
refused = edit_problem(
    st.session_state.get(f"editor_{st.session_state['data_version']}"),
    len(st.session_state["data_x"]),
)
if refused:
    _notice("error", f"Table edit refused: {refused}. The data stay as they were.")
    st.session_state["data_version"] += 1
notice = st.session_state.pop("data_notice", None)
if notice:
    {"error": st.error, "success": st.success}[notice[0]](plain(notice[1]))

with right:
    x, y, loss = active_data()
    if x.size <= EDIT_ROWS:
        edited = st.data_editor(
            pd.DataFrame({"x": x, "y": y}), num_rows="dynamic", width="stretch",
            key=f"editor_{st.session_state['data_version']}", height=300,
        )  # fmt: skip
        _take_edits(edited)
    else:  # a table of 100,000 rows is megabytes on every rerun, and no one edits it by hand
        st.dataframe(pd.DataFrame({"x": x[:SHOWN_ROWS], "y": y[:SHOWN_ROWS]}), height=300)
        st.caption(
            f"The first {SHOWN_ROWS:,} of {x.size:,} points. Tables of more than "
            f"{EDIT_ROWS:,} points are not edited here: change the CSV and upload it again."
        )
    settings, run = compute_or_fall_back(
        lambda s: cache.descent(x, y, loss, s.start, s.eta, s.epochs), [Runs("single")]
    )
    problem = gd_core.SigmoidNeuron(x, y, loss=loss)
    show_figure(fit_figure(x, y, run.final_params), key="data_fit")  # fmt: skip
    w, b = run.final_params
    st.caption(
        f"The sigmoid of gradient descent's final (w, b) = ({w:.3g}, {b:.3g}) after "
        f"{run.steps} epochs from ({settings.w0:g}, {settings.b0:g}) with η = {settings.eta:g}"
        + (" — no finite minimum: w keeps growing." if problem.unbounded else ".")
    )
share_view("data", settings, {f"gradient descent (η = {settings.eta:g})": run})

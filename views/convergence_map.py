"""Convergence map: where descent arrives from every start of the w–b plane.
Each cell is one run from its centre; its colour is the epoch it reached the
tolerance, or why it never did (a plateau, still descending, diverged)."""

import streamlit as st

import gd_core
from gd_core.export import maps_csv
from gd_core.figures.convergence import click_traces, convergence_figure
from gd_core.maps import ConvergenceMap
from gd_core.methods import METHODS
from ui import cache
from ui.checked_figures import show_figure
from ui.controls import KEEP
from ui.data import data_badge
from ui.looks import current_look
from ui.maps import (
    CHART_KEY,
    MapSpec,
    compute_map,
    converged_words,
    largest_resolution,
    map_runs,
    one_map_words,
    spec,
)
from ui.notes import lecture_vs_map
from ui.schema import MAP_COMPARE, MAP_RESOLUTIONS
from ui.share import share_view
from ui.state import Settings, active_data, compute_or_fall_back

st.title("Convergence map")
data_badge()
# The epochs' colours as the chosen scale draws them (ui.looks).
epochs_in = ("**dark blue to yellow**", "brighter") if current_look().scale == "cividis" else (
    "**green**", "darker")  # fmt: skip
st.markdown(
    "Where you start decides everything. Every cell of this map is one run of descent "
    f"from the cell's centre: {epochs_in[0]} says how many epochs it took to bring the loss "
    f"below the tolerance ({epochs_in[1]}: more), the other colours say why it never did. "
    "The lines are the loss's contours. **Click a cell** to make it the start."
)

names = list(METHODS)
top = st.columns([1.2, 1.3, 1.1, 1.6], vertical_alignment="bottom")
mode = top[0].selectbox("Show", MAP_COMPARE, key="map_compare", persist_state=KEEP)
method = top[1].selectbox(
    "Method", names, key="map_method", format_func=lambda n: METHODS[n].label, persist_state=KEEP
)
second_eta, second_method = None, None
if mode == "Two learning rates":
    second_eta = top[2].number_input(
        "Second η", key="map_eta2", min_value=1e-4, max_value=1e3, format="%.4g",
        persist_state=KEEP,
    )  # fmt: skip
elif mode == "Two methods":
    second_method = top[2].selectbox(
        "Second method", names, key="map_method2", format_func=lambda n: METHODS[n].label,
        persist_state=KEEP,
    )  # fmt: skip
resolution = top[3].select_slider(
    "Grid of starts (cells per side)", MAP_RESOLUTIONS, key="map_resolution", persist_state=KEEP
)

st.caption(
    "Plain descent runs with the sidebar's η and epochs; every other method with its own "
    "default η (Adam 0.1, RMSProp 0.05, AdaGrad 0.5 …) and the sidebar's epochs. "
    "Every run goes all its epochs, as on the other pages."
)
x, y, loss = active_data()


def _specs(eta: float) -> list[MapSpec]:
    """The maps to draw: the chosen method, and the second η or method."""
    specs = [spec(method, None, eta)]
    if second_eta is not None:
        specs.append(spec(method, float(second_eta), eta))
    elif second_method is not None:
        specs.append(spec(second_method, None, eta))
    return specs


epochs = int(st.session_state["epochs"])
allowed = min(largest_resolution(s.method, len(x), epochs) for s in _specs(1.0))
if allowed < 10:  # the coarsest grid; the work budget then cuts the epochs
    allowed = 10
if resolution > allowed:
    st.warning(
        f"The map is limited to {allowed} × {allowed} starts here: every start runs "
        f"{epochs:,} epochs over {len(x):,} points, and a finer grid would take too long."
    )
    resolution = allowed


def _compute(s: Settings) -> tuple[list[MapSpec], list[ConvergenceMap]]:
    specs = _specs(s.eta)
    bar = st.progress(0.0, text="Running descent from every start…")
    out = []
    for k, one in enumerate(specs):

        def tick(done: float, k: int = k) -> None:
            bar.progress(
                (k + done) / len(specs), text=f"{specs[k].label}: {done:.0%} of the starts"
            )

        out.append(compute_map((x, y, loss), s.view, resolution, one, s.epochs, tick))
    bar.empty()
    return specs, out


settings, (specs, maps) = compute_or_fall_back(
    _compute, [map_runs(s.method, len(x), resolution**2) for s in _specs(1.0)]
)
surface, bg = cache.surface_and_background(x, y, loss, settings.view, 150, settings.log_colour)
problem = gd_core.SigmoidNeuron(x, y, loss=loss)
figure = convergence_figure(
    maps, [s.label for s in specs], bg, start=settings.start, optimum=problem.zero_loss_point(),
    stacked=bool(st.session_state["stacked"]),
)  # fmt: skip
st.session_state["map_drawn"] = {"map": maps[0], "curves": click_traces(figure)}
show_figure(
    figure, key=CHART_KEY, on_select="rerun", selection_mode="points",
    config={"scrollZoom": False},
)  # fmt: skip

if len(maps) == 2:
    # Two η: name them by η alone; two methods: by method and η.
    names = [s.label.split(", ")[-1] if mode == "Two learning rates" else s.label for s in specs]
    st.markdown(f"**{converged_words(maps, names)}**")
for cmap, one in zip(maps, specs, strict=True):
    st.markdown(one_map_words(cmap, one, settings.epochs))
    disagree = (
        lecture_vs_map(cmap, dict(one.settings)["learning_rate"], settings.epochs)
        if one.method == "gradient_descent" and loss == "squared_error"
        else None
    )
    if disagree:
        st.info(disagree, icon=":material/menu_book:")
if problem.unbounded:
    st.info(
        "No start can converge here: the classes are separable, so cross-entropy has no "
        "finite minimum and only approaches 0 as w grows without bound."
    )

clicked = st.session_state.get("map_clicked")
if clicked is not None and clicked == settings.start:  # not once the start moved again
    w0, b0 = clicked
    st.success(f"Start set to (w₀, b₀) = ({w0:g}, {b0:g}).")
    st.page_link(
        "views/error_surface.py",
        label=f"Watch descent from ({w0:g}, {b0:g}) on the error surface",
        icon=":material/landscape:",
    )
labelled = {one.label: cmap for one, cmap in zip(specs, maps, strict=True)}
share_view("convergence_map", settings, {}, table=("map", lambda: maps_csv(labelled)))

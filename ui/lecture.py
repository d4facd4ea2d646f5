"""The lecture's own code, live: panels that show the slide's Python filled
in with the page's settings (``gd_core.lecture_code``, ``gd_core.optimizer_code``)
with a button to download it as a ``.py`` file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import streamlit as st
from numpy.typing import ArrayLike

from gd_core import Trajectory
from gd_core.lecture_code import SHOWN_POINTS, descent_program
from gd_core.methods import METHODS
from gd_core.optimizer_code import optimizer_program, writable
from ui.state import Settings


def _final_numbers(run: Trajectory) -> str:
    w, b = run.final_params
    return f"w = {w:.9f}, b = {b:.9f}, loss = {run.final_loss:.6g}"


def _show(
    make: Callable[..., str], filename: str, key: str, run: Trajectory, fold: str = ""
) -> None:
    """The on-screen copy (big data abbreviated), the download (whole data,
    built only when clicked), and what it prints.

    With ``fold``, the on-screen copy is in an expander of that label and is
    sent only while it is open: a code block makes the browser fetch and run
    Streamlit's 1.5 MB syntax highlighter, which on a page of charts held up
    their first drawing by ~0.2 s.
    """
    # One label for every method: Streamlit's widget id includes it, and a new
    # id would close the expander each time the student picks another method.
    box = st.expander(fold, key=f"{key}_open", on_change="rerun") if fold else st  # st: in place
    if box is st or box.open:
        box.code(
            make(shown_points=SHOWN_POINTS, filename=filename),
            language="python",
            # No sideways scrolling at any width (a phone whose browser the
            # User-Agent does not give away, a narrow window): long lines wrap.
            wrap_lines=True,
        )
    st.download_button(
        f"Download {filename}", data=lambda: make(filename=filename), file_name=filename,
        mime="text/x-python", key=key, on_click="ignore", icon=":material/download:",
    )  # fmt: skip
    if run.status == "diverged":
        st.warning(
            f"This run left the floating-point range at update {run.steps}; the app stops "
            "there, while the file keeps going and prints nan or inf."
        )
    else:
        st.caption(f"Run it: it prints {_final_numbers(run)} — this page's run, to 1e−9.")


def descent_code_panel(
    x: ArrayLike, y: ArrayLike, loss: str, settings: Settings, run: Trajectory
) -> None:
    """The slide's ``f``, ``error``, ``grad_b``, ``grad_w`` and
    ``do_gradient_descent`` with this page's data, start, η and epochs."""
    st.subheader("The lecture's code, live")
    st.markdown(
        "The slide's Python, *“simple python code and it does exactly what I had shown in "
        "the pseudo code”*, filled in with the data, start (w₀, b₀), η and epochs above. "
        "The slide's `do_gradient_descent` plotted the path; here it returns w and b and "
        "the file prints them with the loss."
    )
    xs, ys = np.asarray(x).tolist(), np.asarray(y).tolist()

    def make(**kwargs: Any) -> str:
        return descent_program(xs, ys, loss, settings.start, settings.eta, settings.epochs,
                               **kwargs)  # fmt: skip

    _show(make, "gradient_descent.py", "lecture_code_download", run)


def optimizer_code_panel(
    x: ArrayLike,
    y: ArrayLike,
    loss: str,
    race: Sequence[dict[str, Any]],
    labels: Sequence[str],
    runs: Sequence[Trajectory],
    settings: Settings,
) -> None:
    """One raced method's update rule as plain Python, in the slide's style,
    for the method chosen in a select box (key ``code_method``)."""
    st.subheader("Its update rule in plain Python")
    choices = [k for k, entry in enumerate(race) if writable(entry["method"])]
    if not choices:
        st.info("None of the raced methods can be written out here.")
        return
    if st.session_state.get("code_method") not in choices:
        st.session_state["code_method"] = choices[0]
    index = st.selectbox(
        "Show the code of", choices, key="code_method", format_func=lambda k: labels[k]
    )
    entry = race[index]
    st.markdown(
        "The slide's `f`, `error`, `grad_w` and `grad_b`, and a loop that updates w and b "
        f"by the rule of **{METHODS[entry['method']].label}** with the settings raced here."
    )
    xs, ys = np.asarray(x).tolist(), np.asarray(y).tolist()

    def make(**kwargs: Any) -> str:
        return optimizer_program(xs, ys, loss, entry["method"], entry["settings"],
                                 settings.start, settings.epochs, **kwargs)  # fmt: skip

    _show(make, f"{entry['method']}.py", "optimizer_code_download", runs[index],
          fold="Show the Python")  # fmt: skip

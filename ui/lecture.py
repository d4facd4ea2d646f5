"""The lecture's own code, live: panels that show the slide's Python filled
in with the page's settings (``gd_core.lecture_code``, ``gd_core.optimizer_code``)
with a button to download it as a ``.py`` file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from itertools import groupby
from typing import Any

import numpy as np
import streamlit as st
from numpy.typing import ArrayLike
from pygments.lexers import PythonLexer
from pygments.token import Token

from gd_core import Trajectory
from gd_core.lecture_code import SHOWN_POINTS, descent_program
from gd_core.methods import METHODS
from gd_core.optimizer_code import optimizer_program, writable
from ui.state import Settings

# A code block's look is in the chart's style sheet (.esx-code in
# ui/chart_component/chart.css, attached by the page's first element,
# ui.browser_chart.preload): fetched once, not sent with every rerun. Four
# kinds of token are coloured (as Pygments' default style does), each by a
# short element; the rest is plain text (a span for every token doubled the
# bytes, and the block is sent again with every rerun). Without the style
# sheet the code still reads right: the elements only bold or slant it.
# Token kind → the short element that marks it (its colour: .esx-code in chart.css).
_KINDS = ((Token.Comment, "i"), (Token.Literal.String, "cite"), (Token.Keyword, "b"),
          (Token.Operator.Word, "b"), (Token.Name.Function, "var"))  # fmt: skip


def _kind(token: Any) -> str:
    return next((name for kind, name in _KINDS if token in kind), "")


def python_html(source: str) -> str:
    """``source`` as highlighted Python HTML: tokenised here (Pygments),
    every character of it escaped, only ``<pre>``, ``<b>``, ``<i>``,
    ``<cite>`` and ``<var>`` of ours around it (tests/test_security.py lets
    ``st.html`` take this function's result, and nothing else not literal)."""
    parts: list[str] = []
    tokens = PythonLexer(stripnl=False, ensurenl=False).get_tokens(source)
    for kind, group in groupby(tokens, lambda t: _kind(t[0])):
        text = escape("".join(value for _, value in group), quote=False)
        parts.append(f"<{kind}>{text}</{kind}>" if kind else text)
    return f'<pre class="esx-code" data-language="python">{"".join(parts)}</pre>'


def python_block(source: str) -> None:
    """``source`` shown as highlighted Python (:func:`python_html`) by
    ``st.html``: Streamlit's code element makes the browser fetch and run
    its 1.5 MB syntax highlighter, ~0.3 s on the critical path of a first
    load."""
    st.html(python_html(source))


def _final_numbers(run: Trajectory) -> str:
    w, b = run.final_params
    return f"w = {w:.9f}, b = {b:.9f}, loss = {run.final_loss:.6g}"


def _show(
    make: Callable[..., str], filename: str, key: str, run: Trajectory, fold: str = ""
) -> None:
    """The on-screen copy (big data abbreviated), the download (whole data,
    built only when clicked), and what it prints.

    With ``fold``, the on-screen copy is in an expander of that label and is
    sent only while it is open.
    """
    # One label for every method: Streamlit's widget id includes it, and a new
    # id would close the expander each time the student picks another method.
    if not fold:
        python_block(make(shown_points=SHOWN_POINTS, filename=filename))
    else:
        box = st.expander(fold, key=f"{key}_open", on_change="rerun")
        if box.open:
            with box:
                python_block(make(shown_points=SHOWN_POINTS, filename=filename))
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

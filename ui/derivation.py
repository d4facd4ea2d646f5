"""The lecture's digression (derivative, partial derivatives, gradient) and
its derivation of ∇w and ∇b, rendered with the numbers at θ. The numbers
come from ``gd_core.derivation``; this module only lays them out."""

from __future__ import annotations

import streamlit as st

from gd_core.derivation import Derivation, Digression
from ui.tex import tex

SHOWN_ROWS = 10  # data points written out line by line; the sums use all of them


def gradient_section(dig: Digression, grad: tuple[float, float]) -> None:
    """∇L(θ) = [∂L/∂w, ∂L/∂b]ᵀ with numbers, after the lecture's digression."""
    w, b = dig.w, dig.b
    st.subheader("What is the gradient?")
    st.markdown(
        "The lecture digresses: *“I am going to tell you something about derivatives, partial "
        "derivatives and gradients”*. Each is a formula, then a value at a point — here at "
        f"θ = (w, b) = ({w:.3g}, {b:.3g}):"
    )
    left, right = st.columns(2)
    with left:
        st.markdown("**One variable** — a derivative:")
        st.latex(
            rf"\mathcal{{L}}(w) = w^2,\quad \frac{{d\mathcal{{L}}(w)}}{{dw}} = 2w"
            rf" = {tex(dig.derivative)}"
        )
    with right:
        st.markdown("**Two variables**, L(w, b) = w² + b² — two *partial* derivatives, each "
                    "*“considering the other as a constant”*:")  # fmt: skip
        st.latex(
            rf"\frac{{\partial\mathcal{{L}}}}{{\partial w}} = 2w = {tex(dig.partial_w)},\quad"
            rf"\frac{{\partial\mathcal{{L}}}}{{\partial b}} = 2b = {tex(dig.partial_b)}"
        )
    st.markdown(
        "*“The gradient is nothing but these two partial derivatives taken together and put "
        "into a vector”*; with a hundred parameters it is a vector of 100 partial derivatives, "
        "in ℝ¹⁰⁰. For this page's loss, at θ:"
    )
    st.latex(
        r"\nabla\mathcal{L}(\theta) = \begin{bmatrix} \dfrac{\partial\mathcal{L}(w,b)}{\partial w}"
        r" \\[1ex] \dfrac{\partial\mathcal{L}(w,b)}{\partial b} \end{bmatrix} = \begin{bmatrix} "
        rf"{tex(grad[0], 4)} \\ {tex(grad[1], 4)} \end{{bmatrix}}"
    )


def _table(d: Derivation) -> dict[str, list[str]]:
    rows = range(min(d.x.size, SHOWN_ROWS))
    fmt = "{:.4g}".format
    table = {
        "i": [str(i + 1) for i in rows],
        "x": [fmt(d.x[i]) for i in rows],
        "y": [fmt(d.y[i]) for i in rows],
        "wx + b": [fmt(d.z[i]) for i in rows],
        "f(x)": [fmt(d.f[i]) for i in rows],
        "f(x) − y": [fmt(d.residual[i]) for i in rows],
    }
    if d.loss == "squared_error":
        table["f(x)(1 − f(x))"] = [fmt(d.slope[i]) for i in rows]
    table["∂ℓ/∂w"] = [fmt(d.dw[i]) for i in rows]
    table["∂ℓ/∂b"] = [fmt(d.db[i]) for i in rows]
    return table


def _point_line(d: Derivation, i: int) -> str:
    """One point's ∇w with its numbers, as the slide's formula."""
    slope = rf"\cdot {tex(d.slope[i])}" if d.loss == "squared_error" else ""
    return (
        rf"i = {i + 1}:\ ({tex(d.f[i])} - {tex(d.y[i])}){slope}\cdot {tex(d.x[i])}"
        rf" = {tex(d.dw[i])}"
    )


def derivation_section(d: Derivation) -> None:
    """The chain rule for one point (x, y), evaluated at θ per data point,
    then summed to ∇w and ∇b."""
    st.subheader("Deriving ∇w and ∇b, with numbers")
    if d.loss == "squared_error":
        st.markdown("The slide, for one point (x, y) with L(w, b) = ½(f(x) − y)²:")
        # One step a line, as the slide writes it (and as a phone can show it).
        st.latex(
            r"\begin{aligned} \nabla w &= \frac{\partial}{\partial w}\Big[\tfrac12 (f(x)-y)^2\Big]"
            r" \\ &= \tfrac12\Big[2(f(x)-y)\,\frac{\partial}{\partial w}(f(x)-y)\Big]"
            r" \\ &= (f(x)-y)\,\frac{\partial}{\partial w} f(x) \\"
            r" &= (f(x)-y)\,\frac{\partial}{\partial w}\Big(\frac{1}{1+e^{-(wx+b)}}\Big)"
            r" \\ &= (f(x)-y)\, f(x)\,(1-f(x))\,x \end{aligned}"
        )
        st.markdown("where, by the chain rule,")
        st.latex(
            r"\begin{aligned} \frac{\partial}{\partial w}\Big(\frac{1}{1+e^{-(wx+b)}}\Big)"
            r" &= \frac{-1}{(1+e^{-(wx+b)})^2}\,\frac{\partial}{\partial w}\big(e^{-(wx+b)}\big)"
            r" \\ &= \frac{-1}{(1+e^{-(wx+b)})^2}\,e^{-(wx+b)}\,\frac{\partial}{\partial w}"
            r"\big(-(wx+b)\big) \\ &= \frac{-1}{1+e^{-(wx+b)}}\cdot"
            r"\frac{e^{-(wx+b)}}{1+e^{-(wx+b)}}\cdot(-x) \\ &= \frac{1}{1+e^{-(wx+b)}}"
            r"\cdot\frac{e^{-(wx+b)}}{1+e^{-(wx+b)}}\cdot x \\ &= f(x)\,(1-f(x))\,x"
            r" \end{aligned}"
        )
        st.latex(r"\nabla w = (f(x)-y)\,f(x)\,(1-f(x))\,x")
        st.latex(r"\nabla b = (f(x)-y)\,f(x)\,(1-f(x))")
        st.caption("∇b: *“x would not be there, because b is not multiplied by x”*.")
    else:
        st.markdown(
            "Cross-entropy, for one point: ℓ = −[y log f + (1 − y) log(1 − f)], so "
            "∂ℓ/∂f = (f − y) / (f(1 − f)); with the slide's ∂f/∂w = f(1 − f)·x the "
            "f(1 − f) cancels:"
        )
        st.latex(r"\nabla w = (f(x)-y)\,x")
        st.latex(r"\nabla b = f(x)-y")
    st.markdown(
        f"Each line evaluated at θ = ({d.theta[0]:.3g}, {d.theta[1]:.3g}) for each data point "
        "(*“you plug in the values of w, b and get that value”*):"
    )
    st.dataframe(_table(d), hide_index=True, width="stretch", key="derivation_table")
    n = d.x.size
    shown = min(n, 3)
    st.latex(r"\\".join(_point_line(d, i) for i in range(shown)))
    more = "" if n <= SHOWN_ROWS else f" (the table shows the first {SHOWN_ROWS} of {n:,})"
    st.markdown(
        f"*“Taking the derivative of a sum, I will get a sum of derivatives”*: over all {n:,} "
        f"point{'s' if n != 1 else ''}{more},"
    )
    st.latex(
        rf"\nabla w = \sum_{{i=1}}^{{{n}}} \frac{{\partial \ell_i}}{{\partial w}} = "
        rf"{tex(d.grad_w, 4)}"
    )
    st.latex(
        rf"\nabla b = \sum_{{i=1}}^{{{n}}} \frac{{\partial \ell_i}}{{\partial b}} = "
        rf"{tex(d.grad_b, 4)}"
    )
    st.caption(
        "The same ∇w and ∇b as the gradient above and as the Error-surface page's update "
        "rule from this θ; the slide's code computes them with grad_w and grad_b."
    )

"""The words of the Taylor page (``views/taylor.py``): the lecture's
argument, in its words, with the numbers at θ. The numbers come from
``gd_core.taylor`` and the figures from ``gd_core.figures.taylor``; this
module only lays the words out."""

from __future__ import annotations

import streamlit as st

from gd_core.taylor import Bound, Local, StepCurve
from ui.tex import sig, tex


def intro() -> None:
    st.markdown(
        "The lecture: *“I want to take θ and add a small change to it”*, and *“η is a scalar "
        "which scales down Δθ”* — the learning rate in the sidebar, a small positive number. "
        "*“For ease of notation, let Δθ = u”*; then from Taylor series"
    )
    # One term per line: the slide's one-line formula is wider than a phone.
    st.latex(
        r"\begin{aligned} \mathcal{L}(\theta + \eta u) = {}& \mathcal{L}(\theta)"
        r" + \eta\, u^T\nabla\mathcal{L}(\theta) \\ &+ \frac{\eta^2}{2!}\, u^T\nabla^2"
        r"\mathcal{L}(\theta)\, u \\ &+ \frac{\eta^3}{3!}\cdots + \frac{\eta^4}{4!}\cdots"
        r" \end{aligned}"
    )
    st.markdown(
        "Below, u is ∇L(θ) turned by an angle β, so ‖u‖ = ‖∇L‖: at β = 180°, u = −∇L and "
        "θ + ηu is exactly the gradient-descent step θ − η∇L(θ) with the sidebar's η. "
        "Turn β and see which moves lower the loss; push η up and see where *“η is "
        "typically small”* stops holding."
    )


def good_move(at: Local, beta: float, eta: float, bnd: Bound, first: float, actual: float) -> None:
    """When a move ηu is good, the bound −k ≤ uᵀ∇L ≤ k, and the best β, with
    the numbers at θ for the chosen u."""
    st.markdown(
        "*“The move (ηu) would be favorable only if L(θ + ηu) − L(θ) < 0”*, the new loss "
        "less than the old. With η small, L(θ + ηu) − L(θ) ≈ η uᵀ∇L(θ), and η > 0 (*“if "
        "we make it negative we will reverse the direction”*), so a move is good when "
        "**uᵀ∇L(θ) < 0**. With β the angle between u and ∇L and k = ‖u‖‖∇L(θ)‖:"
    )
    st.latex(
        r"\begin{aligned} -k \le u^T\nabla\mathcal{L} &= k\cos\beta \le k \\"
        rf" k = \|u\|\,\|\nabla\mathcal{{L}}(\theta)\| &= {tex(bnd.k)} \\"
        rf" u^T\nabla\mathcal{{L}} = k\cos\beta &= {tex(bnd.k)}\cdot({bnd.cos:.3f}) \\"
        rf" &= {tex(bnd.dot)} \end{{aligned}}"
    )
    good = "< 0: a good direction" if bnd.dot < 0 else "≥ 0: the loss would not fall"
    st.markdown(
        f"At β = {beta:g}°, uᵀ∇L = {bnd.dot:.3g} {good}, and −k ≤ uᵀ∇L ≤ k holds. It "
        f"is most negative, −k = {-bnd.k:.3g}, at cos β = −1, β = 180°: *“move in a "
        "direction opposite to the gradient.”* The first-order change and the actual one:"
    )
    st.latex(
        # Both to 3 significant digits, zeros kept: −8.96×10⁻⁵ beside −9.00×10⁻⁵.
        rf"\begin{{aligned}} \eta\, u^T\nabla\mathcal{{L}} &= {tex(first, keep_zeros=True)} \\"
        rf" \mathcal{{L}}(\theta+\eta u)-\mathcal{{L}}(\theta) &= "
        rf"{tex(actual, keep_zeros=True)} \end{{aligned}}"
    )
    step = (
        f" At β = 180° this is the descent step θ − η∇L(θ): the Error-surface page's first "
        f"step from θ = ({at.theta[0]:.3g}, {at.theta[1]:.3g}) changes L by the same {sig(actual)}."
        if beta == 180
        else " Set β = 180° to see the descent step itself."
    )
    st.caption(f"For the sidebar's η = {eta:g}, with ‖u‖ = ‖∇L‖ = {at.grad_norm:.3g}." + step)


def step_words(curve: StepCurve, eta: float) -> None:
    """Where the first- and second-order terms depart from the actual loss."""
    parts = []
    if curve.first_departs is not None:
        parts.append(f"the first-order term is off by 10 % from η ≈ {curve.first_departs:.3g}")
    if curve.second_departs is not None:
        parts.append(f"the second-order one from η ≈ {curve.second_departs:.3g}")
    found = (", ".join(parts) + ".") if parts else "both terms hold over this range."
    st.markdown(
        "The lecture drops η², η³, … because *“η is typically small”*. Along u = −∇L the "
        f"step is θ − η∇L; against η itself, {found} The green line is the sidebar's "
        f"η = {eta:g}."
    )


def hessian_section(at: Local, u_curvature: float, eta: float, edge: float | None) -> None:
    """∇²L(θ), its eigenvalues, and the step-size limit 2/λ_max beside the sweep."""
    st.subheader("The Hessian at θ")
    h = at.hessian
    st.markdown(
        "The η²/2! term's matrix: *“the gradient of the gradient”*, a 2 × 2 matrix of "
        "second-order partial derivatives."
    )
    st.latex(
        r"\nabla^2\mathcal{L}(\theta) = \begin{bmatrix}"
        r"\frac{\partial^2\mathcal{L}}{\partial w^2} & "
        r"\frac{\partial^2\mathcal{L}}{\partial b\,\partial w} \\ "
        r"\frac{\partial^2\mathcal{L}}{\partial b\,\partial w} & "
        r"\frac{\partial^2\mathcal{L}}{\partial b^2} \end{bmatrix}"
    )
    st.latex(
        rf"= \begin{{bmatrix}} {tex(h[0, 0], 4)} & {tex(h[0, 1], 4)} \\ "
        rf"{tex(h[1, 0], 4)} & {tex(h[1, 1], 4)} \end{{bmatrix}}"
    )
    lam, vec = at.eigenvalues, at.eigenvectors
    st.markdown(
        f"Eigenvalues (curvatures) λ₁ = {lam[0]:.4g} along ({vec[0, 0]:.3f}, {vec[1, 0]:.3f}) "
        f"and λ₂ = {lam[1]:.4g} along ({vec[0, 1]:.3f}, {vec[1, 1]:.3f}) — the dashed lines on "
        f"the contour. For the chosen u, uᵀ∇²L(θ)u = {u_curvature:.4g}, so the second-order "
        f"term η²/2!·uᵀ∇²L u is {0.5 * eta**2 * u_curvature:.3g} at η = {eta:g}."
    )
    stable = at.max_stable_eta
    if stable is None:
        st.markdown(
            "No direction curves upwards here (both λ ≤ 0): the surface is a cap, not a bowl, "
            "so the quadratic model gives no step-size limit — and no minimum nearby."
        )
        return
    measured = (
        f"the η sweep from this θ finds runs stop converging from η ≈ {edge:.3g}"
        if edge is not None
        else "the η sweep from this θ finds no η at which runs stop converging"
    )
    st.markdown(
        f"For a quadratic bowl, gradient descent converges only for η < 2/λ_max = "
        f"**{stable:.3g}**; {measured} (the bowl is only local, so the two agree best near "
        "the minimum)."
    )

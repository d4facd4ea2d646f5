"""Numbers for ``st.latex``."""

from __future__ import annotations


def tex(value: float, digits: int = 3) -> str:
    """A number for st.latex: ``digits`` significant digits, powers of ten
    as ×10ⁿ (``tex(2.4e-11) == "2.4\\times 10^{-11}"``)."""
    mantissa, _, exponent = f"{value:.{digits}g}".partition("e")
    return rf"{mantissa}\times 10^{{{int(exponent)}}}" if exponent else mantissa

"""Numbers for ``st.latex`` and for text, to a number of significant digits."""

from __future__ import annotations

SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _digits(value: float, digits: int, keep_zeros: bool) -> tuple[str, str]:
    """Mantissa and exponent (``""`` if none) of ``value`` to ``digits``
    significant digits; ``keep_zeros``: trailing zeros stay (−9.00, not −9)."""
    text = f"{value:#.{digits}g}" if keep_zeros else f"{value:.{digits}g}"
    mantissa, _, exponent = text.partition("e")
    return mantissa.rstrip(".") if keep_zeros else mantissa, exponent


def tex(value: float, digits: int = 3, *, keep_zeros: bool = False) -> str:
    """A number for st.latex: ``digits`` significant digits, powers of ten
    as ×10ⁿ (``tex(2.4e-11) == "2.4\\times 10^{-11}"``); ``keep_zeros``
    shows all of them (``tex(-9e-5, keep_zeros=True) == "-9.00\\times 10^{-5}"``)."""
    mantissa, exponent = _digits(value, digits, keep_zeros)
    return rf"{mantissa}\times 10^{{{int(exponent)}}}" if exponent else mantissa


def sig(value: float, digits: int = 3) -> str:
    """A number for text with exactly ``digits`` significant digits and a
    power of ten as ×10ⁿ (``sig(-9e-5) == "-9.00×10⁻⁵"``)."""
    mantissa, exponent = _digits(value, digits, True)
    return f"{mantissa}×10{str(int(exponent)).translate(SUPERSCRIPT)}" if exponent else mantissa

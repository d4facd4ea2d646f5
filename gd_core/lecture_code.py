"""The lecture's own Python code, filled in with the app's settings.

The slide (Khapra, lecture 3) writes gradient descent for the sigmoid neuron
as five plain functions, ``f``, ``error``, ``grad_b``, ``grad_w`` and
``do_gradient_descent``. :func:`descent_program` returns that code as a
runnable file with the active data, loss, start (w₀, b₀), learning rate η and
epochs in place of the slide's, returning and printing the final w, b and
loss (the slide plotted them). The file needs only NumPy; it prints the same
numbers as the app's run (a test runs it in a fresh interpreter).

Example:
    >>> program = descent_program([0.5, 2.5], [0.2, 0.9], "squared_error",
    ...                           (-2.0, -2.0), 1.0, 1000)
    >>> "w, b, eta, max_epochs = -2, -2, 1.0, 1000" in program
    True
"""

from __future__ import annotations

from collections.abc import Sequence

from gd_core import _validate
from gd_core.losses import LOSSES

SHOWN_POINTS = 12  # data values written out in the on-screen copy of a big data set

_HEADER = '''"""{title}
(Khapra, Deep Learning, lecture 3), filled in with the Error Surface
Explorer's settings:
    {summary}
Run it with any Python 3 that has NumPy:  python {filename}"""
{imports}
'''

_SLIDE_SQUARED = """
def f(w,b,x) : #sigmoid with parameters w,b
    return 1.0 / (1.0 + np.exp(-(w*x + b)))

def error(w, b) :
    err = 0.0
    for x,y in zip(X,Y) :
        fx = f(w,b,x)
        err += 0.5 * (fx - y) ** 2
    return err

def grad_b(w,b,x,y) :
    fx = f(w,b,x)
    return (fx - y) * fx * (1 - fx)

def grad_w(w,b,x,y) :
    fx = f(w,b,x)
    return (fx - y) * fx * (1 - fx) * x
"""

# Cross-entropy: the same functions; the error is −[y log f + (1 − y) log(1 − f)],
# written as log(1 + e^z) − y z = max(z, 0) + log(1 + e^−|z|) − y z (the app's
# own arithmetic, as is f's) so that a saturated f never takes log 0, and its derivative
# drops the slide's f(1 − f): ∂/∂w = (f − y) x.
_SLIDE_CROSS = """
def f(w,b,x) : #sigmoid with parameters w,b, in a form that never overflows
    z = w*x + b
    if z >= 0 :
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)

def error(w, b) : # cross-entropy -[y log f + (1 - y) log(1 - f)]
    err = 0.0
    for x,y in zip(X,Y) :
        z = w*x + b
        err += max(z, 0.0) + math.log1p(math.exp(-abs(z))) - y * z
    return err

def grad_b(w,b,x,y) :
    fx = f(w,b,x)
    return (fx - y)

def grad_w(w,b,x,y) :
    fx = f(w,b,x)
    return (fx - y) * x
"""

_LOOP = """
def do_gradient_descent() :
    w, b, eta, max_epochs = {w0}, {b0}, {eta}, {epochs}
    for i in range(max_epochs) :
        dw, db = 0, 0
        for x,y in zip(X, Y) :
            dw += grad_w(w, b, x, y)
            db += grad_b(w, b, x, y)
        w = w - eta * dw
        b = b - eta * db
    return w, b  # added: the slide plotted w, b; here they are printed

w, b = do_gradient_descent()
"""

PRINT = """print("w =", repr(float(w)))
print("b =", repr(float(b)))
print("loss =", repr(float(error(w, b))))
"""


def number(value: float) -> str:
    """A float as Python source that reads back exactly: ``-2`` for a whole
    number (as the slide writes the start), else the shortest ``repr``."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def data_lines(x: Sequence[float], y: Sequence[float], shown: int | None = None) -> str:
    """``X = [...]`` and ``Y = [...]`` as on the slide; with ``shown``, only
    the first ``shown`` values of each, and a comment saying how many more."""
    lines = []
    for name, values in (("X", x), ("Y", y)):
        if shown is not None and len(values) > shown:
            items = ", ".join(repr(float(v)) for v in values[:shown])
            more = len(values) - shown
            lines.append(f"{name} = [{items}, ...]  # {more:,} more in the download")
        else:
            lines.append(f"{name} = [{', '.join(repr(float(v)) for v in values)}]")
    return "\n".join(lines) + "\n"


def slide_functions(loss: str) -> str:
    """The slide's ``f``, ``error``, ``grad_b`` and ``grad_w`` for ``loss``."""
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {sorted(LOSSES)}, got {loss!r}")
    return _SLIDE_SQUARED if loss == "squared_error" else _SLIDE_CROSS


def header(title: str, summary: str, filename: str, loss: str, *, math: bool = False) -> str:
    """The file's docstring and imports: NumPy as on the slide, and ``math``
    where the code uses it (cross-entropy's f and error, some update rules)."""
    imports = "import math\n" if math or loss == "cross_entropy" else ""
    return _HEADER.format(
        title=title, summary=summary, filename=filename, imports=imports + "import numpy as np"
    )


def descent_program(
    x: Sequence[float],
    y: Sequence[float],
    loss: str,
    start: Sequence[float],
    learning_rate: float,
    epochs: int,
    *,
    shown_points: int | None = None,
    filename: str = "gradient_descent.py",
) -> str:
    """The slide's code for w_{t+1} = w_t − η∇w_t, b_{t+1} = b_t − η∇b_t with
    these settings, as the text of a Python file.

    Args:
        x, y: the data, as many values each (1 to 100,000).
        loss: ``"squared_error"`` (the slide's) or ``"cross_entropy"``.
        start: (w₀, b₀), finite.
        learning_rate: η > 0.
        epochs: max_epochs, 1 to 100,000.
        shown_points: write only this many data values (the on-screen copy
            of a large data set); ``None`` writes them all (the download).
        filename: the name the docstring tells the student to run.

    Raises:
        ValueError: naming the setting and its rule.
    """
    if len(x) != len(y) or len(x) == 0:
        raise ValueError(f"x and y must be equally long and not empty, got {len(x)}, {len(y)}")
    w0 = _validate.finite("start w0", start[0])
    b0 = _validate.finite("start b0", start[1])
    eta = _validate.positive_finite("learning rate η", learning_rate)
    epochs = _validate.int_in_range("epochs", epochs, 1, _validate.MAX_EPOCHS)
    summary = (
        f"{len(x):,} data point{'s' if len(x) != 1 else ''}, {loss.replace('_', ' ')}, "
        f"start (w, b) = ({number(w0)}, {number(b0)}),\n    eta = {eta!r}, {epochs} epochs"
    )
    loop = _LOOP.format(w0=number(w0), b0=number(b0), eta=repr(eta), epochs=epochs)
    return (
        header("The lecture's gradient descent, as on the slide", summary, filename, loss)
        + "\n"
        + data_lines(x, y, shown_points)
        + slide_functions(loss)
        + loop
        + PRINT
    )

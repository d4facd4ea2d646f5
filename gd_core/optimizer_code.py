"""Each registered optimizer's update rule as plain Python, in the style of
the lecture's slide code (``gd_core.lecture_code``): the slide's ``f``,
``error``, ``grad_w`` and ``grad_b``, a schedule ``eta_t(t)``, and a loop
that updates w and b one scalar at a time. The file needs only NumPy and
prints the final w, b and loss of the app's run for the same settings (a
test runs every method in a fresh interpreter).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from textwrap import indent
from typing import Any

from gd_core import _validate
from gd_core.lecture_code import PRINT, data_lines, header, number, slide_functions
from gd_core.methods import METHODS

_GRAD = """
def grad(w, b, xs, ys) : # the slide's sums over the points: (∇w, ∇b)
    dw, db = 0, 0
    for x,y in zip(xs, ys) :
        dw += grad_w(w, b, x, y)
        db += grad_b(w, b, x, y)
    return dw, db
"""

_SCHEDULES = {
    "constant": "return eta",
    "step": "return eta * decay ** (t // every)",
    "exponential": "return eta * math.exp(-decay * t)",
    "inverse_time": "return eta / (1.0 + decay * t)",
}

_HESSIAN = """
def hessian(w, b) : # the Taylor slide's matrix of second partial derivatives
    hww, hwb, hbb = 0.0, 0.0, 0.0
    for x,y in zip(X,Y) :
        fx = f(w,b,x)
        c = {curvature}
        hww += c * (x * x)
        hwb += c * x
        hbb += c
    return hww, hwb, hbb
"""
_CURVATURE = {
    "squared_error": "fx * (1 - fx) * (fx * (1 - fx) + (fx - y) * (1 - 2 * fx))",
    "cross_entropy": "fx * (1 - fx)",
}

# What each method keeps between updates, and its update of (w, b) from (dw, db).
_INIT = {
    "momentum": "update_w, update_b = 0.0, 0.0",
    "nesterov": "update_w, update_b = 0.0, 0.0",
    "adagrad": "vw, vb = 0.0, 0.0",
    "rmsprop": "vw, vb = 0.0, 0.0",
    "adam": "mw, mb, vw, vb = 0.0, 0.0, 0.0, 0.0",
}
_UPDATE = {
    "gradient_descent": """w = w - eta_t(t) * dw
b = b - eta_t(t) * db""",
    "momentum": """update_w = gamma * update_w + eta_t(t) * dw  # gamma update_{t-1} + eta grad
update_b = gamma * update_b + eta_t(t) * db
w = w - update_w
b = b - update_b""",
    "adagrad": """vw = vw + dw * dw  # v_t = v_{t-1} + grad^2
vb = vb + db * db
w = w - eta_t(t) * dw / (math.sqrt(vw) + eps)
b = b - eta_t(t) * db / (math.sqrt(vb) + eps)""",
    "rmsprop": """vw = beta * vw + (1 - beta) * dw * dw  # v_t = beta v_{t-1} + (1 - beta) grad^2
vb = beta * vb + (1 - beta) * db * db
w = w - eta_t(t) * dw / (math.sqrt(vw) + eps)
b = b - eta_t(t) * db / (math.sqrt(vb) + eps)""",
    "adam": """mw = beta1 * mw + (1 - beta1) * dw
mb = beta1 * mb + (1 - beta1) * db
vw = beta2 * vw + (1 - beta2) * dw * dw
vb = beta2 * vb + (1 - beta2) * db * db
mw_hat, mb_hat = mw / (1 - beta1 ** (t + 1)), mb / (1 - beta1 ** (t + 1))
vw_hat, vb_hat = vw / (1 - beta2 ** (t + 1)), vb / (1 - beta2 ** (t + 1))
w = w - eta_t(t) * mw_hat / (math.sqrt(vw_hat) + eps)
b = b - eta_t(t) * mb_hat / (math.sqrt(vb_hat) + eps)""",
    "line_search": """current = error(w, b)
slope = dw * dw + db * db
alpha = eta_t(t)  # the first trial step
for trial in range(40) :
    if error(w - alpha * dw, b - alpha * db) <= current - armijo * alpha * slope :
        break  # the loss fell enough (Armijo)
    alpha = alpha * shrink
else :
    alpha = 0.0  # no step lowered the loss enough: stay
w = w - alpha * dw
b = b - alpha * db""",
    "newton": """hww, hwb, hbb = hessian(w, b)
lowest = (hww + hbb) / 2 - math.hypot((hww - hbb) / 2, hwb)  # smaller eigenvalue
if lowest > min_curvature : # a bowl: the Newton step -H^-1 grad
    det = hww * hbb - hwb * hwb
    w, b = w - (hbb * dw - hwb * db) / det, b - (hww * db - hwb * dw) / det
else : # not a bowl: fall back to a gradient step
    w, b = w - eta_t(t) * dw, b - eta_t(t) * db""",
}
_UPDATE["nesterov"] = _UPDATE["momentum"]
_UPDATE["stochastic"] = _UPDATE["gradient_descent"]
_GRADIENT_AT = {
    "nesterov": (
        "dw, db = grad(w - gamma * update_w, b - gamma * update_b, {xs}, {ys})  # look ahead"
    ),
}


def writable(method: str) -> bool:
    """Whether :func:`optimizer_program` can write ``method`` as plain Python."""
    return method in _UPDATE


def optimizer_program(
    x: Sequence[float],
    y: Sequence[float],
    loss: str,
    method: str,
    settings: Mapping[str, Any] | None,
    start: Sequence[float],
    epochs: int,
    *,
    seed: int = 0,
    shown_points: int | None = None,
    filename: str = "optimizer.py",
) -> str:
    """A Python file that runs ``method`` with ``settings`` (the registry's
    defaults for the rest) from ``start`` for ``epochs`` passes over the
    data, and prints the final w, b and loss.

    Args:
        x, y, loss: the data and the loss (as in ``descent_program``).
        method: a name in ``gd_core.methods.METHODS``.
        settings: hyperparameters by name, and ``"schedule"``.
        start: (w₀, b₀), finite; epochs: 1 to 100,000.
        seed: the shuffle's seed for the stochastic method (the app's: 0).
        shown_points, filename: as in ``descent_program``.

    Raises:
        ValueError: an unknown method or a setting out of its range.
    """
    if method not in METHODS or not writable(method):
        raise ValueError(f"method must be one of {sorted(_UPDATE)}, got {method!r}")
    spec = METHODS[method]
    spec.optimizer(settings)  # every setting checked, with the registry's message
    given = dict(settings or {})
    values = {p.name: p.check(given.get(p.name, p.default)) for p in spec.hyperparameters}
    schedule = given.get("schedule", "constant")
    w0 = _validate.finite("start w0", start[0])
    b0 = _validate.finite("start b0", start[1])
    epochs = _validate.int_in_range("epochs", epochs, 1, _validate.MAX_EPOCHS)
    constants = {"eta": values.pop("learning_rate"), **values}
    if method != "stochastic":
        constants.pop("batch_size", None)
    summary = _summary(spec.label, len(x), loss, (w0, b0), epochs, schedule)
    parts = [
        header(f"{spec.label}: its update rule in plain Python, after the slide's code", summary,
               filename, loss, math=True),
        "\n" + data_lines(x, y, shown_points),
        slide_functions(loss),
        _GRAD,
        "\n" + "\n".join(f"{name} = {number(v)}" for name, v in constants.items()) + "\n",
        f"\ndef eta_t(t) : # the learning rate at update t ({schedule.replace('_', ' ')})\n"
        f"    {_SCHEDULES[schedule]}\n",
    ]  # fmt: skip
    if method == "newton":
        parts.append(_HESSIAN.format(curvature=_CURVATURE[loss]))
    parts.append(_loop(method, w0, b0, epochs, seed))
    parts.append(f"\nw, b = do_{method}()\n" + PRINT)
    return "".join(parts)


def _summary(
    label: str, points: int, loss: str, start: tuple[float, float], epochs: int, schedule: str
) -> str:
    """The header's second line: method, data, loss, start, epochs, schedule."""
    return (
        f"{label}, {points:,} data point{'s' if points != 1 else ''}, "
        f"{loss.replace('_', ' ')},\n    start (w, b) = ({number(start[0])}, {number(start[1])}), "
        f"{epochs} epochs, {schedule.replace('_', ' ')} learning rate"
    )


def _loop(method: str, w0: float, b0: float, epochs: int, seed: int) -> str:
    """``do_<method>()``: the epochs, the (mini-)batches, the update."""
    lines = [
        f"\ndef do_{method}() :",
        f"    w, b, max_epochs = {number(w0)}, {number(b0)}, {epochs}",
        "    t = 0  # updates so far",
    ]
    if method in _INIT:
        lines.append("    " + _INIT[method])
    stochastic = method == "stochastic"
    if stochastic:
        lines.append(f"    rng = np.random.default_rng({seed})  # the app's shuffle")
    lines.append("    for i in range(max_epochs) :")
    body = 8
    xs, ys = "X", "Y"
    if stochastic:
        lines += [
            "        order = rng.permutation(len(X))  # a new order every epoch",
            "        for k in range(0, len(X), batch_size) :",
            "            batch = order[k:k + batch_size]",
        ]
        body, xs, ys = 12, "[X[j] for j in batch]", "[Y[j] for j in batch]"
    gradient = _GRADIENT_AT.get(method, "dw, db = grad(w, b, {xs}, {ys})")
    lines.append(" " * body + gradient.format(xs=xs, ys=ys))
    lines.append(indent(_UPDATE[method], " " * body))
    lines.append(" " * body + "t += 1")
    lines.append("    return w, b")
    return "\n".join(lines) + "\n"

"""The one registry of optimization methods: names, labels, hyperparameters
with defaults and ranges, and how to build each. The Optimizers page and the
parametrised tests both read it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from gd_core import _validate, optimizers
from gd_core.optimizers import Optimizer
from gd_core.schedules import SCHEDULES, make_schedule


@dataclass(frozen=True)
class Param:
    """One hyperparameter: its default and allowed range (inclusive)."""

    name: str
    label: str
    default: float
    low: float
    high: float
    integer: bool = False
    symbol: str = ""  # how a run's label names it (η, γ …); the label if empty

    @property
    def short(self) -> str:
        return self.symbol or self.label

    def check(self, value: Any) -> float | int:
        if self.integer:
            return _validate.int_in_range(self.label, value, int(self.low), int(self.high))
        number = _validate.finite(self.label, value)
        if not self.low <= number <= self.high:
            raise ValueError(
                f"{self.label} must be in [{self.low:g}, {self.high:g}], got {value!r}"
            )
        return number


@dataclass(frozen=True)
class Method:
    name: str
    label: str
    build: Callable[..., Optimizer]  # (schedule, **hyperparameters) -> Optimizer
    params: tuple[Param, ...]
    stochastic: bool = False  # updates per mini-batch (batch_size), not per epoch
    learning_rate: float = 1.0  # this method's default η (line search: first trial step)

    @property
    def hyperparameters(self) -> tuple[Param, ...]:
        """Every setting, η and the schedule's first, with this method's defaults."""
        eta = Param(ETA.name, ETA.label, self.learning_rate, ETA.low, ETA.high, symbol="η")
        return (eta, *COMMON[1:], *self.params)

    def defaults(self) -> dict[str, float | int]:
        return {p.name: p.default for p in self.hyperparameters}

    def optimizer(self, settings: Mapping[str, Any] | None = None) -> tuple[Optimizer, int | None]:
        """The optimizer for ``settings`` (defaults filled in, each checked:
        ``ValueError`` names the hyperparameter and its range), and the
        mini-batch size for a stochastic method (``None``: full batch)."""
        given = dict(settings or {})
        unknown = set(given) - {p.name for p in self.hyperparameters} - {"schedule"}
        if unknown:
            raise ValueError(f"{self.label}: unknown hyperparameter(s) {sorted(unknown)}")
        values = {p.name: p.check(given.get(p.name, p.default)) for p in self.hyperparameters}
        kind = given.get("schedule", "constant")
        if kind not in SCHEDULES:
            raise ValueError(f"schedule must be one of {SCHEDULES}, got {kind!r}")
        schedule = make_schedule(
            values.pop("learning_rate"), kind, values.pop("decay"), int(values.pop("every"))
        )
        batch = int(values.pop("batch_size")) if self.stochastic else None
        return self.build(schedule, **values), batch


ETA = Param("learning_rate", "learning rate η", 1.0, 1e-4, 1e3)
COMMON = (
    ETA,
    Param("decay", "schedule decay", 0.5, 0.0, 10.0, symbol="decay"),
    Param("every", "schedule step (updates)", 100, 1, 100_000, integer=True, symbol="every"),
)
GAMMA = Param("gamma", "momentum γ", 0.9, 0.0, 0.999, symbol="γ")


def _eps(default: float) -> Param:
    """ε in √v + ε, the adaptive methods' guard against dividing by zero."""
    return Param("eps", "ε", default, 1e-12, 1e-2, symbol="ε")


METHODS: dict[str, Method] = {
    m.name: m
    for m in (
        Method("gradient_descent", "Gradient descent", optimizers.gradient_descent, ()),
        Method("momentum", "Momentum", optimizers.momentum, (GAMMA,)),
        Method("nesterov", "Nesterov (look-ahead)", optimizers.nesterov, (GAMMA,)),
        Method(
            "stochastic",
            "Stochastic / mini-batch",
            optimizers.gradient_descent,
            (Param("batch_size", "mini-batch size k", 1, 1, 100_000, integer=True, symbol="k"),),
            stochastic=True,
        ),
        Method(
            "adagrad",
            "AdaGrad",
            optimizers.adagrad,
            (_eps(1e-10),),
            learning_rate=0.5,
        ),
        Method(
            "rmsprop",
            "RMSProp",
            optimizers.rmsprop,
            (
                Param("beta", "β", 0.99, 0.0, 0.9999, symbol="β"),
                _eps(1e-8),
            ),
            learning_rate=0.05,
        ),
        Method(
            "adam",
            "Adam",
            optimizers.adam,
            (
                Param("beta1", "β₁", 0.9, 0.0, 0.9999, symbol="β₁"),
                Param("beta2", "β₂", 0.999, 0.0, 0.99999, symbol="β₂"),
                _eps(1e-8),
            ),
            learning_rate=0.1,
        ),
        Method(
            "line_search",
            "Backtracking line search",
            optimizers.line_search,
            (
                Param("shrink", "shrink ρ", 0.5, 0.05, 0.95, symbol="ρ"),
                Param("armijo", "Armijo c", 1e-4, 1e-8, 0.5, symbol="c"),
            ),
            learning_rate=10.0,  # the first trial step
        ),
        Method(
            "newton",
            "Newton's method",
            optimizers.newton,
            (Param("min_curvature", "minimum curvature", 1e-8, 1e-14, 1.0),),
        ),
    )
}

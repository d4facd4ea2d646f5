"""Error Surface Explorer's core: the lecture's sigmoid neuron, its error
surface, gradient descent and the random-search baseline. Pure NumPy; nothing
here imports Streamlit.

Example:
    >>> import gd_core
    >>> problem = gd_core.SigmoidNeuron.lecture()
    >>> run = gd_core.gradient_descent(problem, start=(-2, -2), learning_rate=1.0, epochs=1000)
    >>> run.status, round(run.final_loss, 13)
    ('converged', 2.43e-11)
"""

from gd_core.losses import (
    CROSS_ENTROPY,
    LOSSES,
    SQUARED_ERROR,
    CrossEntropy,
    Loss,
    SquaredError,
    sigmoid,
)
from gd_core.maps import ConvergenceMap, convergence_map
from gd_core.problem import SigmoidNeuron
from gd_core.runs import DescentMap, descent_map, gradient_descent, run_method
from gd_core.search import random_search
from gd_core.surface import GradientField, LossSurface, gradient_field, loss_surface
from gd_core.sweep import Sweep, learning_rate_sweep
from gd_core.trajectory import (
    DEFAULT_GRAD_TOL,
    DEFAULT_LOSS_TOL,
    STATUSES,
    Trajectory,
)

__all__ = [
    "CROSS_ENTROPY",
    "DEFAULT_GRAD_TOL",
    "DEFAULT_LOSS_TOL",
    "LOSSES",
    "SQUARED_ERROR",
    "STATUSES",
    "ConvergenceMap",
    "CrossEntropy",
    "DescentMap",
    "GradientField",
    "Loss",
    "LossSurface",
    "SigmoidNeuron",
    "SquaredError",
    "Sweep",
    "Trajectory",
    "convergence_map",
    "descent_map",
    "gradient_descent",
    "gradient_field",
    "learning_rate_sweep",
    "loss_surface",
    "random_search",
    "run_method",
    "sigmoid",
]

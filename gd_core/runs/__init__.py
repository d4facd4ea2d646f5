"""The one run engine: every run of every method goes through here.

- ``stopping``: the rules (converged stretch, plateau, divergence) and the
  ``Tracker`` that applies them to one run or many.
- ``one``: the loop of one run for every method (``run_method``,
  ``run_optimizer``); ``plain``: its fast path for plain full-batch descent
  (``gradient_descent``).
- ``many``: the loop of many runs for every method (``ManyRuns``);
  ``ends``: plain descent from many starts/η (``descent_map``), with its
  fast path for the sweep in ``history``.
"""

from gd_core.runs.ends import descent_map
from gd_core.runs.many import DescentMap, ManyRuns, Progress
from gd_core.runs.one import run_method, run_optimizer
from gd_core.runs.plain import gradient_descent

__all__ = [
    "DescentMap",
    "ManyRuns",
    "Progress",
    "descent_map",
    "gradient_descent",
    "run_method",
    "run_optimizer",
]

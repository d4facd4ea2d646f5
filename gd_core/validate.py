"""The core's input limits and checks, for callers outside the core.

Every entry point of the core checks its own inputs (with the helpers of
``gd_core._validate``, where each limit is explained); a caller such as the
UI uses these to check a value *before* it calls the core, with the same
ranges and the same messages (``ValueError`` naming the parameter and its
allowed range):

- ``MAX_START``: |w₀|, |b₀| ≤ 1e4;
- ``MAX_LEARNING_RATE``: 0 < η ≤ 1e4;
- ``MAX_EPOCHS``: 1 ≤ epochs ≤ 10,000;
- :func:`run_settings`: (w₀, b₀), η and epochs of one run, checked.

Example:
    >>> from gd_core.validate import run_settings
    >>> run_settings((-2, -2), 1, 1000)
    (-2.0, -2.0, 1.0, 1000)
"""

from gd_core._validate import MAX_EPOCHS, MAX_LEARNING_RATE, MAX_START, run_settings

__all__ = ["MAX_EPOCHS", "MAX_LEARNING_RATE", "MAX_START", "run_settings"]

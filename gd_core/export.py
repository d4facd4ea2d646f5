"""What a student can keep: runs and convergence maps as CSV, and the chart
configuration that saves PNGs at 2× (the animation that plays offline is the
chart component's own: ``ui/animation_file.py``).

Pure: trajectories in, text out (the pages offer it for download).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gd_core.maps import ConvergenceMap
from gd_core.trajectory import Trajectory

Array = NDArray[np.float64]
CSV_COLUMNS = ("run", "step", "epoch", "w", "b", "loss", "grad_norm")


def chart_config(filename: str) -> dict[str, Any]:
    """Plotly's chart configuration: no logo, and the toolbar's camera button
    saves ``filename.png`` at twice the on-screen resolution (sharp on slides)."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "scale": 2, "filename": filename},
    }


def epochs_of_rows(run: Trajectory) -> NDArray[np.int64]:
    """The epoch each row θ_t belongs to: t itself for full-batch runs (one
    update per epoch); for mini-batch runs the epoch whose updates include
    row t (``extras["epoch_ends"]``: the row ending each epoch). Row 0 is 0."""
    rows = np.arange(run.params.shape[0], dtype=np.int64)
    ends = run.extras.get("epoch_ends")
    if ends is None or len(ends) == 0:
        return rows
    epochs = np.searchsorted(np.asarray(ends, dtype=np.int64), rows, side="left") + 1
    epochs[0] = 0
    return epochs.astype(np.int64)


def trajectories_csv(runs: Mapping[str, Trajectory]) -> str:
    """Every row of every run: ``run, step, epoch, w, b, loss, grad_norm``.

    ``run`` is the label (``"η = 10"``, ``"Momentum (η = 2, γ = 0.9)"``),
    ``step`` is t (row t holds θ_t = (w_t, b_t), L(θ_t) and ‖∇L(θ_t)‖), and
    the numbers are written exactly (shortest repr: they read back bit for bit).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for label, run in runs.items():
        epochs = epochs_of_rows(run)
        for t, ((w, b), loss, grad, epoch) in enumerate(
            zip(run.params.tolist(), run.losses.tolist(), run.grad_norms.tolist(),
                epochs.tolist(), strict=True)
        ):  # fmt: skip
            writer.writerow((label, t, epoch, repr(w), repr(b), repr(loss), repr(grad)))
    return out.getvalue()


MAP_COLUMNS = (
    "map",
    "w0",
    "b0",
    "status",
    "epochs_to_tolerance",
    "final_loss",
    "final_w",
    "final_b",
)


def maps_csv(maps: Mapping[str, ConvergenceMap]) -> str:
    """Every cell of every map: ``map, w0, b0, status, epochs_to_tolerance,
    final_loss, final_w, final_b`` (epochs −1 where the loss never fell
    below the tolerance), numbers written exactly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(MAP_COLUMNS)
    for label, cmap in maps.items():
        ww, bb = np.meshgrid(cmap.w, cmap.b)
        for w0, b0, status, epochs, loss, (w, b) in zip(
            ww.ravel().tolist(), bb.ravel().tolist(), cmap.status.ravel().tolist(),
            cmap.epochs.ravel().tolist(), cmap.final_loss.ravel().tolist(),
            cmap.final_params.reshape(-1, 2).tolist(), strict=True,
        ):  # fmt: skip
            writer.writerow((label, repr(w0), repr(b0), status, epochs, repr(loss), repr(w),
                             repr(b)))  # fmt: skip
    return out.getvalue()


def read_trajectories_csv(text: str) -> dict[str, dict[str, Array]]:
    """The runs of :func:`trajectories_csv` back: label → ``params`` (T, 2),
    ``losses``, ``grad_norms`` (T,), ``epochs`` (T,), in row order.

    Raises:
        ValueError: if the header is not :data:`CSV_COLUMNS`.
    """
    reader = csv.reader(io.StringIO(text))
    header = tuple(next(reader, ()))
    if header != CSV_COLUMNS:
        raise ValueError(f"the header must be {','.join(CSV_COLUMNS)}, got {','.join(header)}")
    rows: dict[str, list[list[float]]] = {}
    for label, _step, epoch, w, b, loss, grad in reader:
        rows.setdefault(label, []).append([float(epoch), float(w), float(b), float(loss),
                                           float(grad)])  # fmt: skip
    runs = {}
    for label, values in rows.items():
        table = np.asarray(values, dtype=np.float64)
        runs[label] = {
            "epochs": table[:, 0],
            "params": table[:, 1:3],
            "losses": table[:, 3],
            "grad_norms": table[:, 4],
        }
    return runs

"""What the browser chart component draws, as plain JSON-ready dicts.

Two parts travel separately, so a click sends only what moved:

* :func:`layers_payload` — the static layers of one surface (3D surface,
  contour image, iso-lines, ranges, colour scale) under a ``revision``
  derived from their content. The page mounts them in an element of their
  own that does not change while the surface does not, so Streamlit sends
  that element once and afterwards only a reference to its hash.
* :func:`runs_payload` — the runs as float32 arrays (w_t, b_t, L(θ_t) per
  epoch), labels and colours: a few kB per run.
* :func:`figure_payload` — a page's other charts (the Compare η sweep, the
  race's loss and effective-η plots), finished Plotly figures the component
  draws as they are: one Plotly.js per page, not Streamlit's copy as well.

Arrays are float32 NumPy arrays in the dicts; ``gd_core.figures.wire``
packs a dict into one binary message the browser reads without parsing a
number. Pure: arrays in, dicts out; a non-finite number is refused with a
``ValueError`` naming the field, so a page never hands the browser a NaN.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gd_core.export import chart_config
from gd_core.figures.background import Background
from gd_core.figures.looks import Look, colourscale, component_look
from gd_core.figures.parts import lift, view_3d
from gd_core.figures.rows import data_entry, epoch_rows, thin
from gd_core.figures.theme import AXIS, FONT, OPTIMUM, browser_theme, on_white
from gd_core.figures.wire import finite, packed
from gd_core.offview import leaves_view
from gd_core.surface import LossSurface
from gd_core.trajectory import Trajectory

Array = NDArray[np.float64]
Range = tuple[float, float]
KINDS = ("explorer", "compare", "race")
# The smallest positive float32 (normal): losses are clamped to it so a log
# axis never meets a zero (1e-300 would underflow to 0 in float32).
LOSS_FLOOR = 1.2e-38


def layers_payload(
    surface: LossSurface,
    bg: Background,
    *,
    optimum: tuple[float, float] | None = None,
    contrast: bool = False,
) -> dict[str, Any]:
    """The static layers of ``surface`` and their revision.

    Args:
        surface: L(w, b) on the grid: ``w`` (n_w,), ``b`` (n_b,), ``loss`` (n_b, n_w).
        bg: its colours, contour PNG and iso-lines (``background(surface)``).
        optimum: the zero-loss point (w*, b*), marked on every view if given.
        contrast: the high-contrast look (``looks``); the colour scale is
            the one ``bg`` was painted in.

    Returns:
        ``{"revision", "w_range", "b_range", "w", "b", "z", "colour", "cmin",
        "cmax", "tickvals", "ticktext", "colourscale", "image", "iso_w",
        "iso_b", "optimum", "lift", "ink", "optimum_colour", "camera", "zticks",
        "font", "axis", "look", "theme"}``; ``lift`` raises 3D paths just above the surface, 2 %
        of the loss span; ``camera`` and ``zticks`` are the 3D view chosen from
        the surface (``parts.view_3d``); ``font``, ``axis`` and ``look``
        (``looks.component_look``) and ``theme`` (``theme.browser_theme``) the
        theme's, so the component keeps no copy of its own.
    """
    gaps = np.isnan(bg.iso_w) | np.isnan(bg.iso_b)  # travel as indices, not NaN
    look = component_look(Look(bg.scale, contrast))
    iso_w, iso_b = np.where(gaps, 0.0, bg.iso_w), np.where(gaps, 0.0, bg.iso_b)
    layers: dict[str, Any] = {
        "w_range": [finite(surface.w[0], "w range"), finite(surface.w[-1], "w range")],
        "b_range": [finite(surface.b[0], "b range"), finite(surface.b[-1], "b range")],
        "w": packed(surface.w, "surface w"),
        "b": packed(surface.b, "surface b"),
        "z": packed(surface.loss, "surface loss"),
        "colour": packed(bg.colour, "surface colour"),
        "cmin": finite(bg.cmin, "colour min"),
        "cmax": finite(bg.cmax, "colour max"),
        "tickvals": [finite(v, "colour ticks") for v in bg.tickvals],
        "ticktext": list(bg.ticktext),
        "colourscale": colourscale(bg.scale),
        "image": bg.image,
        "iso_w": packed(iso_w, "iso-lines w"),
        "iso_b": packed(iso_b, "iso-lines b"),
        "iso_gaps": np.flatnonzero(gaps).tolist(),
        "optimum": None
        if optimum is None
        else [finite(optimum[0], "optimum w"), finite(optimum[1], "optimum b")],
        "lift": finite(lift(surface), "lift"),
        "ink": look["ink"],
        "optimum_colour": OPTIMUM,
        **view_3d(surface, optimum),
        # The component's panels are smaller than a figure's: 13 px type.
        "font": {**FONT, "size": 13, **look["font"]},
        "axis": {**AXIS, **look["axis"]},
        "look": look,
        "theme": browser_theme(),
    }
    layers["revision"] = revision(layers)
    return layers


def revision(layers: dict[str, Any]) -> str:
    """A short content hash of ``layers`` (any change gives a new one)."""
    digest = hashlib.sha1(usedforsecurity=False)
    for key in sorted(layers):
        if key != "revision":
            value = layers[key]
            raw = value.tobytes() if isinstance(value, np.ndarray) else repr(value).encode()
            digest.update(key.encode() + raw)
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class RunSpec:
    """One run as the chart shows it.

    Attributes:
        run: the trajectory.
        label: its name in the legend ("gradient descent", "η = 1" …).
        colour: CSS colour of its path and head on the contours (from the
            one colour table, ``theme.eta_colour`` …); on white paper the
            chart draws ``on_white(colour)``.
        gamma: momentum γ if the run carries a velocity u_t (the frame
            draws θ_t → θ_t − γu_t), else ``None``.
    """

    run: Trajectory
    label: str
    colour: str
    gamma: float | None = None


def _run_entry(spec: RunSpec, k: int, view: tuple[Range, Range] | None) -> dict[str, Any]:
    run, name = spec.run, f"run {k + 1} ({spec.label})"
    rows = epoch_rows(run)
    idx = thin(run, 1500)
    entry: dict[str, Any] = {
        "label": spec.label,
        "colour": spec.colour,
        "line_colour": on_white(spec.colour),  # on white paper (loss, fit, 3D lines)
        "w": packed(run.params[rows, 0], f"{name} w"),
        "b": packed(run.params[rows, 1], f"{name} b"),
        "loss": packed(np.maximum(run.losses[rows], LOSS_FLOOR), f"{name} loss"),
        "path": None,  # the whole path, when the epochs alone do not draw it
        "converged_at": run.converged_at,
        "final_loss": finite(run.final_loss, f"{name} final loss"),
        "momentum": None,
        "samples": _samples(run, rows, name),
        "off_view": None,
    }
    off = None if view is None else leaves_view(run, rows, *view)
    if off is not None:
        entry["off_view"] = {
            "epoch": off.epoch, "back": off.back, "angle": round(off.angle, 1),
            "w": finite(off.border[0], f"{name} border w"),
            "b": finite(off.border[1], f"{name} border b"),
            "end": [finite(off.end[0], f"{name} end w"), finite(off.end[1], f"{name} end b")],
        }  # fmt: skip
    if rows.size != idx.size or not np.array_equal(rows, idx):
        entry["path"] = {
            "w": packed(run.params[idx, 0], f"{name} path w"),
            "b": packed(run.params[idx, 1], f"{name} path b"),
            # The epoch each point is reached in: the trail grows with Play.
            "epoch": packed(np.searchsorted(rows, idx, side="left"), f"{name} path epoch"),
        }
    if spec.gamma is not None and "velocity" in run.extras:
        u = np.asarray(run.extras["velocity"], dtype=np.float64)[rows]
        u = np.where(np.isfinite(u), u, 0.0)  # a diverged step draws no arrow
        entry["momentum"] = {
            "w": packed(run.params[rows, 0] - spec.gamma * u[:, 0], f"{name} momentum w"),
            "b": packed(run.params[rows, 1] - spec.gamma * u[:, 1], f"{name} momentum b"),
        }
    return entry


def _samples(run: Trajectory, rows: NDArray[np.int64], name: str) -> dict[str, Any] | None:
    """Random search's guesses in "sample" mode, drawn as points, not a path:
    each guess that beat every earlier one (where the best so far changed),
    with the epoch it was drawn at. ``None`` for any other run."""
    if run.method != "random_search:sample":
        return None
    drawn = run.params[rows]
    new = np.ones(rows.size, dtype=bool)
    new[1:] = np.any(drawn[1:] != drawn[:-1], axis=1)
    return {
        "w": packed(drawn[new, 0], f"{name} samples w"),
        "b": packed(drawn[new, 1], f"{name} samples b"),
        "epoch": np.flatnonzero(new).tolist(),
    }


def runs_payload(
    kind: str,
    layers_revision: str,
    runs: Sequence[RunSpec],
    *,
    start: tuple[float, float],
    data: tuple[ArrayLike, ArrayLike] | None = None,
    loss_tol: float | None = None,
    titles: Sequence[str] = (),
    view: tuple[Range, Range] | None = None,
    contour_title: str | None = None,
) -> dict[str, Any]:
    """What moves: the runs of one view, and how to lay them out.

    Args:
        kind: ``"explorer"`` (3D, contour, data and fit, loss curve),
            ``"compare"`` (one contour per run, all paths in 3D, loss curves)
            or ``"race"`` (3D and one contour with every run).
        layers_revision: the ``revision`` of the layers these runs sit on.
        runs: up to 8 runs (1–8 for ``"compare"``); frame t shows each at epoch
            min(t, its last). None: a still view, the surface and start ○ only.
        start: the common start (w₀, b₀), marked ○.
        data: the points (x, y) the neuron fits (the explorer's data view).
        loss_tol: the tolerance line on loss curves.
        titles: one panel title per run (compare), e.g. "η = 1 · converged".
        view: the drawn (w range, b range); a run that leaves it carries
            ``off_view`` (``gd_core.offview.leaves_view``), drawn as one mark.
        contour_title: the contour's title (``None``: "click to start there").

    Raises:
        ValueError: for an unknown ``kind``, too many runs (none, for
            ``"compare"``), or a non-finite number
            (the message names the field).
    """
    if kind not in KINDS:
        raise ValueError(f"chart kind must be one of {KINDS}, got {kind!r}")
    if not (1 if kind == "compare" else 0) <= len(runs) <= 8:
        least = "1" if kind == "compare" else "0"
        raise ValueError(f"chart runs: {least} to 8 runs, got {len(runs)}")
    entries = [_run_entry(spec, k, view) for k, spec in enumerate(runs)]
    epochs = max((epoch_rows(spec.run).size for spec in runs), default=1) - 1
    payload: dict[str, Any] = {
        "kind": kind,
        "layers": layers_revision,
        "runs": entries,
        "epochs": int(epochs),
        "start": [finite(start[0], "start w"), finite(start[1], "start b")],
        "loss_tol": None if loss_tol is None else finite(loss_tol, "loss tolerance"),
        "titles": list(titles),
        "contour_title": contour_title,
        "data": None if data is None else data_entry(data),
    }
    return payload


# The height Plotly gives a figure that sets none (as st.plotly_chart draws it).
DEFAULT_FIGURE_HEIGHT = 450


def figure_payload(figure: dict[str, Any], *, filename: str, clickable: bool) -> dict[str, Any]:
    """A finished Plotly figure (``plotly.io.to_json`` read back: typed arrays
    as ``{"dtype", "bdata"}``) for the chart component to draw as it is, so a
    page's other charts use the Plotly.js the component already loaded.

    Args:
        figure: ``{"data": [...], "layout": {...}}``, already checked finite
            (the ui layer's ``require_finite``).
        filename: what the toolbar's camera saves (``filename.png``, at 2×).
        clickable: whether a click on a point is sent back as the
            component's ``click`` value ``{"x", "y", "curve"}``.

    Returns:
        ``{"figure", "config", "height", "clickable"}``; ``height`` in pixels,
        the layout's own or Plotly's default; ``scattergl`` traces become
        ``scatter`` (the component's partial bundle has no WebGL 2D).

    Raises:
        ValueError: if ``figure`` has no ``data`` list or its height is not a
            positive finite number.
    """
    data, layout = figure.get("data"), figure.get("layout") or {}
    if not isinstance(data, list) or not isinstance(layout, dict):
        raise ValueError("chart data: a figure needs a list of traces and a layout")
    height = finite(layout.get("height") or DEFAULT_FIGURE_HEIGHT, "figure height")
    if height <= 0:
        raise ValueError(f"chart data: figure height must be > 0, got {height:g}")
    # The component's Plotly.js is the gl3d bundle (ui/plotly_js): no WebGL
    # 2D traces. An invisible hover grid (the lesson's map) is drawn in SVG.
    data = [{**t, "type": "scatter"} if t.get("type") == "scattergl" else t for t in data]
    return {
        "figure": {"data": data, "layout": layout},
        "config": chart_config(filename),
        "height": round(height),
        "clickable": bool(clickable),
    }

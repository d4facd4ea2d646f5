"""Where the explorer's four views sit: on a wide screen a 2 × 2 grid, on a
phone one column; and the layout that puts its axes there."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gd_core.figures.background import Background
from gd_core.figures.parts import Domain, Range, contour_axes, contour_image, layout, scene, title


@dataclass(frozen=True)
class Panels:
    """Paper-coordinate domains ((x0, x1), (y0, y1)) of the four panels."""

    height: int
    surface: Domain
    contour: Domain
    data: Domain
    loss: Domain
    colourbar: dict[str, Any]
    top: int  # pixels above the panels: the legend, then Play / Pause and the slider
    controls_at: int  # pixels from the figure's top edge to Play / Pause
    slider_below: bool  # the slider under the buttons (narrow) or beside them
    legend: dict[str, Any] | None

    @classmethod
    def for_screen(cls, stacked: bool) -> Panels:
        if stacked:  # phones: one column, the colour bar under the contour
            return cls(
                height=1620,
                surface=((0.0, 1.0), (0.77, 1.0)),
                contour=((0.1, 1.0), (0.5, 0.74)),
                data=((0.14, 1.0), (0.23, 0.36)),
                loss=((0.14, 1.0), (0.04, 0.16)),
                colourbar={"orientation": "h", "x": 0.5, "xanchor": "center", "y": 0.445,
                           "yanchor": "top", "len": 0.9, "thickness": 12,
                           "title": {"text": "L(w, b)", "side": "top"}},
                top=150,
                controls_at=10,
                slider_below=True,
                legend=None,  # no room: the page names the colours above the figure
            )  # fmt: skip
        return cls(
            height=820,
            surface=((0.05, 0.47), (0.42, 1.0)),
            contour=((0.52, 0.92), (0.42, 1.0)),
            data=((0.07, 0.46), (0.08, 0.31)),
            loss=((0.6, 1.0), (0.08, 0.31)),
            colourbar={"x": 0.94, "y": 0.71, "len": 0.58, "thickness": 14,
                       "title": {"text": "L(w, b)", "side": "right"}},
            top=124,
            controls_at=40,
            slider_below=False,
            legend={"x": 0, "xanchor": "left"},  # the mode bar sits top right
        )  # fmt: skip

    @property
    def plot_height(self) -> int:
        """Pixels of the panels' area (paper coordinates 0 … 1)."""
        return self.height - self.top - 10

    def controls(self) -> tuple[float, float, float]:
        """Paper y of Play / Pause, then the slider's y and x."""
        y = 1 + (self.top - self.controls_at) / self.plot_height
        if self.slider_below:
            return y, y - 44 / self.plot_height, 0.0
        return y, y, 0.25


def explorer_layout(
    panels: Panels,
    bg: Background,
    w_range: Range,
    b_range: Range,
    x_grid: NDArray[np.float64],
    loss_span: tuple[float, float],
    view: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The explorer's layout (without its controls); ``view``: the 3D camera
    and L ticks (``parts.view_3d``)."""
    low, high = np.log10(loss_span[0]), np.log10(loss_span[1])
    titles: list[tuple[str, Domain]] = [
        ("Error surface L(w, b)", panels.surface),
        ("Contour", panels.contour),
        ("Data and the fitted f(x)", panels.data),
        ("Loss per step (log scale)", panels.loss),
    ]
    return layout(
        height=panels.height,
        margin={"t": panels.top},
        showlegend=panels.legend is not None,
        legend={"orientation": "h", "y": 1 + panels.top / panels.plot_height,
                "yanchor": "top", "font": {"size": 13}, **(panels.legend or {})},
        uirevision="explorer",
        scene=scene(w_range, b_range, panels.surface, view=view),
        **contour_axes(panels.contour, w_range, b_range),
        xaxis2={"domain": list(panels.data[0]), "anchor": "y2", "title": {"text": "x"},
                "range": [float(x_grid[0]), float(x_grid[-1])]},
        yaxis2={"domain": list(panels.data[1]), "anchor": "x2",
                "title": {"text": "f(x)"}, "range": [-0.05, 1.05]},
        xaxis3={"domain": list(panels.loss[0]), "anchor": "y3",
                "title": {"text": "epoch (descent) · evaluation (search)"}},
        yaxis3={"domain": list(panels.loss[1]), "anchor": "x3", "type": "log",
                "title": {"text": "L"}, "exponentformat": "power",
                "range": [low - 0.3, high + 0.3]},  # down to the smallest loss drawn
        images=[contour_image(bg, w_range, b_range)],
        annotations=[title(text, domain) for text, domain in titles],
    )  # fmt: skip

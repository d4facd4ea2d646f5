"""Data sets to fit: the lecture's and a few that teach something, and CSV
in and out with messages that name the row and the problem."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from gd_core._validate import MAX_DATA
from gd_core.problem import MAX_POINTS

Array = NDArray[np.float64]
MAX_CSV_BYTES = 5 * 2**20  # the app's upload limit (.streamlit/config.toml)
# A number needs a few dozen characters; a longer cell is a stray quote or
# pasted text. Checked before the csv module's own (process-wide) limit.
MAX_CELL_CHARS = 100


@dataclass(frozen=True)
class Dataset:
    name: str
    x: tuple[float, ...]
    y: tuple[float, ...]
    lesson: str


def _noisy_sigmoid() -> Dataset:
    rng = np.random.default_rng(7)  # fixed: the preset is the same for everyone
    x = np.linspace(-2.0, 2.0, 5)
    y = 1.0 / (1.0 + np.exp(-(1.5 * x - 0.5))) + rng.normal(0.0, 0.06, x.size)
    y = np.clip(y, 0.02, 0.98)
    return Dataset(
        "Five noisy points along a sigmoid",
        tuple(np.round(x, 3).tolist()),
        tuple(np.round(y, 3).tolist()),
        "No sigmoid passes through all five: the minimum loss is above 0, and descent "
        "converges by its gradient vanishing, not by the loss reaching 0.",
    )


PRESETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset(
            "The lecture's two points",
            (0.5, 2.5),
            (0.2, 0.9),
            "The slides: one sigmoid fits both points exactly, at w* = ln 6, b* ≈ −2.28.",
        ),
        Dataset(
            "One point",
            (1.0,),
            (0.6,),
            "Every (w, b) on the line w + b = logit 0.6 fits it: a valley of zero-loss "
            "solutions, not a single minimum. Where descent ends depends on where it starts.",
        ),
        _noisy_sigmoid(),
        Dataset(
            "A 0/1 classification set",
            (-3.0, -2.0, -1.0, -0.5, 0.5, 1.0, 2.0, 3.0),
            (0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0),
            "Overlapping classes: the best sigmoid is a compromise. Compare squared error "
            "(flat wings) with cross-entropy (convex).",
        ),
        Dataset(
            "Points with one outlier",
            (0.0, 0.5, 1.0, 1.5, 2.0, 2.5),
            (0.1, 0.2, 0.4, 0.6, 0.8, 0.05),
            "One point far off the curve pulls the fit: see how the surface tilts.",
        ),
        Dataset(
            "A separable 0/1 set",
            (-2.0, -1.0, -0.5, 0.5, 1.0, 2.0),
            (0.0, 0.0, 0.0, 1.0, 1.0, 1.0),
            "A threshold splits the classes: with cross-entropy there is no finite minimum "
            "— the loss only approaches 0 as w grows without bound, so watch w run away.",
        ),
    )
}
LECTURE = "The lecture's two points"


def parse_csv(data: bytes, *, max_bytes: int = MAX_CSV_BYTES) -> tuple[Array, Array]:
    """(x, y) from a CSV with a header row naming columns ``x`` and ``y``.

    Raises:
        ValueError: naming the problem, and the row (1 = the first data row)
            where there is one: too large, not UTF-8, missing columns, no
            rows, too many rows, a cell longer than 100 characters, a cell
            that is not a number, NaN, inf, or a value beyond ±1e6.
    """
    if len(data) > max_bytes:
        raise ValueError(
            f"the file is {len(data) / 2**20:.1f} MB; the limit is {max_bytes / 2**20:.0f} MB"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(
            f"the file is not UTF-8 text (byte {error.start} cannot be read); save it as UTF-8 CSV"
        ) from None
    rows = _rows(text)
    header = next(rows, None)
    if header is None:
        raise ValueError("the file is empty: it needs a header row with columns x and y")
    names = [h.strip().lower() for h in header]
    missing = [c for c in ("x", "y") if c not in names]
    if missing:
        found = ", ".join(h.strip() for h in header) or "none"
        raise ValueError(f"missing column(s) {' and '.join(missing)}; the header has: {found}")
    ix, iy = names.index("x"), names.index("y")
    xs: list[float] = []
    ys: list[float] = []
    for row_number, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue  # blank lines are not rows
        if len(xs) >= MAX_POINTS:
            raise ValueError(f"more than {MAX_POINTS:,} rows; the limit is {MAX_POINTS:,}")
        for column, index, out in (("x", ix, xs), ("y", iy, ys)):
            cell = row[index].strip() if index < len(row) else ""
            try:
                value = float(cell)
            except ValueError:
                shown = f"'{cell}'" if cell else "empty"
                raise ValueError(f"row {row_number}: {column} is {shown}, not a number") from None
            if not math.isfinite(value):
                raise ValueError(f"row {row_number}: {column} is {cell}; it must be finite")
            if abs(value) > MAX_DATA:
                raise ValueError(
                    f"row {row_number}: {column} is {cell}; it must lie within ±{MAX_DATA:g}"
                )
            out.append(value)
    if not xs:
        raise ValueError("the file has a header but no data rows")
    return np.asarray(xs), np.asarray(ys)


def _rows(text: str) -> Iterator[list[str]]:
    """The CSV's rows, each cell at most ``MAX_CELL_CHARS`` long; ``ValueError``
    (naming the row, 0 = the header) for a longer cell or a malformed file."""
    reader = csv.reader(io.StringIO(text))
    row_number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # e.g. a field over the csv module's own limit
            problem = (
                f"a cell is longer than {MAX_CELL_CHARS} characters (a stray quote?)"
                if "field limit" in str(error)
                else f"the CSV cannot be read ({error})"
            )
            raise ValueError(f"row {row_number}: {problem}") from None
        for cell in row:
            if len(cell) > MAX_CELL_CHARS:
                raise ValueError(
                    f"row {row_number}: a cell is {len(cell):,} characters long; "
                    f"a number needs at most {MAX_CELL_CHARS}"
                )
        yield row
        row_number += 1


def to_csv(x: Array, y: Array) -> str:
    """The data as CSV text with a header ``x,y`` (reads back with parse_csv)."""
    lines = ["x,y"] + [f"{a!r},{b!r}" for a, b in zip(x.tolist(), y.tolist(), strict=True)]
    return "\n".join(lines) + "\n"

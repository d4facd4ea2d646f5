"""The data editor's edits, checked before Streamlit applies them.

A browser's table sends what a student did to it: ``edited_rows`` (row
position → {column: value}), ``added_rows`` ([{column: value}]) and
``deleted_rows`` ([row position]). A crafted client can send anything
there: an unknown column (Streamlit raised ``KeyError``), a row that is not
in the table (``IndexError``), thousands of added rows in one message
(Streamlit adds them one by one: 8,000 cost 10 s of CPU). Those raised on
every rerun of the session. :func:`edit_problem` names the first part that
breaks a rule, so the page can drop the edit and keep its data.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from gd_core.problem import MAX_POINTS

COLUMNS = frozenset({"x", "y", "_index"})  # "_index": Streamlit's name for the index column
PARTS = ("edited_rows", "added_rows", "deleted_rows")
# Rows a student adds by hand, or pastes, in one go; more come as a CSV.
MAX_ADDED_ROWS = 100


def edit_problem(edits: Any, n_rows: int) -> str | None:
    """``None`` if ``edits`` (the editor's state) is one the table can apply
    to its ``n_rows`` rows, else the rule it breaks, naming the part."""
    if edits is None:
        return None
    if not isinstance(edits, Mapping):
        return "an edit must be an object of edited, added and deleted rows"
    unknown = [str(k)[:40] for k in edits if k not in PARTS]
    if unknown:
        return f"{unknown[0]!r} is not a part of an edit; the parts are {', '.join(PARTS)}"
    for check in (_edited, _added, _deleted):
        problem = check(edits, n_rows)
        if problem:
            return problem
    return None


def _edited(edits: Mapping[str, Any], n_rows: int) -> str | None:
    edited = edits.get("edited_rows", {})
    if not isinstance(edited, Mapping):
        return "edited rows must map a row to its changed cells"
    for row, cells in edited.items():
        if not _row_in_table(row, n_rows):
            return f"edited rows: a row must be a position from 0 to {n_rows - 1}"
        problem = _cells(f"row {int(row) + 1}", cells)
        if problem:
            return problem
    return None


def _added(edits: Mapping[str, Any], n_rows: int) -> str | None:
    added = edits.get("added_rows", [])
    if not isinstance(added, list):
        return "added rows must be a list of rows"
    if len(added) > MAX_ADDED_ROWS:
        return (
            f"added rows: at most {MAX_ADDED_ROWS} rows at once, got {len(added):,}; "
            "upload a CSV for more"
        )
    if n_rows + len(added) > MAX_POINTS:
        return f"added rows: the data hold at most {MAX_POINTS:,} points"
    for k, cells in enumerate(added):
        problem = _cells(f"added row {k + 1}", cells)
        if problem:
            return problem
    return None


def _deleted(edits: Mapping[str, Any], n_rows: int) -> str | None:
    deleted = edits.get("deleted_rows", [])
    if not isinstance(deleted, list) or len(deleted) > n_rows:
        return f"deleted rows must be a list of at most {n_rows:,} row positions"
    if not all(_row_in_table(row, n_rows) for row in deleted):
        return f"deleted rows: a row must be a position from 0 to {n_rows - 1}"
    return None


def _row_in_table(row: Any, n_rows: int) -> bool:
    if isinstance(row, str) and row.isdigit() and len(row) < 10:  # JSON keys are text
        row = int(row)
    return isinstance(row, int) and not isinstance(row, bool) and 0 <= row < n_rows


def _cells(row: str, cells: Any) -> str | None:
    if not isinstance(cells, Mapping):
        return f"{row}: a row must map its columns to values"
    for column, value in cells.items():
        if column not in COLUMNS:
            return f"{row}: {str(column)[:40]!r} is not a column; the columns are x and y"
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"{row}: {column} must be a number"
        if not math.isfinite(value):
            return f"{row}: {column} must be a finite number"
    return None

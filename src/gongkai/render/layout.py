"""The printed grid of each table of a format, with its merged cells.

The official templates (国办公开办函〔2021〕30号 and its predecessors) print nested headers as
merged cells: in 表三 "三、本年度办理结果" spans 22 rows and the identity note spans 3 × 3 cells.
This module derives that grid from the declaration in :mod:`gongkai.formats` (equal neighbouring
label-path elements merge; a short path's last label spans the remaining levels), so that every
renderer (HTML, DOCX, XLSX, PDF) and every reader of a rendered file share one geometry.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from gongkai import formats
from gongkai.formats import Format, Label, Note, Row, Table


@dataclass(frozen=True)
class GridCell:
    """One printed cell: its top-left position, spans, text, and the data key it shows if any."""

    row: int
    col: int
    rowspan: int
    colspan: int
    text: str = ""
    key: str | None = None
    header: bool = True


@dataclass(frozen=True)
class Grid:
    """A printed table: ``n_rows`` × ``n_cols`` positions covered by ``cells`` without overlap."""

    group: str
    title: str
    n_rows: int
    n_cols: int
    cells: tuple[GridCell, ...]

    def positions(self) -> dict[str, tuple[int, int]]:
        """Where each data cell sits, by key."""
        return {c.key: (c.row, c.col) for c in self.cells if c.key is not None}


def _merge_runs(paths: list[tuple[Label, ...]], level: int) -> list[tuple[int, int]]:
    """Runs [start, end) of consecutive items sharing the path prefix up to ``level``.

    Only non-leaf levels merge: two leaves with the same text are still two cells.
    """
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(paths):
        j = i + 1
        if level < len(paths[i]) - 1:
            prefix = paths[i][: level + 1]
            while j < len(paths) and level < len(paths[j]) - 1 and paths[j][: level + 1] == prefix:
                j += 1
        runs.append((i, j))
        i = j
    return runs


def _block_cells(table: Table, top: int, width: int) -> tuple[list[GridCell], int]:
    """Lay out one table (or 表二 block) from row ``top``; return its cells and height."""
    cells: list[GridCell] = []
    data_rows = table.data_rows()
    label_depth = max((len(r.path) for r in data_rows), default=0)
    label_depth = max(label_depth, 1 if any(isinstance(r, Note) for r in table.rows) else 0)
    unit = 1 if table.unit_column else 0
    stub = label_depth + unit
    n_cols = len(table.columns)
    stretch = width - stub - n_cols  # extra span given to the last data column (表二 blocks)
    r = top
    if table.caption:
        cells.append(GridCell(r, 0, 1, width, table.caption))
        r += 1

    # Column headers.
    head = max(len(c.path) for c in table.columns)
    if label_depth:
        cells.append(GridCell(r, 0, head, label_depth, "".join(table.corner)))
    if table.unit_column:
        cells.append(GridCell(r, label_depth, head, 1, table.unit_column))
    paths = [c.path for c in table.columns]
    for level in range(head):
        for start, end in _merge_runs(paths, level):
            path = paths[start]
            if level >= len(path):
                continue
            leaf = level == len(path) - 1
            span = end - start + (stretch if end == n_cols else 0)
            cells.append(
                GridCell(
                    r + level, stub + start, head - level if leaf else 1, span, path[level].text
                )
            )
    r += head

    # Row labels and data.
    rows = list(table.rows)
    row_paths = [row.path if isinstance(row, Row) else () for row in rows]
    for level in range(label_depth):
        for start, end in _merge_runs(row_paths, level):
            item = rows[start]
            if isinstance(item, Note):
                if level == 0:
                    cells.append(GridCell(r + start, 0, 1, label_depth, item.text))
                continue
            path = row_paths[start]
            if level >= len(path):
                continue
            leaf = level == len(path) - 1
            colspan = label_depth - level if leaf else 1
            cells.append(GridCell(r + start, level, end - start, colspan, path[level].text))
    for i, item in enumerate(rows):
        if table.unit_column:
            cells.append(GridCell(r + i, label_depth, 1, 1, item.unit or ""))
        for j, column in enumerate(table.columns):
            span = 1 + (stretch if j == n_cols - 1 else 0)
            key = table.key(item, column) if isinstance(item, Row) else None
            cells.append(GridCell(r + i, stub + j, 1, span, "", key, header=False))
    return cells, r + len(rows) - top


def _width(table: Table) -> int:
    label_depth = max((len(r.path) for r in table.data_rows()), default=0)
    if any(isinstance(r, Note) for r in table.rows):
        label_depth = max(label_depth, 1)
    return label_depth + (1 if table.unit_column else 0) + len(table.columns)


def layout(fmt: Format, group: str) -> Grid:
    """The grid of printed table ``group`` (``t2``, ``t3``, ``t4``, ``stats``) of ``fmt``."""
    return _layout(fmt.name, group)


@cache
def _layout(fmt_name: str, group: str) -> Grid:
    blocks = formats.get(fmt_name).groups()[group]
    width = max(_width(b) for b in blocks)
    cells: list[GridCell] = []
    top = 0
    for block in blocks:
        block_cells, height = _block_cells(block, top, width)
        cells.extend(block_cells)
        top += height
    return Grid(group, blocks[0].title, top, width, tuple(cells))


def layouts(fmt: Format) -> tuple[Grid, ...]:
    return tuple(layout(fmt, group) for group in fmt.groups())

"""Reading the format's rows out of structural tables (ruled PDF, DOCX and HTML tables).

When stage one finds the tables of a 条例 §50 report as grids (:class:`SourceTable`, merged cells
repeated at every position they cover), the cell boundaries are known: a row is its label cells
followed by its figures, blank cells included.  Rows are matched to the format's rows by label
(:func:`gongkai.ingest.texttables.forms`, so "1、" for "1." and typos in the variants are
accepted); a row continued from the page before may print a blank label cell first.  表四's
single row has no label: it is the row of fifteen figure cells under the header naming
复议后起诉.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.formats import Format, Row, Table
from gongkai.ingest.labels import normalise
from gongkai.ingest.numbers import parse_number
from gongkai.ingest.source import Line, Printed, Source
from gongkai.ingest.texttables import BLANK_MARKS, UNITS, RowText, forms

T4_HEADER = normalise("复议后起诉")
UNIT_CELLS = UNITS | {"人次", "——"}


@dataclass
class Found:
    rows: list[RowText] = field(default_factory=list)
    missing: list[tuple[Table, Row]] = field(default_factory=list)
    lines: set[tuple[int | None, int]] = field(default_factory=set)  # (page, line) of table rows
    subtotal: bool = False  # a printed 小计 column was left out


def _is_figure(cell: Printed) -> bool:
    text = cell.text.strip()
    return not text or text in BLANK_MARKS or parse_number(text)[0] is not None


def _distinct(cells: list[Printed]) -> list[Printed]:
    """A merged cell once: stage one repeats the same object at every position it covers."""
    out: list[Printed] = []
    for cell in cells:
        if not out or cell is not out[-1]:
            out.append(cell)
    return out


def _split(row: list[Printed]) -> tuple[str, list[Printed]]:
    """The row's label (its text cells after any blank ones, merged repeats once) and the cells
    after it."""
    i = 0
    while i < len(row) and not row[i].text.strip():
        i += 1
    if i == len(row) or _is_figure(row[i]):
        return "", _distinct(row)  # no label at all: every cell is a figure or blank
    label: list[Printed] = []
    while i < len(row) and not _is_figure(row[i]):
        if row[i].text.strip() not in UNIT_CELLS:  # the 统计表's 单位 column (条, 件, ——)
            label.append(row[i])
        i += 1
    return "".join(c.text for c in _distinct(label)), _distinct(row[i:])


def _row_text(keys: tuple[str, ...], label: str, cells: list[Printed]) -> RowText:
    first = cells[0] if cells else None
    line = Line("", first.page, first.line) if first else None
    texts = [c.text.strip() for c in cells]
    printed = (label + " " + " ".join(t or "□" for t in texts)).strip()
    return RowText(keys, label, line, printed, texts, True)


def structural_rows(source: Source, fmt: Format) -> Found:
    """The rows of ``fmt``'s tables found in ``source.tables``, and the rows of the tables found
    that were not."""
    out = Found()
    tables = [t for t in fmt.tables if t.id != "t4"]
    t4 = next((t for t in fmt.tables if t.id == "t4"), None)
    matched: set[tuple[str, str]] = set()
    for grid in source.tables:
        after_t4_header = False
        # 表三 with a 法人或其他组织小计 column (not in the format, docs/law.md §1.4): its
        # positions are left out of every row of the grid.
        subtotal = {
            j for row in grid.rows for j, cell in enumerate(row) if normalise(cell.text) == "小计"
        }
        out.subtotal = out.subtotal or bool(subtotal)
        for full_row in grid.rows:
            row = [cell for j, cell in enumerate(full_row) if j not in subtotal]
            out.lines.update((c.page, c.line) for c in row)
            label, cells = _split(row)
            if T4_HEADER in normalise("".join(c.text for c in row)):
                after_t4_header = True
                continue
            if not label and t4 is not None and after_t4_header and len(cells) >= len(t4.columns):
                keys = tuple(t4.key(r, c) for r in t4.data_rows() for c in t4.columns)
                out.rows.append(_row_text(keys, "", cells[-len(keys) :]))
                matched.add(("t4", ""))
                after_t4_header = False
                continue
            if not label or not cells:
                continue  # a header row, or a row printed without any figure
            match = _match(tables, normalise(label), matched)
            if match is None:
                continue
            table, data_row = match
            keys = tuple(table.key(data_row, c) for c in table.columns)
            out.rows.append(_row_text(keys, label, cells[: len(keys)]))
            matched.add((table.id, data_row.key))
    found_tables = {table_id for table_id, _ in matched}
    for table in fmt.tables:
        if table.id in found_tables:
            out.missing += [
                (table, r) for r in table.data_rows() if (table.id, r.key) not in matched
            ]
    return out


def _match(
    tables: list[Table], label: str, matched: set[tuple[str, str]]
) -> tuple[Table, Row] | None:
    """The format row whose caption ends ``label`` (the longest caption that does); of rows
    printing the same caption (被依法纠错数 under 复议 and under 诉讼), the first not yet read."""
    best: tuple[Table, Row, int, bool] | None = None
    for table in tables:
        for row in table.data_rows():
            taken = (table.id, row.key) in matched
            for form in forms(row):
                if not label.endswith(form):
                    continue
                if best is None or (len(form), not taken) > (best[2], not best[3]):
                    best = (table, row, len(form), taken)
    return None if best is None else (best[0], best[1])

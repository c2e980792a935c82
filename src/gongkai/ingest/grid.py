"""Reading a printed table back into a grid of texts, and the grid into cells (ingest).

The first step of reading a published 政府信息公开工作年度报告 (条例 §50): a table of a DOCX
(python-docx), a sheet of an XLSX (openpyxl) or an HTML ``<table>`` (lxml) becomes a rectangular
``list[list[str]]`` in which a merged cell repeats its text at every grid position it covers.
:func:`read_cells` then takes each figure from where :mod:`gongkai.render.layout` prints it in the
format (国办公开办函〔2021〕30号 and its predecessors), and :func:`read_rendered` reads every
table of a document our renderers produced, which is how the renderers are proven faithful.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import Any

import docx
import lxml.html
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.formats import LOCAL_PREFIX, Format
from gongkai.ingest.numbers import Reading, parse_number
from gongkai.render import LOCAL_HEAD, number_text, printed_groups
from gongkai.render.layout import layout
from gongkai.render.xlsx import INFO_SHEET

TextGrid = list[list[str]]

MAX_ROWSPAN = 65534  # the HTML limits
MAX_COLSPAN = 1000


class LayoutMismatch(ValueError):
    """A table that is not the printed table of the format expected; the message is for users."""


def clean(text: str) -> str:
    """A cell's text without surrounding blanks; a cell holding only ``&nbsp;`` is blank."""
    return text.replace("\xa0", " ").strip()


def rectangular(rows: list[list[str]]) -> TextGrid:
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


# DOCX -------------------------------------------------------------------------------------------


def docx_table_grid(table: Any) -> TextGrid:
    """A python-docx table; ``row.cells`` repeats a merged cell (gridSpan, vMerge) per position."""
    return rectangular([[clean(cell.text) for cell in row.cells] for row in table.rows])


def docx_grids(data: bytes) -> list[TextGrid]:
    """Every top-level table of a DOCX document, in document order."""
    return [docx_table_grid(t) for t in docx.Document(io.BytesIO(data)).tables]


# XLSX -------------------------------------------------------------------------------------------


def _value_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return number_text(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return clean(str(value))


def xlsx_sheet_grid(ws: Worksheet) -> TextGrid:
    """A worksheet from A1; a merged range repeats its top-left value."""
    rows = [[_value_text(cell.value) for cell in row] for row in ws.iter_rows()]
    for merged in ws.merged_cells.ranges:
        top = rows[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row - 1, merged.max_row):
            for c in range(merged.min_col - 1, merged.max_col):
                rows[r][c] = top
    return rectangular(rows)


def xlsx_grids(data: bytes, *, skip: Iterable[str] = ()) -> list[TextGrid]:
    """Every worksheet of an XLSX workbook but those named in ``skip``, in sheet order."""
    workbook = load_workbook(io.BytesIO(data), data_only=True)
    skipped = set(skip)
    return [xlsx_sheet_grid(ws) for ws in workbook.worksheets if ws.title not in skipped]


# HTML -------------------------------------------------------------------------------------------


def _span(value: str | None, limit: int) -> int:
    try:
        n = int((value or "1").strip())
    except ValueError:
        return 1
    return min(max(n, 1), limit)


def _rows(table: lxml.html.HtmlElement) -> Iterator[lxml.html.HtmlElement]:
    """The table's own rows: directly under it or in its thead/tbody/tfoot (not nested tables)."""
    for child in table:
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child if tr.tag == "tr")


def html_table_grid(table: lxml.html.HtmlElement) -> TextGrid:
    """An HTML table with its rowspan/colspan expanded into a full grid."""
    rows = list(_rows(table))
    taken: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            rowspan = min(_span(cell.get("rowspan"), MAX_ROWSPAN), len(rows) - r)
            colspan = _span(cell.get("colspan"), MAX_COLSPAN)
            text = clean(cell.text_content())
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken[r + dr, c + dc] = text
            c += colspan
    width = 1 + max((c for _, c in taken), default=-1)
    return [[taken.get((r, c), "") for c in range(width)] for r in range(len(rows))]


def html_grids(data: bytes | str) -> list[TextGrid]:
    """Every table of an HTML document, in document order."""
    root = lxml.html.document_fromstring(data)
    return [html_table_grid(t) for t in root.iter("table")]


# Cells ------------------------------------------------------------------------------------------


def read_cells(fmt: Format, group: str, grid: TextGrid) -> dict[str, Reading]:
    """The figures of printed table ``group`` of ``fmt``, read from where the layout puts them."""
    printed = layout(fmt, group)
    shape = (len(grid), len(grid[0]) if grid else 0)
    if shape != (printed.n_rows, printed.n_cols):
        raise LayoutMismatch(
            f"表格“{printed.title}”应为 {printed.n_rows} 行 × {printed.n_cols} 列，"
            f"实际为 {shape[0]} 行 × {shape[1]} 列"
        )
    return {key: parse_number(grid[r][c]) for key, (r, c) in printed.positions().items()}


def read_local(grid: TextGrid) -> dict[str, Reading]:
    """The two-column table 指标 | 数值 of a ``local`` report."""
    if not grid or tuple(grid[0][:2]) != LOCAL_HEAD:
        raise LayoutMismatch(f"地方统计表应以“{'｜'.join(LOCAL_HEAD)}”为表头")
    return {LOCAL_PREFIX + row[0]: parse_number(row[1]) for row in grid[1:]}


READERS: dict[str, Callable[[bytes], list[TextGrid]]] = {
    "docx": docx_grids,
    "xlsx": lambda data: xlsx_grids(data, skip=(INFO_SHEET,)),
    "html": html_grids,
}


def read_rendered(data: bytes, kind: str, fmt: Format) -> dict[str, Reading]:
    """Every figure of a document our renderers printed (``kind``: docx, xlsx or html).

    The document's tables are matched to the format's printed tables in order.
    """
    grids = READERS[kind](data)
    groups = printed_groups(fmt)
    if not groups:  # local: the figures are in the attached 指标 | 数值 table, if any
        return read_local(grids[0]) if grids else {}
    if len(grids) != len(groups):
        raise LayoutMismatch(f"文档有 {len(grids)} 张表格，{fmt.name} 格式应为 {len(groups)} 张")
    out: dict[str, Reading] = {}
    for group, grid in zip(groups, grids, strict=True):
        out.update(read_cells(fmt, group, grid))
    return out

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
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

import docx
import lxml.html
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.formats import LOCAL_PREFIX, Format
from gongkai.ingest.numbers import Reading, parse_number
from gongkai.ingest.source import IngestError, Printed, SourceTable
from gongkai.render import LOCAL_HEAD, number_text, printed_groups
from gongkai.render.layout import layout
from gongkai.render.xlsx import INFO_SHEET

TextGrid = list[list[str]]

MAX_ROWSPAN = 65534  # the HTML limits
MAX_COLSPAN = 1000
MAX_GRID_CELLS = 1_000_000  # a hostile page's spans must not expand into gigabytes

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
U = TypeVar("U")


class LayoutMismatch(ValueError):
    """A table that is not the printed table of the format expected; the message is for users."""


def clean(text: str) -> str:
    """A cell's text without surrounding blanks; a cell holding only ``&nbsp;`` is blank."""
    return text.replace("\xa0", " ").strip()


# Blanks between two wide (CJK, full-width) characters are line wraps or justification in a
# printed cell ("商业企\n业", "结 果"), not spaces of the text.  In running text only a wrap is
# dropped there (as browsers do), since a space may be meant.
_WIDE = "[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]"
_CELL_GAP = re.compile(rf"(?<={_WIDE})\s+(?={_WIDE})")
_WRAP = re.compile(rf"(?<={_WIDE})[^\S\n]*\n\s*(?={_WIDE})")
_BLANKS = re.compile(r"\s+")


def cell_text(text: str) -> str:
    """A printed cell's text on one line: blanks between CJK characters vanish, others are one space."""
    return _BLANKS.sub(" ", _CELL_GAP.sub("", clean(text)))


def flow_text(text: str) -> str:
    """Running text on one line: a wrap between CJK characters vanishes, other blanks are one space."""
    return _BLANKS.sub(" ", _WRAP.sub("", clean(text)))


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


@dataclass(frozen=True)
class Span(Generic[T_co]):
    """A table cell placed in the grid: top-left position, extent, and what it holds."""

    row: int
    col: int
    rowspan: int
    colspan: int
    value: T_co

    def map(self, value: U) -> Span[U]:
        return Span(self.row, self.col, self.rowspan, self.colspan, value)


def expand(n_rows: int, spans: Iterable[Span[T]], blank: T) -> list[list[T]]:
    """The rectangular grid of ``spans``: a merged cell repeats its value at every position."""
    taken: dict[tuple[int, int], T] = {}
    for s in spans:
        for r in range(s.row, s.row + s.rowspan):
            for c in range(s.col, s.col + s.colspan):
                taken[r, c] = s.value
    width = 1 + max((c for _, c in taken), default=-1)
    return [[taken.get((r, c), blank) for c in range(width)] for r in range(n_rows)]


def printed_table(
    spans: list[Span[Printed]], rows: list[tuple[int | None, int]]
) -> SourceTable | None:
    """The table of placed cells given each row's ``(page, line)``; uncovered positions are blank."""
    grid = expand(len(rows), spans, None)
    if not grid or not grid[0]:
        return None
    return SourceTable(
        [
            [cell or Printed("", page, line) for cell in row]
            for row, (page, line) in zip(grid, rows, strict=True)
        ]
    )


def _span(value: str | None, limit: int) -> int:
    try:
        n = int((value or "1").strip())
    except ValueError:
        return 1
    return min(max(n, 1), limit)


def html_rows(table: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The table's own rows: directly under it or in its thead/tbody/tfoot (not nested tables)."""
    rows: list[lxml.html.HtmlElement] = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(tr for tr in child if tr.tag == "tr")
    return rows


def html_table_spans(rows: list[lxml.html.HtmlElement]) -> list[Span[lxml.html.HtmlElement]]:
    """Where each ``td``/``th`` of ``rows`` sits, after the rowspans and colspans above it."""
    taken: set[tuple[int, int]] = set()
    spans: list[Span[lxml.html.HtmlElement]] = []
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            rowspan = min(_span(cell.get("rowspan"), MAX_ROWSPAN), len(rows) - r)
            colspan = _span(cell.get("colspan"), MAX_COLSPAN)
            if len(taken) + rowspan * colspan > MAX_GRID_CELLS:
                raise IngestError(f"表格过大：超过 {MAX_GRID_CELLS:,} 个单元格")
            taken.update((r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan))
            spans.append(Span(r, c, rowspan, colspan, cell))
            c += colspan
    return spans


def html_table_grid(table: lxml.html.HtmlElement) -> TextGrid:
    """An HTML table with its rowspan/colspan expanded into a full grid."""
    rows = html_rows(table)
    spans = [s.map(clean(s.value.text_content())) for s in html_table_spans(rows)]
    return expand(len(rows), spans, "")


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

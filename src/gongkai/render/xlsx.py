"""The annual report as an Excel workbook (XLSX), one sheet per printed table (条例 §50).

Sheets: 报告信息 (agency, year, format and its basis, publication date), then the tables of the
format in printed order (国办公开办函〔2021〕30号: 表二 主动公开, 表三 申请情况, 表四 复议诉讼; the
cn2014 统计表).  Each table sits at A1 with the official merged cells of
:mod:`gongkai.render.layout`; figures are numeric cells, a figure printed as text ("/", "—") is
that text, headers are bold and centred, and the sheet prints on one A4 page width.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from copy import copy
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.render import Document, PrintedTable, document, formula_safe, spreadsheet_cell
from gongkai.report import Report

INFO_SHEET = "报告信息"
SHEET_NAMES = {
    "t2": "表二 主动公开",
    "t3": "表三 申请情况",
    "t4": "表四 复议诉讼",
    "stats": "统计表",
    "local": "统计表",
}
MAX_SHEET_NAME = 31  # Excel's limit
LINE_HEIGHT = 14.25  # points, one line of 11 pt text

_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FONT = Font(name="仿宋_GB2312", bold=True)
BODY_FONT = Font(name="仿宋_GB2312")
CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
STYLES = {  # font and alignment of the kinds of table cell; all have thin borders
    "figure": (BODY_FONT, CENTRED),
    "header": (HEADER_FONT, CENTRED),
    "row_label": (HEADER_FONT, LEFT),
}


class _Styler:
    """Styles the table cells of one workbook.

    Each kind of cell is styled attribute by attribute once; later cells get a copy of its style
    array (indices into the workbook's style tables), as openpyxl itself does when it copies a
    worksheet.  Setting font, alignment and border per cell costs openpyxl a hash of each style
    object every time and made up two thirds of the rendering time.
    """

    def __init__(self) -> None:
        self._arrays: dict[str, object] = {}

    def apply(self, cell: Cell | MergedCell, kind: str) -> None:
        array = self._arrays.get(kind)
        if array is None:
            cell.font, cell.alignment = STYLES[kind]
            cell.border = BORDER
            self._arrays[kind] = copy(cell._style)  # type: ignore[union-attr]  # not in the stubs
        else:
            cell._style = copy(array)  # type: ignore[union-attr]


def _coordinate(row: int, column: int) -> str:
    return f"{get_column_letter(column)}{row}"


def sheet_name(table: PrintedTable) -> str:
    return SHEET_NAMES.get(table.group, table.caption)[:MAX_SHEET_NAME]


def _info(ws: Worksheet, doc: Document) -> None:
    report = doc.report
    fmt = report.definition
    rows: list[tuple[str, str | int | date | None]] = [
        ("标题", doc.title),
        ("机关名称", report.agency),
        ("报告年度", report.year),
        ("年报格式", f"{fmt.title}（{fmt.basis}）"),
        ("格式代码", fmt.name),
        ("发布日期", report.published_on),
    ]
    for row, (label, value) in enumerate(rows, start=1):
        head = ws.cell(row=row, column=1, value=label)
        head.font = HEADER_FONT
        cell = ws.cell(row=row, column=2, value=spreadsheet_cell(value))
        if row == len(rows) and value is not None:
            cell.number_format = "yyyy-mm-dd"
        cell.alignment = LEFT
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 50


def _table(ws: Worksheet, doc: Document, table: PrintedTable, styler: _Styler) -> None:
    grid = table.grid
    for row in table.rows:
        for printed in row:
            c = printed.cell
            target = ws.cell(row=c.row + 1, column=c.col + 1)
            if printed.is_data:
                value = doc.report.cells.get(c.key) if c.key else None
                target.value = value if value is not None else (formula_safe(doc.text(c)) or None)
                kind = "figure"
            else:
                target.value = formula_safe(c.text) or None
                kind = "row_label" if printed.left else "header"
            styler.apply(target, kind)
            if c.rowspan > 1 or c.colspan > 1:
                # Registered directly: ``ws.merge_cells`` also recomputes the borders of every
                # covered cell (5 ms per range); the covered cells get their style right here.
                first, last = target.coordinate, _coordinate(c.row + c.rowspan, c.col + c.colspan)
                ws.merged_cells.add(MergedCellRange(ws, f"{first}:{last}"))
                for r in range(c.row + 1, c.row + c.rowspan + 1):
                    for col in range(c.col + 1, c.col + c.colspan + 1):
                        if (r, col) != (c.row + 1, c.col + 1):
                            styler.apply(ws.cell(row=r, column=col), kind)
    for col, width in enumerate(table.widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = 2 * width + 2  # a CJK character is 2
    # Spreadsheets do not grow a row for wrapped text on opening: give each row its lines.
    lines = [1] * grid.n_rows
    for c in grid.cells:
        if c.rowspan == 1 and c.text:
            per_line = sum(table.widths[c.col : c.col + c.colspan]) + 1
            lines[c.row] = max(lines[c.row], math.ceil(len(c.text) / per_line))
    for r, n in enumerate(lines, start=1):
        ws.row_dimensions[r].height = LINE_HEIGHT * n + 4
    if ws.oddHeader is not None:
        ws.oddHeader.center.text = table.caption
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if table.wide else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if table.header_rows:
        ws.print_title_rows = f"1:{table.header_rows}"


def render_xlsx(report: Report) -> bytes:
    """``report`` as an XLSX workbook."""
    doc = document(report)
    workbook = Workbook()
    info = workbook.active
    assert isinstance(info, Worksheet)
    info.title = INFO_SHEET
    _info(info, doc)
    styler = _Styler()
    for table in doc.tables:
        _table(workbook.create_sheet(sheet_name(table)), doc, table, styler)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def table_workbook(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """Plain tables (title, header, rows) as one workbook, a sheet each, every cell through
    :func:`~gongkai.render.spreadsheet_cell`: the exports of lists and roll-ups, whose text comes
    from anyone (a portal visitor's name, a published report's agency)."""
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title[:31])  # Excel's limit on a sheet name
        sheet.append(list(header))
        for row in rows:
            sheet.append([spreadsheet_cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

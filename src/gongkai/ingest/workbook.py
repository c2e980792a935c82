"""Opening a report published as an Excel workbook (XLSX) into a :class:`Source` (stage one).

Some units publish the tables of their 政府信息公开工作年度报告 (条例 §50) as a spreadsheet, the
national 统计表 of 国办发〔2014〕32号 especially.  Each worksheet is one structural table, merged
ranges repeating their value (:func:`gongkai.ingest.grid.xlsx_sheet_grid`); provenance counts a
worksheet as a page and its rows as lines.
"""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.ingest.grid import xlsx_sheet_grid
from gongkai.ingest.source import IngestError, Line, Printed, Source, SourceTable
from gongkai.ingest.word import checked_zip

WORKBOOK = "xl/workbook.xml"


def _merged_origins(ws: Worksheet) -> dict[tuple[int, int], tuple[int, int]]:
    """The top-left (row, column) of the merged range each position lies in, 0-based."""
    out: dict[tuple[int, int], tuple[int, int]] = {}
    for merged in ws.merged_cells.ranges:
        top = (merged.min_row - 1, merged.min_col - 1)
        for r in range(merged.min_row - 1, merged.max_row):
            for c in range(merged.min_col - 1, merged.max_col):
                out[r, c] = top
    return out


def read_xlsx(data: bytes, name: str) -> Source:
    checked_zip(data, "XLSX", WORKBOOK)
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True, read_only=False)
        grids = [xlsx_sheet_grid(ws) for ws in workbook.worksheets]
        merges = [_merged_origins(ws) for ws in workbook.worksheets]
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise IngestError(f"XLSX 文件无法读取：{exc}") from None
    lines: list[Line] = []
    tables: list[SourceTable] = []
    for page, (grid, origin) in enumerate(zip(grids, merges, strict=True), start=1):
        rows: list[list[Printed]] = []
        for number, row in enumerate(grid, start=1):
            lines.append(Line("\t".join(row).rstrip("\t"), page, number))
            printed: list[Printed] = []
            for col, text in enumerate(row):
                top = origin.get((number - 1, col))
                # A merged cell is one printed cell: the same object at every position it covers.
                if top is not None and top != (number - 1, col):
                    printed.append(rows[top[0]][top[1]] if top[0] < number - 1 else printed[top[1]])
                else:
                    printed.append(Printed(text, page, number))
            rows.append(printed)
        if rows:
            tables.append(SourceTable(rows))
    return Source(name=name, kind="xlsx", lines=lines, tables=tables)

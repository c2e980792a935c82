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

from gongkai.ingest.grid import xlsx_sheet_grid
from gongkai.ingest.source import IngestError, Line, Printed, Source, SourceTable
from gongkai.ingest.word import checked_zip

WORKBOOK = "xl/workbook.xml"


def read_xlsx(data: bytes, name: str) -> Source:
    checked_zip(data, "XLSX", WORKBOOK)
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True, read_only=False)
        grids = [xlsx_sheet_grid(ws) for ws in workbook.worksheets]
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise IngestError(f"XLSX 文件无法读取：{exc}") from None
    lines: list[Line] = []
    tables: list[SourceTable] = []
    for page, grid in enumerate(grids, start=1):
        rows = []
        for number, row in enumerate(grid, start=1):
            lines.append(Line("\t".join(row).rstrip("\t"), page, number))
            rows.append([Printed(text, page, number) for text in row])
        if rows:
            tables.append(SourceTable(rows))
    return Source(name=name, kind="xlsx", lines=lines, tables=tables)

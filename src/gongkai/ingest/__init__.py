"""Ingest of published 政府信息公开工作年度报告 (条例 §50): from printed tables to cells.

The first bricks: :mod:`gongkai.ingest.numbers` reads a printed figure, :mod:`gongkai.ingest.grid`
reads DOCX, XLSX and HTML tables into grids and grids into the cells of a format
(国办公开办函〔2021〕30号 and its predecessors).

Stage one, :func:`gongkai.ingest.containers.open_path` / ``open_bytes``, opens any file (PDF,
DOCX, DOC, HTML, text; chosen by content) into a :class:`gongkai.ingest.source.Source`;
:mod:`gongkai.ingest.pipeline` runs open → interpret → audit for one file, and
:mod:`gongkai.ingest.batch` for many (``gongkai ingest``).
"""

from __future__ import annotations

from gongkai.ingest.grid import (
    LayoutMismatch,
    TextGrid,
    docx_grids,
    html_grids,
    read_cells,
    read_local,
    read_rendered,
    xlsx_grids,
)
from gongkai.ingest.numbers import Reading, parse_number

__all__ = [
    "LayoutMismatch",
    "Reading",
    "TextGrid",
    "docx_grids",
    "html_grids",
    "parse_number",
    "read_cells",
    "read_local",
    "read_rendered",
    "xlsx_grids",
]

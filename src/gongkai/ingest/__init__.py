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

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# Loaded on first use (PEP 562): the rules import gongkai.ingest.labels, and importing this
# package must not load the readers (openpyxl, python-docx) for every ``gongkai check``.
_EXPORTS = {
    "LayoutMismatch": "grid",
    "TextGrid": "grid",
    "docx_grids": "grid",
    "html_grids": "grid",
    "read_cells": "grid",
    "read_local": "grid",
    "read_rendered": "grid",
    "xlsx_grids": "grid",
    "Reading": "numbers",
    "parse_number": "numbers",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


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

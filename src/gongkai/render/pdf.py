"""The annual report and other official documents as PDF, typeset by Typst.

One layout for screen and paper (条例 §50; 国办公开办函〔2021〕30号): A4 with the GB/T 9704
margins, body 仿宋 三号 on the 28 pt grid, CJK text in the 公文 fonts when installed and in Noto
CJK otherwise, so the PDF carries real text (searchable, extractable), not images of glyphs.

The templates are the ``.typ`` files in ``templates/`` (``main.typ`` imports ``gongwen.typ`` for
the page and type, ``report.typ`` for the annual report, ``blocks.typ`` for letters).  What a
document says travels as JSON in ``sys.inputs`` and is read by ``json()``: agency names and
narratives are strings to Typst, never markup, so a ``#`` or ``*`` in them prints as itself.
The printed document is :func:`gongkai.render.document`, the one every renderer prints; tables
keep the merged cells of :mod:`gongkai.render.layout`.

Speed.  Each process keeps one compiler (loading the fonts costs about a second); Typst runs
its layout on one thread (``RAYON_NUM_THREADS=1``: a worker process is one core, and the thread
pool only adds overhead for documents this size).  The template is passed by path: a template
given as bytes failed on its second compilation in the binding.

Tagged PDF.  The output is tagged (PDF/UA-style structure: headings, paragraphs, table cells
with their header cells), Typst's default: a published report must be readable with a screen
reader (GB/T 37668《信息技术 互联网内容无障碍可访问性技术要求与测试方法》), and tagging costs
little next to the layout itself (``benchmarks/bench_render.py`` prints both).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

os.environ.setdefault("RAYON_NUM_THREADS", "1")  # before the binding starts its thread pool

import typst

from gongkai.render import Document, PrintedTable, document
from gongkai.render.layout import GridCell
from gongkai.report import Report

TEMPLATES = Path(__file__).parent / "templates"
MAIN = TEMPLATES / "main.typ"

# The roles of a line in a generic document (templates/blocks.typ).
ROLES = frozenset({"title", "heading", "subheading", "body", "plain", "center", "right", "blank"})

_lock = threading.Lock()  # one compiler, used by one thread at a time


@cache
def _compiler() -> typst.Compiler:
    return typst.Compiler(str(MAIN), root=str(TEMPLATES))


def compile_pdf(kind: str, data: dict[str, Any], *, tagged: bool = True) -> bytes:
    """The PDF of ``templates/main.typ`` for document ``kind`` with content ``data``."""
    inputs = {"kind": kind, "data": json.dumps(data, ensure_ascii=False)}
    with _lock:
        pdf = _compiler().compile(sys_inputs=inputs, pdf_tags=tagged)
    assert isinstance(pdf, bytes)
    return pdf


# Annual reports ---------------------------------------------------------------------------------


@cache
def _table_cells(table: PrintedTable) -> tuple[tuple[GridCell, str], ...]:
    """The cells of ``table`` in reading order, each with its kind: "h" a header cell (centred),
    "l" a row label read from the left, "d" a figure."""
    return tuple(
        (p.cell, "d" if p.is_data else "l" if p.left else "h") for row in table.rows for p in row
    )


def table_json(doc: Document, table: PrintedTable, caption: str | None) -> dict[str, Any]:
    return {
        "caption": caption,
        "wide": table.wide,
        "widths": list(table.widths),
        "header_rows": table.header_rows,
        "cells": [
            [c.col, c.row, c.rowspan, c.colspan, doc.text(c), kind]
            for c, kind in _table_cells(table)
        ],
    }


def report_json(doc: Document) -> dict[str, Any]:
    """The content of ``templates/report.typ`` for one printed document."""
    n = len(doc.attachments)
    return {
        "title": doc.title,
        "sections": [
            {
                "heading": section.heading,
                "paragraphs": list(section.paragraphs),
                "tables": [
                    table_json(doc, t, t.caption if section.shows_caption(t) else None)
                    for t in section.tables
                ],
            }
            for section in doc.sections
        ],
        "annex_note": doc.annex_note.splitlines() if doc.annex_note else [],
        "signature": [line for line in (doc.signature, doc.date) if line],
        "attachments": [
            {**table_json(doc, t, t.caption), "label": f"附件{i if n > 1 else ''}"}
            for i, t in enumerate(doc.attachments, start=1)
        ],
    }


def render_pdf(report: Report) -> bytes:
    """``report`` as a PDF document."""
    return compile_pdf("report", report_json(document(report)))


# Other documents --------------------------------------------------------------------------------


def blocks_pdf(title: str, lines: Sequence[tuple[str, str]]) -> bytes:
    """A 公文-style PDF of ``lines`` (role, text), roles from :data:`ROLES`: a letter, a notice.

    ``title`` is the document's metadata title (shown by PDF readers).
    """
    unknown = {role for role, _ in lines} - ROLES
    if unknown:
        raise ValueError(f"unknown line roles: {sorted(unknown)}")
    return compile_pdf("blocks", {"title": title, "lines": [list(line) for line in lines]})

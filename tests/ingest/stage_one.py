"""Small documents built for the stage-one (container) tests of ingest; imported as ``stage_one``."""

from __future__ import annotations

import io
import sys
from functools import cache
from pathlib import Path

import docx
import pypdfium2 as pdfium
from docx.shared import Pt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the shared ``tools``

from tools import CORPUS, require_tool

DATA = Path(__file__).parent / "data"

__all__ = ["CORPUS", "DATA", "require_tool"]

# A cn2021 table 3 excerpt with the merges of the official template: a row label merged down
# (vMerge) and a header merged across (gridSpan).
TABLE = [
    ["申请人情况", "申请人情况", "自然人", "法人或其他组织"],
    ["一、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量", "12", "3"],
    ["三、本年度办理结果", "（一）予以公开", "5", "1"],
    ["三、本年度办理结果", "（二）部分公开", "7", "2"],
]


def docx_bytes() -> bytes:
    """Heading, paragraph, a merged table, a closing paragraph with a line break."""
    document = docx.Document()
    document.add_paragraph("某县人民政府2023年政府信息公开工作年度报告")
    document.add_paragraph("一、总体情况")
    table = document.add_table(rows=4, cols=4)
    for r, row in enumerate(TABLE):
        for c, text in enumerate(row):
            if r and c == 0 and row[0] == TABLE[r - 1][0]:
                continue  # the merge below carries it
            if c and text == row[c - 1]:
                continue
            table.cell(r, c).text = text
    table.cell(0, 0).merge(table.cell(0, 1))  # gridSpan
    table.cell(1, 0).merge(table.cell(1, 1))
    table.cell(2, 0).merge(table.cell(3, 0))  # vMerge
    paragraph = document.add_paragraph("二、存在的主要问题")
    paragraph.add_run().add_break()
    paragraph.add_run("及改进情况").font.size = Pt(12)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def image_pdf(html: str) -> bytes:
    """A scanned-looking PDF: ``html`` printed by WeasyPrint, rasterised, saved as images only."""
    from weasyprint import HTML

    printed = HTML(string=html).write_pdf()
    document = pdfium.PdfDocument(printed)
    images = []
    try:
        for i in range(len(document)):
            page = document[i]
            bitmap = page.render(scale=200 / 72)
            images.append(bitmap.to_pil().convert("RGB"))
            bitmap.close()
            page.close()
    finally:
        document.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=200)
    return out.getvalue()


@cache
def printed_example(to: str) -> bytes:
    """The real 平潭综合实验区管委会 2022 report (the bundled example, every figure as published)
    printed by our renderer as ``to``: the corpus has no published PDF or DOCX report from a
    permitted source yet (tests/corpus/README.md)."""
    from gongkai import examples
    from gongkai.render import render

    return render(examples.report(), to)


def printed_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html).write_pdf())

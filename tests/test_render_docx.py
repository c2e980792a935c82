"""The DOCX rendering: GB/T 9704 page, official merged cells, fonts, and LibreOffice opens it."""

import io
import subprocess

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from gongkai.render import render
from gongkai.render.docx import render_docx
from tools import HOSTILE_AGENCY, edge_report, require_tool

TOLERANCE = Mm(0.1)


def open_docx(report):
    return docx.Document(io.BytesIO(render_docx(report)))


def test_page_is_a4_with_gbt9704_margins():
    section = open_docx(edge_report("cn2021")).sections[0]
    for actual, expected in [
        (section.page_width, Mm(210)),
        (section.page_height, Mm(297)),
        (section.top_margin, Mm(37)),
        (section.bottom_margin, Mm(35)),
        (section.left_margin, Mm(28)),
        (section.right_margin, Mm(26)),
    ]:
        assert abs(actual - expected) < TOLERANCE


def test_table_three_has_the_official_grid_and_merges():
    doc = open_docx(edge_report("cn2021"))
    _, t3, t4 = doc.tables
    assert (len(t3.rows), len(t3.columns)) == (28, 10)
    assert (len(t4.rows), len(t4.columns)) == (4, 15)
    assert t3.style.name == "Table Grid"

    results = t3.cell(5, 0)
    assert results.text == "三、本年度办理结果"
    assert all(t3.cell(r, 0)._tc is results._tc for r in range(5, 27))  # 22 rows
    assert t3.cell(27, 0)._tc is not results._tc
    note = t3.cell(0, 0)
    assert note.text.startswith("（本列数据的勾稽关系为")
    assert all(t3.cell(r, c)._tc is note._tc for r in range(3) for c in range(3))
    assert t3.cell(0, 3).text == "申请人情况" and t3.cell(0, 9)._tc is t3.cell(0, 3)._tc


def test_figures_are_centred_and_labels_read_from_the_left():
    doc = open_docx(edge_report("cn2021"))
    t3 = doc.tables[1]
    assert t3.cell(3, 3).paragraphs[0].style.paragraph_format.alignment == 1  # CENTER
    assert t3.cell(7, 2).paragraphs[0].style.paragraph_format.alignment == 0  # LEFT
    assert t3.cell(7, 2).text == "1.属于国家秘密"


def test_fonts_are_set_for_east_asian_text():
    doc = open_docx(edge_report("cn2021"))
    title = doc.paragraphs[0]
    assert title.text.endswith("年政府信息公开工作年度报告")
    fonts = title.style.element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    body = doc.styles["公文正文"].element.rPr.rFonts
    assert body.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert doc.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_document_text_and_signature():
    report = edge_report("cn2021")
    report.agency = HOSTILE_AGENCY
    doc = open_docx(report)
    texts = [p.text for p in doc.paragraphs if p.text]
    assert texts[0] == f"{HOSTILE_AGENCY}{report.year}年政府信息公开工作年度报告"
    assert "一、总体情况" in texts and "六、其他需要报告的事项" in texts
    assert texts[-2:] == [HOSTILE_AGENCY, "2024年1月20日"]


def test_cn2014_statistics_table_is_attached_on_its_own_page():
    doc = open_docx(edge_report("cn2014"))
    (table,) = doc.tables
    assert (len(table.rows), len(table.columns)) == (68, 3)
    annex = next(p for p in doc.paragraphs if p.text == "附件")
    assert annex.paragraph_format.page_break_before
    assert "附件：政府信息公开情况统计表" in [p.text for p in doc.paragraphs]


def test_same_report_gives_the_same_bytes():
    assert render_docx(edge_report("cn2019", 2)) == render_docx(edge_report("cn2019", 2))


def test_libreoffice_converts_it_to_pdf(tmp_path):
    soffice = require_tool("soffice")
    pdftotext = require_tool("pdftotext")
    report = edge_report("cn2021", 1)
    source = tmp_path / "report.docx"
    source.write_bytes(render(report, "docx"))
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "report.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "本年新收政府信息公开申请数量" in text
    assert "96171.6" in text


@pytest.mark.parametrize("fmt", ["cn2019", "local"])
def test_other_formats_open(fmt):
    doc = open_docx(edge_report(fmt))
    assert doc.paragraphs[0].text.endswith("政府信息公开工作年度报告")

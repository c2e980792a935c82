"""Stage one of ingest: every kind of published report file opens into a Source (条例 §50).

Expected values were read by hand from the corpus files (the HTML source, the text) and are
checked here against what the readers give.  No published PDF or DOCX report from a permitted
source is in the corpus yet (tests/corpus/README.md), so the PDF and DOCX tests read the real
平潭综合实验区管委会 2022 report (the bundled example, every figure as published) printed by our
own renderer in the official layout: seven A4 pages with "— n —" page numbers, ruled tables, 表三
cut by a page break, merged cells (gridSpan/vMerge) in the DOCX.
"""

from __future__ import annotations

import io
import re
import shutil

import docx
import pypdfium2 as pdfium
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from stage_one import (
    CORPUS,
    DATA,
    TABLE,
    docx_bytes,
    image_pdf,
    printed_example,
    printed_pdf,
    require_tool,
)

from gongkai.ingest import pdf as pdf_reader
from gongkai.ingest.containers import open_bytes, open_path, sniff
from gongkai.ingest.source import IngestError, Source

SHANGHAI = CORPUS / "shanghai-gov-office-2019.html"
PINGTAN_HTML = CORPUS / "pingtan-html" / "pingtan-zhq-2012.html"
PAGE_NUMBER = re.compile(r"^[—-]\s*\d+\s*[—-]$")


def line_at(source: Source, page: int | None, number: int) -> str:
    return next(ln.text for ln in source.lines if ln.page == page and ln.number == number)


def assert_traced(source: Source) -> None:
    """Every table cell points at a line of the source, and a printed figure is on that line."""
    numbers = {(ln.page, ln.number) for ln in source.lines}
    for table in source.tables:
        for row in table.rows:
            for cell in row:
                assert (cell.page, cell.line) in numbers, cell
                if cell.text.isdigit():
                    assert cell.text in line_at(source, cell.page, cell.line).split(), cell


@pytest.fixture(scope="module")
def pdf() -> Source:
    return open_bytes(printed_example("pdf"), "pingtan-zhq-2022.pdf")


@pytest.fixture(scope="module")
def word() -> Source:
    return open_bytes(printed_example("docx"), "pingtan-zhq-2022.docx")


# Sniffing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (DATA / "report.doc", "doc"),
        (SHANGHAI, "html"),  # starts with <p>, no <html>
        (PINGTAN_HTML, "html"),
        (CORPUS / "seed-000-township-2017.txt", "text"),  # markdown tables, "<" nowhere first
        (CORPUS / "pingtan-zhq-2022.txt", "text"),  # "标题: …" header, whole body on one line
    ],
)
def test_sniff_by_content(path, kind):
    assert sniff(path.read_bytes()) == kind


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_sniff_printed_report_by_content(kind):
    assert sniff(printed_example(kind)) == kind


@pytest.mark.parametrize("kind", ["pdf", "docx", "html"])
def test_wrong_extension_still_reads(kind, tmp_path):
    right = tmp_path / f"report.{kind}"
    if kind == "html":
        shutil.copy(SHANGHAI, right)
    else:
        right.write_bytes(printed_example(kind))
    wrong = tmp_path / "report.txt"
    shutil.copy(right, wrong)
    assert open_path(wrong).kind == open_path(right).kind == kind


# PDF --------------------------------------------------------------------------------------------


def test_pdf_lines_per_page_without_page_numbers(pdf):
    pages = sorted({ln.page for ln in pdf.lines})
    assert pages == list(range(1, len(pages) + 1)) and len(pages) >= 5
    # "— 1 —" … foot every page and are dropped; numbering restarts on each page
    assert not any(PAGE_NUMBER.match(ln.text) for ln in pdf.lines)
    for page in pages:
        numbers = [ln.number for ln in pdf.lines if ln.page == page]
        assert numbers == list(range(1, len(numbers) + 1))
    assert line_at(pdf, 1, 1).startswith("平潭综合实验区管委会2022年")
    assert pdf.lines[-1].text == "2023年2月20日"
    text = "".join(ln.text for ln in pdf.lines)
    assert "2022年，全区收到政府信息公开申请75件" in text  # the figure the audit compares


def test_pdf_running_header_and_page_numbers_dropped():
    margin = '@top-center { content: "某县人民政府办公室" }'
    margin += '@bottom-center { content: "第 " counter(page) " 页 共 " counter(pages) " 页" }'
    body = "".join(f"<p>第{i}段：本年度共受理政府信息公开申请{i}件。</p>" for i in range(60))
    source = open_bytes(
        printed_pdf(f"<style>@page {{ size: A5; {margin} }}</style>{body}"), "r.pdf"
    )
    # every paragraph kept (their first lines look alike but their numbers are not page numbers)
    assert [ln.text for ln in source.lines] == [
        f"第{i}段：本年度共受理政府信息公开申请{i}件。" for i in range(60)
    ]
    assert max(ln.page for ln in source.lines) >= 3
    for page in {ln.page for ln in source.lines}:
        numbers = [ln.number for ln in source.lines if ln.page == page]
        assert numbers == list(range(1, len(numbers) + 1))


def test_pdf_ruled_tables(pdf):
    shapes = [(len(t.rows), len(t.rows[0])) for t in pdf.tables]
    # 第二十条 (一)(五)(六)(八); 表三 over two pages (its three header rows printed again on the
    # second, kept as printed); 表四
    assert shapes == [(14, 4), (31, 10), (4, 15)]
    t3 = pdf.tables[1].texts
    assert t3[3] == ["一、本年新收政府信息公开申请数量"] * 3 + ["71", "3", "0", "0", "0", "0", "74"]
    assert t3[4][3:] == ["1", "0", "0", "0", "0", "0", "1"]
    assert t3[29][1:] == ["（七）总计", "（七）总计", "72", "3", "0", "0", "0", "0", "75"]
    assert t3[30][3:] == ["0"] * 7
    assert t3[2][4:9] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert t3[18] == t3[0] and t3[20] == t3[2]  # the header again at the top of page 6
    # table 4: 0 1 1 0 2 | 1 0 0 0 1 | 0 0 0 0 0
    t4 = pdf.tables[2].texts
    assert t4[3] == ["0", "1", "1", "0", "2", "1", "0", "0", "0", "1", "0", "0", "0", "0", "0"]
    assert t4[0][:5] == ["行政复议"] * 5
    assert t4[1][5:10] == ["未经复议直接起诉"] * 5
    # identities of the printed figures: 74 + 1 = 75 + 0; 0+1+1+0 = 2
    assert int(t3[3][9]) + int(t3[4][9]) == int(t3[29][9]) + int(t3[30][9])
    assert sum(int(v) for v in t4[3][:4]) == int(t4[3][4])
    t2 = pdf.tables[0].texts
    assert t2[3] == ["行政规范性文件", "88", "55", "698"]


def test_pdf_cells_traced_to_page_and_line(pdf):
    assert_traced(pdf)
    t3 = pdf.tables[1]
    first = t3.rows[3][3]
    assert first.text == "71"
    assert (
        line_at(pdf, first.page, first.line) == "一、本年新收政府信息公开申请数量 71 3 0 0 0 0 74"
    )
    total = t3.rows[29][9]
    assert (total.text, total.page) == ("75", first.page + 1)
    assert line_at(pdf, total.page, total.line) == "（七）总计 72 3 0 0 0 0 75"


def test_pdf_table_cut_by_page_break_is_joined(pdf):
    t3 = pdf.tables[1]
    first = t3.rows[0][3].page
    assert {cell.page for row in t3.rows for cell in row} == {first, first + 1}
    assert [f.rule for f in pdf.findings] == ["ingest.table_continued"]
    assert f"第 {first} 页的表格在第 {first + 1} 页续排" in pdf.findings[0].message


def test_pdf_of_a_printed_table():
    html = """<style>td { border: 1px solid black; padding: 4px }</style>
    <p>某县2023年政府信息公开工作年度报告</p>
    <table style="border-collapse: collapse">
      <tr><td rowspan="2">信息内容</td><td colspan="2">本年</td></tr>
      <tr><td>制发件数</td><td>废止件数</td></tr>
      <tr><td>规章</td><td>3</td><td>1</td></tr>
    </table>"""
    source = open_bytes(printed_pdf(html), "printed.pdf")
    assert source.kind == "pdf"
    assert source.lines[0].text == "某县2023年政府信息公开工作年度报告"
    assert [t.texts for t in source.tables] == [
        [["信息内容", "本年", "本年"], ["信息内容", "制发件数", "废止件数"], ["规章", "3", "1"]]
    ]
    assert_traced(source)


def test_scanned_pdf_needs_ocr(monkeypatch):
    monkeypatch.setattr(pdf_reader, "tesseract", lambda: None)
    source = open_bytes(image_pdf("<h1>某县2023年政府信息公开工作年度报告</h1>"), "scan.pdf")
    assert source.lines == []
    [finding] = source.findings
    assert (finding.rule, finding.severity, finding.actual) == ("ingest.ocr_needed", "error", [1])
    assert finding.message.endswith("需要OCR")


def test_pdf_with_one_scanned_page(monkeypatch):
    monkeypatch.setattr(pdf_reader, "tesseract", lambda: None)
    document = pdfium.PdfDocument(printed_pdf("<p>第一页有文字层</p>"))
    document.import_pages(pdfium.PdfDocument(image_pdf("<p>第二页是扫描件</p>")))
    out = io.BytesIO()
    document.save(out)
    source = open_bytes(out.getvalue(), "mixed.pdf")
    assert [(ln.page, ln.text) for ln in source.lines] == [(1, "第一页有文字层")]
    [finding] = source.findings
    assert (finding.rule, finding.severity, finding.actual) == ("ingest.ocr_needed", "warning", [2])
    assert finding.message.startswith("第 2 页没有文字层")


@pytest.mark.slow
def test_scanned_pdf_is_read_by_ocr_when_tesseract_is_installed():
    require_tool("tesseract")  # optional locally; scripts/setup.sh installs it, so CI runs this
    if pdf_reader.tesseract() is None:
        pytest.fail("tesseract is installed without its chi_sim language data")
    html = "<h1>政府信息公开工作年度报告</h1><p>本年度共受理政府信息公开申请 15 件。</p>"
    source = open_bytes(image_pdf(html), "scan.pdf")
    assert [f.rule for f in source.findings] == ["ingest.ocr_used"]
    text = "".join(ln.text for ln in source.lines).replace(" ", "")
    assert "政府信息公开" in text
    assert "15" in text


# DOCX and DOC -----------------------------------------------------------------------------------


def test_docx_merged_cells(word):
    source = word
    assert source.kind == "docx"
    assert [(len(t.rows), len(t.rows[0])) for t in source.tables] == [(14, 4), (28, 10), (4, 15)]
    t3 = source.tables[1]
    # gridSpan: the caption spans three columns; vMerge: it also spans three rows
    assert {c.text for row in t3.rows[:3] for c in row[:3]} == {
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    }
    assert len({id(c) for row in t3.rows[:3] for c in row[:3]}) == 1  # one printed cell
    assert t3.rows[2][4].text == "商业企业"
    # vMerge: "三、本年度办理结果" is one printed cell down the 22 rows of part 三
    assert len({id(row[0]) for row in t3.rows[5:27]}) == 1
    assert t3.rows[5][0].text == "三、本年度办理结果"
    assert [c.text for c in t3.rows[3][3:]] == ["71", "3", "0", "0", "0", "0", "74"]
    assert [c.text for c in t3.rows[26][3:]] == ["72", "3", "0", "0", "0", "0", "75"]
    # gridSpan across the 表二 (五) value columns: one printed figure, not three
    t2 = source.tables[0]
    assert len({id(c) for c in t2.rows[6][1:]}) == 1 and t2.rows[6][1].text == "10690"
    # body order: the heading of part 三 comes just before the first row of table 3
    heading = next(ln for ln in source.lines if ln.text == "三、收到和处理政府信息公开申请情况")
    assert t3.rows[0][0].line == heading.number + 1
    assert_traced(source)


def test_docx_built_body_order_and_merges():
    source = open_bytes(docx_bytes(), "built.docx")
    assert [ln.text for ln in source.lines] == [
        "某县人民政府2023年政府信息公开工作年度报告",
        "一、总体情况",
        "申请人情况\t自然人\t法人或其他组织",
        "一、本年新收政府信息公开申请数量\t12\t3",
        "三、本年度办理结果\t（一）予以公开\t5\t1",
        "（二）部分公开\t7\t2",  # the merged label is printed once, on the row it starts
        "二、存在的主要问题",
        "及改进情况",
    ]
    [table] = source.tables
    assert table.texts == TABLE
    assert [[c.line for c in row] for row in table.rows] == [
        [3, 3, 3, 3],
        [4, 4, 4, 4],
        [5, 5, 5, 5],
        [5, 6, 6, 6],
    ]


def test_docx_content_controls_are_read_in_place():
    document = docx.Document()
    document.add_paragraph("某县2023年政府信息公开工作年度报告")
    control = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    document.element.body.insert(1, control)
    document.add_paragraph("二、主动公开政府信息情况")
    out = io.BytesIO()
    document.save(out)
    assert [ln.text for ln in open_bytes(out.getvalue(), "sdt.docx").lines] == [
        "某县2023年政府信息公开工作年度报告",
        "一、总体情况",
        "二、主动公开政府信息情况",
    ]


@pytest.mark.slow
def test_doc_through_libreoffice():
    require_tool("soffice")
    source = open_path(DATA / "report.doc")
    assert source.kind == "doc"
    assert source.tables[0].texts == TABLE
    assert source.lines[0].text == "某县人民政府2023年政府信息公开工作年度报告"


def test_doc_without_libreoffice_names_the_package(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(IngestError, match="libreoffice-writer-nogui"):
        open_path(DATA / "report.doc")


# HTML -------------------------------------------------------------------------------------------


def test_html_shanghai_nested_spans_and_nbsp():
    source = open_path(SHANGHAI)
    assert source.meta == {"encoding": "utf-8"}  # a portal fragment: no <title>
    assert source.lines[0].text == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    shapes = [(len(t.rows), len(t.rows[0])) for t in source.tables]
    assert shapes == [(18, 5), (26, 10), (4, 15)]
    t3 = source.tables[1].texts
    # &nbsp; cells are blank, never 0; 总计 printed 859
    assert t3[3][3:] == ["821", "35", "", "", "2", "1", "859"]
    assert t3[5][:3] == ["三、本年度办理结果", "（一）予以公开", "（一）予以公开"]
    assert t3[1][4:9] == ["法人或其他组织"] * 5
    row = source.tables[1].rows[3]
    assert line_at(source, None, row[3].line) == "\t".join(
        ["一、本年新收政府信息公开申请数量", "821", "35", "", "", "2", "1", "859"]
    )
    assert_traced(source)


def test_html_pingtan_page_without_navigation():
    source = open_path(PINGTAN_HTML)
    assert source.meta["title"].startswith("平潭综合实验区2012年政府信息公开工作年度报告")
    assert source.meta["published"] == "2013-02-25"
    assert source.meta["encoding"] == "utf-8"
    texts = [ln.text for ln in source.lines]
    assert "平潭综合实验区2012年政府信息公开工作年度报告" in texts
    assert not any("省人大" in t for t in texts)  # the portal header's links
    assert not any("function" in t or "var " in t for t in texts)  # scripts
    [table] = source.tables
    assert table.texts[0] == ["指标名称", "计量单位", "2012年度", "历年累计"]
    assert table.texts[1] == ["主动公开信息数", "条", "739", "4359"]  # text says 1913 (README)
    assert_traced(source)


def test_html_gbk_without_meta_charset():
    html = (
        "<html><body><p>平潭县人民政府2013年政府信息公开工作年度报告</p><p>朱镕基</p></body></html>"
    )
    source = open_bytes(html.encode("gbk"), "gbk.html")
    assert source.meta["encoding"] == "gb18030"
    assert [ln.text for ln in source.lines] == [
        "平潭县人民政府2013年政府信息公开工作年度报告",
        "朱镕基",  # 镕 is GBK, not GB2312
    ]


def test_html_gb2312_declared_is_read_as_gb18030():
    html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    html += "<title>年度报告</title></head><body><p>朱镕基 受理申请117件</p></body></html>"
    source = open_bytes(html.encode("gb18030"), "gb2312.html")
    assert source.meta == {"encoding": "gb18030", "title": "年度报告"}
    assert source.lines[-1].text == "朱镕基 受理申请117件"


def test_html_saved_as_utf16_by_a_windows_editor():
    html = "<html><head><title>年度报告</title></head><body><p>受理申请117件</p></body></html>"
    source = open_bytes(html.encode("utf-16"), "notepad.htm")
    assert (source.kind, source.meta["encoding"]) == ("html", "utf-16")
    assert [ln.text for ln in source.lines] == ["受理申请117件"]


def test_xhtml_with_an_xml_declaration():
    page = '<?xml version="1.0" encoding="gb2312"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
    page += "<body><p>朱镕基 受理申请117件</p></body></html>"
    source = open_bytes(page.encode("gb18030"), "page.xhtml")
    assert (source.kind, source.meta["encoding"]) == ("html", "gb18030")
    assert [ln.text for ln in source.lines] == ["朱镕基 受理申请117件"]


def test_html_traditional_chinese_big5_kept_as_printed():
    html = '<html><head><meta charset="big5"><title>政府資訊公開工作年度報告</title></head>'
    html += "<body><table><tr><td>收到申請數</td><td>１２</td></tr></table></body></html>"
    source = open_bytes(html.encode("big5"), "big5.htm")
    assert source.meta["encoding"] == "big5hkscs"
    assert source.meta["title"] == "政府資訊公開工作年度報告"
    assert source.tables[0].texts == [["收到申請數", "１２"]]


def test_html_hostile_markup_is_inert():
    html = """<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
    <html><head><script>alert(1)</script><style>p{}</style>
    <link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head>
    <body onload="alert(2)"><p>受理申请<img src="http://127.0.0.1:9/x.png" onerror="alert(3)">117件&xxe;</p>
    <iframe src="javascript:alert(4)">框架</iframe><nav>首页 | 政务公开</nav>
    <div class="footer">版权所有</div><form><input value="搜索"></form></body></html>"""
    source = open_bytes(html.encode(), "hostile.html")
    text = source.text
    assert "受理申请117件" in text
    for absent in ("alert", "root:", "框架", "首页", "版权所有", "搜索"):
        assert absent not in text


def test_html_article_header_is_kept_portal_header_dropped():
    html = """<header><a href="/">首页</a> 政务公开</header><main><article>
    <header><h1>某县2023年政府信息公开工作年度报告</h1><p>发布时间：2024-01-20</p></header>
    <p>一、总体情况</p></article></main><footer>主办单位：某县人民政府办公室</footer>"""
    source = open_bytes(html.encode(), "article.html")
    assert [ln.text for ln in source.lines] == [
        "某县2023年政府信息公开工作年度报告",
        "发布时间：2024-01-20",
        "一、总体情况",
    ]


def test_html_layout_table_is_read_as_blocks():
    html = """<table><tr><td><p>年度报告正文</p>
    <table><tr><td>项目</td><td>数量</td></tr><tr><td>受理</td><td>12</td></tr></table>
    </td></tr></table>"""
    source = open_bytes(html.encode(), "layout.html")
    assert [t.texts for t in source.tables] == [[["项目", "数量"], ["受理", "12"]]]
    assert source.lines[0].text == "年度报告正文"


# Text -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        ("本年度受理申请117件\n办结171件\n".encode(), "utf-8"),
        ("\ufeff本年度受理申请117件\n办结171件\n".encode(), "utf-8"),
        ("本年度受理申请117件\r\n办结171件\r\n".encode("utf-16"), "utf-16"),
        ("本年度受理申请117件\n办结171件\n".encode("gb18030"), "gb18030"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "gb18030"],
)
def test_text_encodings(encoded, encoding):
    source = open_bytes(encoded, "report.txt")
    assert (source.kind, source.meta["encoding"]) == ("text", encoding)
    assert [ln.text for ln in source.lines] == ["本年度受理申请117件", "办结171件"]


def test_text_corpus_lines_as_in_the_file():
    path = CORPUS / "seed-000-township-2017.txt"
    source = open_path(path)
    assert [ln.text for ln in source.lines] == path.read_text("utf-8").splitlines()
    assert source.lines[0].number == 1


@pytest.mark.parametrize("fmt", ["cn2021", "cn2019", "cn2014"])
def test_xlsx_workbook_round_trip_through_the_whole_pipeline(fmt):
    """A report our renderer saved as XLSX is read back, every figure from its own cell."""
    from gongkai.ingest.interpret import interpret
    from gongkai.render import render
    from gongkai.synth import consistent_report

    report = consistent_report(fmt, 7)
    source = open_bytes(render(report, "xlsx"), "report.bin")  # content decides, not the name
    assert source.kind == "xlsx"
    assert source.tables and all(t.rows for t in source.tables)
    first = source.tables[0].rows[0][0]
    assert (first.page, first.line) == (1, 1)  # a worksheet counts as a page, a row as a line
    read = interpret(source)
    assert read.format == fmt
    assert {k: read.cells[k] for k in report.cells} == report.cells

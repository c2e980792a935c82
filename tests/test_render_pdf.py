"""The PDF rendering (Typst): a real PDF whose CJK text is text (extractable, embedded subset
fonts), in 公文 typesetting: no line starts with a closing bracket or ，。 and justified lines are
not made by squeezing punctuation (GB/T 9704; GB/T 15834 标点符号用法)."""

import io
import itertools
import subprocess

import pdfplumber
import pytest

from gongkai import formats
from gongkai.ingest.containers import open_bytes
from gongkai.ingest.interpret import interpret
from gongkai.render import render
from gongkai.render.pdf import blocks_pdf
from tools import edge_report, require_tool

# Characters that may not start a line (GB/T 15834: 点号和后括号、后引号不出现在行首).
CLOSING = set("）》」』】〕，。、；：？！”’")
BODY_SIZE = 16  # 三号


def flat(text):
    return "".join(text.split())


def pdf_text(tmp_path, data):
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        [require_tool("pdftotext"), "-layout", str(path), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    info = subprocess.run(
        [require_tool("pdfinfo"), str(path)], check=True, capture_output=True, text=True
    ).stdout
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    return text, pages


def test_pdf_carries_the_labels_and_figures_as_text(tmp_path):
    report = edge_report("cn2021", 1)
    data = render(report, "pdf")
    assert data.startswith(b"%PDF-")
    text, pages = pdf_text(tmp_path, data)
    assert 2 <= pages <= 6
    assert "本年新收政府信息公开申请数量" in text
    assert "96171.6" in text
    assert f"示例县人民政府{report.year}年政府信息公开工作年度报告" in flat(text)
    assert "2024年1月20日" in text
    assert "\ufffd" not in text


@pytest.mark.parametrize("fmt", ["cn2019", "cn2014", "local"])
def test_other_formats_render(tmp_path, fmt):
    data = render(edge_report(fmt), "pdf")
    text, pages = pdf_text(tmp_path, data)
    assert 1 <= pages <= 6
    assert "政府信息公开工作年度报告" in flat(text)
    if fmt == "cn2014":
        assert "附件" in text and "政府信息公开情况统计表" in text


def test_fonts_are_embedded_subsets(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(render(edge_report("cn2021"), "pdf"))
    out = subprocess.run(
        [require_tool("pdffonts"), str(path)], check=True, capture_output=True, text=True
    ).stdout
    fonts = out.splitlines()[2:]
    assert fonts
    for line in fonts:
        name, *_, emb, sub, uni, _obj, _gen = line.split()
        assert "+" in name, line  # a subset tag, e.g. ABCDEF+NotoSerifCJKsc-Regular
        assert (emb, sub, uni) == ("yes", "yes", "yes"), line


def test_agency_text_is_printed_as_text_not_markup(tmp_path):
    report = edge_report("cn2021")
    report.agency = '#set page(fill: red) *示例县* _人民政府_ $x$ "]'
    report.sections["overview"] = "#pagebreak() 第一段 = 标题 <label> @ref `raw`"
    text, _ = pdf_text(tmp_path, render(report, "pdf"))
    assert '#set page(fill: red) *示例县* _人民政府_ $x$ "]' in text
    assert "#pagebreak() 第一段 = 标题 <label> @ref `raw`" in text


def test_pdf_is_tagged(tmp_path):
    """Tagged PDF (structure for screen readers), the choice made in gongkai.render.pdf."""
    path = tmp_path / "report.pdf"
    path.write_bytes(render(edge_report("cn2014"), "pdf"))
    info = subprocess.run(
        [require_tool("pdfinfo"), str(path)], check=True, capture_output=True, text=True
    ).stdout
    assert "Tagged:          yes" in info
    assert "Title:           示例县人民政府" in info


def test_same_report_gives_same_bytes():
    report = edge_report("cn2019", 2)
    assert render(report, "pdf") == render(report, "pdf")


def _lines(data):
    """The text lines of a PDF, per page in content order, as lists of pdfplumber chars."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            line = []
            for char in page.chars:
                if line and (abs(char["top"] - line[-1]["top"]) > 1 or char["x0"] < line[-1]["x0"]):
                    yield line
                    line = []
                line.append(char)
            if line:
                yield line


@pytest.mark.parametrize("fmt", list(formats.FORMATS))
def test_no_line_starts_with_a_closing_bracket_or_stop(fmt):
    """The narrow label cells of 表三 ("（三）不予公开") wrap without orphaning "）"."""
    report = edge_report(fmt, 1)
    report.sections[report.definition.sections[0].key] = (
        "本机关认真贯彻《条例》（2019年修订），全年共收到申请（含网上申请），办结申请。" * 6
    )
    lines = list(_lines(render(report, "pdf")))
    assert len(lines) > 20
    starts = "".join(line[0]["text"] for line in lines)
    assert not CLOSING & set(starts), starts


def test_justified_lines_do_not_squeeze_punctuation():
    """Every ，。、；： of the body keeps its full em: lines justify by letter-spacing.
    (Typst's default shrinks such punctuation to fit a line; adjacent punctuation such as "，（"
    still sets its pair in one em, as Chinese typesetting does.)"""
    report = edge_report("cn2021", 1)
    report.sections["overview"] = (
        "本机关认真贯彻条例，全年共收到申请，办结申请，结转下年度继续办理。监督保障方面，将工作"
        "纳入年度绩效考核，开展社会评议、专项检查；本年度未发生责任追究情况：总体平稳。" * 4
    )
    checked = 0
    for line in _lines(render(report, "pdf")):
        body = [c for c in line if round(c["size"]) == BODY_SIZE]
        for a, b in itertools.pairwise(body):
            if a["text"] in "，。、；：" and b["text"] not in CLOSING | set("（《“‘"):
                assert b["x0"] - a["x0"] >= BODY_SIZE - 0.01, "".join(c["text"] for c in line)
                checked += 1
    assert checked > 20


@pytest.mark.parametrize("fmt", ["cn2021", "cn2019", "cn2014"])
@pytest.mark.parametrize("seed", [0, 1])
def test_pdf_round_trips_through_ingest(fmt, seed):
    """Read back by the ingest pipeline (pdfplumber, merged cells, tables continued over a page
    break), every figure comes back in its cell."""
    report = edge_report(fmt, seed)
    source = open_bytes(render(report, "pdf"), "report.pdf")
    read = interpret(source)
    assert read.format == fmt
    assert read.year == report.year
    assert read.cells == report.cells
    assert read.raw == report.raw


def test_a_table_too_long_for_a_page_repeats_its_header_rows():
    """The cn2014 统计表 runs over two pages: the second starts with its header row again."""
    data = render(edge_report("cn2014"), "pdf")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    continued = [i for i, text in enumerate(pages) if "统计指标" in text]
    assert len(continued) == 2
    assert pages[continued[1]].lstrip().startswith("统计指标")


def test_a_table_that_fits_stays_on_one_page_with_its_heading():
    """表三 of cn2021 fits one page: it is not split even if the page it starts on is half full."""
    data = render(edge_report("cn2021", 1), "pdf")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        found = [
            i
            for i, page in enumerate(pdf.pages)
            for word in ("申请人情况", "（七）总计", "四、结转下年度继续办理")
            if word in flat(page.extract_text() or "")
        ]
    assert len(set(found)) == 1, found


def test_generic_document_of_lines(tmp_path):
    """The letters' path: roles of lines, 公文 page, texts as text."""
    data = blocks_pdf(
        "政府信息公开申请答复书",
        [
            ("title", "政府信息公开申请答复书"),
            ("center", "（2025）第1号"),
            ("plain", "张三："),
            ("heading", "一、申请内容"),
            ("subheading", "（一）申请获取的信息"),
            ("body", "您申请获取的信息属于主动公开范围，#见 *网站*。"),
            ("blank", ""),
            ("right", "示例县人民政府"),
        ],
    )
    text, pages = pdf_text(tmp_path, data)
    assert pages == 1
    assert "您申请获取的信息属于主动公开范围，#见 *网站*。" in text
    assert "（2025）第1号" in text
    assert "一、申请内容" in text and "（一）申请获取的信息" in text
    with pytest.raises(ValueError):
        blocks_pdf("x", [("script", "x")])

"""The HTML rendering: the official merged cells, accessible tables, and escaped untrusted text."""

import lxml.html
import pytest

from gongkai import formats
from gongkai.render import cell_text, number_text, render
from gongkai.render.html import render_html
from gongkai.render.layout import layout
from tools import HOSTILE_AGENCY, edge_report


def page(report):
    return lxml.html.document_fromstring(render(report, "html"))


def header(root, text):
    (cell,) = [th for th in root.iter("th") if th.text_content() == text]
    return cell


@pytest.mark.parametrize(("fmt", "rows"), [("cn2021", 22), ("cn2019", 20)])
def test_results_label_spans_the_outcome_rows(fmt, rows):
    root = page(edge_report(fmt))
    results = header(root, "三、本年度办理结果")
    assert results.get("rowspan") == str(rows)
    assert results.get("scope") == "rowgroup"


def test_identity_note_spans_three_by_three():
    root = page(edge_report("cn2021"))
    note = header(root, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    assert (note.get("rowspan"), note.get("colspan")) == ("3", "3")
    applicants = header(root, "申请人情况")
    assert (applicants.get("colspan"), applicants.get("scope")) == ("7", "colgroup")
    assert header(root, "商业企业").get("scope") == "col"
    assert header(root, "（一）予以公开").get("scope") == "row"


@pytest.mark.parametrize("fmt", ["cn2021", "cn2019", "cn2014"])
def test_spans_match_the_layout(fmt):
    definition = formats.get(fmt)
    root = page(edge_report(fmt))
    tables = root.findall(".//table")
    assert [t.get("data-group") for t in tables] == list(definition.groups())
    for table in tables:
        grid = layout(definition, table.get("data-group"))
        printed = [
            (int(c.get("rowspan", 1)), int(c.get("colspan", 1)))
            for tr in table.iter("tr")
            for c in tr
        ]
        expected = [
            (c.rowspan, c.colspan) for c in sorted(grid.cells, key=lambda c: (c.row, c.col))
        ]
        assert printed == expected


def test_every_figure_is_a_data_cell_with_its_key():
    report = edge_report("cn2021", 1)
    root = page(report)
    cells = {td.get("data-key"): td for td in root.iter("td") if td.get("data-key")}
    assert list(cells) == list(report.definition.cells)
    for key, td in cells.items():
        assert (td.text or "") == cell_text(report, key)
    assert cells["t2.admin_fee.amount_wan_yuan"].text == "96171.6"


def test_tables_have_captions_and_header_rows():
    root = page(edge_report("cn2021"))
    t3 = root.find(".//table[@data-group='t3']")
    assert t3.find("caption").text == "收到和处理政府信息公开申请情况"
    assert len(t3.find("thead").findall("tr")) == 3  # repeated on every printed page
    assert root.find(".//table[@data-group='t2']").find("thead") is None  # 表二 repeats its heads


def test_document_structure():
    report = edge_report("cn2021")
    report.sections["overview"] = "第一段。\n\n第二段。"
    report.sections["problems"] = "  "
    root = page(report)
    assert root.get("lang") == "zh-CN"
    assert root.find(".//h1").text == f"示例县人民政府{report.year}年政府信息公开工作年度报告"
    headings = [h.text for h in root.iter("h2")]
    assert headings == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    sections = root.findall(".//section")
    assert [p.text for p in sections[0].findall("p")] == ["第一段。", "第二段。"]
    assert [p.text for p in sections[4].findall("p")] == ["（无）"]
    footer = root.find(".//footer")
    assert [p.text_content() for p in footer.findall("p")] == ["示例县人民政府", "2024年1月20日"]


def test_cn2014_table_is_the_attachment():
    root = page(edge_report("cn2014"))
    assert root.find(".//p[@class='annex-note']").text == "附件：政府信息公开情况统计表"
    attachment = root.find(".//section[@class='attachment']")
    assert attachment.find("table/caption").text == "政府信息公开情况统计表"
    assert len(root.findall(".//table")) == 1


def test_cn2014_extra_rows_print_after_the_last_row():
    report = edge_report("cn2014")
    report.cells["extra.依申请公开收费减免金额"] = 0.5
    (table,) = page(report).findall(".//table")
    rows = [[c.text_content() for c in tr] for tr in table.iter("tr")]
    assert rows[-1] == ["依申请公开收费减免金额", "0.5"]
    assert rows[-1][0] not in [r[0] for r in rows[:-1]]
    assert len(rows) == layout(formats.get("cn2014"), "stats").n_rows + 1


def test_local_figures_print_as_two_columns():
    report = edge_report("local")
    root = page(report)
    (table,) = root.findall(".//table")
    rows = [[c.text_content() for c in tr] for tr in table.iter("tr")]
    assert rows[0] == ["指标", "数值"]
    assert [r[0] for r in rows[1:]] == [k.removeprefix("local.") for k in report.cells]


def test_untrusted_text_is_escaped():
    report = edge_report("cn2021")
    report.agency = HOSTILE_AGENCY
    report.sections["overview"] = "<img src=x onerror=alert(1)>正文"
    report.raw["t4.review.total"] = "<b>/</b>"
    report.cells["t4.review.total"] = None
    html = render_html(report)
    assert "<script>" not in html and "<img" not in html and "<b>/</b>" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    root = lxml.html.document_fromstring(html)
    assert root.find(".//script") is None
    assert root.find(".//h1").text.startswith(HOSTILE_AGENCY)
    assert root.find(".//td[@data-key='t4.review.total']").text == "<b>/</b>"


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (12, "12"), (-18538, "-18538"), (96171.6, "96171.6"), (100.0, "100"),
     (3020.782, "3020.782"), (0.05, "0.05"), (1e-05, "0.00001"), (1e16, "10000000000000000")],
)  # fmt: skip
def test_number_text(value, text):
    assert number_text(value) == text


def test_cell_text_prefers_the_figure_and_shows_raw_for_blanks():
    report = edge_report("cn2021")
    report.cells["t4.review.total"] = None
    report.raw["t4.review.total"] = "—"
    report.cells["t4.review.upheld"] = 1036
    report.raw["t4.review.upheld"] = "+1036"
    report.cells["t4.review.other"] = None
    assert cell_text(report, "t4.review.total") == "—"
    assert cell_text(report, "t4.review.upheld") == "1036"
    assert cell_text(report, "t4.review.other") == ""

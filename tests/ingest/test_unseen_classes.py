"""Failure classes found by reading real 条例 §50 reports the reader had never seen (docs/ingest.md,
"未见过的报告"): each test prints a short report of our own shaped like the real one (our own
names and figures) and holds the reader to "right, or blank with a finding".

The classes: a site breadcrumb or a page viewer's caption taken for the agency; a viewer's
"2020年报" title and a sentence about next year's plans giving the report year; a title garbled
in conversion; the agency named only in the opening sentence; a statement about one kind of
applicant read as the total; an explanation printed in a label cell; each cell and each border
on a line of its own; 表四's header printed one character per line; an excerpt cut after the item
number of the next row.
"""

from __future__ import annotations

import pytest

from gongkai import narrative
from gongkai.ingest.interpret import interpret
from gongkai.ingest.pipeline import ingest_bytes
from gongkai.ingest.source import Source
from gongkai.render import render
from gongkai.report import Report
from gongkai.synth import consistent_report


def read(*lines: str) -> Report:
    return interpret(Source.from_text("\n".join(lines)))


def flagged(report: Report) -> set[str]:
    return {k for f in report.findings if f.rule.startswith("ingest.") for k in f.cells}


# The agency and the year -----------------------------------------------------------------------


def test_a_breadcrumb_is_no_agency() -> None:
    got = read(
        "首页>信息公开>年度报告>镇街>青石镇人民政府",
        "",
        "溪口县青石镇2023年政府信息公开工作年度报告",
        "发布时间:2024-01-22 10:00:00",
        "一、总体情况",
    )
    assert (got.agency, got.year) == ("溪口县青石镇", 2023)


def test_a_page_viewers_caption_is_no_part_of_the_agency() -> None:
    got = read(
        "Page 4 - 云岭市北湖区统计局2022年政府信息公开工作年度报告",
        "P. 4",
        "四、政府信息公开行政复议、行政诉讼情况",
    )
    assert (got.agency, got.year) == ("云岭市北湖区统计局", 2022)


def test_a_viewers_short_title_gives_the_year_not_next_years_plans() -> None:
    got = read(
        "Page 6 - 2020年报_统计局",
        "P. 6",
        "五、存在的主要问题及改进情况",
        "2021 年,我局将继续深化政务公开工作,提升公开质量。",
    )
    assert got.year == 2020
    assert got.agency is None  # "统计局" alone names no one: left blank rather than guessed


def test_next_years_plans_are_not_the_report_year() -> None:
    got = read(
        "一、总体情况",
        "2022 年,我局将进一步加强政务公开工作,做好信息发布。",
        "2021年本局政府信息公开工作稳步推进。",
    )
    assert got.year == 2021


def test_the_year_of_an_opening_sentence_that_quotes_the_regulation() -> None:
    got = read(
        "一、总体情况",
        "2023年,区水务局严格落实《中华人民共和国政府信息公开条例》,公开工作有序开展。",
    )
    assert got.year == 2023


def test_the_year_from_the_end_of_the_statistics_period_alone() -> None:
    got = read(
        "一、总体情况",
        "截止2023年12月31日,本局在网站发布各类信息58条。",
    )
    assert got.year == 2023


def test_a_title_garbled_in_conversion() -> None:
    got = read(
        "溪口县人民政府 The People's Government of Xikou County",
        "政府信息公开",
        "溪口县柳河镇2023年政府信息公开 工作告年度报",
        "一、总体情况",
    )
    assert (got.agency, got.year) == ("溪口县柳河镇", 2023)


def test_the_agency_named_only_in_the_opening_sentence() -> None:
    published = read(
        "根据《中华人民共和国政府信息公开条例》的要求,特向社会公布云岭市交通运输局"
        "2020年度政府信息公开工作年度报告。",
        "一、总体情况",
    )
    compiled = read(
        "本年报是根据《中华人民共和国政府信息公开条例》的规定,由云岭市民政局编制的"
        "2020年度政府信息公开工作报告。",
        "一、总体公开情况",
    )
    assert (published.agency, compiled.agency) == ("云岭市交通运输局", "云岭市民政局")


def test_a_title_run_into_the_first_sentence() -> None:
    got = read(
        "柳河街道2024年政府信息公开工作年度报告根据《中华人民共和国政府信息公开条例》编制。"
        "报告中所涉数据的统计期自2024年1月1日至2024年12月31日止。",
        "一、总体情况",
    )
    assert (got.agency, got.year) == ("柳河街道", 2024)


def test_a_street_office_named_in_the_opening_sentence() -> None:
    got = read(
        "根据《条例》规定,特向社会公布北湖街道2021年度信息公开年度报告。",
        "一、总体情况",
    )
    assert (got.agency, got.year) == ("北湖街道", 2021)


# Narrative facts ---------------------------------------------------------------------------------


def test_no_application_from_one_kind_of_applicant_is_no_total() -> None:
    some = "(二)依申请公开。本年度未收到法人或者其他组织提出的政府信息公开申请。"
    everyone = "(二)依申请公开。本镇未收到公民、法人或者其他组织的政府信息公开申请。"
    firms = "(二)依申请公开。本年收到企业政府信息公开申请3件。"
    assert [s.kind for s in narrative.statements(some)] == []
    assert [(s.kind, s.value) for s in narrative.statements(everyone)] == [("received", 0)]
    assert [s.kind for s in narrative.statements(firms)] == []


def test_applications_counted_as_cases_of_disclosure_on_request() -> None:
    simplified_text = "(三)依申请公开\n本年共受理依申请公开件7件,均已按期答复。"
    traditional = "(三)依申請公開\n本年共受理依申請公開件7件,均已按期答復。"
    plain = "本年度柳河街道受理依申请信息公开0件,无结转。"
    for text, value in ((simplified_text, 7), (traditional, 7), (plain, 0)):
        assert [(s.kind, s.value) for s in narrative.statements(text)] == [("received", value)]


# Tables ------------------------------------------------------------------------------------------


def test_an_explanation_printed_in_the_label_cell() -> None:
    got = read(
        "云岭市水务局2020年政府信息公开工作年度报告",
        "二、主动公开政府信息情况",
        "第二十条第(一)项 | |||||",
        "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 | ||",
        "规章(设区的市人民政府应提供相关数据) | 0 | 0 | 0 | ||",
        "规范性文件(行政机关制定发布的决定、公告、通告、意见) | 3 | 3 | 27 | ||",
        "第二十条第(五)项 | |||||",
        "信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 | ||",
        "行政许可 | 6 | 2 | 71 | ||",
        "其他对外管理服务事项(指行政许可以外的政务服务事项) | 40 | -3 | 128 | ||",
    )
    assert got.format == "cn2019"
    assert [got.cells[f"t2.normative_doc.{c}"] for c in ("newly_made", "newly_published")] == [
        3,
        3,
    ]
    assert got.cells["t2.normative_doc.total_published"] == 27
    assert [
        got.cells[f"t2.other_admin_service.{c}"] for c in ("prev_year_items", "delta_items")
    ] == [40, -3]
    assert got.cells["t2.other_admin_service.decisions"] == 128


def test_a_bracketed_figure_after_the_label_is_no_explanation() -> None:
    got = read(
        "云岭市水务局2022年政府信息公开工作年度报告",
        "二、主动公开政府信息情况",
        "第二十条第(一)项",
        "信息内容 本年制发件数 本年废止件数 现行有效件数",
        "规章 (2) 0 5",
        "行政规范性文件 1 0 4",
        "第二十条第(五)项",
        "行政许可 8",
    )
    assert got.cells["t2.normative_doc.in_force"] == 4
    # "(2)" is no explanation to pass over: it is read as printed or left blank, never skipped
    # so that 0 and 5 move left.
    assert got.cells["t2.regulation.issued"] in (None, 2)
    assert got.cells["t2.regulation.in_force"] in (None, 5)


def test_each_cell_and_each_border_on_a_line_of_its_own() -> None:
    rows = [("规章", ["0", "", "6"]), ("行政规范性文件", ["2", "1", "9"])]
    lines = ["柳河镇2023年政府信息公开工作年度报告", "二、主动公开政府信息情况"]
    lines += ["第二十条第(一)项", "|", "信息内容", "|", "本年制发件数", "|", "本年废止件数", "|"]
    lines += ["现行有效件数", "|"]
    for label, cells in rows:
        lines += [label, "|"]
        for cell in cells:
            lines += [cell, "|"] if cell else ["", "|"]
    lines += ["第二十条第(五)项", "|", "信息内容", "|", "本年处理决定数量", "|", "行政许可", "|"]
    lines += ["5", "|"]
    got = read(*lines)
    assert [got.cells[f"t2.regulation.{c}"] for c in ("issued", "repealed", "in_force")] == [
        0,
        None,
        6,
    ]
    assert [got.cells[f"t2.normative_doc.{c}"] for c in ("issued", "repealed", "in_force")] == [
        2,
        1,
        9,
    ]
    assert got.cells["t2.admin_license.decisions"] == 5


T4_VERTICAL = [
    "四、政府信息公开行政复议、行政诉讼情况",
    "2022 年,我单位未出现因政府信息公开申请行政复议的情况。",
    "行政复议 行政诉讼",
    "未经复议直接起诉 复议后起诉",
    "结 结 其 尚",
    "结 结 其 尚 结 结 其 尚",
    "果 果 他 未",
    "总计 果 果 他 未 总 果 果 他 未 总",
    "维 纠 结 审",
    "维 纠 结 审 计 维 纠 结 审 计",
    "持 正 果 结",
    "持 正 果 结 持 正 果 结",
    "1 0 0 1 2 0 0 0 1 1 0 0 0 0 0",
    "五、存在的主要问题及改进情况",
]


def test_t4_header_printed_one_character_per_line() -> None:
    got = read("云岭市信访局2022年政府信息公开工作年度报告", *T4_VERTICAL)
    review = [got.cells[f"t4.review.{c}"] for c in ("upheld", "corrected", "other", "pending")]
    assert review == [1, 0, 0, 1]
    assert got.cells["t4.review.total"] == 2
    assert got.cells["t4.lit_direct.pending"] == 1
    assert got.cells["t4.lit_direct.total"] == 1
    assert got.cells["t4.lit_after_review.total"] == 0


def test_a_sentence_about_reviews_is_no_t4_header() -> None:
    got = read(
        "云岭市信访局2022年政府信息公开工作年度报告",
        "四、政府信息公开行政复议、行政诉讼情况",
        "本年度发生行政复议 2 件、行政诉讼 1 件,均已审结。",
    )
    # The sentence's total is read as a statement of the text, never as the header of 表四.
    assert {k: v for k, v in got.cells.items() if k.startswith("t4.") and v is not None} == {
        "t4.review.total": 2
    }
    assert any(f.rule == "ingest.cells_from_text" for f in got.findings)


def test_an_excerpt_cut_after_the_next_rows_item_number() -> None:
    """One cell per line with an empty line between, cut after "7." of "7.属于行政执法案卷":
    the 7 is no figure of the row before."""
    rows = [
        ("一、本年新收政府信息公开申请数量", ["3", "0", "0", "0", "0", "0", "3"]),
        ("二、上年结转政府信息公开申请数量", ["0"] * 7),
        ("三、本年度办理结果", []),
        ("(一)予以公开", ["2", "0", "0", "0", "0", "0", "2"]),
        ("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", ["0"] * 7),
        ("(三)不予公开", []),
        ("1.属于国家秘密", ["0"] * 7),
        ("2.其他法律行政法规禁止公开", ["0"] * 7),
        ("3.危及“三安全一稳定”", ["0"] * 7),
        ("4.保护第三方合法权益", ["0"] * 7),
        ("5.属于三类内部事务信息", ["0"] * 7),
        ("6.属于四类过程性信息", ["1", "0", "0", "0", "0", "0"]),
    ]
    lines = ["柳河镇2023年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况"]
    lines += ["申请人情况", "", "自然人", "", "法人或其他组织", "", "总计"]
    for label, cells in rows:
        lines += ["", label]
        for cell in cells:
            lines += ["", cell]
    lines += ["", "7."]
    got = read(*lines)
    process = [got.cells[f"t3.withheld.process_info.{c}"] for c in ("natural_person", "total")]
    assert process[1] != 7
    assert process[0] in (None, 1)
    assert got.cells["t3.granted.total"] == 2
    # Nothing past the cut is read as a figure, and every blank past it is named.
    past = [k for k in got.cells if k.startswith(("t3.withheld.enforcement_file", "t4."))]
    assert all(got.cells[k] is None for k in past)
    assert {k for k in past if k.startswith("t3.")} <= flagged(got)
    assert any(f.rule == "ingest.table_missing" and f.actual == "t4" for f in got.findings)


def scraped(label: str, *cells: str) -> list[str]:
    """A row as that scrape prints it: an empty line before each cell, a blank cell only its
    own empty line."""
    out = [label]
    for cell in cells:
        out += ["", cell] if cell else [""]
    return out


def test_a_blank_cell_as_one_more_empty_line() -> None:
    """A scrape printing an empty line after every cell and a blank cell as one more empty line
    (an even run of empty lines between two figures, which the two-lines-per-blank layout never
    prints): "8, five blanks, 8" is 8 | | | | | | 8, not a reading the identities must pick."""
    lines = ["柳河镇2023年政府信息公开工作年度报告", "二、主动公开政府信息情况"]
    lines += ["第二十条第(一)项", "", "信息内容", "", "本年制发件数", "", "本年废止件数"]
    lines += ["", "现行有效件数", "", *scraped("规章", "0", "0", "0")]
    lines += ["", *scraped("行政规范性文件", "1", "0", "3")]
    lines += ["", "第二十条第(五)项", "", "信息内容", "", "本年处理决定数量", ""]
    lines += [*scraped("行政许可", "2"), "", "三、收到和处理政府信息公开申请情况", "", "申请人情况"]
    lines += ["", "自然人", "", "总计", ""]
    lines += [*scraped("一、本年新收政府信息公开申请数量", "8", "", "", "", "", "", "8"), ""]
    lines += [*scraped("二、上年结转政府信息公开申请数量", *[""] * 7), ""]
    lines += [*scraped("(一)予以公开", "5", *[""] * 6), ""]
    lines += scraped("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", *[""] * 7)
    got = read(*lines)
    new = [got.cells[f"t3.new_received.{c}"] for c in ("natural_person", "org_commercial")]
    assert new == [8, None]
    assert got.cells["t3.new_received.total"] == 8
    granted = [got.cells[f"t3.granted.{c}"] for c in ("natural_person", "org_commercial", "total")]
    assert granted == [5, None, None]
    assert [got.cells[f"t2.normative_doc.{c}"] for c in ("issued", "in_force")] == [1, 3]


@pytest.mark.parametrize("kind", ["html", "docx"])
def test_a_report_whose_t4_is_printed_blank_reads_back_with_t4_blank(kind):
    """表四 printed with every cell empty (a unit with no 复议 or 诉讼 that left the row blank)
    was an internal error (StopIteration) for the whole file; its cells are blank, the rest read."""
    report = consistent_report("cn2021", seed=3)
    for key in report.cells:
        if key.startswith("t4."):
            report.cells[key] = None
    read_back = ingest_bytes(render(report, kind), f"report.{kind}")
    t4 = {k: v for k, v in read_back.cells.items() if k.startswith("t4.")}
    assert t4 and set(t4.values()) == {None}
    assert all(read_back.cells[k] == v for k, v in report.cells.items() if not k.startswith("t4."))

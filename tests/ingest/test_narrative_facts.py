"""Figures read from narrative sentences (条例 §50: the text states what the tables count).

One implementation (gongkai.narrative) serves both the text-vs-table rules and ingest; these
tests pin the phrasings seen in the corpus, in simplified and traditional characters, and the
sentences that must yield nothing.
"""

from __future__ import annotations

import pytest

from gongkai import narrative
from gongkai.report import Report


def kinds(text: str) -> dict[str, int]:
    return {st.kind: st.value for st in narrative.statements(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020年全区各级行政机关共受理政府信息公开申请21件", {"received": 21}),
        ("全区收到政府信息公开申请75件", {"received": 75}),
        ("本年度共收到政府信息公開申請12件", {"received": 12}),  # traditional
        ("2012年主动公开政府信息1913条", {"proactive": 1913}),
        ("收到1份有关政府信息公开行政复议申请已及时处理", {"review": 1}),
        ("2013年全区未收到有关政府信息公开的申请", {"received": 0}),
        ("未收到有关政府信息公开行政复议申请", {"review": 0}),
        ("全年因政府信息公开被申请行政复议1件，未发生行政诉讼。", {"review": 1, "litigation": 0}),
        ("结转下年度继续办理1件", {}),  # no 申请…公开 in the sentence: not an application count
        (
            "上年结转政府信息公开申请2件，结转下年度继续办理1件",
            {"carried_over": 2, "carried_forward": 1},
        ),
    ],
)
def test_statements(text: str, expected: dict[str, int]) -> None:
    assert kinds(text) == expected


def test_approvals_are_not_information_requests() -> None:
    # pingtan-dishui-2013: 审批事项 received and closed, not 政府信息公开申请.
    assert kinds("今年我局共受理审批事项117件，办结171件，办结率100%。") == {}
    assert kinds("开设窗口26个，共受理申请121510件。") == {}


def test_the_quote_is_the_printed_clause() -> None:
    (st,) = narrative.statements("本年度共收到政府信息公開申請12件。")
    assert st.quote == "本年度共收到政府信息公開申請12件"


def test_local_tables_get_facts_on_their_printed_rows() -> None:
    report = Report.blank("local", year=2013)
    report.cells = {"local.主动公开信息数.本年度": 72804, "local.行政复议数.本年度": 0}
    report.sections["overview"] = (
        "2013年主动公开政府信息4970条。收到1份有关政府信息公开行政复议申请。"
    )
    got = narrative.read(report)
    assert got["local.主动公开信息数.本年度"].value == 4970
    assert got["local.行政复议数.本年度"].value == 1


def test_a_local_report_without_table_keeps_its_facts_under_text_keys() -> None:
    report = Report.blank("local", year=2013)
    report.cells = {}
    report.sections["appeals"] = "2013年，我局收到以有关政府信息公开行政复议0件。"
    assert narrative.read(report)["local.正文.行政复议数"].value == 0


# 平潭综合实验区 2025 (tests/corpus/pingtan-zhq-2025.txt, section 一（二）, as published); its 表三
# and 表四 agree: 154 new, 148 closed, 6 carried forward; 复议 25+3+8+0 = 36, 诉讼 6 + 3 = 9.
PINGTAN_2025 = (
    "2025年，全区共收到政府信息公开申请154件，共办结148件，结转至2026年6件。"
    "全年办理因政府信息公开申请引发的行政复议36起，行政诉讼9起。"
)


def test_a_sentence_broken_across_printed_lines_is_read_whole() -> None:
    # PDF text layers break lines mid-word: the 2025 sentence as a narrow page would print it.
    text = "2025年，全区共收到政府\n信息公开申请154件，共办\n结148件。\n六、其他需要报告的事项"
    got = kinds(text)
    assert got["received"] == 154 and got["processed"] == 148
    (st,) = [s for s in narrative.statements(text) if s.kind == "received"]
    assert st.quote == "全区共收到政府\n信息公开申请154件"


def test_pingtan_2025_overview_figures() -> None:
    # 起 as the unit of 复议/诉讼 cases; the figures also read with the spaces PDF text layers put
    # around numbers.
    expected = {"received": 154, "processed": 148, "review": 36, "litigation": 9}
    assert {k: v for k, v in kinds(PINGTAN_2025).items() if k != "carried_forward"} == expected
    spaced = PINGTAN_2025.replace("154", " 154 ").replace("148", " 148 ").replace("36", " 36 ")
    assert {k: v for k, v in kinds(spaced).items() if k != "carried_forward"} == expected


def test_pingtan_2025_carried_forward_after_the_next_year() -> None:
    # "结转至2026年6件": the year after 结转 is where the applications go, not the figure.
    assert kinds(PINGTAN_2025).get("carried_forward") == 6
    assert kinds("结转至2026年继续办理的申请6件").get("carried_forward") is None  # no 申请…公开

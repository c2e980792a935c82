"""Issue 10's failure classes that are not table layouts: the agency, the year, narrative facts
and their pairing with cells, and the audit's blame (条例 §50 reports, 国办公开办函〔2021〕30号).

Each test is one class seen on unseen reports: a title split over two lines, a short form in
the title, a sentence taken for the agency, the year taken from a neighbouring year, narrative
facts of a traditional-character report, "同意公开答复 9 件" paired with the grand total,
"未发生…纠错" read as zero cases, and an identity broken only by our own reading.
"""

from __future__ import annotations

import opencc
import pytest

from gongkai import narrative
from gongkai.ingest.align import alignments, figure
from gongkai.ingest.interpret import interpret
from gongkai.ingest.pipeline import audit, checked
from gongkai.ingest.segment import Slot, equals, solve, standing, sum_of
from gongkai.ingest.source import Source
from gongkai.report import Finding
from gongkai.synth import consistent_report


def read(*lines: str) -> object:
    return interpret(Source.from_text("\n".join(lines)))


# Class 8: the agency ------------------------------------------------------------------------


def test_a_title_split_over_two_lines() -> None:
    got = interpret(
        Source.from_text("重庆市科学技术委员会2022年政府信息公开工作\n年度报告\n一、总体情况\n")
    )
    assert (got.agency, got.year) == ("重庆市科学技术委员会", 2022)


def test_a_short_form_in_the_title_takes_the_full_name_of_the_signature() -> None:
    got = interpret(
        Source.from_text(
            "市科委2022年政府信息公开工作年度报告\n一、总体情况\n本年度工作稳步推进。\n"
            "重庆市科学技术委员会\n2023年1月20日"
        )
    )
    assert got.agency == "重庆市科学技术委员会"


def test_a_short_form_introduced_in_the_text() -> None:
    got = interpret(
        Source.from_text(
            "县政府2022年政府信息公开工作年度报告\n"
            "本报告由某某县人民政府（以下简称县政府）编制。\n一、总体情况\n"
        )
    )
    assert got.agency == "某某县人民政府"


def test_a_zone_is_not_a_short_form_of_its_committee() -> None:
    got = interpret(
        Source.from_text(
            "平潭综合实验区2022年政府信息公开工作年度报告\n一、总体情况\n"
            + "本年度工作稳步推进。\n" * 8
            + "平潭综合实验区管委会\n2023年1月20日"
        )
    )
    assert got.agency == "平潭综合实验区"


def test_a_sentence_is_never_the_agency() -> None:
    got = interpret(
        Source.from_text(
            "根据《中华人民共和国政府信息公开条例》和上级要求，编制2022年政府信息公开工作年度报告。\n"
            "一、总体情况\n本年度工作稳步推进。"
        )
    )
    assert got.agency is None or "根据" not in got.agency


# Class 9: traditional narrative-only reports ------------------------------------------------


def test_traditional_narrative_only_report_year_and_facts() -> None:
    simplified = "\n".join(
        [
            "政府信息公开工作年度报告",
            "本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。",
            "一、总体情况",
            "2021年以来，本机关持续推进政务公开。",
            "二、依申请公开情况",
            "全年共收到申请5件，其中网上申请3件，已全部办结5件。",
        ]
    )
    got = interpret(Source.from_text(opencc.OpenCC("s2t").convert(simplified)))
    assert got.year == 2022  # the statistics period, not the 2021 of the text
    assert got.cells["t3.new_received.total"] == 5
    assert got.cells["t3.total_processed.total"] == 5
    assert "收到申請5件" in got.provenance["t3.new_received.total"].text


def test_application_counts_outside_an_application_section_need_the_word_public() -> None:
    assert not list(narrative.statements("開設窗口26個，共受理申請121510件。"))


# Class 10: narrative numbers paired with the right cell --------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本机关同意公开答复9件，不予公开3件。", {}),  # one outcome, not all closed
        ("全年共答复政府信息公开申请12件。", {"processed": 12}),
        ("全年未发生行政复议被纠错的情况。", {}),  # not "no review at all"
        ("本年度未发生行政复议、行政诉讼。", {"review": 0, "litigation": 0}),
    ],
)
def test_narrative_pairing(text: str, expected: dict[str, int]) -> None:
    assert {s.kind: s.value for s in narrative.statements(text)} == expected


def test_an_outcome_count_is_not_compared_with_the_grand_total() -> None:
    report = consistent_report("cn2021", 3)
    report.sections["applications"] = "本机关同意公开答复9件。"
    report.sections["overview"] = ""
    report.facts = {}
    found = [f for f in checked(report).findings if f.rule == "text_vs_table.figure"]
    assert not [f for f in found if "t3.total_processed.total" in f.cells]


# Item 4: the audit does not blame a report for our own ambiguity ---------------------------------


def _misread(other_readings: list[list[int | None]]) -> tuple[object, list[int | None]]:
    """A consistent report whose 予以公开 row was read with its total one too high, and the
    reading finding ingest records for the row (with the other readings of the print)."""
    report = consistent_report("cn2021", 4)
    keys = tuple(k for k in report.cells if k.startswith("t3.granted."))
    right = [report.cells[k] for k in keys]
    chosen = [*right[:-1], (right[-1] or 0) + 1]
    report.cells.update(zip(keys, chosen, strict=True))
    report.findings = [
        Finding(
            "ingest.cells_aligned",
            "info",
            keys,
            chosen,
            {"printed": "（一）予以公开 …", "other_readings": other_readings},
            "…",
        )
    ]
    return report, right


def test_an_identity_broken_only_by_our_reading_is_a_reading_ambiguity() -> None:
    report, right = _misread([])
    report.findings[0].actual["other_readings"].append(right)
    got = checked(report)
    rules = {f.rule for f in got.findings}
    assert not rules & {"t3.row_total", "t3.outcomes_sum"}
    ours = [f for f in got.findings if f.rule == "ingest.reading_ambiguous"]
    assert "t3.row_total" in {f.actual for f in ours}
    assert all(f.expected["other"] == right and f.severity == "warning" for f in ours)


def test_without_another_reading_the_report_is_blamed() -> None:
    report, _ = _misread([])
    rules = {f.rule for f in checked(report).findings}
    assert "t3.row_total" in rules and "ingest.reading_ambiguous" not in rules


def test_a_consistent_report_read_in_a_messy_layout_has_no_identity_error() -> None:
    """End to end: what the reader gives for a consistent report never breaks I1–I4."""
    import random

    from layouts import FAMILIES, print_report

    for family in FAMILIES:
        for seed in range(5):
            text, _ = print_report(consistent_report("cn2021", seed), family, random.Random(seed))
            got = audit(Source.from_text(text))
            errors = [f for f in got.findings if f.severity == "error"]
            assert not errors, (family, seed, errors[:2])


def test_a_run_of_digits_with_too_many_cuttings_is_left_blank_not_cut_short() -> None:
    """Weighing only the first 20 000 cuttings could miss the right one: the row is reported."""
    got = read(
        "示例县人民政府2022年政府信息公开工作年度报告",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "一、本年新收政府信息公开申请数量 1234567891234567891234",
    )
    keys = [k for k in got.cells if k.startswith("t3.new_received.")]
    assert all(got.cells[k] is None for k in keys)
    assert any(f.rule == "ingest.row_cells" and keys[0] in f.cells for f in got.findings)


def test_a_hostile_row_is_reported_without_raising() -> None:
    row = "| " + " | ".join(["1", ""] * 3000) + " |"
    got = read("示例县人民政府2022年政府信息公开工作年度报告", "第二十条第（一）项", "规章 " + row)
    assert got.cells["t2.regulation.issued"] is None


# A row printing fewer figures than cells (tables separated by spaces) ------------------------


def test_one_figure_short_of_its_cells_may_be_cut_or_stand_beside_a_lost_blank() -> None:
    """ "收费 20" in two cells, spaces the only separator: 2 | 0 with the borders lost, or 20
    beside a blank cell that left no trace; with nothing to tell them apart the cells stay
    blank with every reading listed (hypothesis counterexample spaces_blank_vanishes/481704)."""
    found = alignments([figure("20", None)], 2, digits=True)
    values = {tuple(None if c is None else c[1] for c in option) for option in found.options}
    assert values == {("2", "0"), ("20", None), (None, "20")}
    slot = Slot(("a", "b"), "收费 20", [(2, 0), (20, None), (None, 20)])
    solve([slot], [], lambda key: None)
    assert slot.chosen is None


def test_only_a_figure_printed_outside_the_table_rules_out_a_blank() -> None:
    """A reading that meets a figure of the text (制发88件) with 88 in a cell a rival leaves
    blank rules the rival out; an identity within the table does not, met through a 0 (a zero
    changes no sum) or through another figure (the blank may hide that very figure: hypothesis
    counterexample spaces_blank_vanishes/717045)."""
    issued = equals("issued", 88, "正文“制发88件”")
    slot = Slot(("issued", "repealed"), "8855", [(88, 55), (None, 8855)])
    solve([slot], [issued], lambda key: None)
    assert slot.chosen == (88, 55)
    assert standing(slot, [slot], [issued], lambda key: None) == []
    total = sum_of("total", ("a", "b"), "合计")
    slot = Slot(("a", "b"), "0 5", [(0, 5), (None, 5)])
    solve([slot], [total], lambda key: 5 if key == "total" else None)
    assert slot.chosen == (0, 5)
    assert standing(slot, [slot], [total], lambda key: 5 if key == "total" else None) == [(None, 5)]
    slot = Slot(("a", "b"), "2 3", [(2, 3), (None, 3)])
    solve([slot], [total], lambda key: 5 if key == "total" else None)
    assert slot.chosen == (2, 3)
    assert standing(slot, [slot], [total], lambda key: 5 if key == "total" else None) == [(None, 3)]

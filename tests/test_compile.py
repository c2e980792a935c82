"""表三/表四 compiled from case records (条例 §50 (二)(三); docs/law.md §1.6, §4.3)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai import formats
from gongkai.compile import (
    APPLICANT_COLUMNS,
    AppealRecord,
    CaseRecord,
    CompileError,
    compile_tables,
)
from gongkai.rules import check

YEAR = 2024
OUTCOMES_2021 = formats.t3_outcome_rows(formats.CN2021)


def test_art50_each_application_counted_once_by_its_stage_on_31_december() -> None:
    cases = [
        # received last year, answered this year: 上年结转 and 予以公开
        CaseRecord("A1", "natural_person", date(2023, 12, 20), date(2024, 1, 15), "granted"),
        # received and partly answered this year by a company (§37: only 部分公开)
        CaseRecord(
            "A2", "org_commercial", date(2024, 3, 1), date(2024, 3, 20), "partially_granted"
        ),
        # received in December, still open: 结转下年度
        CaseRecord("A3", "natural_person", date(2024, 12, 30)),
        # closed last year, received next year: not this year's business
        CaseRecord("A4", "natural_person", date(2023, 5, 1), date(2023, 5, 20), "granted"),
        CaseRecord("A5", "natural_person", date(2025, 1, 2)),
    ]
    compiled = compile_tables(YEAR, cases)
    c = compiled.cells
    assert compiled.format == "cn2021"
    assert (c["t3.carried_over.natural_person"], c["t3.new_received.natural_person"]) == (1, 1)
    assert c["t3.granted.natural_person"] == 1
    assert c["t3.carried_forward.natural_person"] == 1
    assert c["t3.partially_granted.org_commercial"] == 1
    assert c["t3.new_received.total"] == 2
    assert c["t3.total_processed.total"] == 2
    assert compiled.sources["t3.granted.total"] == ("A1",)
    assert compiled.sources["t3.carried_forward.natural_person"] == ("A3",)
    assert compiled.sources["t3.new_received.total"] == ("A3", "A2")  # by column, as given


def test_art50_3_appeals_decided_in_the_year_by_result_and_open_ones_pending() -> None:
    appeals = [
        AppealRecord("R1", "review", date(2024, 2, 1), date(2024, 4, 1), "upheld"),
        AppealRecord("R2", "review", date(2024, 11, 1)),
        AppealRecord("L1", "lit_after_review", date(2023, 10, 1), date(2024, 6, 1), "corrected"),
        AppealRecord("L2", "lit_direct", date(2023, 1, 1), date(2023, 6, 1), "other"),
    ]
    c = compile_tables(YEAR, [], appeals).cells
    assert (c["t4.review.upheld"], c["t4.review.pending"], c["t4.review.total"]) == (1, 1, 2)
    assert (c["t4.lit_after_review.corrected"], c["t4.lit_after_review.total"]) == (1, 1)
    assert c["t4.lit_direct.total"] == 0  # decided the year before


def test_cn2019_years_use_the_2019_outcome_rows() -> None:
    (row,) = [r for r in formats.t3_outcome_rows(formats.CN2019) if r not in OUTCOMES_2021][:1]
    case = CaseRecord("A", "natural_person", date(2020, 3, 1), date(2020, 3, 5), row)
    compiled = compile_tables(2020, [case])
    assert compiled.format == "cn2019"
    assert compiled.cells[f"t3.{row}.natural_person"] == 1


@pytest.mark.parametrize(
    ("case", "message"),
    [
        (CaseRecord("X", "natural_person", date(2024, 1, 5), date(2024, 1, 9)), "不是 cn2021 表三"),
        (CaseRecord("X", "person", date(2024, 1, 5)), "申请人类型"),
        (CaseRecord("X", "natural_person", date(2024, 1, 5), None, "granted"), "未办结"),
        (
            CaseRecord("X", "natural_person", date(2024, 1, 5), date(2024, 1, 1), "granted"),
            "早于",
        ),
    ],
)
def test_records_that_cannot_be_counted_are_refused_in_chinese(
    case: CaseRecord, message: str
) -> None:
    with pytest.raises(CompileError, match=message):
        compile_tables(YEAR, [case])


def test_appeal_needs_both_decision_date_and_result() -> None:
    with pytest.raises(CompileError, match="同时填写"):
        compile_tables(YEAR, [], [AppealRecord("R", "review", date(2024, 1, 1), date(2024, 2, 1))])


@pytest.mark.parametrize(
    ("kind", "result", "message"),
    [
        ("complaint", None, "不是表四的类别"),
        ("review", "pending", "不是表四的结果"),  # 尚未审结 is no decision's result
        ("lit_direct", "dismissed", "不是表四的结果"),
    ],
)
def test_appeal_kinds_and_results_are_表四s_blocks_and_columns(
    kind: str, result: str | None, message: str
) -> None:
    decided = date(2024, 2, 1) if result else None
    record = AppealRecord("R", kind, date(2024, 1, 1), decided, result)
    with pytest.raises(CompileError, match=message):
        compile_tables(YEAR, [], [record])
    # Every block and decided result of the format's one definition is counted in its cell.
    for block in formats.T4_BLOCK_KEYS:
        for res in formats.T4_DECIDED_RESULTS:
            ok = AppealRecord("R", block, date(2024, 1, 1), date(2024, 2, 1), res)
            assert compile_tables(YEAR, [], [ok]).cells[f"t4.{block}.{res}"] == 1


def test_years_of_the_2014_table_cannot_be_compiled() -> None:
    with pytest.raises(CompileError, match="没有表三"):
        compile_tables(2016, [])


# Property: any records give a report whose identities hold and whose X1 link holds. ----------

DAY = st.integers(0, 3 * 366).map(lambda n: date(YEAR - 1, 1, 1) + timedelta(days=n))


@st.composite
def case_records(draw: st.DrawFn) -> list[CaseRecord]:
    out = []
    for i in range(draw(st.integers(0, 40))):
        received = draw(DAY)
        if draw(st.booleans()):
            closed = received + timedelta(days=draw(st.integers(0, 400)))
            out.append(
                CaseRecord(
                    f"C{i}",
                    draw(st.sampled_from(APPLICANT_COLUMNS)),
                    received,
                    closed,
                    draw(st.sampled_from(OUTCOMES_2021)),
                )
            )
        else:
            out.append(CaseRecord(f"C{i}", draw(st.sampled_from(APPLICANT_COLUMNS)), received))
    return out


@st.composite
def appeal_records(draw: st.DrawFn) -> list[AppealRecord]:
    out = []
    for i in range(draw(st.integers(0, 10))):
        filed = draw(DAY)
        decided = draw(st.booleans())
        out.append(
            AppealRecord(
                f"P{i}",
                draw(st.sampled_from(formats.T4_BLOCK_KEYS)),
                filed,
                filed + timedelta(days=draw(st.integers(0, 300))) if decided else None,
                draw(st.sampled_from(formats.T4_DECIDED_RESULTS)) if decided else None,
            )
        )
    return out


@settings(max_examples=150, deadline=None)
@given(cases=case_records(), appeals=appeal_records())
def test_identities_hold_by_construction(
    cases: list[CaseRecord], appeals: list[AppealRecord]
) -> None:
    this_year = compile_tables(YEAR, cases, appeals)
    last_year = compile_tables(YEAR - 1, cases, appeals)
    findings = check(
        this_year.report("示例镇人民政府"), previous=last_year.report("示例镇人民政府")
    )
    wrong = [f for f in findings if f.rule.startswith(("t3.", "t4.", "cells.type", "cross_year"))]
    assert wrong == []
    for key, value in this_year.cells.items():
        assert len(this_year.sources[key]) == value  # every figure drills down to its records


def test_x1_a_published_carry_forward_that_differs_from_the_records_is_reported() -> None:
    cases = [CaseRecord("A", "natural_person", date(2023, 12, 28))]
    published_last_year = compile_tables(YEAR - 1, []).report()  # printed 0 carried forward
    findings = check(compile_tables(YEAR, cases).report(), previous=published_last_year)
    x1 = [f for f in findings if f.rule.startswith("cross_year")]
    assert [(f.rule, f.cells, f.expected, f.actual) for f in x1] == [
        ("cross_year.carry_over", ("t3.carried_over.natural_person",), 0, 1),
        ("cross_year.carry_over", ("t3.carried_over.total",), 0, 1),
    ]

"""The rules: identities I1–I5 (docs/law.md §1.6), cn2014 sums (§3.2), cross-year X1/X2, text vs
table, structure and the §49 deadline.  Property tests use hypothesis over synthetic reports whose
identities hold by construction (gongkai.synth)."""

from datetime import date
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai import formats
from gongkai.report import Fact, Report
from gongkai.rules import RULES, Options, check, has_errors
from gongkai.synth import consistent_report

T3_IO = {"new_received", "carried_over", "total_processed", "carried_forward"}


def ids(findings, severity=None):
    return {f.rule for f in findings if severity is None or f.severity == severity}


def huaian() -> Report:
    return Report.loads(
        resources.files("gongkai.examples").joinpath("huaian-city-2024.json").read_text("utf-8")
    )


@settings(max_examples=150, deadline=None)
@given(fmt=st.sampled_from(["cn2021", "cn2019", "cn2014", "local"]), seed=st.integers(0, 10**9))
def test_any_consistent_report_passes_every_rule(fmt, seed):
    findings = check(consistent_report(fmt, seed))
    assert [f for f in findings if f.severity != "info"] == []


def expected_identities(key: str) -> set[str]:
    """Which identities a cell takes part in, from the key alone (independent of the engine)."""
    if key.startswith("t4."):
        return {"t4.block_total"}
    if not key.startswith("t3."):
        return set()
    row = key[3:].rsplit(".", 1)[0]
    expected = {"t3.row_total"}  # every 表三 cell is a part or the total of its row (I3)
    if row in T3_IO:
        expected.add("t3.balance")  # I1
    if row not in T3_IO or row == "total_processed":
        expected.add("t3.outcomes_sum")  # I2
    return expected


@settings(max_examples=300, deadline=None)
@given(
    fmt=st.sampled_from(["cn2021", "cn2019"]),
    seed=st.integers(0, 10**9),
    index=st.integers(0, 10**6),
    delta=st.integers(1, 500),
)
def test_any_single_cell_change_breaking_an_identity_is_an_error_with_the_right_rule(
    fmt, seed, index, delta
):
    report = consistent_report(fmt, seed)
    keys = [k for k in formats.get(fmt).cells if k.startswith(("t3.", "t4."))]
    key = keys[index % len(keys)]
    report.cells[key] = int(report.cells[key]) + delta
    findings = check(report)
    errors = [f for f in findings if f.severity == "error"]
    assert ids(errors) == expected_identities(key)
    assert all(key in f.cells for f in errors)
    assert has_errors(findings)


def test_art50_huaian_2024_real_report_balances():
    """淮安市人民政府 2024 (corpus PDF, values read by hand): 3119 + 34 = 3050 + 103."""
    report = huaian()
    assert report.cells["t3.new_received.total"] + report.cells["t3.carried_over.total"] == 3153
    assert (
        report.cells["t3.total_processed.total"] + report.cells["t3.carried_forward.total"] == 3153
    )
    findings = check(report)
    assert not has_errors(findings)
    assert "text_vs_table.figure" not in ids(
        findings
    )  # 受理3119、答复3050、复议351、诉讼46 all match
    # A city government must report 考核/评议/责任追究 results (条例 §50(4)); 淮安 2024 does not.
    assert "structure.art50_4" in ids(findings, "warning")


def test_i1_balance_message_names_column_and_both_sums():
    report = huaian()
    report.cells["t3.carried_forward.natural_person"] = 100
    (finding,) = [f for f in check(report) if f.rule == "t3.balance"]
    assert "自然人" in finding.message and "3001+34=3035" in finding.message
    assert finding.expected == 3035 and finding.actual == 3032


def test_i5_negative_count_and_fractional_count_are_type_errors():
    report = consistent_report("cn2021", 1)
    report.cells["t2.regulation.issued"] = -1
    report.cells["t2.admin_license.decisions"] = 2.5
    found = [f for f in check(report) if f.rule == "cells.type"]
    assert {f.cells[0] for f in found} == {"t2.regulation.issued", "t2.admin_license.decisions"}
    assert all(f.severity == "error" for f in found)


@pytest.mark.parametrize("value", [-1, 2.5])
def test_i5_a_single_wrong_value_is_found_among_integers(value: float) -> None:
    # The rule decides "all non-negative integers" in bulk first; one odd value must still count.
    report = consistent_report("cn2021", 2)
    report.cells["t3.new_received.natural_person"] = value
    found = [f for f in check(report) if f.rule == "cells.type"]
    assert [f.cells[0] for f in found] == ["t3.new_received.natural_person"]


@settings(max_examples=60, deadline=None)
@given(
    fmt=st.sampled_from(["cn2021", "cn2019", "cn2014"]),
    seed=st.integers(0, 10**6),
    changes=st.lists(
        st.tuples(
            st.integers(0, 10**4),
            st.one_of(st.integers(-50, 50), st.floats(-50, 50, allow_nan=False), st.none()),
        ),
        max_size=6,
    ),
)
def test_i5_reports_exactly_the_cells_whose_value_does_not_fit_their_kind(
    fmt: str, seed: int, changes: list[tuple[int, float | None]]
) -> None:
    report = consistent_report(fmt, seed)
    cells = formats.get(fmt).cells
    keys = list(cells)
    for index, value in changes:
        report.cells[keys[index % len(keys)]] = value
    wrong = set()
    for key, value in report.cells.items():
        if value is None or key not in cells:
            continue
        kind = cells[key].kind
        integral = float(value).is_integer()
        if (kind is formats.Kind.COUNT and (value < 0 or not integral)) or (
            (kind is formats.Kind.AMOUNT and value < 0)
            or (kind is formats.Kind.SIGNED and not integral)
        ):
            wrong.add(key)
    assert {f.cells[0] for f in check(report) if f.rule == "cells.type"} == wrong


def test_i5_signed_delta_may_be_negative_in_2019():
    report = consistent_report("cn2019", 1)
    report.cells["t2.admin_license.delta_items"] = -18538
    assert "cells.type" not in ids(check(report))


def test_blank_cells_are_not_zero_and_skip_identities():
    report = consistent_report("cn2021", 2)
    report.cells["t3.granted.total"] = None
    findings = check(report)
    assert "t3.outcomes_sum" not in ids(findings) or all(
        "t3.granted.total" not in f.cells for f in findings if f.rule == "t3.outcomes_sum"
    )
    assert "cells.blank" in ids(findings, "info")


def test_cn2014_identities_are_warnings():
    report = consistent_report("cn2014", 3)
    report.cells["apply.received"] = int(report.cells["apply.received"]) + 1
    report.cells["response.press_conf_by_head"] = int(report.cells["response.press_conf"]) + 1
    findings = check(report)
    assert {"cn2014.received_by_channel", "cn2014.part_le_whole"} <= ids(findings, "warning")
    assert not has_errors(findings)


def test_x1_carry_over_from_last_year_is_a_warning():
    last, this = consistent_report("cn2021", 5), consistent_report("cn2021", 6)
    last.year, this.year = 2023, 2024
    findings = check(this, last)
    mismatched = [c.key for c in formats.CN2021.table("t3").columns
                  if this.cells[f"t3.carried_over.{c.key}"] != last.cells[f"t3.carried_forward.{c.key}"]]  # fmt: skip
    assert len([f for f in findings if f.rule == "cross_year.carry_over"]) == len(mismatched)
    for c in formats.CN2021.table("t3").columns:
        this.cells[f"t3.carried_over.{c.key}"] = last.cells[f"t3.carried_forward.{c.key}"]
    assert "cross_year.carry_over" not in ids(check(this, last))


def test_x2_in_force_moves_by_issued_minus_repealed():
    last, this = consistent_report("cn2021", 5), consistent_report("cn2021", 6)
    last.year, this.year = 2023, 2024
    last.cells["t2.regulation.in_force"] = 10
    this.cells.update(
        {"t2.regulation.issued": 2, "t2.regulation.repealed": 1, "t2.regulation.in_force": 11}
    )
    assert not [
        f
        for f in check(this, last)
        if f.rule == "cross_year.in_force" and "t2.regulation.in_force" in f.cells
    ]
    this.cells["t2.regulation.in_force"] = 13
    (f,) = [
        f
        for f in check(this, last)
        if f.rule == "cross_year.in_force" and "t2.regulation.in_force" in f.cells
    ]
    assert (f.expected, f.actual, f.severity) == (11, 13, "warning")


def test_previous_report_of_another_year_is_not_compared():
    last, this = consistent_report("cn2021", 5), consistent_report("cn2021", 6)
    last.year, this.year = 2021, 2024
    findings = check(this, last)
    assert "cross_year.not_consecutive" in ids(findings)
    assert "cross_year.carry_over" not in ids(findings)


def test_art50_text_vs_table_pingtan_2012_kind_of_mismatch():
    report = consistent_report("cn2021", 8)
    report.cells["t3.new_received.total"] = 739
    report.sections["overview"] = "本年度共收到政府信息公开申请1913件。"
    (f,) = [
        f
        for f in check(report)
        if f.rule == "text_vs_table.figure" and f.cells == ("t3.new_received.total",)
    ]
    assert (f.expected, f.actual) == (739, 1913) and "1913" in f.message


def test_text_vs_table_litigation_is_direct_plus_after_review():
    report = huaian()
    report.facts = {"t4.litigation.total": Fact(45, "政府信息公开行政诉讼45件")}
    (f,) = [f for f in check(report) if f.rule == "text_vs_table.figure"]
    assert f.expected == 46 and f.cells == ("t4.lit_direct.total", "t4.lit_after_review.total")


def test_fee_mentioned_but_not_reported_in_section_6():
    report = consistent_report("cn2021", 9)
    report.sections["overview"] += "严格执行信息处理费管理办法。"
    report.sections["other"] = "无。"
    assert "text_vs_table.fee_section" in ids(check(report))


def test_art50_2_report_year_needs_its_format():
    report = consistent_report("cn2019", 1)
    report.year = 2022
    (f,) = [f for f in check(report) if f.rule == "structure.format_year"]
    assert f.severity == "error" and f.expected == "cn2021" and "30号" in f.message


def test_missing_sections_and_statistics_period():
    report = consistent_report("cn2021", 1)
    report.sections["problems"] = ""
    report.sections["overview"] = (
        "报告所列统计期限自2023年1月1日至2023年12月31日。" + report.sections["overview"]
    )
    findings = check(report)
    assert "structure.section_missing" in ids(findings)
    assert "structure.period_year" in ids(findings)


def test_pingtan_county_2013_period_without_dates():
    report = consistent_report("local", 1)
    report.sections["overview"] = "本报告中所列数据的统计期限自至。"
    assert "structure.period_blank" in ids(check(report))


@pytest.mark.parametrize(
    ("agency", "year", "published", "late"),
    [
        ("淮安市财政局", 2024, date(2025, 1, 31), False),  # §49 para. 1: departments by 1-31
        ("淮安市财政局", 2024, date(2025, 2, 1), True),
        ("淮安市人民政府", 2024, date(2025, 3, 31), False),  # §49 para. 2: governments by 3-31
        ("淮安市人民政府", 2024, date(2025, 4, 1), True),
        ("平罗县渠口乡人民政府", 2024, date(2025, 1, 31), False),  # township: default 1-31
        ("平罗县渠口乡人民政府", 2024, date(2025, 2, 1), True),
        ("上海市人民政府办公厅", 2019, date(2020, 2, 1), True),  # an office is a department
        ("平潭县人民政府", 2013, date(2014, 3, 31), False),  # 2007 text §31: all by 3-31
        ("某局", 2018, date(2019, 3, 30), False),
    ],
)
def test_art49_publication_deadline(agency, year, published, late):
    report = consistent_report(formats.for_year(year).name, 1, agency=agency)
    report.year, report.published_on = year, published
    assert ("deadline.published_late" in ids(check(report))) is late


def test_art49_township_deadline_is_configurable():
    report = consistent_report("cn2021", 1, agency="平罗县崇岗镇人民政府")
    report.year, report.published_on = 2024, date(2025, 2, 21)
    assert "deadline.published_late" in ids(check(report))  # default 1-31
    lenient = Options(township_deadline=(2, 21))
    assert "deadline.published_late" not in ids(check(report, options=lenient))


def test_rule_ids_are_stable_and_documented():
    check(Report.blank("local"))
    for rule_id, r in RULES.items():
        assert (
            rule_id == r.id and r.title and r.basis and r.severity in ("error", "warning", "info")
        )
    assert {"t3.balance", "t3.outcomes_sum", "t3.row_total", "t4.block_total", "cells.type",
            "cross_year.carry_over", "cross_year.in_force", "deadline.published_late"} <= set(RULES)  # fmt: skip

"""The roll-up (汇总) of many units' reports: §49 status, totals that never turn a blank into 0,
cross-year and cross-unit findings, and ``gongkai rollup`` (条例 §47 监督, §49, §50)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gongkai.cli import main
from gongkai.report import Finding, Report
from gongkai.rollup import Entry, coverage_gaps, load, rollup, totals_of
from gongkai.rules import Options
from gongkai.synth import consistent_report
from tools import CORPUS

NARRATIVE = (
    "{name}深入推进基层政务公开标准化规范化建设，围绕乡村振兴、农村集体资产和惠农补贴发放等"
    "重点领域，逐村梳理公开事项清单，在村务公开栏和政府网站同步更新，全年组织村务监督委员会"
    "开展专项检查{n}次。针对群众反映集中的宅基地审批和低保评定问题，镇政务公开办会同民政所"
    "逐户走访核实，形成问题台账并限期整改，整改结果在村民代表大会上通报。下一步将结合"
    "网格化管理，把公开事项延伸到自然村和村民小组，让群众在家门口看得到、看得懂、能监督。"
)


def report(
    agency: str,
    year: int,
    seed: int = 0,
    *,
    published: date | None = None,
    text: str | None = None,
) -> Report:
    r = consistent_report("cn2021", seed, agency=agency)
    r.year = year
    r.published_on = published
    r.sections = {"overview": text or f"{agency}{year}年度工作情况（编号{seed}）。"}
    return r


# The real roll-up: the Pingtan reports of the corpus -------------------------------------------


@pytest.fixture(scope="module")
def pingtan() -> list[Entry]:
    entries, errors = load([str(CORPUS / "pingtan-*.txt")], progress=False)
    assert errors == []
    return entries


def test_pingtan_reports_group_by_agency_and_year(pingtan: list[Entry]) -> None:
    result = rollup(pingtan)
    by_year = {
        y: sorted(u.report.agency or "" for u in result.units if u.year == y)
        for y in result.years()
    }
    assert result.years() == list(range(2011, 2026))
    # 2013: the zone, the county and the zone's local tax bureau each published a report.
    assert by_year[2013] == ["平潭县人民政府", "平潭综合实验区", "平潭综合实验区地方税务局"]
    assert by_year[2022] == ["平潭综合实验区"]
    # The zone's 2011–2025 reports are one series whether titled with 管委会 or not.
    assert (
        len(
            {
                u.key
                for u in result.units
                if "实验区" in (u.report.agency or "") and "税务" not in (u.report.agency or "")
            }
        )
        == 1
    )


def test_pingtan_2012_totals_checked_by_hand(pingtan: list[Entry]) -> None:
    """By hand from the printed tables: county 2012 主动公开信息数 2026 (网站 1795), 受理 21;
    zone 2012 739 (网站 739), 受理 0.  The two print different labels for 对申请的答复(总)数, so
    each of those totals is one unit's of two."""
    totals = rollup(pingtan).totals[2012]
    assert totals["local.主动公开信息数.本年度"].to_json() == {
        "sum": 2765,
        "reported": 2,
        "units": 2,
    }
    assert totals["local.主动公开信息数.网站公开.本年度"].sum == 1795 + 739
    assert totals["local.受理依申请公开信息总数.本年度"].sum == 21
    assert totals["local.对申请的答复数.本年度"].to_json() == {"sum": 21, "reported": 1, "units": 2}
    assert totals["local.对申请的答复总数.本年度"].to_json() == {
        "sum": 0,
        "reported": 1,
        "units": 2,
    }


def test_pingtan_2013_totals_checked_by_hand_blank_is_not_zero(pingtan: list[Entry]) -> None:
    """2013: county 1853 (累计 5395), zone 72804 (累计 76424); the tax bureau printed no table,
    so it is one of three units but reported nothing (not 0)."""
    result = rollup(pingtan)
    totals = result.totals[2013]
    assert totals["local.主动公开信息数.本年度"].to_json() == {
        "sum": 1853 + 72804,
        "reported": 2,
        "units": 3,
    }
    assert totals["local.主动公开信息数.历年累计"].sum == 5395 + 76424
    assert totals["local.受理依申请公开信息总数.本年度"].sum == 7
    assert totals["local.主动公开信息数.本年度"].missing == 1
    # 政府公报公开: the county printed 0; the zone's row printed one figure for two columns
    # (ingest.row_cells), so its cell is blank — a printed 0 and a blank stay apart.
    gazette = totals["local.主动公开信息数.政府公报公开.本年度"]
    assert (gazette.sum, gazette.reported, gazette.zero) == (0, 1, 1)


def test_pingtan_status_by_article_49(pingtan: list[Entry]) -> None:
    """Before 2019 every agency had until 3-31 (条例(2007) §31); from 2019 a department has until
    1-31 (§49 para. 1): the zone's 2022 report of 2023-02-20 is late."""
    units = {(u.report.agency, u.year): u for u in rollup(pingtan).units}
    dishui = units[("平潭综合实验区地方税务局", 2013)]
    assert (dishui.deadline, dishui.status) == (date(2014, 3, 31), "on_time")
    zone = units[("平潭综合实验区", 2022)]
    assert (zone.report.published_on, zone.deadline, zone.status) == (
        date(2023, 2, 20),
        date(2023, 1, 31),
        "late",
    )
    assert zone.report.cells["t3.new_received.total"] == 74


def test_pingtan_area_report_is_compared_only_where_every_unit_reported(
    pingtan: list[Entry],
) -> None:
    """The zone's 2013 report says it was compiled from the county's and others' reports.  The
    tax bureau printed no table, so no sum is complete and nothing is claimed; compared with
    the county alone, 72804 is not 1853."""
    everyone = rollup(pingtan, area="平潭综合实验区")
    zone = next(u for u in everyone.units if u.key == "平潭综合实验区" and u.year == 2013)
    assert [f for f in zone.findings if f.rule == "rollup.area_vs_units"] == []
    county_only = rollup(
        pingtan, area="平潭综合实验区", covers=lambda area, u: u.key == "平潭县人民政府"
    )
    zone = next(u for u in county_only.units if u.key == "平潭综合实验区" and u.year == 2013)
    found = {
        f.cells[0]: (f.expected, f.actual)
        for f in zone.findings
        if f.rule == "rollup.area_vs_units"
    }
    assert found["local.主动公开信息数.本年度"] == (1853, 72804)


def test_area_report_gaps_name_the_units_that_left_a_cell_blank_or_lack_it() -> None:
    """A cell some covered unit did not report is not compared (a blank is not 0); the gap says
    which units left it blank and which have no such cell."""
    key = "t3.new_received.total"
    a, b, c = (report(n, 2024, i) for i, n in enumerate(("甲镇人民政府", "乙镇人民政府", "丙局")))
    county = report("某县人民政府", 2024, 9)
    b.cells[key] = None
    del c.cells[key]
    county.cells[key] = 5
    result = rollup([Entry(r) for r in (a, b, c, county)], area="某县人民政府")
    area = next(u for u in result.units if u.key == "某县人民政府")
    covered = [u for u in result.units if u is not area]
    assert key not in {f.cells[0] for f in area.findings if f.rule == "rollup.area_vs_units"}
    gap = next(g for g in coverage_gaps(area, covered) if g.key == key)
    assert (gap.area_value, gap.blank, gap.absent) == (5, ("乙镇人民政府",), ("丙局",))
    assert (gap.total.sum, gap.total.reported, gap.total.units) == (a.cells[key], 1, 3)


def test_the_area_claims_to_cover_its_units_only_in_the_years_given() -> None:
    county = {y: report("某县人民政府", y, y) for y in (2023, 2024)}
    towns = {y: report("甲镇人民政府", y, 10 + y) for y in (2023, 2024)}
    entries = [Entry(r) for r in (*county.values(), *towns.values())]
    result = rollup(entries, area="某县人民政府", area_years=(2024,))
    assert result.totals[2024]["t3.new_received.total"].units == 1  # compared, not added
    assert result.totals[2023]["t3.new_received.total"].units == 2  # one unit of 2023's sum


# Totals and status ---------------------------------------------------------------------------


def test_totals_keep_blank_zero_and_missing_apart() -> None:
    a, b, c = (
        report(n, 2024, i) for i, n in enumerate(("甲镇人民政府", "乙镇人民政府", "丙镇人民政府"))
    )
    key = "t3.new_received.natural_person"
    a.cells[key], b.cells[key] = 0, None
    del c.cells[key]
    t = totals_of([a, b, c])[key]
    assert (t.sum, t.reported, t.units, t.zero, t.blank, t.missing) == (0, 1, 3, 1, 1, 1)
    a.cells[key] = None
    assert totals_of([a, b, c])[key].to_json() == {"sum": None, "reported": 0, "units": 3}


@pytest.mark.parametrize(
    ("agency", "published", "township", "status"),
    [
        ("财政局", date(2025, 1, 31), None, "on_time"),  # §49 para. 1: departments by 1-31
        ("财政局", date(2025, 2, 1), None, "late"),
        ("示例县人民政府", date(2025, 3, 31), None, "on_time"),  # §49 para. 2: 3-31
        ("示例县人民政府", date(2025, 4, 1), None, "late"),
        ("甲镇人民政府", date(2025, 2, 15), (1, 31), "late"),  # set locally
        ("甲镇人民政府", date(2025, 2, 15), (3, 31), "on_time"),
        ("乙街道办事处", None, None, "unknown"),
    ],
)
def test_status_follows_article_49(
    agency: str, published: date | None, township: tuple[int, int] | None, status: str
) -> None:
    options = Options(township_deadline=township) if township else None
    [unit] = rollup([Entry(report(agency, 2024, published=published))], options=options).units
    assert unit.status == status


def test_default_township_deadline_is_the_rules_default() -> None:
    """The roll-up has no deadline of its own: without an option, a township's deadline is the
    one gongkai.rules.deadline gives (Options' default)."""
    from gongkai.rules.deadline import publication_deadline

    [unit] = rollup([Entry(report("甲镇人民政府", 2024))]).units
    assert unit.deadline == publication_deadline(2024, "township", Options())


# Findings ------------------------------------------------------------------------------------


def test_each_unit_is_checked_against_its_own_previous_year() -> None:
    """X1 across years per unit: 上年结转 = last year's 结转下年度 (docs/law.md §1.6)."""
    last = report("甲镇人民政府", 2023, 1)
    now = report("甲镇人民政府", 2024, 2)
    other = report("乙镇人民政府", 2023, 3)
    key = "t3.carried_over.total"
    now.cells[key] = (last.cells["t3.carried_forward.total"] or 0) + 5
    result = rollup([Entry(last), Entry(now), Entry(other)])
    unit = next(u for u in result.units if u.report is now)
    assert "cross_year.carry_over" in {f.rule for f in unit.findings}
    assert all(f.rule != "cross_year.carry_over" for f in result.units[0].findings)


def test_identity_failure_is_a_unit_finding() -> None:
    bad = report("甲镇人民政府", 2024, 4)
    bad.cells["t3.total_processed.total"] = (bad.cells["t3.total_processed.total"] or 0) + 1
    [unit] = rollup([Entry(bad)]).units
    assert any(f.rule.startswith("t3.") and f.severity == "error" for f in unit.findings)


def test_copied_narrative_between_units_is_found_and_boilerplate_is_not() -> None:
    units = [
        report(
            f"第{i}镇人民政府",
            2024,
            i,
            text=f"第{i}镇人民政府坚持公开为常态。本镇第{i}项工作独有的说明文字，内容各不相同，编号{i}。",
        )
        for i in range(10)
    ]
    units[3].sections["overview"] = NARRATIVE.format(name="第3镇", n=4)
    units[7].sections["overview"] = NARRATIVE.format(
        name="第7镇", n=6
    )  # same text, new name, new figure
    result = rollup([Entry(r) for r in units])
    copied = {
        (u.report.agency, f.actual["agency"])
        for u, f in result.findings()
        if f.rule == "rollup.text_copied"
    }
    assert copied == {("第3镇人民政府", "第7镇人民政府"), ("第7镇人民政府", "第3镇人民政府")}


def test_text_and_figures_repeated_from_last_year() -> None:
    last = report("甲镇人民政府", 2023, 5, text=NARRATIVE.format(name="甲镇", n=3))
    now = report("甲镇人民政府", 2024, 5, text=NARRATIVE.format(name="甲镇", n=3))
    fresh = report("乙镇人民政府", 2024, 6, text=NARRATIVE.format(name="乙镇", n=3))
    older = report("乙镇人民政府", 2023, 7, text="乙镇去年的报告写的是别的内容。" * 3)
    result = rollup([Entry(r) for r in (last, now, fresh, older)])
    rules = {(u.report.agency, u.year): {f.rule for f in u.findings} for u in result.units}
    assert {"rollup.text_repeated", "rollup.numbers_repeated"} <= rules[("甲镇人民政府", 2024)]
    assert not {"rollup.text_repeated", "rollup.numbers_repeated"} & rules[("乙镇人民政府", 2024)]


def test_a_second_report_of_one_body_and_year_counts_once() -> None:
    first = report("甲镇人民政府", 2024, 1, published=date(2025, 1, 10))
    again = report("甲镇人民政府", 2024, 2, published=date(2025, 3, 1))
    result = rollup([Entry(first, "a.json"), Entry(again, "b.json")])
    assert [u.entry.source for u in result.units] == ["b.json"]
    assert result.totals[2024]["t3.new_received.total"].units == 1
    assert "rollup.duplicate" in {f.rule for f in result.units[0].findings}


# gongkai rollup --------------------------------------------------------------------------------


def write(path: Path, r: Report) -> Path:
    path.write_text(r.dumps(), encoding="utf-8")
    return path


def test_cli_json_has_exactly_the_documented_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "reports").mkdir()
    a = report("甲镇人民政府", 2024, 1, published=date(2025, 2, 10))
    b = report("财政局", 2024, 2, published=date(2025, 1, 20))
    a.cells["t3.new_received.natural_person"] = None
    write(tmp_path / "reports" / "a.json", a)
    write(tmp_path / "reports" / "b.json", b)
    assert (
        main(["rollup", str(tmp_path / "reports"), "--json", "--township-deadline", "01-31"]) == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {"units", "totals", "findings"}
    units = {u["agency"]: u for u in doc["units"]}
    assert {k: units["甲镇人民政府"][k] for k in ("year", "published_on", "status")} == {
        "year": 2024,
        "published_on": "2025-02-10",
        "status": "late",
    }
    assert units["财政局"]["status"] == "on_time"
    total = doc["totals"]["t3.new_received.natural_person"]
    assert total == {"sum": b.cells["t3.new_received.natural_person"], "reported": 1, "units": 2}
    assert all(set(t) == {"sum", "reported", "units"} for t in doc["totals"].values())
    assert all({"agency", "year", "rule", "severity", "message"} <= set(f) for f in doc["findings"])


def test_cli_reads_globs_and_ingest_files_and_writes_a_safe_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = report('=HYPERLINK("http://x")镇人民政府', 2013, 1, published=date(2014, 1, 5))
    write(tmp_path / "h.json", hostile)
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    out = tmp_path / "rollup.xlsx"
    code = main(
        [
            "rollup",
            str(tmp_path / "*.json"),
            str(CORPUS / "pingtan-dishui-2013.txt"),
            "--xlsx",
            str(out),
        ]
    )
    captured = capsys.readouterr()
    assert code == 0
    assert "broken.json：不是有效的 JSON" in captured.err
    assert "2013 年度：2 个单位" in captured.out
    book = load_workbook(BytesIO(out.read_bytes()))
    assert book.sheetnames == ["单位", "汇总", "发现"]
    agencies = [row[0] for row in book["单位"].iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://x")镇人民政府' in agencies


def test_cli_without_any_report_is_a_chinese_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rollup", str(tmp_path / "none-*.json")]) == 2
    err = capsys.readouterr().err
    assert "找不到文件" in err and "没有读到任何年度报告" in err
    with pytest.raises(SystemExit) as exit_:
        main(["rollup", str(tmp_path), "--township-deadline", "13-40"])
    assert exit_.value.code == 2
    assert "应为“月-日”" in capsys.readouterr().err


def test_a_finding_store_is_used_and_keyed_by_what_the_findings_depend_on() -> None:
    """Findings kept from an earlier roll-up come back for the same contents and options; a new
    township deadline (which decides deadline.published_late) makes a new key."""

    class Store:
        def __init__(self) -> None:
            self.kept: dict[str, list[Finding]] = {}
            self.hits = 0

        def get_many(self, keys: Sequence[str]) -> dict[str, list[Finding]]:
            found = {k: self.kept[k] for k in keys if k in self.kept}
            self.hits += len(found)
            return found

        def set_many(self, found: dict[str, list[Finding]]) -> None:
            self.kept.update(found)

    last = report("甲镇人民政府", 2023, 1, published=date(2024, 2, 20))
    now = report("甲镇人民政府", 2024, 2, published=date(2025, 2, 20))
    entries = [Entry(last, sha256="a" * 64), Entry(now, sha256="b" * 64)]
    store = Store()
    first = rollup(entries, options=Options(township_deadline=(1, 31)), known=store)
    assert len(store.kept) == 2 and store.hits == 0
    again = rollup(entries, options=Options(township_deadline=(1, 31)), known=store)
    assert store.hits == 2
    assert [u.findings for u in again.units] == [u.findings for u in first.units]
    assert "deadline.published_late" in {f.rule for f in again.units[1].findings}
    later = rollup(entries, options=Options(township_deadline=(3, 31)), known=store)
    assert store.hits == 2 and len(store.kept) == 4
    assert "deadline.published_late" not in {f.rule for f in later.units[1].findings}

"""The register, roll-up, checks and statistics of a generated county (条例 §47 监督; §49
deadlines; §50 contents; §33 reply period), read through ``oversight.selectors`` and changed only
through ``oversight.services``, each change an audit event."""

from __future__ import annotations

from datetime import date

import pytest
from county_world import (
    COPIED,
    DISAGREES,
    EXEMPT_DEPARTMENT,
    IDENTITY,
    LATE_DEPARTMENT,
    LATE_TOWNSHIPS,
    MISSING,
    REPUBLISHED,
    YEAR,
    County,
)

from gongkai.report import Report
from gongkai.synth import consistent_report
from gongkai_platform.core.audit import verify
from gongkai_platform.core.errors import ActionRefused
from gongkai_platform.oversight import selectors, services
from gongkai_platform.oversight.demo import report_file as uploaded
from gongkai_platform.oversight.models import OversightEvent
from gongkai_platform.oversight.scoring import score

TODAY = date(2026, 6, 1)


def rows_by_name(county: County) -> dict[str, selectors.RegisterRow]:
    return {r.unit.name: r for r in selectors.register(county.county, YEAR, TODAY, documents=True)}


def test_register_lists_every_unit_of_the_subtree_with_its_article_49_status(
    county: County,
) -> None:
    rows = rows_by_name(county)
    assert len(rows) == 31  # the county, 20 townships, 10 departments; not the other county
    assert "邻县甲镇人民政府" not in rows
    t, d = county.townships, county.departments
    status = {name: r.status for name, r in rows.items()}
    assert {status[t[i].name] for i in LATE_TOWNSHIPS} == {"late"}
    assert status[d[LATE_DEPARTMENT].name] == "late"
    assert status[t[MISSING].name] == "missing"
    assert status[d[EXEMPT_DEPARTMENT].name] == "exempt"
    assert rows[d[EXEMPT_DEPARTMENT].name].exemption == "机构改革中撤销"
    assert status[t[REPUBLISHED].name] == "modified"
    assert status[t[IDENTITY].name] == "on_time"
    assert status[county.county.name] == "on_time"
    others = set(status.values()) - {"late", "missing", "exempt", "modified"}
    assert others == {"on_time"}
    assert sum(1 for s in status.values() if s == "on_time") == 31 - 6


def test_deadlines_are_article_49_and_the_county_setting(county: County) -> None:
    """§49: departments 1-31, governments 3-31; townships as the county set them (1-31)."""
    rows = rows_by_name(county)
    assert rows[county.departments[0].name].deadline == date(YEAR + 1, 1, 31)
    assert rows[county.county.name].deadline == date(YEAR + 1, 3, 31)
    assert rows[county.townships[0].name].deadline == date(YEAR + 1, 1, 31)
    services.deadline_configure(actor=county.admin, root=county.county, month=3, day=31)
    rows = rows_by_name(county)
    assert rows[county.townships[0].name].deadline == date(YEAR + 1, 3, 31)
    assert {rows[county.townships[i].name].status for i in LATE_TOWNSHIPS} == {"on_time"}


def test_register_gives_source_publication_date_and_content_hash(county: County) -> None:
    rows = rows_by_name(county)
    platform = rows[county.townships[0].name]
    assert (platform.source_kind, platform.published_on) == ("platform", date(YEAR + 1, 1, 25))
    assert platform.sha256 == selectors.content_hash(platform.document or {})
    upload = rows[county.townships[IDENTITY].name]
    assert upload.source_kind == "upload" and upload.source.endswith(".json")
    assert len(upload.sha256) == 64
    assert rows[county.townships[MISSING].name].document is None
    chase = {r.unit.name for r in selectors.chase_list(rows.values())}
    assert chase == {
        *(county.townships[i].name for i in (*LATE_TOWNSHIPS, MISSING, REPUBLISHED)),
        county.departments[LATE_DEPARTMENT].name,
    }


def test_rollup_sums_the_published_reports_and_says_how_many_reported(county: County) -> None:
    """Expected by hand: townships 0 and 1 and department 0 each received 6 applications in 2024
    (the fixture), the two uploaded reports carry their own figures; every other unit's records
    are empty (0, a printed 0, not a blank); the missing and the exempt unit count nowhere."""
    _rows, result = selectors.area_rollup(county.county, YEAR, today=TODAY)
    total = result.totals[YEAR]["t3.new_received.total"]
    identity = consistent_report("cn2021", IDENTITY).cells["t3.new_received.total"]
    republished = consistent_report("cn2021", 301).cells["t3.new_received.total"]
    assert total.sum == 3 * 6 + identity + republished  # type: ignore[operator]
    assert (total.reported, total.units) == (29, 29)


def test_blank_cell_is_counted_apart_from_zero(county: County) -> None:
    report: Report = consistent_report("cn2021", 5, agency=county.townships[MISSING].name)
    report.year, report.published_on = YEAR, date(YEAR + 1, 1, 30)
    report.cells["t3.new_received.natural_person"] = None
    services.report_receive(
        actor=county.admin,
        root=county.county,
        unit=county.townships[MISSING],
        year=YEAR,
        data=report.dumps().encode(),
        name="late-arrival.json",
    )
    _, result = selectors.area_rollup(county.county, YEAR, today=TODAY)
    cell = result.totals[YEAR]["t3.new_received.natural_person"]
    assert (cell.reported, cell.units, cell.blank) == (29, 30, 1)


def test_findings_name_the_unit_that_broke_each_check(county: County) -> None:
    _rows, result = selectors.area_rollup(county.county, YEAR, today=TODAY)

    def rules(i: int) -> set[str]:
        return {f.rule for f in selectors.unit_findings(result, county.townships[i], YEAR)}

    assert any(r.startswith("t3.") for r in rules(IDENTITY))  # I1/I2 of the uploaded file
    assert "rollup.text_repeated" in rules(COPIED)  # its 2023 narrative again
    assert "rollup.text_repeated" not in rules(0)  # a new narrative each year
    copied_anywhere = [f for _, f in result.findings() if f.rule == "rollup.text_copied"]
    assert copied_anywhere == []  # each unit wrote its own text
    late = {
        f.rule for f in selectors.unit_findings(result, county.townships[LATE_TOWNSHIPS[0]], YEAR)
    }
    assert "deadline.published_late" in late


def test_published_report_is_compared_with_the_units_own_records(county: County) -> None:
    rows = rows_by_name(county)
    disagrees = rows[county.townships[DISAGREES].name]
    found = selectors.records_findings(disagrees.unit, YEAR, disagrees.document or {})
    cells = {f.cells[0]: (f.expected, f.actual) for f in found}
    assert cells["t3.new_received.total"] == (1, 0)
    agrees = rows[county.townships[0].name]
    assert selectors.records_findings(agrees.unit, YEAR, agrees.document or {}) == []


def test_score_links_every_lost_point_to_its_evidence(county: County) -> None:
    rows, result = selectors.area_rollup(county.county, YEAR, today=TODAY)
    by_name = {r.unit.name: r for r in rows}
    late = by_name[county.townships[LATE_TOWNSHIPS[0]].name]
    selectors.load_documents(rows)
    card = score(late, selectors.unit_findings(result, late.unit, YEAR), YEAR)
    on_time = next(i for i in card.items if i.indicator.id == "on_time")
    assert on_time.points == 0 and on_time.evidence[0].article.startswith("条例第四十九条")
    identity = by_name[county.townships[IDENTITY].name]
    card = score(identity, selectors.unit_findings(result, identity.unit, YEAR), YEAR)
    item = next(i for i in card.items if i.indicator.id == "identities")
    assert item.points < item.indicator.weight
    assert all(e.rule and e.cells for e in item.evidence)
    for i in card.items:
        assert (i.lost == 0) == (i.evidence == []), i.indicator.id
    missing = by_name[county.townships[MISSING].name]
    assert score(missing, [], YEAR).total == 0
    assert sum(i.weight for i in card.items for i in [i.indicator]) == 100


def test_statistics_from_the_records_with_minimum_count_guards(county: County) -> None:
    """Township 0: 6 applications received in 2024, 5 closed the next working week (on time
    under §33), 1 open since it was handed in on 2024-08-04 (§31: in person, received that day); department 1 has none, so no rate is shown for it."""
    s = selectors.statistics(county.county, YEAR)
    assert s.total.received == 18 + 1  # the late-registered one in the DISAGREES township
    assert s.months[2] == (3, 3)  # March: one in each of the three units
    unit = selectors.statistics(county.county, YEAR, unit=county.townships[0])
    m = unit.total
    assert (m.received, m.closed, m.backlog, m.oldest_open) == (6, 5, 1, date(YEAR, 8, 4))
    assert m.on_time_rate == 1.0 and m.median_days is not None
    handler = county.handlers[county.townships[1].pk]
    assert selectors.statistics(county.county, YEAR, handler=handler.pk).total.received == 6
    small = selectors.statistics(county.county, YEAR, unit=county.townships[DISAGREES]).total
    assert (small.received, small.on_time_rate, small.correction_rate) == (1, None, None)


def test_oversight_actions_write_chained_events_and_only_the_area_admin_may_act(
    county: County,
) -> None:
    town = county.townships[REPUBLISHED]
    before = OversightEvent.objects.count()
    with pytest.raises(ActionRefused):
        services.unit_exempt(
            actor=county.supervisor, root=county.county, unit=town, year=YEAR, reason="x"
        )
    with pytest.raises(ActionRefused):  # the other county's unit is not below this county
        services.unit_exempt(
            actor=county.admin,
            root=county.county,
            unit=county.other_county,
            year=YEAR,
            reason="x",  # type: ignore[arg-type]
        )
    with pytest.raises(ActionRefused, match="必须说明理由"):
        services.unit_exempt(
            actor=county.admin, root=county.county, unit=town, year=YEAR, reason=" "
        )
    assert OversightEvent.objects.count() == before
    count = services.unit_recheck(actor=county.admin, root=county.county, unit=town, year=YEAR)
    event = OversightEvent.objects.latest("id")
    assert (event.action, event.unit_id, event.year) == ("unit_recheck", town.pk, YEAR)
    assert event.after["errors"] + event.after["warnings"] <= count
    assert list(verify([OversightEvent])) == []


def test_a_republished_report_is_a_new_version_and_is_rechecked(county: County) -> None:
    town = county.townships[0]
    services.report_receive(
        actor=county.admin,
        root=county.county,
        unit=town,
        year=YEAR,
        data=uploaded(town, YEAR, date(YEAR + 1, 2, 3), 77),
        name="republished.json",
    )
    row = rows_by_name(county)[town.name]
    assert row.status == "modified" and row.versions == 2
    event = OversightEvent.objects.filter(unit=town, action="report_receive").latest("id")
    assert event.after["changed_after_publication"] is False  # the first file received
    with pytest.raises(ActionRefused, match="不是 2023 年度"):
        services.report_receive(
            actor=county.admin,
            root=county.county,
            unit=town,
            year=YEAR - 1,
            data=uploaded(town, YEAR, date(YEAR + 1, 2, 3), 78),
            name="wrong-year.json",
        )
    with pytest.raises(ActionRefused, match="不是有效的 JSON"):
        services.report_receive(
            actor=county.admin, root=county.county, unit=town, year=YEAR, data=b"{", name="bad.json"
        )


def test_a_city_gives_each_township_the_setting_nearest_above_it(db: None) -> None:
    """条例第四十九条 names no township deadline; a city sets 1-31 and one of its counties sets
    2-28 for its own townships: seen from the city, each township has its own county's date, and
    the roll-up judges each report by that same date (not the city's for all)."""
    from gongkai_platform.accounts.models import Role, UnitKind
    from gongkai_platform.oversight.demo import make_unit, member, org_code
    from gongkai_platform.oversight.models import DeadlineSetting

    city = make_unit("示例市人民政府", UnitKind.CITY, None, org_code(3000))
    strict = make_unit("甲县人民政府", UnitKind.COUNTY, city, org_code(3100))
    lenient = make_unit("乙县人民政府", UnitKind.COUNTY, city, org_code(3200))
    towns = {
        county: make_unit(f"{county.name[:2]}丙镇人民政府", UnitKind.TOWNSHIP, county, code)
        for county, code in ((strict, org_code(3110)), (lenient, org_code(3210)))
    }
    DeadlineSetting.objects.create(unit=city, township_month=1, township_day=31)
    DeadlineSetting.objects.create(unit=lenient, township_month=2, township_day=28)
    published = date(YEAR + 1, 2, 10)  # after 1-31, before 2-28
    admin = member("city-admin", (city, Role.ADMIN))
    for town in towns.values():
        data = uploaded(town, YEAR, published, 3)
        services.report_receive(
            actor=admin, root=city, unit=town, year=YEAR, data=data, name="r.json"
        )
    rows = {r.unit.pk: r for r in selectors.register(city, YEAR, TODAY)}
    assert rows[towns[strict].pk].deadline == date(YEAR + 1, 1, 31)
    assert rows[towns[lenient].pk].deadline == date(YEAR + 1, 2, 28)
    assert (rows[towns[strict].pk].status, rows[towns[lenient].pk].status) == ("late", "on_time")
    _, result = selectors.area_rollup(city, YEAR, today=TODAY)
    lenient_found = selectors.unit_findings(result, towns[lenient], YEAR)
    assert not any(f.rule == "deadline.published_late" for f in lenient_found)
    strict_found = selectors.unit_findings(result, towns[strict], YEAR)
    assert any(f.rule == "deadline.published_late" for f in strict_found)

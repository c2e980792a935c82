"""The stored roll-up (oversight.models.StoredRollup) is provably current: it is read only while
its key is the key of today's inputs, the actions that change an input (条例 §47 oversight
actions: a received report, a unit not required, the township deadline of §49) compute it again
at once, and a report published in the reports app shows on the next look.  And the area's own
report, when it claims to cover its units, is compared with their sum
(``rollup.area_vs_units``) with the evidence of what could not be compared."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from county_world import (
    DISAGREES,
    IDENTITY,
    LATE_TOWNSHIPS,
    MISSING,
    REPUBLISHED,
    TOWNSHIPS,
    YEAR,
    County,
    narrative,
    publish,
)
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from gongkai.report import Report
from gongkai.synth import consistent_report
from gongkai_platform.core.audit import verify
from gongkai_platform.core.errors import ActionRefused
from gongkai_platform.oversight import selectors, services
from gongkai_platform.oversight.models import (
    AreaClaim,
    Exemption,
    OversightEvent,
    StoredRollup,
)

TODAY = date(2026, 6, 1)
NEW = "t3.new_received.total"


def client(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def totals_row(c: Client, county: County, key: str = NEW) -> tuple[Any, ...]:
    """The row of ``key`` in the roll-up page's table of totals: (sum, reported, units)."""
    response = c.get(reverse("oversight:area", args=[county.county.pk, YEAR]))
    assert response.status_code == 200
    row = next(r for r in response.context["table"] if r[0] == key)
    return row[2], row[3], row[4]


def unit_rules(c: Client, county: County, unit_pk: int) -> set[str]:
    response = c.get(reverse("oversight:unit", args=[county.county.pk, YEAR, unit_pk]))
    assert response.status_code == 200
    return {f.rule for f, _ in response.context["findings"]}


def stored(county: County) -> StoredRollup:
    return StoredRollup.objects.get(unit=county.county, year=YEAR, years_back=1)


def received_json(county: County, i: int, *, blank: str | None = None) -> bytes:
    report: Report = consistent_report("cn2021", 40 + i, agency=county.townships[i].name)
    report.year, report.published_on = YEAR, date(YEAR + 1, 1, 30)
    if blank is not None:
        report.cells[blank] = None
    return report.dumps().encode()


def test_a_stored_rollup_is_read_while_its_inputs_are_unchanged(
    county: County, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, first = selectors.area_rollup(county.county, YEAR, today=TODAY)
    key = stored(county).key

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("computed again although nothing changed")

    monkeypatch.setattr(selectors, "compute_rollup", refuse)
    _, again = selectors.area_rollup(county.county, YEAR, today=TODAY)
    assert stored(county).key == key
    assert again.totals == first.totals  # the same totals, blank/zero/missing counts included
    assert again.unit_findings == first.unit_findings
    assert again.to_json() == first.to_json()


def test_a_publication_in_the_reports_app_shows_on_the_next_look(county: County) -> None:
    """report_publish (reports app) cannot call oversight (the layers); the key catches it."""
    c = client(county.supervisor)
    assert totals_row(c, county)[1:] == (29, 29)
    before = stored(county).key
    missing = county.townships[MISSING]
    publish(county, missing, YEAR, date(YEAR + 1, 1, 30), narrative(TOWNSHIPS[MISSING], MISSING))
    assert stored(county).key == before  # nothing computed it yet ...
    assert totals_row(c, county)[1:] == (30, 30)  # ... and the next look is current
    assert stored(county).key != before


def test_an_upload_is_in_the_stored_rollup_before_anyone_looks(county: County) -> None:
    c = client(county.supervisor)
    assert totals_row(c, county, "t3.new_received.natural_person")[1:] == (29, 29)
    services.report_receive(
        actor=county.admin,
        root=county.county,
        unit=county.townships[MISSING],
        year=YEAR,
        data=received_json(county, MISSING, blank="t3.new_received.natural_person"),
        name="late.json",
    )
    data = stored(county).data  # computed again inside the action
    assert data["totals"][str(YEAR)]["t3.new_received.natural_person"][1:3] == [29, 30]
    assert totals_row(c, county, "t3.new_received.natural_person")[1:] == (29, 30)


def test_an_exemption_and_its_undoing_show_on_the_next_look(county: County) -> None:
    c = client(county.supervisor)
    total, _, units = totals_row(c, county)
    department = county.departments[0]  # received 6 applications in 2024
    services.unit_exempt(
        actor=county.admin, root=county.county, unit=department, year=YEAR, reason="机构合并"
    )
    assert totals_row(c, county) == (total - 6, units - 1, units - 1)
    services.unit_require(actor=county.admin, root=county.county, unit=department, year=YEAR)
    assert totals_row(c, county) == (total, units, units)


def test_a_deadline_change_shows_on_the_next_look(county: County) -> None:
    c = client(county.supervisor)
    late = county.townships[LATE_TOWNSHIPS[0]]  # published 2025-02-20
    assert "deadline.published_late" in unit_rules(c, county, late.pk)
    services.deadline_configure(actor=county.admin, root=county.county, month=2, day=28)
    assert "deadline.published_late" not in unit_rules(c, county, late.pk)
    services.deadline_configure(actor=county.admin, root=county.county, month=1, day=31)
    assert "deadline.published_late" in unit_rules(c, county, late.pk)


def test_a_change_made_past_the_actions_is_still_never_shown_stale(county: County) -> None:
    """The key is of the inputs themselves, not of who changed them: a row written straight into
    the table (a migration, a repair by hand) still makes the stored roll-up stale."""
    c = client(county.supervisor)
    total, reported, units = totals_row(c, county)
    Exemption.objects.create(unit=county.departments[0], year=YEAR, reason="直接写入")
    assert totals_row(c, county) == (total - 6, reported - 1, units - 1)


def test_only_the_rollups_an_input_feeds_are_computed_again(county: County) -> None:
    for year in (YEAR, YEAR - 1, YEAR - 3):  # 2023–2024, 2022–2023, 2020–2021
        selectors.area_rollup(county.county, year, today=TODAY)
    town = county.townships[0]
    assert selectors.rollup_refresh(town, [YEAR]) == 1  # the 2024 roll-up only
    assert selectors.rollup_refresh(town, [YEAR - 1]) == 2  # 2023 is looked back to from 2024
    assert selectors.rollup_refresh(county.other_county, [YEAR]) == 0  # type: ignore[arg-type]


# The area's own report against the sum of its units ----------------------------------------


def test_unclaimed_area_report_is_one_unit_of_the_sum(county: County) -> None:
    _, result = selectors.area_rollup(county.county, YEAR, today=TODAY)
    assert not result.area.claimed and result.area.findings == []
    assert result.totals[YEAR][NEW].units == 29  # the county's own report counted in


def test_claimed_area_report_is_compared_with_its_units_sum(county: County) -> None:
    """The county's own report is compiled from its own records (no applications: 0); its
    townships and departments received 3 × 6 plus the two uploaded reports' figures."""
    services.area_claim(
        actor=county.admin, root=county.county, year=YEAR, covers=True, note="报告说明涵盖全县"
    )
    _, result = selectors.area_rollup(county.county, YEAR, today=TODAY)
    check = result.area
    assert check.claimed and check.area_report
    identity = consistent_report("cn2021", IDENTITY).cells[NEW]
    republished = consistent_report("cn2021", 301).cells[NEW]
    found = {f.cells[0]: (f.expected, f.actual) for f in check.findings}
    assert found[NEW] == (3 * 6 + identity + republished, 0)  # type: ignore[operator]
    assert all(f.rule == "rollup.area_vs_units" for f in check.findings)
    # Not added to the sum any more: 28 units (30 less the missing and the exempt one).
    assert result.totals[YEAR][NEW].units == 28
    assert result.totals[YEAR][NEW].sum == found[NEW][0]
    # The sum lacks the unit that published nothing, and says so.
    assert check.unreported == [county.townships[MISSING].name]
    assert check.gaps == []  # every unit printed every cell the county printed

    # A unit leaves a cell blank: that cell is not compared, and the evidence names the unit.
    services.report_receive(
        actor=county.admin,
        root=county.county,
        unit=county.townships[MISSING],
        year=YEAR,
        data=received_json(county, MISSING, blank=NEW),
        name="late.json",
    )
    _, result = selectors.area_rollup(county.county, YEAR, today=TODAY)
    gap = next(g for g in result.area.gaps if g["cell"] == NEW)
    assert gap["blank"] == [county.townships[MISSING].name] and gap["absent"] == []
    assert (gap["reported"], gap["units"]) == (28, 29)
    assert NEW not in {f.cells[0] for f in result.area.findings}
    assert result.area.unreported == []

    # Withdrawn: the county's report is one unit of the sum again.
    services.area_claim(actor=county.admin, root=county.county, year=YEAR, covers=False)
    _, result = selectors.area_rollup(county.county, YEAR, today=TODAY)
    assert not result.area.claimed and result.totals[YEAR][NEW].units == 30
    events = OversightEvent.objects.filter(unit=county.county, action="area_claim")
    assert [e.after["covers"] for e in events.order_by("id")] == [True, False]
    assert list(verify([OversightEvent])) == []


def test_the_rollup_page_shows_the_comparison_and_its_evidence(county: County) -> None:
    admin = client(county.admin)
    url = reverse("oversight:area", args=[county.county.pk, YEAR])
    assert "本级报告未声明涵盖下级单位" in admin.get(url).content.decode()
    response = admin.post(
        reverse("oversight:area_claim", args=[county.county.pk, YEAR]),
        {"covers": "1", "note": "报告第一部分：本报告涵盖全县"},
    )
    assert response.status_code == 302
    page = admin.get(url).content.decode()
    assert "与各单位之和不符的项目" in page and NEW in page
    assert county.townships[MISSING].name in page  # named as not in the sum
    assert AreaClaim.objects.filter(unit=county.county, year=YEAR).exists()


def test_only_the_area_administrator_declares_the_claim(county: County) -> None:
    with pytest.raises(ActionRefused):
        services.area_claim(actor=county.supervisor, root=county.county, year=YEAR, covers=True)
    c = client(county.supervisor)
    c.post(reverse("oversight:area_claim", args=[county.county.pk, YEAR]), {"covers": "1"})
    assert not AreaClaim.objects.exists()
    assert (
        "声明：本级报告涵盖下级单位"
        not in c.get(reverse("oversight:area", args=[county.county.pk, YEAR])).content.decode()
    )
    other = client(county.other_supervisor)  # type: ignore[arg-type]
    response = other.post(
        reverse("oversight:area_claim", args=[county.county.pk, YEAR]), {"covers": "1"}
    )
    assert response.status_code == 404
    with pytest.raises(ActionRefused):  # claimed twice
        services.area_claim(actor=county.admin, root=county.county, year=YEAR, covers=False)


def test_the_unit_page_reads_its_own_document_and_the_stored_findings(county: County) -> None:
    c = client(county.supervisor)
    rules = unit_rules(c, county, county.townships[IDENTITY].pk)
    assert any(r.startswith("t3.") for r in rules)  # the identity it breaks
    disagrees = unit_rules(c, county, county.townships[DISAGREES].pk)
    assert selectors.RECORDS_RULE in disagrees  # still checked against its own records
    response = c.get(
        reverse("oversight:unit", args=[county.county.pk, YEAR, county.townships[REPUBLISHED].pk])
    )
    assert response.context["cells"]  # its document's cells, read for this page

"""The annual report compiled from records (条例 §50): counts, carry-over, drill-down, scoping."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from platform_world import World

from gongkai_platform.appeals.services import appeal_decide, appeal_record
from gongkai_platform.applications import services
from gongkai_platform.core.errors import ActionRefused, ErrorCode
from gongkai_platform.reports.models import ReportEvent, ReportState
from gongkai_platform.reports.selectors import cell_records
from gongkai_platform.reports.services import (
    report_adjust,
    report_compile,
    report_edit,
    report_publish,
)

D = date.fromisoformat


def build(world: World) -> dict[str, int]:
    """2024: one carried into 2025; 2025: three received, two closed, one still open."""
    old = world.register(arrived_on=D("2024-12-20"))
    world.close(old, "granted", D("2025-01-06"))
    a = world.register(applicant_type="org_legal_service", applicant_name="某律所")
    world.close(a, "partially_granted", D("2025-03-20"))
    b = world.register()
    c = world.register(arrived_on=D("2025-03-04"))
    world.close(c, "unable.not_held", D("2025-03-21"))
    appeal = appeal_record(
        actor=world.handler, application=c, kind="review", filed_on=D("2025-04-01"), body="县政府"
    )
    appeal_decide(actor=world.handler, appeal=appeal, decided_on=D("2025-06-01"), result="upheld")
    appeal_record(
        actor=world.handler,
        application=a,
        kind="lit_direct",
        filed_on=D("2025-05-01"),
        body="县法院",
    )
    return {"old": old.pk, "a": a.pk, "b": b.pk, "c": c.pk, "appeal": appeal.pk}


def test_compile_counts_the_records_and_balances_条例第五十条(world: World) -> None:
    ids = build(world)
    report = report_compile(actor=world.approver, unit=world.town_a, year=2025)
    cells = report.document["cells"]
    assert (
        cells["t3.new_received.natural_person"] == 2
        and cells["t3.new_received.org_legal_service"] == 1
    )
    assert cells["t3.carried_over.natural_person"] == 1
    assert (
        cells["t3.granted.natural_person"] == 1
        and cells["t3.partially_granted.org_legal_service"] == 1
    )
    assert cells["t3.unable.not_held.natural_person"] == 1
    assert cells["t3.carried_forward.total"] == 1 and cells["t3.total_processed.total"] == 3
    assert cells["t4.review.upheld"] == 1 and cells["t4.lit_direct.pending"] == 1
    assert report.sources["t3.carried_forward.natural_person"] == [str(ids["b"])]
    assert "t3.carried_forward.total" not in report.sources  # sums are their parts
    total = cell_records(report, "t3.total_processed.total").applications
    assert sorted(x.pk for x in total) == sorted([ids["old"], ids["a"], ids["c"]])
    assert report.sources["t4.review.upheld"] == [f"appeal-{ids['appeal']}"]
    rules = {f["rule"] for f in report.document["findings"] if f["severity"] == "error"}
    assert not {r for r in rules if r.startswith(("identity", "t3", "t4"))}, rules
    applications, appeals, _ = cell_records(report, "t3.partially_granted.total")
    assert [x.pk for x in applications] == [ids["a"]] and not appeals.exists()
    assert ReportEvent.objects.filter(report=report, action="compile").count() == 1


def test_a_reply_awaiting_approval_on_31_december_is_carried_forward_条例第五十条(
    world: World,
) -> None:
    """A reply the 审核人 has not approved by the year's end is not yet an outcome: the case is
    结转下年度 in that year and counted in its outcome row in the year of approval."""
    app = world.register(arrived_on=D("2024-12-16"))
    services.application_submit_reply(
        actor=world.handler,
        application=app,
        outcome="granted",
        ground="36_2",
        submitted_on=D("2024-12-30"),
    )
    cells = report_compile(actor=world.approver, unit=world.town_a, year=2024).document["cells"]
    assert cells["t3.carried_forward.natural_person"] == 1
    assert cells["t3.granted.natural_person"] == 0
    services.application_approve_reply(
        actor=world.approver, application=app, approved_on=D("2025-01-03")
    )
    cells = report_compile(actor=world.approver, unit=world.town_a, year=2025).document["cells"]
    assert cells["t3.carried_over.natural_person"] == 1
    assert cells["t3.granted.natural_person"] == 1


def test_recompiling_updates_the_cell_and_keeps_entered_figures(world: World) -> None:
    build(world)
    report = report_compile(actor=world.approver, unit=world.town_a, year=2025)
    document = report.document
    document["cells"]["t2.admin_license.decisions"] = 3
    report.document = document
    report.save()
    open_one = world.register(arrived_on=D("2025-03-05"))
    world.close(open_one, "partially_granted", D("2025-03-25"))
    report = report_compile(actor=world.approver, unit=world.town_a, year=2025)
    assert report.document["cells"]["t3.partially_granted.natural_person"] == 1
    assert report.document["cells"]["t2.admin_license.decisions"] == 3
    last = ReportEvent.objects.filter(report=report).last()
    assert last is not None and last.after["t3.partially_granted.natural_person"] == 1


def test_carry_over_is_checked_against_last_years_published_report(world: World) -> None:
    build(world)
    last_year = report_compile(actor=world.approver, unit=world.town_a, year=2024)
    last_year.document["cells"]["t3.carried_forward.natural_person"] = 5  # what was published
    last_year.state = ReportState.PUBLISHED
    last_year.save()
    report = report_compile(actor=world.approver, unit=world.town_a, year=2025)
    assert any(f["rule"] == "cross_year.carry_over" for f in report.document["findings"])
    with pytest.raises(ActionRefused, check=lambda e: e.code is ErrorCode.WRONG_STATE):
        report_compile(actor=world.approver, unit=world.town_a, year=2024)


def test_only_the_office_compiles(world: World) -> None:
    for user in (world.handler, world.registrar, world.supervisor, world.other_handler):
        with pytest.raises(ActionRefused, check=lambda e: e.code is ErrorCode.NOT_PERMITTED):
            report_compile(actor=user, unit=world.town_a, year=2025)


def test_report_pages_drill_down_and_scope(client: Client, world: World) -> None:
    ids = build(world)
    report = report_compile(actor=world.approver, unit=world.town_a, year=2025)
    assert client.login(username="supervisor", password="pw-supervisor")
    page = client.get(reverse("report", args=[report.pk])).content.decode()
    cell_url = reverse("report_cell", args=[report.pk, "t3.partially_granted.org_legal_service"])
    assert f'href="{cell_url}"' in page
    drill = client.get(cell_url).content.decode()
    assert reverse("application", args=[ids["a"]]) in drill and "某律所" in drill
    assert client.login(username="other", password="pw-other")
    assert client.get(reverse("report", args=[report.pk])).status_code == 404
    assert client.get(cell_url).status_code == 404


def test_compile_form(client: Client, world: World) -> None:
    build(world)
    assert client.login(username="approver", password="pw-approver")
    response = client.post(reverse("reports"), {"unit": world.town_a.pk, "year": 2025})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


# Editing, adjusting, publishing (条例 §49–§50) ------------------------------------------------------


def test_table2_and_sections_are_entered_and_checked(world: World) -> None:
    build(world)
    report = report_compile(actor=world.approver, unit=world.town_a, year=2025)
    report = report_edit(
        actor=world.admin,
        report=report,
        cells={"t2.admin_license.decisions": 12, "t2.admin_fee.amount_wan_yuan": 3.5},
        sections={"overview": "本年度共收到申请 3 件。"},
    )
    assert report.document["cells"]["t2.admin_license.decisions"] == 12
    assert report.document["sections"]["overview"] == "本年度共收到申请 3 件。"
    for bad in (
        {"t3.granted.total": 1},
        {"t2.admin_license.decisions": -1},
        {"t2.admin_license.decisions": 1.5},
    ):
        with pytest.raises(ActionRefused, check=lambda e: e.code is ErrorCode.INVALID):
            report_edit(actor=world.admin, report=report, cells=bad)
    last = ReportEvent.objects.filter(report=report).last()
    assert last is not None and last.action == "edit" and last.after["sections"]["overview"]


def test_a_manual_adjustment_needs_a_reason_and_shows_as_a_finding(world: World) -> None:
    build(world)
    report = report_compile(actor=world.approver, unit=world.town_a, year=2025)
    with pytest.raises(ActionRefused, check=lambda e: e.code is ErrorCode.INVALID):
        report_adjust(
            actor=world.approver,
            report=report,
            cell="t3.granted.natural_person",
            value=2,
            reason=" ",
        )
    report = report_adjust(
        actor=world.approver,
        report=report,
        cell="t3.granted.natural_person",
        value=2,
        reason="纸质台账多1件",
    )
    assert report.document["cells"]["t3.granted.natural_person"] == 2
    adjusted = [f for f in report.document["findings"] if f["rule"] == "platform.manual_adjustment"]
    assert (
        adjusted[0]["expected"] == 1
        and adjusted[0]["actual"] == 2
        and "纸质台账多1件" in adjusted[0]["message"]
    )
    # The identities now fail: an error blocks publishing.
    assert any(f["severity"] == "error" for f in report.document["findings"])
    with pytest.raises(ActionRefused, match="错误"):
        report_publish(actor=world.approver, report=report, acknowledge_warnings=True)
    # Recompiling keeps the adjustment on top of the fresh count.
    report = report_compile(actor=world.approver, unit=world.town_a, year=2025)
    assert report.document["cells"]["t3.granted.natural_person"] == 2
    assert report.compiled["t3.granted.natural_person"] == 1


def test_publishing_needs_warnings_acknowledged_and_records_the_article_49_deadline(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    build(world)
    report = report_compile(actor=world.approver, unit=world.town_a, year=2025)
    assert not any(f["severity"] == "error" for f in report.document["findings"])
    with pytest.raises(ActionRefused, check=lambda e: e.code is ErrorCode.NOT_PERMITTED):
        report_publish(actor=world.admin, report=report, acknowledge_warnings=True)
    warnings = [f for f in report.document["findings"] if f["severity"] == "warning"]
    if warnings:
        with pytest.raises(ActionRefused, match="警告"):
            report_publish(actor=world.approver, report=report, published_on=D("2026-03-20"))
    with django_capture_on_commit_callbacks(execute=True):
        report = report_publish(
            actor=world.approver,
            report=report,
            published_on=D("2026-04-02"),
            acknowledge_warnings=True,
        )
    assert report.state == ReportState.PUBLISHED and report.document["published_on"] == "2026-04-02"
    assert report.deadline_on == D("2026-01-31") and report.published_late is True  # township: 1-31
    assert any(f["rule"] == "deadline.published_late" for f in report.document["findings"])
    assert {r.fmt for r in report.renderings.all()} == {"html", "docx", "pdf"}
    assert bytes(report.renderings.get(fmt="pdf").content).startswith(b"%PDF-")
    with pytest.raises(ActionRefused, check=lambda e: e.code is ErrorCode.WRONG_STATE):
        report_edit(actor=world.admin, report=report, sections={"other": "x"})


def test_report_page_forms_edit_adjust_publish_download(
    client: Client, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    build(world)
    report = report_compile(actor=world.approver, unit=world.town_a, year=2025)
    assert client.login(username="approver", password="pw-approver")
    page = client.get(reverse("report", args=[report.pk])).content.decode()
    assert "行政许可·本年处理决定数量" in page and "一、总体情况" in page and "公布日期" in page
    client.post(
        reverse("report_edit", args=[report.pk]),
        {"edit-t2.admin_license.decisions": "7", "edit-section.overview": "概述"},
    )
    report.refresh_from_db()
    assert report.document["cells"]["t2.admin_license.decisions"] == 7
    assert report.document["sections"]["overview"] == "概述"
    response = client.post(
        reverse("report_publish", args=[report.pk]),
        {"publish-published_on": "2026-01-20"},
        follow=True,
    )
    assert "确认后才能公布" in response.content.decode() or "错误" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("report_publish", args=[report.pk]),
            {"publish-published_on": "2026-01-20", "publish-acknowledge_warnings": "on"},
        )
    report.refresh_from_db()
    assert report.state == ReportState.PUBLISHED and report.published_late is False
    html = client.get(reverse("report_download", args=[report.pk, "html"]))
    assert html.status_code == 200 and "甲镇人民政府" in html.content.decode()
    assert client.login(username="other", password="pw-other")
    assert client.get(reverse("report_download", args=[report.pk, "pdf"])).status_code == 404

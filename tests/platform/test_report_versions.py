"""A published annual report corrected with a reason and every version kept; the report as a
catalog item (主动公开目录, 条例第十二条) with its 索引号; last year's report imported or its 上年结转
entered in a unit's first year on the platform (条例第五十条, 表三 二)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from platform_world import World

from gongkai import formats, law
from gongkai.render.html import render_html_bytes
from gongkai.report import Report
from gongkai_platform.catalog import search
from gongkai_platform.catalog.models import CatalogItem, Column, ItemEvent
from gongkai_platform.catalog.services import ITEMS, catalog_item_revoke
from gongkai_platform.catalog.states import ItemAction, ItemState
from gongkai_platform.core.errors import ActionRefused, ErrorCode
from gongkai_platform.oversight import selectors as oversight
from gongkai_platform.portal import selectors as portal
from gongkai_platform.reports.models import (
    AnnualReport,
    ReportEvent,
    ReportState,
    ReportVersion,
    content_hash,
)
from gongkai_platform.reports.services import (
    UNRECORDED_RULE,
    report_compile,
    report_correct,
    report_edit,
    report_prior,
    report_publish,
)
from gongkai_platform.reports.views import version_changes

D = date.fromisoformat
COLUMNS = formats.T3_APPLICANT_COLUMNS


def published(world: World, year: int = 2025) -> AnnualReport:
    world.close(world.register(arrived_on=D(f"{year}-03-03")), "granted", D(f"{year}-03-20"))
    report = report_compile(actor=world.approver, unit=world.town_a, year=year)
    report_edit(actor=world.approver, report=report, sections={"overview": "本年度总体情况良好"})
    return report_publish(
        actor=world.approver,
        report=report,
        published_on=D(f"{year + 1}-01-20"),
        acknowledge_warnings=True,
    )


def identities_hold(report: AnnualReport) -> None:
    """I1 per column: 本年新收 + 上年结转 = 办理结果总计 + 结转下年度; and no error finding."""
    cells = report.document["cells"]
    for column in (*COLUMNS, "total"):
        assert (
            cells[f"t3.new_received.{column}"] + cells[f"t3.carried_over.{column}"]
            == cells[f"t3.total_processed.{column}"] + cells[f"t3.carried_forward.{column}"]
        ), column
    assert not [f for f in report.document["findings"] if f["severity"] == "error"]


# Versions -------------------------------------------------------------------------------------


def test_publishing_keeps_version_one_and_makes_a_catalog_item_with_its_index_number_条例第十二条(
    world: World,
) -> None:
    report = published(world)
    version = report.versions.get()
    assert version.number == 1 and version.reason == "" and version.actor == world.approver
    assert version.sha256 == content_hash(report.document)
    assert version.published_on == D("2026-01-20")
    item = report.catalog_item
    assert item is not None and item.state == ItemState.PUBLISHED
    assert item.index_number and item.index_number.startswith(world.town_a.index_prefix)
    assert item.published_on == D("2026-01-20") and item.formed_on == D("2026-01-20")
    assert item.title == "甲镇人民政府2025年政府信息公开工作年度报告"
    assert item.category is not None and item.category.column == Column.ANNUAL_REPORT
    assert "本年度总体情况良好" in item.body
    assert ItemEvent.objects.filter(item=item, action=ItemAction.REPORT_PUBLISH).count() == 1
    # Listed on the portal and found by search like any other item.
    assert item in portal.column_items(world.town_a, Column.ANNUAL_REPORT)
    assert item in search.matching(portal.public_items(), "年度报告")


def test_a_reports_catalog_item_is_not_revoked_on_its_own(world: World) -> None:
    report = published(world)
    item = report.catalog_item
    assert item is not None
    with pytest.raises(ActionRefused, match="年度报告页面更正"):
        catalog_item_revoke(actor=world.approver, item=item, reason="误发")
    locked = CatalogItem.objects.select_related("unit").get(pk=item.pk)
    assert ItemAction.REVOKE not in ITEMS.allowed(world.approver, locked)


def test_a_correction_needs_a_reason_and_the_publisher_and_keeps_every_version(
    world: World,
) -> None:
    report = published(world)
    with pytest.raises(ActionRefused, match="理由"):
        report_correct(actor=world.approver, report=report, reason=" ", sections={"other": "x"})
    for user in (world.admin, world.handler, world.other_handler):
        with pytest.raises(ActionRefused, check=lambda e: e.code is ErrorCode.NOT_PERMITTED):
            report_correct(actor=user, report=report, reason="笔误", sections={"other": "x"})
    with pytest.raises(ActionRefused, match="没有改变"):
        report_correct(actor=world.approver, report=report, reason="笔误", sections={})
    with pytest.raises(ActionRefused, match="不能早于"):
        report_correct(
            actor=world.approver,
            report=report,
            reason="笔误",
            sections={"other": "x"},
            corrected_on=D("2026-01-19"),
        )
    corrected = report_correct(
        actor=world.approver,
        report=report,
        reason="表二行政许可数字填错",
        cells={"t2.admin_license.decisions": 12},
        sections={"overview": "本年度总体情况良好，已更正"},
        corrected_on=D("2026-02-03"),
    )
    assert corrected.state == ReportState.PUBLISHED
    assert corrected.document["published_on"] == "2026-01-20"  # §49 status: first publication
    first, second = ReportVersion.objects.filter(report=report).order_by("number")
    assert first.document["cells"].get("t2.admin_license.decisions") is None
    assert second.document["cells"]["t2.admin_license.decisions"] == 12
    assert second.reason == "表二行政许可数字填错" and second.published_on == D("2026-02-03")
    assert second.sha256 == content_hash(corrected.document) != first.sha256
    event = ReportEvent.objects.filter(report=report, action="correct").get()
    assert event.reason == "表二行政许可数字填错"
    assert event.after["cells"] == {"t2.admin_license.decisions": 12}
    item = CatalogItem.objects.get(pk=corrected.catalog_item_id)
    assert item.changed_on == D("2026-02-03") and "已更正" in item.body
    assert item.index_number == report.catalog_item.index_number  # the 索引号 is permanent
    assert ItemEvent.objects.filter(item=item, action=ItemAction.REPORT_CORRECT).count() == 1
    # Staff see what changed between the versions.
    changes = version_changes(first, second)
    assert ("行政许可·本年处理决定数量", None, 12) in changes.cells
    assert changes.sections[0][0] == "一、总体情况"


def test_a_correction_that_breaks_an_identity_is_refused_and_a_draft_is_not_corrected(
    world: World,
) -> None:
    world.close(world.register(), "granted", D("2025-03-20"))
    draft = report_compile(actor=world.approver, unit=world.town_a, year=2025)
    with pytest.raises(ActionRefused, check=lambda e: e.code is ErrorCode.WRONG_STATE):
        report_correct(actor=world.approver, report=draft, reason="x", sections={"other": "x"})
    report = report_publish(
        actor=world.approver, report=draft, published_on=D("2026-01-20"), acknowledge_warnings=True
    )
    with pytest.raises(ActionRefused, match="错误"):
        report_correct(
            actor=world.approver,
            report=report,
            reason="改数",
            adjustments={"t3.new_received.natural_person": 9},
        )
    assert report.versions.count() == 1
    with pytest.raises(ActionRefused, check=lambda e: e.code is ErrorCode.WRONG_STATE):
        report_edit(actor=world.approver, report=report, sections={"other": "x"})


def test_the_oversight_register_reads_the_published_versions(world: World) -> None:
    report = published(world)
    row = next(r for r in oversight.register(world.county, 2025) if r.unit == world.town_a)
    assert row.versions == 1 and row.status != "modified"
    assert row.sha256 == report.versions.get().sha256
    report_correct(actor=world.approver, report=report, reason="笔误", sections={"other": "无"})
    row = next(r for r in oversight.register(world.county, 2025) if r.unit == world.town_a)
    assert row.versions == 2 and row.status == "modified" and row.status_label == "公布后修改"
    assert row.sha256 == report.versions.get(number=2).sha256


# Last year's report ----------------------------------------------------------------------------


def last_year(world: World, carried: dict[str, int]) -> Report:
    """A consistent 2024 report: the applications it carried forward were received that year."""
    report = Report.blank("cn2021", agency=world.town_a.name, year=2024)
    report.cells.update({key: 0 for key in report.definition.cells})
    for row in ("new_received", "carried_forward"):
        for column in COLUMNS:
            report.cells[f"t3.{row}.{column}"] = carried.get(column, 0)
        report.cells[f"t3.{row}.total"] = sum(carried.values())
    return report


def test_year_one_counts_last_years_imported_carry_over_and_its_identities_hold_条例第五十条(
    world: World,
) -> None:
    # One of last year's three open applications is on the platform, two are not.
    on_platform = world.register(arrived_on=D("2024-12-20"))
    world.close(on_platform, "granted", D("2025-01-10"))
    world.close(world.register(), "granted", D("2025-03-20"))
    report = report_compile(actor=world.approver, unit=world.town_a, year=2025)
    assert report.document["cells"]["t3.carried_over.natural_person"] == 1
    imported = last_year(world, {"natural_person": 2, "org_commercial": 1})
    data = json.dumps(imported.to_json(), ensure_ascii=False).encode()
    with pytest.raises(ActionRefused, match="理由"):
        report_prior(actor=world.approver, report=report, reason="", data=data, name="2024.json")
    with pytest.raises(ActionRefused, check=lambda e: e.code is ErrorCode.NOT_PERMITTED):
        report_prior(actor=world.handler, report=report, reason="首年", data=data, name="a.json")
    report = report_prior(
        actor=world.approver, report=report, reason="首年使用平台", data=data, name="2024.json"
    )
    cells = report.document["cells"]
    assert cells["t3.carried_over.natural_person"] == 2  # 1 on record + 1 from the report
    assert cells["t3.carried_over.org_commercial"] == 1
    assert cells["t3.carried_over.total"] == 3
    assert report.unrecorded["t3.carried_forward.total"] == 2
    identities_hold(report)
    rules = {f["rule"] for f in report.document["findings"]}
    assert UNRECORDED_RULE in rules and "cross_year.carry_over" not in rules
    # A compile again keeps it; the event says what changed and why.
    report = report_compile(actor=world.approver, unit=world.town_a, year=2025)
    assert report.document["cells"]["t3.carried_over.total"] == 3
    identities_hold(report)
    event = ReportEvent.objects.filter(report=report, action="prior").get()
    assert event.reason == "首年使用平台"
    assert event.after["t3.carried_over.total"] == 3


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    declared=st.dictionaries(st.sampled_from(COLUMNS), st.integers(0, 4), max_size=3),
    open_last_year=st.lists(st.sampled_from(["open", "granted", "unable.not_held"]), max_size=3),
    new=st.lists(st.sampled_from(["open", "granted"]), max_size=2),
)
def test_year_one_identities_hold_whatever_was_carried_and_recorded_条例第五十条(
    world: World, declared: dict[str, int], open_last_year: list[str], new: list[str]
) -> None:
    """Property: with any 结转下年度 declared for last year and any records of last year's open
    applications and this year's, the year-one report satisfies I1 per column, its 上年结转 is at
    least what was declared, and no error is found."""
    with transaction.atomic():
        for end in open_last_year:
            application = world.register(arrived_on=D("2024-12-16"))
            if end != "open":
                world.close(application, end, D("2025-01-15"))
        for end in new:
            application = world.register()
            if end != "open":
                world.close(application, end, D("2025-03-20"))
        report = report_compile(actor=world.approver, unit=world.town_a, year=2025)
        report = report_prior(
            actor=world.approver, report=report, reason="首年", carried_forward=declared
        )
        identities_hold(report)
        cells = report.document["cells"]
        for column in COLUMNS:
            assert cells[f"t3.carried_over.{column}"] >= declared.get(column, 0)
        assert cells["t3.carried_over.natural_person"] >= len(open_last_year)
        transaction.set_rollback(True)


def test_last_years_report_read_by_the_ingest_readers_or_entered_by_hand(world: World) -> None:
    world.close(world.register(), "granted", D("2025-03-20"))
    report = report_compile(actor=world.approver, unit=world.town_a, year=2025)
    page = render_html_bytes(last_year(world, {"natural_person": 4}))
    report = report_prior(
        actor=world.approver, report=report, reason="旧网站年报", data=page, name="2024.html"
    )
    assert report.document["cells"]["t3.carried_over.natural_person"] == 4
    identities_hold(report)
    report = report_prior(
        actor=world.approver,
        report=report,
        reason="按纸质年报填写",
        carried_forward={"org_other": 2},
    )
    cells = report.document["cells"]
    assert cells["t3.carried_over.natural_person"] == 0 and cells["t3.carried_over.org_other"] == 2
    identities_hold(report)
    with pytest.raises(ActionRefused, match="2023 年度"):
        wrong = last_year(world, {})
        wrong.year = 2023
        report_prior(
            actor=world.approver,
            report=report,
            reason="x",
            data=json.dumps(wrong.to_json()).encode(),
            name="x.json",
        )
    with pytest.raises(ActionRefused, match="JSON"):
        report_prior(actor=world.approver, report=report, reason="x", data=b"\xff", name="x.json")


def test_a_reader_that_fails_is_a_refusal_not_a_crash(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader's bug (a blank 表四 once raised StopIteration in texttables.read_t4) costs the
    file: a Chinese refusal, never a server error."""
    from gongkai.ingest import pipeline

    def broken(data: bytes, name: str) -> Report:
        raise StopIteration

    monkeypatch.setattr(pipeline, "ingest_bytes", broken)
    report = report_compile(actor=world.approver, unit=world.town_a, year=2025)
    with pytest.raises(ActionRefused, match="无法读取该文件"):
        report_prior(actor=world.approver, report=report, reason="x", data=b"<p/>", name="b.html")


def test_no_import_once_last_year_was_published_on_the_platform(world: World) -> None:
    published(world, 2024)
    report = report_compile(actor=world.approver, unit=world.town_a, year=2025)
    with pytest.raises(ActionRefused, match="已在平台公布"):
        report_prior(
            actor=world.approver, report=report, reason="x", carried_forward={"org_other": 2}
        )


def test_the_article_cited_for_a_correction_comes_from_the_law_module() -> None:
    from gongkai_platform.reports.services import TRANSITIONS

    assert TRANSITIONS["correct"].basis == law.ART_50.short()


def test_report_pages_correct_and_show_versions(
    client: Client, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    report = published(world)
    assert client.login(username="approver", password="pw-approver")
    page = client.get(reverse("report", args=[report.pk])).content.decode()
    assert "更正" in page and "第 1 版" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("report_correct", args=[report.pk]),
            {
                "correct-reason": "概述有误",
                "correct-corrected_on": "2026-02-03",
                "correct-section.overview": "更正后的概述",
            },
            follow=True,
        )
    assert "已更正" in response.content.decode()
    diff = client.get(reverse("report_version_diff", args=[report.pk, 2])).content.decode()
    assert "更正后的概述" in diff and "概述有误" in diff
    public = client.get(reverse("portal:item", args=[report.catalog_item_id])).content.decode()
    assert "于 2026-02-03 更正" in public and "概述有误" in public and "第 1 版" in public
    listing = client.get(reverse("portal:reports", args=[world.town_a.pk])).content.decode()
    assert "于 2026-02-03 更正" in listing and report.catalog_item.index_number in listing
    assert (
        listing.count(">甲镇人民政府2025年政府信息公开工作年度报告</a>") == 1
    )  # not as an item too
    earlier = client.get(reverse("portal:annual_report_version", args=[report.pk, 1]))
    assert earlier.status_code == 200 and "本年度总体情况良好" in earlier.content.decode()
    assert "更正后的概述" not in earlier.content.decode()
    missing = client.get(reverse("portal:annual_report_version", args=[report.pk, 3]))
    assert missing.status_code == 404
    assert client.login(username="other", password="pw-other")
    assert client.get(reverse("report_version_diff", args=[report.pk, 2])).status_code == 404

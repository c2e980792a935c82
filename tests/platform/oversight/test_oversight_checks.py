"""A unit's report checked again and again (条例 §47 监督检查): each re-check records the report
it read and every finding, the history compares each check with the one before (fixed / new),
and the page shows it to the area's supervisor only.  Also the catalog indicator of the score
(条例第二十六条): no catalog item is no evidence of timely publication, and scores nothing.
And a report read from its web address (a server on 127.0.0.1 in the test, nothing else)."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import pytest
from county_world import IDENTITY, MISSING, REPUBLISHED, YEAR, County
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from gongkai.report import Report
from gongkai_platform.catalog.models import CatalogItem, ItemState
from gongkai_platform.core.audit import record, verify
from gongkai_platform.core.errors import ActionRefused
from gongkai_platform.oversight import selectors, services
from gongkai_platform.oversight.demo import report_file as uploaded
from gongkai_platform.oversight.models import OversightEvent, ReceivedReport, SourceKind
from gongkai_platform.oversight.scoring import Item, score
from local_http import Route, closed_port, serving

TODAY = date(2026, 6, 1)


def client(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _catalog_item(county: County, unit_pk: int) -> Item:
    row, found = selectors.unit_check(county.county, YEAR, unit_pk, today=TODAY) or (None, [])
    assert row is not None
    return next(i for i in score(row, found, YEAR).items if i.indicator.id == "catalog")


def test_article_26_a_unit_without_catalog_items_loses_the_catalog_points(county: County) -> None:
    """条例第二十六条: information is published within 20 working days of being formed.  A unit
    with nothing in its catalog for the year has shown no timely publication: 0 points, and the
    evidence says why (it used to score full marks)."""
    town = county.townships[0]
    item = _catalog_item(county, town.pk)
    assert item.points == 0 and item.lost == item.indicator.weight
    (evidence,) = item.evidence
    assert evidence.rule == "oversight.catalog_empty"
    assert evidence.article == "条例第二十六条" and "无从证明" in evidence.message


def test_article_26_late_items_cost_their_share_and_are_named(county: County) -> None:
    """Two items of the year (made directly: the catalog's services date a publication today):
    one published 5 working days after it was formed, one 53 days (over 20 working days) after:
    half the points, the late one named."""
    town = county.townships[1]
    for k, (title, formed, published) in enumerate(
        (
            ("按期公开的通知", date(YEAR, 3, 4), date(YEAR, 3, 11)),
            ("迟延公开的方案", date(YEAR, 5, 6), date(YEAR, 6, 28)),
        )
    ):
        CatalogItem.objects.create(
            unit=town,
            state=ItemState.PUBLISHED,
            index_number=f"{town.index_prefix}/{YEAR}-{k + 90001:05d}",  # after the report's own
            title=title,
            publisher=town.name,
            formed_on=formed,
            published_on=published,
        )
    item = _catalog_item(county, town.pk)
    assert item.points == item.indicator.weight / 2
    (evidence,) = item.evidence
    assert "迟延公开的方案" in evidence.message and evidence.article == "条例第二十六条"


def test_recheck_history_says_what_was_fixed_and_what_is_new(county: County) -> None:
    town = county.townships[IDENTITY]
    root = county.county
    assert selectors.check_history(town, YEAR) == []
    services.unit_recheck(actor=county.admin, root=root, unit=town, year=YEAR)
    # The unit corrects its 表三 total and republishes; the county receives the new file.
    report = Report.loads(uploaded(town, YEAR, date(YEAR + 1, 1, 15), IDENTITY).decode())
    services.report_receive(
        actor=county.admin,
        root=root,
        unit=town,
        year=YEAR,
        data=report.dumps().encode(),
        name="corrected.json",
    )
    # Receiving the republished version re-checked it at once; a later check by hand follows.
    auto = OversightEvent.objects.filter(unit=town, action="unit_recheck").latest("id")
    assert auto.reason == services.REPUBLISHED
    services.unit_recheck(actor=county.admin, root=root, unit=town, year=YEAR)
    first, second, third = selectors.check_history(town, YEAR)
    assert first.first and first.counts["error"] >= 1 and first.version == 1
    assert any(f["rule"].startswith("t3.") for f in first.findings)
    assert first.score is not None and first.score_version == "2026.1"
    assert second.version == 2 and not second.same_report and second.sha256 != first.sha256
    assert second.source == "corrected.json" and second.source_kind == "upload"
    fixed_rules = {f["rule"] for f in second.fixed}
    assert fixed_rules and all(r.startswith("t3.") for r in fixed_rules), fixed_rules
    assert second.counts["error"] < first.counts["error"]
    assert second.score is not None and second.score > first.score
    assert third.same_report and third.version == 2 and third.fixed == third.new == []
    assert list(verify([OversightEvent])) == []


def test_a_new_finding_shows_as_new_and_old_checks_compare_nothing(county: County) -> None:
    town = county.townships[REPUBLISHED]
    # A check recorded before findings were kept (counts only): nothing to compare against.
    record(
        OversightEvent,
        actor=county.admin,
        action="unit_recheck",
        after={"sha256": "0" * 64, "errors": 2, "warnings": 0, "rules": ["t3.x"]},
        unit=town,
        year=YEAR,
    )
    services.unit_recheck(actor=county.admin, root=county.county, unit=town, year=YEAR)
    *_, old, new = selectors.check_history(town, YEAR)  # after the fixture's on republishing
    assert old.counts == {"error": 2, "warning": 0, "info": 0} and old.score is None
    assert not old.itemized and new.itemized and new.fixed == new.new == []
    # Against an itemized check that found nothing, every finding of the next one is new.
    record(
        OversightEvent,
        actor=county.admin,
        action="unit_recheck",
        after={"sha256": new.sha256, "errors": 0, "warnings": 0, "findings": []},
        unit=town,
        year=YEAR,
    )
    services.unit_recheck(actor=county.admin, root=county.county, unit=town, year=YEAR)
    *_, clean, latest = selectors.check_history(town, YEAR)
    assert clean.findings == [] and latest.findings
    assert len(latest.new) == len(latest.findings) and latest.fixed == []


def test_the_history_page_is_the_areas_own(county: County) -> None:
    town = county.townships[IDENTITY]
    services.unit_recheck(actor=county.admin, root=county.county, unit=town, year=YEAR)
    url = reverse("oversight:unit_checks", args=[county.county.pk, YEAR, town.pk])
    page = client(county.supervisor).get(url).content.decode()
    assert "复核记录" in page and "首次复核" in page and "第 1 版" in page
    unit_page = client(county.supervisor).get(
        reverse("oversight:unit", args=[county.county.pk, YEAR, town.pk])
    )
    assert url in unit_page.content.decode() and "复核记录（1 次）" in unit_page.content.decode()
    assert county.other_supervisor is not None and county.other_county is not None
    assert client(county.other_supervisor).get(url).status_code == 404
    assert client(county.officers[town.pk]).get(url).status_code == 404
    elsewhere = reverse("oversight:unit_checks", args=[county.other_county.pk, YEAR, town.pk])
    assert client(county.other_supervisor).get(elsewhere).status_code == 404


@pytest.fixture
def local_site(settings: Any) -> None:
    """The test server's address allowed, as an intranet site's network would be."""
    settings.GONGKAI_FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]


def test_a_report_is_read_from_its_url_with_address_time_and_hash(
    county: County, local_site: None
) -> None:
    town = county.townships[MISSING]
    data = uploaded(town, YEAR, date(YEAR + 1, 1, 28), 5)
    routes = {"/gk/2024/report": Route(data, headers={"Content-Type": "application/json"})}
    with serving(routes) as base:
        url = f"{base}/gk/2024/report"
        with pytest.raises(ActionRefused, match="没有“登记年度报告”的权限"):
            services.report_fetch(
                actor=county.supervisor, root=county.county, unit=town, year=YEAR, url=url
            )
        version = services.report_fetch(
            actor=county.admin, root=county.county, unit=town, year=YEAR, url=url
        )
    assert (version.kind, version.source) == (SourceKind.URL, url)
    assert version.sha256 == hashlib.sha256(data).hexdigest()
    event = OversightEvent.objects.filter(unit=town, action="report_receive").latest("id")
    assert event.after["source"] == url and event.after["final_url"] == url
    assert event.after["content_type"] == "application/json" and event.after["fetched_at"]
    row = next(r for r in selectors.register(county.county, YEAR, TODAY) if r.unit == town)
    assert (row.status, row.source_kind, row.source) == ("on_time", "url", url)
    page = client(county.supervisor).get(
        reverse("oversight:unit", args=[county.county.pk, YEAR, town.pk])
    )
    assert "网址读取" in page.content.decode() and url in page.content.decode()


def test_an_unreachable_url_is_a_clear_message_and_nothing_is_kept(
    county: County, local_site: None
) -> None:
    town = county.townships[MISSING]
    action = reverse("oversight:unit_action", args=[county.county.pk, YEAR, town.pk])
    url = f"http://127.0.0.1:{closed_port()}/report.pdf"
    response = client(county.admin).post(action, {"action": "fetch", "url": url}, follow=True)
    assert "无法访问网址" in response.content.decode()
    response = client(county.admin).post(
        action, {"action": "fetch", "url": "ftp://example.org/r.pdf"}, follow=True
    )
    assert "只能读取 http 或 https 网址" in response.content.decode()
    assert not ReceivedReport.objects.filter(unit=town).exists()


def test_an_internal_address_is_refused_without_its_network_allowed(county: County) -> None:
    """No GONGKAI_FETCH_ALLOWED_NETWORKS: the server does not read its own loopback for anyone
    (server-side request forgery), says why in Chinese, and keeps nothing."""
    town = county.townships[MISSING]
    action = reverse("oversight:unit_action", args=[county.county.pk, YEAR, town.pk])
    routes = {"/r.json": Route(b"{}", headers={"Content-Type": "application/json"})}
    with serving(routes) as base:
        response = client(county.admin).post(
            action, {"action": "fetch", "url": f"{base}/r.json"}, follow=True
        )
    assert "指向内部网络地址 127.0.0.1，为安全起见不予读取" in response.content.decode()
    assert not ReceivedReport.objects.filter(unit=town).exists()

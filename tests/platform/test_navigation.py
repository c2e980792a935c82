"""The staff pages as a new user meets them (issue 12): the main navigation shows only what the
role may use, a refused page is a Chinese 403 page, people are named by real name, required
fields are marked, and the annual report's 公布 form sends a date the browser accepts."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from platform_world import World

from gongkai_platform.core.errors import ActionRefused
from gongkai_platform.reports.models import ReportState
from gongkai_platform.reports.services import report_compile, report_publish, rule_title

NAV = re.compile(r'<nav aria-label="主导航">(.*?)</nav>', re.S)


def nav_of(client: Client, username: str) -> str:
    assert client.login(username=username, password="pw-" + username)
    match = NAV.search(client.get(reverse("home")).content.decode())
    assert match is not None
    return match.group(1)


@pytest.mark.parametrize(
    ("username", "shown", "hidden"),
    [
        ("registrar", {"登记申请", "网上申请", "全部申请"}, {"单位管理"}),
        ("handler", {"登记申请", "网上申请", "年度报告"}, {"单位管理"}),
        (
            "approver",
            {"全部申请", "年度报告", "主动公开目录"},
            {"登记申请", "网上申请", "单位管理"},
        ),
        ("admin", {"单位管理"}, {"登记申请", "网上申请"}),
        ("supervisor", {"全部申请", "年度报告"}, {"登记申请", "网上申请", "单位管理"}),
    ],
)
def test_navigation_shows_only_what_the_role_may_use(
    client: Client, world: World, username: str, shown: set[str], hidden: set[str]
) -> None:
    nav = nav_of(client, username)
    assert all(link in nav for link in shown), nav
    assert not any(link in nav for link in hidden), nav


def test_every_link_shown_opens_for_that_user(client: Client, world: World) -> None:
    for username in ("registrar", "handler", "approver", "admin", "supervisor"):
        nav = nav_of(client, username)
        for href in re.findall(r'href="([^"]+)"', nav):
            # A section's index may send a user with one area straight to its page.
            assert client.get(href, follow=True).status_code == 200, (username, href)
        client.logout()


def test_a_user_without_any_role_sees_only_the_home_link(client: Client, world: World) -> None:
    from django.contrib.auth.models import User

    User.objects.create_user("newcomer", password="pw-newcomer")
    assert re.findall(r">([^<]+)</a>", nav_of(client, "newcomer")) == ["我的待办"]


def test_staff_are_shown_by_real_name(client: Client, world: World) -> None:
    world.handler.first_name = "王伟"  # as the unit's administrator enters it (one field)
    world.handler.save()
    app = world.register()
    assert client.login(username="handler", password="pw-handler")
    page = client.get(reverse("application", args=[app.pk])).content.decode()
    assert "王伟" in page  # the case's 承办人
    assert "退出（王伟）" in page
    assert client.login(username="approver", password="pw-approver")
    listing = client.get(reverse("applications")).content.decode()
    assert "王伟" in listing


def test_required_fields_are_marked(client: Client, world: World) -> None:
    assert client.login(username="registrar", password="pw-registrar")
    page = client.get(reverse("intake")).content.decode()
    assert re.search(r"<label[^>]*>[^<]*（必填）：</label>", page)  # said in the label itself
    assert re.search(r'name="description"[^>]*required', page)
    assert not re.search(r'name="phone"[^>]*required', page)


def test_report_publish_date_is_an_iso_date_the_browser_accepts(
    client: Client, world: World
) -> None:
    """A localised value ("2026年1月20日") in an <input type=date> is dropped by the browser, so
    the 公布 button sent nothing: the field must hold YYYY-MM-DD."""
    report = report_compile(actor=world.approver, unit=world.town_a, year=2025)
    assert client.login(username="approver", password="pw-approver")
    page = client.get(reverse("report", args=[report.pk])).content.decode()
    field = re.search(r'<input type="date" name="publish-published_on"[^>]*>', page)
    assert field is not None, page
    value = re.search(r'value="([^"]*)"', field.group(0))
    assert value is not None and date.fromisoformat(value.group(1))


def test_findings_show_chinese_titles_not_rule_ids(client: Client, world: World) -> None:
    report = report_compile(actor=world.approver, unit=world.town_a, year=2025)
    assert client.login(username="approver", password="pw-approver")
    page = client.get(reverse("report", args=[report.pk])).content.decode()
    findings = page.split("核查发现", 1)[1].split("</ul>", 1)[0]
    assert not re.search(r"（[a-z_]+\.[a-z_.0-9]+）", findings), findings
    assert rule_title("platform.manual_adjustment") == "人工调整汇总数字"
    assert rule_title("no.such.rule") == "其他核查"


def test_report_record_is_in_chinese(client: Client, world: World) -> None:
    report = report_compile(actor=world.approver, unit=world.town_a, year=2025)
    assert client.login(username="approver", password="pw-approver")
    page = client.get(reverse("report", args=[report.pk])).content.decode()
    record = page.rsplit("<h2>记录</h2>", 1)[1]
    assert "汇总" in record and "compile" not in record


def test_publishing_before_the_statistics_year_ended_warns_条例第四十九条_第五十条(
    client: Client, world: World
) -> None:
    """条例 §49/§50: the report is of the past year; published while the year runs, its figures
    are incomplete.  The page warns, and the publication needs the warnings acknowledged."""
    year = timezone.localdate().year
    report = report_compile(actor=world.approver, unit=world.town_a, year=year)
    assert client.login(username="approver", password="pw-approver")
    page = client.get(reverse("report", args=[report.pk])).content.decode()
    assert f"{year}年度尚未结束" in page
    with pytest.raises(ActionRefused, match="须逐条核实并确认"):
        report_publish(actor=world.approver, report=report)
    published = report_publish(actor=world.approver, report=report, acknowledge_warnings=True)
    assert published.state == ReportState.PUBLISHED
    last_year = report_compile(actor=world.approver, unit=world.town_a, year=year - 1)
    page = client.get(reverse("report", args=[last_year.pk])).content.decode()
    assert "尚未结束" not in page


def test_labels_end_in_a_full_width_colon(client: Client, world: World) -> None:
    assert client.login(username="registrar", password="pw-registrar")
    page = client.get(reverse("intake")).content.decode()
    labels = re.findall(r"<label[^>]*>([^<]*)</label>", page)
    assert labels and all(not label.endswith(":") for label in labels), labels
    assert any(label.endswith("：") for label in labels)

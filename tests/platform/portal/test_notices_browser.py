"""Issue 12's journeys in a real browser (Playwright driving Debian's /usr/bin/chromium), each
page checked with axe-core (WCAG 2.1 A/AA, no serious or critical violation):

- a paper (letter) application registered by staff is tracked on the portal with the 查询码 the
  case page shows (条例第二十九条、第三十一条); the applicant then sees the 补正 notice with its
  deadline (第三十条) and the steps so far;
- the annual report is published with the 公布 button, whose date field arrives filled in a
  form the browser accepts (条例第四十九条);
- a page the role may not use answers with the Chinese 403 page, and the navigation does not
  offer it.

``GONGKAI_SCREENSHOTS=docs/screenshots`` saves a screenshot of each page.
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

import pytest
from browser_tools import audit, reflows
from django.utils import timezone
from platform_world import make_world
from pytest_django.fixtures import Settings

from gongkai_platform.applications import services as applications
from gongkai_platform.applications.models import Application
from gongkai_platform.reports.models import AnnualReport, ReportState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page: Any, name: str) -> None:
    folder = os.environ.get("GONGKAI_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/notices-{name}.png", full_page=True)


def login(browser: Any, base: str, username: str) -> Any:
    from playwright.sync_api import expect

    page = browser.new_context(locale="zh-CN").new_page()
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("pw-" + username)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的待办")).to_be_visible()
    return page


def test_a_paper_application_is_tracked_on_the_portal_条例第二十九条_第三十条(
    chromium: Any, live_server: Any, settings: Settings
) -> None:
    from playwright.sync_api import expect

    settings.PORTAL_LIMITS = {"min_fill_seconds": 0}
    world = make_world()
    base = str(live_server.url)
    today = timezone.localdate()

    # Staff register a letter that arrived today; the case page shows its 查询码.
    registrar = login(chromium, base, "registrar")
    registrar.get_by_role("link", name="登记申请").first.click()
    audit(registrar, "intake")
    registrar.get_by_label("申请方式").select_option(label="信函")
    registrar.get_by_label("到达日期").fill(today.isoformat())
    registrar.get_by_label("申请人类型").select_option(label="自然人")
    registrar.get_by_label("申请人姓名或名称").fill("孙七")
    registrar.get_by_label("身份证件号码或统一社会信用代码").fill("110101197001019876")
    registrar.get_by_label("联系电话").fill("13600001357")
    registrar.get_by_label("所需政府信息的名称").fill("本镇2025年河道整治工程招标文件")
    registrar.get_by_role("button", name="登记").click()
    expect(registrar.locator(".messages")).to_contain_text("已登记")
    code = registrar.locator("dt:text('查询码') + dd").inner_text().strip()
    application = Application.objects.get(applicant_name="孙七")
    assert code == application.query_code and len(code) == 10
    # The handler's case page, with every action form it offers (the §36 ground, §35, §32
    # opinions, the extension request), passes axe too.
    handler = login(chromium, base, "handler")
    handler.goto(registrar.url)
    expect(handler.get_by_text("申请延长答复期限", exact=True).first).to_be_visible()
    audit(handler, "case-handler")
    shot(handler, "case-handler")

    # The applicant tracks it on the portal with the code and the phone's last four digits.
    public = chromium.new_context(locale="zh-CN").new_page()
    public.goto(f"{base}/gk/track/")
    public.get_by_label("查询码").fill(code.lower())
    public.get_by_label("联系电话或证件号码的后4位").fill("1357")
    public.get_by_role("button", name="查询").click()
    expect(public.locator("#status")).to_have_text("办理中")
    expect(public.locator("#query-code")).to_have_text(code)
    expect(public.locator("#steps")).to_contain_text("登记申请")
    audit(public, "portal-status-paper")
    shot(public, "portal-status-paper")

    # The handler sends a 补正 notice; the applicant sees it with its deadline.
    by = today + timedelta(days=14)
    applications.application_request_correction(
        actor=world.handler, application=application, items="请写明招标项目的标段", reply_by=by
    )
    public.reload()
    expect(public.locator("#status")).to_have_text("待补正")
    expect(public.get_by_role("heading", name="补正申请告知书")).to_be_visible()
    expect(public.locator("main")).to_contain_text("请写明招标项目的标段")
    expect(public.locator("main")).to_contain_text(by.isoformat())
    expect(public.locator("#steps")).to_contain_text("发出补正告知")
    audit(public, "portal-status-correction")
    reflows(public, "portal-status-correction")
    shot(public, "portal-status-correction")


def test_the_annual_report_is_published_with_the_button_条例第四十九条(
    chromium: Any, live_server: Any
) -> None:
    from playwright.sync_api import expect

    make_world()
    base = str(live_server.url)
    year = timezone.localdate().year - 1  # last year's report, as §49 asks

    approver = login(chromium, base, "approver")
    approver.get_by_role("link", name="年度报告").click()
    approver.get_by_label("年度").fill(str(year))
    approver.get_by_role("button", name="汇总").click()
    publish = approver.locator("form:has(button:text-is('公布'))")
    day = publish.get_by_label("公布日期")
    assert day.input_value() == timezone.localdate().isoformat()  # prefilled, and accepted
    expect(approver.locator("#year-not-ended")).to_have_count(0)  # last year has ended
    publish.get_by_label("已逐条核实上列警告，确认公布").check()
    audit(approver, "report-draft")
    publish.get_by_role("button", name="公布").click()
    expect(approver.locator(".messages")).to_contain_text("已保存")
    report = AnnualReport.objects.get(year=year)
    assert report.state == ReportState.PUBLISHED
    assert report.document["published_on"] == timezone.localdate().isoformat()
    expect(approver.locator("main > p").first).to_contain_text(str(report.get_state_display()))
    record = approver.locator("main ol").last
    expect(record).to_contain_text("汇总")
    expect(record).to_contain_text("公布")
    assert "publish" not in record.inner_text() and "compile" not in record.inner_text()
    audit(approver, "report-published")
    shot(approver, "report-published")


def test_a_refused_page_is_a_chinese_403_and_not_offered(chromium: Any, live_server: Any) -> None:
    from playwright.sync_api import expect

    make_world()
    base = str(live_server.url)
    approver = login(chromium, base, "approver")
    nav = approver.get_by_role("navigation", name="主导航")
    expect(nav.get_by_role("link", name="年度报告")).to_be_visible()
    expect(nav.get_by_role("link", name="登记申请")).to_have_count(0)
    response = approver.goto(f"{base}/applications/new/")
    assert response is not None and response.status == 403
    expect(approver.get_by_role("heading", name="无权访问")).to_be_visible()
    expect(approver.locator("main")).to_contain_text("登记员或承办人")
    audit(approver, "403")
    shot(approver, "403")
    # The appeals page (条例第五十一条), offered in the navigation, passes axe.
    nav.get_by_role("link", name="复议诉讼").click()
    expect(approver.get_by_role("heading", name="行政复议、行政诉讼案件")).to_be_visible()
    audit(approver, "appeals")
    shot(approver, "appeals")
    # The §41 corrections page (条例第四十一条) too.
    nav.get_by_role("link", name="更正申请").click()
    expect(approver.get_by_role("heading", name="更正政府信息记录申请")).to_be_visible()
    audit(approver, "corrections")

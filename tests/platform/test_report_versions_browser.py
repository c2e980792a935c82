"""In a real browser (Playwright, Debian's chromium) with axe-core: the office head publishes last
year's report, corrects it with a reason (条例第五十条) and reads what the correction changed; the
public sees the report as a catalog item with its 索引号, the note that it was corrected and the
earlier version; the 指南 (条例第十二条) shows the township items of 第二十一条, the process chart
and the scope of 不予公开, and hands out the 申请表 as DOCX and PDF.

``GONGKAI_SCREENSHOTS=docs/screenshots`` saves a screenshot of each page.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from browser_tools import audit, login, reflows
from django.utils import timezone
from platform_world import make_world

from gongkai import law
from gongkai_platform.reports.models import AnnualReport, ReportState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page: Any, name: str) -> None:
    folder = os.environ.get("GONGKAI_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/report-versions-{name}.png", full_page=True)


def test_a_published_report_is_corrected_and_the_public_sees_its_versions_条例第五十条(
    chromium: Any, live_server: Any
) -> None:
    from playwright.sync_api import expect

    world = make_world()
    base = str(live_server.url)
    year = timezone.localdate().year - 1
    approver = login(chromium, base, "approver")
    approver.get_by_role("link", name="年度报告").click()
    approver.get_by_label("年度").fill(str(year))
    approver.get_by_role("button", name="汇总").click()
    # First year on the platform: last year's carry-over entered by hand, with a reason.
    prior = approver.locator("form:has(button:text-is('导入并重新汇总'))")
    prior.get_by_label("上年结转下年度：自然人").fill("2")
    prior.get_by_label("理由（必填）").fill("首年使用平台，按上年度纸质年报填写")
    audit(approver, "report-draft-prior")
    prior.get_by_role("button", name="导入并重新汇总").click()
    expect(approver.locator(".messages")).to_contain_text("已保存")
    expect(approver.locator("main")).to_contain_text("手工填写")
    cell = approver.locator("td[data-cell='t3.carried_over.natural_person']")
    expect(cell).to_have_text("2")
    publish = approver.locator("form:has(button:text-is('公布'))")
    publish.get_by_label("已逐条核实上列警告，确认公布").check()
    publish.get_by_role("button", name="公布").click()
    expect(approver.locator(".messages")).to_contain_text("已保存")

    correct = approver.locator("form:has(button:text-is('更正并公布新版本'))")
    correct.get_by_label("一、总体情况").fill("本年度政府信息公开工作总体平稳。")
    correct.get_by_label("更正理由（必填）").fill("补充总体情况")
    audit(approver, "report-published-correct-form")
    correct.get_by_role("button", name="更正并公布新版本").click()
    expect(approver.locator(".messages")).to_contain_text("已更正")
    versions = approver.locator("#versions")
    expect(versions).to_contain_text("第 2 版")
    expect(versions).to_contain_text("补充总体情况")
    audit(approver, "report-versions")
    reflows(approver, "report-versions")
    shot(approver, "staff-report")
    approver.get_by_role("link", name="查看第 2 版的更正").click()
    expect(approver.get_by_role("heading", level=1)).to_contain_text("第 2 版的更正")
    expect(approver.locator("main ul.diff ins")).to_have_text("本年度政府信息公开工作总体平稳。")
    audit(approver, "report-version-diff")
    reflows(approver, "report-version-diff")
    shot(approver, "staff-diff")

    report = AnnualReport.objects.get(unit=world.town_a, year=year)
    assert report.state == ReportState.PUBLISHED and report.versions.count() == 2
    item = report.catalog_item
    assert item is not None and item.index_number
    public = chromium.new_context(locale="zh-CN").new_page()
    public.goto(f"{base}/gk/u/{world.town_a.pk}/reports/")
    expect(public.locator("main")).to_contain_text(f"索引号 {item.index_number}")
    expect(public.locator(".correction-note")).to_contain_text("更正")
    audit(public, "portal-reports")
    public.get_by_role("link", name=f"索引号 {item.index_number}").first.click()
    expect(public.get_by_role("heading", level=1)).to_have_text(item.title)
    expect(public.locator(".correction-note")).to_contain_text("补充总体情况")
    public.locator("details.versions summary").click()
    expect(public.locator("details.versions")).to_contain_text("第 1 版")
    audit(public, "portal-report-item")
    reflows(public, "portal-report-item")
    shot(public, "portal-item")


def test_the_guide_shows_article_21_the_chart_the_exemptions_and_hands_out_the_form_条例第十二条(
    chromium: Any, live_server: Any
) -> None:
    from playwright.sync_api import expect

    world = make_world()
    page = chromium.new_context(locale="zh-CN", accept_downloads=True).new_page()
    page.goto(f"{live_server.url}/gk/u/{world.town_a.pk}/guide/")
    main = page.locator("main")
    expect(main).to_contain_text("宅基地使用情况审核")
    steps = page.locator("ol.flow > li")
    expect(steps).to_have_count(8)
    expect(steps.nth(4)).to_contain_text(f"{law.REPLY.name}：{law.REPLY.text}")
    expect(main).to_contain_text(law.EXEMPTIONS["withheld.state_secret"].subject)
    audit(page, "guide")
    shot(page, "guide")
    for label, suffix, magic in (
        ("下载申请表（Word 文档，DOCX）", ".docx", b"PK"),
        ("下载申请表（PDF）", ".pdf", b"%PDF-"),
    ):
        with page.expect_download() as info:
            page.get_by_role("link", name=label).click()
        download = info.value
        assert download.suggested_filename.endswith(suffix)
        with open(download.path(), "rb") as file:
            assert file.read(5).startswith(magic)
    reflows(page, "guide")

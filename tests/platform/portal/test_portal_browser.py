"""The public portal end to end in a real browser (Playwright driving Debian's /usr/bin/chromium):
a member of the public finds a published item by a two-character word; applies online (条例 §29)
and gets a 查询码; tracks it; staff confirm receipt and the application is registered as received
that day (§31(3)); staff send a 补正 notice (§30), the applicant answers it online, staff confirm
it.  Every portal page passes axe-core with no serious or critical violation (WCAG 2.1 A/AA rules),
reflows at 320 CSS pixels (WCAG 1.4.10, i.e. 1280 px zoomed to 400 %; 200 % is covered a fortiori)
and starts with a working skip link.

``GONGKAI_SCREENSHOTS=docs/screenshots`` also saves desktop and phone screenshots of each page.
"""

from __future__ import annotations

import io
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from catalog_world import make_catalog_world
from django.utils import timezone
from PIL import Image
from platform_world import make_world
from pytest_django.fixtures import Settings

from browser_checks import DESKTOP, PHONE, audit, chromium, reflows
from gongkai_platform.applications import services as applications
from gongkai_platform.applications.models import Application, Channel
from gongkai_platform.applications.states import State
from gongkai_platform.catalog.models import Category, Column
from gongkai_platform.portal.models import UnitGuide

__all__ = ["chromium"]  # the browser fixture, imported from browser_checks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Checker:
    """One browser context per width, reused from page to page (a page load each, not a context)."""

    def __init__(self, browser: Any) -> None:
        self.contexts = {
            label: browser.new_context(locale="zh-CN", viewport=size)
            for label, size in (("desktop", DESKTOP), ("phone", PHONE))
        }
        self.shots = os.environ.get("GONGKAI_SCREENSHOTS")

    def check(self, url: str, name: str, cookies: list[dict[str, Any]] | None = None) -> None:
        for label, context in self.contexts.items():
            if cookies:
                context.add_cookies(cookies)
            page = context.new_page()
            response = page.goto(url)
            assert response is not None and response.status == 200, name
            if self.shots:
                page.screenshot(path=f"{self.shots}/portal-{name}-{label}.png", full_page=True)
            if label == "desktop":  # axe's rules do not depend on the width; the layout does
                audit(page, name)
            else:
                reflows(page, name)
            page.close()


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, format="PNG")
    return out.getvalue()


def test_find_apply_track_correct_and_every_page_is_accessible(
    chromium: Any, live_server: Any, settings: Settings, tmp_path: Path, mailoutbox: list[Any]
) -> None:
    from playwright.sync_api import expect

    settings.PORTAL_LIMITS = {"min_fill_seconds": 0}
    cw = make_catalog_world(make_world())
    town = cw.w.town_a
    town.address, town.phone = "示例县甲镇人民路1号", "0000-12345678"
    town.save()
    UnitGuide.objects.create(
        unit=town, office_hours="工作日 8:30—17:30", fax="0000-12345679", email="gk@example.gov.cn"
    )
    Category.objects.create(unit=town, name="公开制度", column=Column.RULES)
    target = cw.published(
        title="关于甲镇保障性住房租金补贴申领的公告", summary="住房困难家庭可申领租金补贴。"
    )
    cw.published(title="甲镇2025年财政预算", summary="一般公共预算收支。", art20="art20_7")
    base = str(live_server.url)

    # 1. A member of the public searches for a two-character word and finds the item.
    public = chromium.new_context(locale="zh-CN").new_page()
    public.goto(f"{base}/gk/")
    public.keyboard.press("Tab")
    expect(public.locator(":focus")).to_have_text("跳到正文")  # the first stop is the skip link
    public.get_by_role("searchbox", name="关键词").fill("住房")
    public.get_by_role("button", name="检索").click()
    result = public.get_by_role("link", name=target.title)
    expect(result).to_be_visible()
    expect(public.locator("mark").first).to_have_text("住房")
    result.click()
    expect(public.locator("dl.meta-block")).to_contain_text(target.index_number or "?")
    item_url = public.url

    # 2. They apply online (条例第二十九条) and receive a 查询码.
    public.goto(f"{base}/gk/u/{town.pk}/")
    public.get_by_role("link", name="向本单位申请公开政府信息").click()
    apply_url = public.url
    public.get_by_label("申请人类型").select_option(label="自然人")
    public.get_by_label("姓名或名称").fill("赵六")
    public.get_by_label("身份证件号码或统一社会信用代码").fill("110101198807076543")
    proof = tmp_path / "身份证.png"
    proof.write_bytes(png())
    public.get_by_label("身份证明").set_input_files(str(proof))
    public.get_by_label("联系电话").fill("13700002468")
    public.get_by_label("所需政府信息的名称").fill("甲镇2025年保障性住房租金补贴发放名单")
    public.get_by_label("电子", exact=True).check()
    public.get_by_label("电子邮件").check()
    public.get_by_label("电子邮箱").fill("zhao@example.com")
    public.get_by_label("我已阅读上述个人信息处理说明").check()
    public.get_by_role("button", name="提交申请").click()
    expect(public.get_by_role("heading", name="申请已提交")).to_be_visible()
    code = public.locator("#query-code").inner_text().strip()
    assert len(code) == 10
    received_url = public.url
    [mail] = mailoutbox  # the applicant's copy of the 查询码, since they gave an address
    assert (
        mail.to == ["zhao@example.com"] and code in mail.body and f"{base}/gk/track/" in mail.body
    )

    # 3. They track it from another browser with the code and the phone's last four digits.
    tracker = chromium.new_context(locale="zh-CN").new_page()
    tracker.goto(f"{base}/gk/track/")
    tracker.get_by_label("查询码").fill(code)
    tracker.get_by_label("联系电话或证件号码的后4位").fill("2468")
    tracker.get_by_role("button", name="查询").click()
    expect(tracker.locator("#status")).to_have_text("已提交，等待受理机构确认收到")

    # 4. Staff confirm receipt in the inbox: registered, channel 网络, received today (§31(3)).
    staff = chromium.new_context(locale="zh-CN").new_page()
    staff.goto(f"{base}/login/")
    staff.get_by_label("用户名").fill("registrar")
    staff.get_by_label("密码").fill("pw-registrar")
    staff.get_by_role("button", name="登录").click()
    staff.goto(f"{base}/gk/staff/online/")
    staff.get_by_role("row", name="赵六").get_by_role("button", name="确认收到并登记").click()
    today = timezone.localdate()
    expect(staff.locator("dl.facts")).to_contain_text("网络")
    receipt = staff.locator("dt:text('收到申请日期（条例第三十一条）') + dd")
    expect(receipt).to_have_text(today.isoformat())  # the day both sides confirmed
    application = Application.objects.get(applicant_name="赵六")
    assert application.channel == Channel.ONLINE and application.received_on == today
    assert application.online.query_code == code  # type: ignore[attr-defined]

    # 5. Staff send a 补正 notice (§30); the applicant sees it and answers online.
    applications.application_request_correction(
        actor=cw.w.handler, application=application, items="请写明所需名单的发放月份",
        reply_by=today + timedelta(days=15), sent_on=today,
    )  # fmt: skip
    tracker.reload()
    expect(tracker.locator("#correction-h")).to_be_visible()
    expect(tracker.locator("main")).to_contain_text("请写明所需名单的发放月份")
    status_url = tracker.url
    tracker.get_by_label("补正内容").fill("需要2025年1月至6月的发放名单")
    tracker.get_by_role("button", name="提交补正").click()
    expect(tracker.locator(".messages")).to_contain_text("已提交")

    # 6. Staff confirm the supplement: the application runs again, the reply period restarts.
    staff.goto(f"{base}/gk/staff/online/")
    staff.get_by_role("row", name="补正").get_by_role("button", name="确认收到").click()
    expect(staff.locator(".messages")).to_contain_text("已确认收到申请人的补正")
    application.refresh_from_db()
    assert application.state == State.IN_PROGRESS and application.correction_received_on == today
    tracker.reload()
    expect(tracker.locator("#status")).to_have_text("办理中")

    # 7. The larger-text switch works without scripts.
    public.goto(f"{base}/gk/u/{town.pk}/")
    public.get_by_role("button", name="大字版").click()
    expect(public.locator("html")).to_have_class("large")
    expect(public.get_by_role("button", name="标准字号")).to_be_visible()

    # 8. Every portal page passes the accessibility checks, at desktop and phone widths.
    def session(page: Any) -> list[dict[str, Any]]:
        return [c for c in page.context.cookies() if c["name"] == "sessionid"]

    pages = {
        "home": f"{base}/gk/",
        "unit": f"{base}/gk/u/{town.pk}/",
        "guide": f"{base}/gk/u/{town.pk}/guide/",
        "statutory": f"{base}/gk/u/{town.pk}/statutory/",
        "rules": f"{base}/gk/u/{town.pk}/rules/",
        "reports": f"{base}/gk/reports/",
        "item": item_url,
        "search": f"{base}/gk/search/?q=住房",
        "apply": apply_url,
        "track": f"{base}/gk/track/",
    }
    checker = Checker(chromium)
    for name, url in pages.items():
        checker.check(url, name)
    checker.check(received_url, "received", session(public))
    checker.check(status_url, "status", session(tracker))
    large = [{"name": "gk_text", "value": "large", "url": base}]
    checker.check(f"{base}/gk/u/{town.pk}/", "unit-large-text", large)


def staff_page(chromium: Any, base: str, username: str) -> Any:
    page = chromium.new_context(locale="zh-CN", viewport=DESKTOP).new_page()
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(f"pw-{username}")
    page.get_by_role("button", name="登录").click()
    return page


def shot(page: Any, name: str) -> None:
    if folder := os.environ.get("GONGKAI_SCREENSHOTS"):
        page.screenshot(path=f"{folder}/{name}-desktop.png", full_page=True)


def test_staff_keep_the_directory_and_promote_an_application(
    chromium: Any, live_server: Any
) -> None:
    """The OGI office edits its 主动公开基本目录 and categories in the browser: deleting an entry
    that items use is refused in Chinese until the items are moved; a handler makes a draft item
    from a closed, disclosed application (条例第四十四条).  The new pages pass axe-core."""
    from playwright.sync_api import expect

    from gongkai_platform.catalog import services
    from gongkai_platform.catalog.models import DirectoryEntry

    cw = make_catalog_world(make_world())
    town = cw.w.town_a
    kept = {"unit": town, "area": "财政预决算", "item_l1": "财政预决算", "content_elements": "报表",
            "publisher": town.name, "channels": ["website"], "levels": ["township"]}  # fmt: skip
    budget = services.directory_entry_create(
        actor=cw.w.approver, entry=DirectoryEntry(item_l2="部门预算", **kept)
    )
    services.directory_entry_create(
        actor=cw.w.approver, entry=DirectoryEntry(item_l2="部门决算", **kept)
    )
    item = cw.published(title="甲镇2025年部门预算", directory_entry=budget)
    source = cw.w.close(cw.w.register(description="2024年本镇农村危房改造补助名单"), "granted")
    again = cw.w.register(description="请公开2024年本镇农村危房改造补助对象名单",
                          applicant_name="王五", id_number="110101199505051235")  # fmt: skip
    cw.w.close(again, "partially_granted")
    base = str(live_server.url)

    office = staff_page(chromium, base, "approver")
    office.goto(f"{base}/catalog/directory/")
    office.get_by_role("row", name="部门预算").get_by_role("link", name="修改或删除").click()
    expect(office.get_by_role("heading", level=1)).to_contain_text("修改目录事项")
    audit(office, "修改目录事项")
    shot(office, "catalog-directory-edit")
    office.get_by_label("公开时限（工作日）").fill("7")
    office.get_by_role("button", name="保存").click()
    expect(office.locator(".messages")).to_contain_text("已保存目录事项")
    office.get_by_role("row", name="部门预算").get_by_role("link", name="修改或删除").click()
    office.get_by_role("button", name="删除").click()
    expect(office.locator(".messages")).to_contain_text("还有1条目录信息，不能删除")
    office.get_by_label("其下信息改归").select_option(label="财政预决算 部门决算")
    office.get_by_role("button", name="删除").click()
    expect(office.locator(".messages")).to_contain_text("已删除目录事项")
    item.refresh_from_db()
    assert item.directory_entry is not None and item.directory_entry.item_l2 == "部门决算"

    handler = staff_page(chromium, base, "handler")
    handler.goto(f"{base}/catalog/promote/")
    expect(handler.locator("section.subject")).to_contain_text("2个申请人")  # 条例第四十四条
    audit(handler, "依申请公开转为主动公开")
    shot(handler, "catalog-promote")
    handler.get_by_role("row", name=source.number).get_by_role(
        "button", name="转为主动公开"
    ).click()
    expect(handler.get_by_role("heading", level=1)).to_have_text("2024年本镇农村危房改造补助名单")
    expect(handler.locator("dl.facts")).to_contain_text(source.number)
    audit(handler, "目录信息")

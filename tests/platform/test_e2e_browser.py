"""End to end in a real browser (Playwright driving Debian's /usr/bin/chromium): a registrar
enters a letter application; the handler sends a 补正 notice (条例 §30); the supplement arrives;
the approver extends (§33 para. 2); the handler closes it as 部分公开 (§37); the compiled annual
report shows it in 表三 and the cell drills down to the case; a user of another unit can open
neither.  One test, few page loads: it must stay fast on CI."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone
from platform_world import make_world

from tools import require_tool

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    chromium = require_tool("chromium")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield launched
        launched.close()


def test_letter_application_from_intake_to_partial_disclosure(
    browser: object, live_server: object
) -> None:
    from playwright.sync_api import Browser, Page, expect

    assert isinstance(browser, Browser)
    make_world()
    base = str(live_server.url)  # type: ignore[attr-defined]
    today = timezone.localdate()

    def session(username: str) -> Page:
        page = browser.new_context(locale="zh-CN").new_page()
        page.goto(f"{base}/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill("pw-" + username)
        page.get_by_role("button", name="登录").click()
        expect(page.get_by_role("heading", name="我的待办")).to_be_visible()
        return page

    def act(page: Page, action: str, fields: dict[str, str]) -> None:
        page.get_by_text(action, exact=True).first.click()  # opens the <details>
        form = page.locator(f"form:has(button:text-is('{action}'))")
        for label, value in fields.items():
            field = form.get_by_label(label, exact=False).first
            if field.evaluate("e => e.tagName") == "SELECT":
                field.select_option(label=value)
            else:
                field.fill(value)
        form.get_by_role("button", name=action).click()
        expect(page.locator(".messages")).to_contain_text(f"已完成：{action}")

    registrar = session("registrar")
    registrar.get_by_role("link", name="登记申请").first.click()
    registrar.get_by_label("申请方式").select_option(label="信函")
    registrar.get_by_label("到达日期").fill(today.isoformat())
    registrar.get_by_label("申请人类型").select_option(label="自然人")
    registrar.get_by_label("申请人姓名或名称").fill("王五")
    registrar.get_by_label("身份证件号码或统一社会信用代码").fill("110101199001011234")
    registrar.get_by_label("所需政府信息的名称").fill("本镇2025年道路硬化工程验收报告")
    registrar.get_by_label("承办人").select_option(label="handler")
    registrar.get_by_role("button", name="登记").click()
    expect(registrar.locator(".messages")).to_contain_text("已登记")
    case_url = registrar.url

    handler = session("handler")
    expect(
        handler.get_by_role("link", name=f"{today.year}-0001").first
    ).to_be_visible()  # on "my cases"
    handler.goto(case_url)
    act(
        handler,
        "发出补正告知",
        {"需要补正的事项": "请写明工程名称", "补正期限": (today + timedelta(days=10)).isoformat()},
    )
    expect(handler.locator("dl.facts")).to_contain_text("待补正")
    act(handler, "收到补正", {})
    expect(handler.locator("pre.trace").first).to_contain_text("重新起算", use_inner_text=False)

    approver = session("approver")
    approver.goto(case_url)
    act(approver, "延长答复期限", {"延长工作日数": "10", "说明": "需调取施工档案"})
    expect(approver.locator("pre.trace").first).to_contain_text(
        "延长答复期限10个工作日", use_inner_text=False
    )

    handler.reload()
    act(
        handler,
        "办结答复",
        {"办理结果": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"},
    )
    expect(handler.locator("dl.facts")).to_contain_text("已办结：（二）部分公开")
    expect(handler.locator("ol.timeline li")).to_have_count(5)

    approver.get_by_role("link", name="年度报告").click()
    approver.get_by_label("年度").fill(str(today.year))
    approver.get_by_role("button", name="汇总").click()
    cell = approver.locator('td[data-cell="t3.partially_granted.natural_person"]')
    expect(cell).to_have_text("1")
    report_url = approver.url
    cell.get_by_role("link").click()
    expect(approver.locator("main")).to_contain_text("王五")
    approver.get_by_role("link", name=f"{today.year}-0001").click()
    assert approver.url == case_url

    outsider = session("other")
    assert "/reports/" in report_url
    for url in (case_url, report_url):
        response = outsider.goto(url)
        assert response is not None and response.status == 404

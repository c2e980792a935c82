"""End to end in a real browser (Playwright driving Debian's /usr/bin/chromium): a registrar
enters a letter application; the handler sends a 补正 notice (条例 §30); the supplement arrives;
the approver extends (§33 para. 2); the handler submits the reply as 部分公开 (§37) and the
approver approves it, which closes the case; the compiled annual report shows it in 表三 and the
cell drills down to the case; a user of another unit can open neither.  Then a 单位管理员 manages
the unit, its people and the holiday calendar.  Few page loads: it must stay fast on CI."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from browser_tools import act
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
        "提交答复审核",
        {
            "办理结果": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "答复理由或说明": "验收报告中的个人信息部分不予公开（条例第三十七条）",
        },
    )
    expect(handler.locator("dl.facts")).to_contain_text("待审核：拟（二）部分公开")
    expect(handler.get_by_text("审核通过，办结答复", exact=True)).to_have_count(0)

    def compile_report() -> None:
        approver.get_by_role("link", name="年度报告").click()
        approver.get_by_label("年度").fill(str(today.year))
        approver.get_by_role("button", name="汇总").click()

    # Not approved yet: no outcome, the case is still open (结转下年度 if the year ended now).
    compile_report()
    cell = approver.locator('td[data-cell="t3.partially_granted.natural_person"]')
    expect(cell).to_have_text("0")
    expect(approver.locator('td[data-cell="t3.carried_forward.natural_person"]')).to_have_text("1")

    approver.get_by_role("link", name="我的待办").click()  # the reply waits on the head's home
    approver.get_by_role("link", name=f"{today.year}-0001").first.click()
    act(approver, "审核通过，办结答复", {})
    expect(approver.locator("dl.facts")).to_contain_text("已办结：（二）部分公开")
    expect(approver.locator("ol.timeline li")).to_have_count(6)

    compile_report()
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


def test_administrator_manages_the_unit_its_people_and_the_calendar(
    browser: object, live_server: object
) -> None:
    """A 单位管理员 corrects the unit's 索引号 前段码 (a wrong check character is refused on the
    form), creates a handler who can then log in, and enters a day of the holiday calendar; an
    administrator of another unit cannot open the page."""
    from django.contrib.auth.models import User
    from playwright.sync_api import Browser, expect

    from gongkai_platform.accounts.models import Membership, Role

    assert isinstance(browser, Browser)
    world = make_world()
    Membership.objects.create(user=world.admin, unit=world.county, role=Role.ADMIN)
    User.objects.create_user("admin_b", password="pw-admin_b")
    Membership.objects.create(
        user=User.objects.get(username="admin_b"), unit=world.town_b, role=Role.ADMIN
    )
    base = str(live_server.url)  # type: ignore[attr-defined]

    def session(username: str, password: str) -> Any:
        page = browser.new_context(locale="zh-CN").new_page()
        page.goto(f"{base}/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        expect(page.get_by_role("heading", name="我的待办")).to_be_visible()
        return page

    admin = session("admin", "pw-admin")
    admin.get_by_role("link", name="单位管理").click()
    admin.get_by_role("link", name="甲镇人民政府").click()
    unit_url = admin.url
    admin.get_by_label("政府信息公开工作机构").fill("甲镇政府信息公开办公室")
    admin.get_by_label("索引号前段码").fill("000000028")
    admin.get_by_role("button", name="保存单位信息").click()
    expect(admin.locator("form .errorlist")).to_contain_text("校验")
    admin.get_by_label("索引号前段码").fill("000000043")
    admin.get_by_role("button", name="保存单位信息").click()
    expect(admin.locator(".messages")).to_contain_text("已修改单位信息")
    expect(admin.locator("ol.timeline")).to_contain_text("000000027 → 000000043")

    admin.get_by_text("新建用户", exact=True).first.click()  # opens the <details>
    form = admin.locator("form:has(button:text-is('新建用户'))")
    form.get_by_label("用户名").fill("xiaoli")
    form.get_by_label("姓名").fill("李晓")
    form.get_by_label("初始密码").fill("Gongkai-2025-xl")
    form.get_by_label("角色").select_option(label="承办人")
    form.get_by_role("button", name="新建用户").click()
    expect(admin.locator(".messages")).to_contain_text("已新建用户")
    expect(admin.locator("table").first).to_contain_text("李晓")

    admin.get_by_role("link", name="返回单位管理").click()
    admin.get_by_role("link", name="查看和修改节假日安排").click()
    admin.get_by_label("日期").fill("2025-03-10")
    admin.get_by_label("安排").select_option(label="放假")
    admin.get_by_label("节日").fill("测试")
    admin.get_by_label("通知文号").fill("测试通知〔2025〕2号")
    admin.get_by_role("button", name="保存").click()
    expect(admin.locator(".messages")).to_contain_text("期限重新计算已加入队列")
    expect(admin.get_by_role("table")).to_contain_text("测试通知〔2025〕2号")

    # The new handler can sign in, and first replaces the initial password the administrator set.
    newcomer = browser.new_context(locale="zh-CN").new_page()
    newcomer.goto(f"{base}/login/")
    newcomer.get_by_label("用户名").fill("xiaoli")
    newcomer.get_by_label("密码").fill("Gongkai-2025-xl")
    newcomer.get_by_role("button", name="登录").click()
    expect(newcomer.get_by_role("heading", name="修改密码")).to_be_visible()
    outsider = session("admin_b", "pw-admin_b")
    response = outsider.goto(unit_url)
    assert response is not None and response.status == 404

"""The account pages in a real browser (Playwright driving Debian's /usr/bin/chromium), each
checked with axe-core (WCAG 2.1 A/AA, no serious or critical violation) under the pages' content
security policy: a 单位管理员 resets a person's password (the temporary password shown once) and
deactivates another's account; the person signs in with the temporary password and is made to
choose their own first; they make an API token (shown once) and revoke it; the deactivated person
can no longer sign in.

``GONGKAI_SCREENSHOTS=<dir>`` saves a screenshot of each page.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from browser_tools import DESKTOP, audit
from platform_world import make_world

from gongkai_platform.accounts.models import Membership, Role
from gongkai_platform.api.models import ApiToken, TokenEvent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reset_forced_change_tokens_and_deactivation(chromium: Any, live_server: Any) -> None:
    from playwright.sync_api import expect

    world = make_world()
    Membership.objects.create(user=world.registrar, unit=world.town_a, role=Role.HANDLER)
    base = str(live_server.url)
    shots = os.environ.get("GONGKAI_SCREENSHOTS")

    def shown(page: Any, name: str) -> None:
        audit(page, name)
        if shots:
            page.screenshot(path=f"{shots}/accounts-{name}.png", full_page=True)

    def sign_in(username: str, password: str) -> Any:
        page = chromium.new_context(locale="zh-CN", viewport=DESKTOP).new_page()
        page.goto(f"{base}/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        return page

    admin = sign_in("admin", "pw-admin")
    expect(admin.get_by_role("heading", name="我的待办")).to_be_visible()
    admin.get_by_role("link", name="单位管理").click()
    admin.get_by_role("link", name="甲镇人民政府").click()
    expect(admin.get_by_role("heading", name="账户与密码")).to_be_visible()
    shown(admin, "unit-accounts")
    admin.get_by_role("button", name="重置 handler 的密码").click()
    expect(admin.get_by_role("heading", name="已重置 handler 的密码")).to_be_visible()
    temporary = admin.locator("code.secret").inner_text()
    assert len(temporary) == 16
    shown(admin, "password-reset")
    admin.get_by_role("link", name="返回单位管理").click()
    admin.get_by_role("button", name="停用 registrar 的账户").click()
    expect(admin.locator(".messages")).to_contain_text("已停用账户")
    expect(admin.locator("table").nth(1)).to_contain_text("已停用")
    expect(admin.locator("ol.timeline")).to_contain_text("重置密码")

    handler = sign_in("handler", temporary)
    expect(handler.get_by_role("heading", name="修改密码")).to_be_visible()
    expect(handler.get_by_role("alert")).to_contain_text("初始密码或重置密码")
    shown(handler, "forced-change")
    handler.get_by_label("旧密码").fill(temporary)
    handler.get_by_label("新密码").first.fill("12345678901234")
    handler.get_by_label("新密码确认").fill("12345678901234")
    handler.get_by_role("button", name="修改密码").click()
    expect(handler.locator(".errorlist")).to_contain_text("数字")  # digits only: refused
    handler.get_by_label("旧密码").fill(temporary)
    handler.get_by_label("新密码").first.fill("Handler-own-2026")
    handler.get_by_label("新密码确认").fill("Handler-own-2026")
    handler.get_by_role("button", name="修改密码").click()
    expect(handler.get_by_role("heading", name="我的待办")).to_be_visible()

    handler.get_by_role("link", name="接口令牌").click()
    handler.get_by_label("用途").fill("档案系统对接")
    handler.get_by_label("有效期（天）").fill("30")
    handler.get_by_role("button", name="新建令牌").click()
    expect(handler.get_by_role("alert")).to_contain_text("只显示这一次")
    shown(handler, "tokens")
    token = ApiToken.objects.get(user=world.handler)
    assert (
        token.usable and round((token.expires_at - token.created_at).total_seconds() / 86400) == 30
    )
    handler.get_by_role("button", name="撤销令牌 档案系统对接").click()
    expect(handler.locator(".messages")).to_contain_text("已撤销令牌")
    expect(handler.get_by_role("table")).to_contain_text("您还没有接口令牌")
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert TokenEvent.objects.filter(holder=world.handler).count() == 2

    handler.get_by_role("link", name="修改密码").click()
    expect(handler.get_by_role("heading", name="修改密码")).to_be_visible()
    shown(handler, "password-change")

    refused = sign_in("registrar", "pw-registrar")
    expect(refused.get_by_role("alert")).to_contain_text("用户名或密码不正确")
    shown(refused, "login-refused")

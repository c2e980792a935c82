"""What the browser tests share (the ``chromium`` fixture is in conftest.py): the checks every page a person uses must pass: axe-core with no serious or
critical violation (WCAG 2.1 A/AA), reflow at 320 CSS pixels (WCAG 1.4.10).

axe-core is injected through the DevTools protocol (``page.evaluate``), not as an inline
``<script>``: the pages' content security policy (``default-src 'self'``) refuses inline scripts,
and the browser tests run with that policy in force.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}


def audit(page: Any, name: str) -> None:
    """axe-core on the page as shown: no serious or critical violation of WCAG 2.1 A/AA."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    serious = [
        f"{v['id']}（{v['impact']}）：{v['help']} {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{name}：{serious}"


def reflows(page: Any, name: str) -> None:
    """WCAG 1.4.10: nothing needs horizontal scrolling at 320 CSS pixels."""
    page.set_viewport_size(NARROW)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:  # name the widest elements that stick out, to say what to fix
        wide = page.evaluate(
            "() => [...document.querySelectorAll('body *')]"
            ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
            ".map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +"
            " (e.className && typeof e.className === 'string' ? '.' + e.className : ''))"
            ".slice(0, 5)"
        )
        raise AssertionError(f"{name}：窄屏下需要横向滚动 {overflow}px（{wide}）")


def staff_login(browser: Any, base: str, username: str) -> Any:
    """A new page of a staff member logged in (the test worlds' password: ``pw-`` + name)."""
    from playwright.sync_api import expect

    page = browser.new_context(locale="zh-CN").new_page()
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("pw-" + username)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的待办")).to_be_visible()
    return page

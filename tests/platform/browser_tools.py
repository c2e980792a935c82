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


def login(browser: Any, base: str, username: str) -> Any:
    """A new page signed in as ``username`` (password ``pw-<username>``, as ``make_world`` sets)."""
    from playwright.sync_api import expect

    page = browser.new_context(locale="zh-CN").new_page()
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("pw-" + username)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的待办")).to_be_visible()
    return page


def act(
    page: Any, action: str, fields: dict[str, str], files: dict[str, Any] | None = None
) -> None:
    """Take ``action`` on a case page as a person does: open its form, fill the fields by label
    (choosing a select's option by its text), attach ``files``, submit, see it done."""
    from playwright.sync_api import expect

    page.get_by_text(action, exact=True).first.click()  # opens the <details>
    form = page.locator(f"form:has(button:text-is('{action}'))")
    for label, value in fields.items():
        field = form.get_by_label(label, exact=False).first
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    for label, file in (files or {}).items():
        form.get_by_label(label, exact=False).set_input_files(file)
    form.get_by_role("button", name=action).click()
    expect(page.locator(".messages")).to_contain_text(f"已完成：{action}")

"""The real browser of the page tests: Playwright driving Debian's /usr/bin/chromium (never
``playwright install``), axe-core from node_modules, and the checks every page a person uses must
pass (WCAG 2.1 A/AA with no serious or critical violation; reflow at 320 CSS pixels)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tools import require_tool

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}


@pytest.fixture
def chromium(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    path = require_tool("chromium")
    if not AXE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("axe-core is required on CI: run scripts/setup.sh (npm ci)")
        pytest.skip("axe-core is not installed (npm ci)")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield browser
        browser.close()


def audit(page: Any, name: str) -> None:
    """axe-core on the page as shown: no serious or critical violation of WCAG 2.1 A/AA."""
    page.add_script_tag(path=str(AXE))
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

"""Fixtures of the platform tests: ``world`` (platform_world.py) and ``cw``, the catalog's world
(catalog_world.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from browser_tools import AXE
from catalog_world import cw
from platform_world import World, make_world

from tools import require_tool

__all__ = ["cw", "world"]


@pytest.fixture
def world(db: None) -> World:
    return make_world()


@pytest.fixture(autouse=True)
def fresh_counters(request: pytest.FixtureRequest) -> None:
    """The throttles' counters live in the database cache, whose table the flush of a
    transactional test leaves alone: each such test starts with none (other tests roll back)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    if transactional or {"transactional_db", "live_server"} & set(request.fixturenames):
        from django.core.cache import cache

        request.getfixturevalue("transactional_db")
        cache.clear()


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

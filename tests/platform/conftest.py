"""Fixtures of the platform tests (see platform_world.py)."""

from __future__ import annotations

import pytest
from platform_world import World, make_world


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

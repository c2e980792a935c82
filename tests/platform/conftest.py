"""Fixtures of the platform tests: ``world`` (platform_world.py) and ``cw``, the catalog's world
(catalog_world.py)."""

from __future__ import annotations

import pytest
from catalog_world import cw
from platform_world import World, make_world

__all__ = ["cw", "world"]


@pytest.fixture
def world(db: None) -> World:
    return make_world()

"""Fixtures of the platform tests (see platform_world.py)."""

from __future__ import annotations

import pytest
from platform_world import World, make_world


@pytest.fixture
def world(db: None) -> World:
    return make_world()

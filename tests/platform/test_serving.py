"""The web server's heap settling (gongkai_platform.serving): once after start-up and once after
the first request, never again."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from django.test import Client

from gongkai_platform.serving import settle_after_first_request, settle_heap


@pytest.fixture
def thawed() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()  # the rest of the suite runs with the collector as usual


def test_settling_freezes_what_is_alive(thawed: None) -> None:
    assert gc.get_freeze_count() == 0
    settle_heap()
    assert gc.get_freeze_count() > 0


def test_the_first_request_settles_the_heap_and_later_ones_do_not(
    thawed: None, client: Client, db: None
) -> None:
    settle_after_first_request()
    assert gc.get_freeze_count() == 0
    client.get("/login/")
    frozen = gc.get_freeze_count()
    assert frozen > 0
    gc.unfreeze()
    client.get("/login/")
    assert gc.get_freeze_count() == 0  # disconnected after the first

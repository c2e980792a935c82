"""Fixtures of the oversight tests: the generated county (county_world.py), built once per test
module inside a transaction that is rolled back at the end (each test runs in a savepoint)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from county_world import County, make_county
from django.db import transaction


@pytest.fixture(scope="module")
def built_county(django_db_setup: None, django_db_blocker: object) -> Iterator[County]:
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        yield make_county()
        transaction.set_rollback(True)


@pytest.fixture
def county(built_county: County, db: None) -> County:
    return built_county

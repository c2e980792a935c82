"""A read replica for the pages that only read (docs/scaling.md; gongkai_platform.dbrouter).

The test settings give a second alias ``replica`` that mirrors the test database (TEST MIRROR):
a second connection to the same database, as a streaming replica is on PostgreSQL.  These tests
are transactional (the mirror cannot see rows of an open test transaction) and switch the
routing on; the queries each connection ran show where the reads went.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from catalog_world import CatalogWorld, make_catalog_world
from django.db import connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from platform_world import World, make_world

from gongkai_platform.accounts.models import Unit
from gongkai_platform.dbrouter import PIN_COOKIE, REPLICA, ReplicaRouter, replica_reads

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture(autouse=True)
def close_replica() -> Iterator[None]:
    """The mirror's connection is not closed by the test database teardown: close it here."""
    yield
    connections[REPLICA].close()


@pytest.fixture
def replica_on(settings: object) -> None:
    settings.GONGKAI_READ_REPLICA = True  # type: ignore[attr-defined]


@pytest.fixture
def cw() -> CatalogWorld:
    return make_catalog_world(make_world())


class Captured:
    def __init__(self) -> None:
        self.primary = CaptureQueriesContext(connections["default"])
        self.replica = CaptureQueriesContext(connections[REPLICA])

    def selects(self, which: CaptureQueriesContext, table: str = "") -> list[str]:
        return [
            q["sql"]
            for q in which.captured_queries
            if q["sql"].startswith("SELECT") and f'FROM "{table}' in q["sql"]
        ]


@contextmanager
def capture() -> Iterator[Captured]:
    """The queries run on each connection within the block."""
    c = Captured()
    with c.primary, c.replica:
        yield c


def test_the_mirror_is_a_second_connection_to_the_same_database(cw: CatalogWorld) -> None:
    assert connections[REPLICA] is not connections["default"]
    assert Unit.objects.using(REPLICA).count() == Unit.objects.count() > 0


def test_portal_pages_read_from_the_replica(
    client: Client, cw: CatalogWorld, replica_on: None
) -> None:
    item = cw.published()
    with capture() as captured:
        for url in (
            reverse("portal:item", args=[item.pk]),
            reverse("portal:unit", args=[cw.w.town_a.pk]),
            reverse("portal:search") + "?q=危房改造",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            assert reverse("portal:item", args=[item.pk]) in response.content.decode(), url
    assert captured.selects(captured.replica, "catalog_")
    assert not captured.selects(captured.primary, "catalog_")


def test_handler_home_reads_from_the_replica(
    client: Client, cw: CatalogWorld, replica_on: None
) -> None:
    w: World = cw.w
    client.force_login(w.handler)
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    assert any("django_session" in q["sql"] for q in replica.captured_queries)
    assert any("applications_application" in q["sql"] for q in replica.captured_queries)


def test_a_browser_that_just_wrote_reads_from_the_primary(
    client: Client, cw: CatalogWorld, replica_on: None
) -> None:
    item = cw.published()
    response = client.post(reverse("portal:text_size"), {"size": "large"})
    assert response.status_code == 302
    assert response.cookies[PIN_COOKIE]["max-age"] > 0
    with capture() as captured:
        assert client.get(reverse("portal:item", args=[item.pk])).status_code == 200
    assert not captured.selects(captured.replica)
    assert captured.selects(captured.primary, "catalog_")


def test_without_the_setting_everything_reads_from_the_primary(
    client: Client, cw: CatalogWorld
) -> None:
    item = cw.published()
    with capture() as captured:
        assert client.get(reverse("portal:item", args=[item.pk])).status_code == 200
    assert client.post(reverse("portal:text_size"), {"size": "large"}).status_code == 302
    assert PIN_COOKIE not in client.cookies
    assert not captured.selects(captured.replica)


def test_pages_that_are_not_read_only_views_use_the_primary(
    client: Client, cw: CatalogWorld, replica_on: None
) -> None:
    """An export (a file someone keeps) reads the primary."""
    client.force_login(cw.w.handler)
    with capture() as captured:
        assert client.get(reverse("applications_export", args=["csv"])).status_code == 200
    assert not captured.selects(captured.replica)


def test_writes_go_to_the_primary_even_for_an_object_read_from_the_replica(
    cw: CatalogWorld, replica_on: None
) -> None:
    with replica_reads():
        unit = Unit.objects.get(pk=cw.w.town_a.pk)
        assert unit._state.db == REPLICA
        with CaptureQueriesContext(connections["default"]) as primary:
            unit.name = "甲镇人民政府（更名）"
            unit.save()
    assert any(q["sql"].startswith("UPDATE") for q in primary.captured_queries)
    assert Unit.objects.get(pk=unit.pk).name == "甲镇人民政府（更名）"


def test_reads_inside_a_transaction_of_the_primary_stay_there(cw: CatalogWorld) -> None:
    """A request that writes and then reads in one transaction sees its own write."""
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_read(Unit) == REPLICA
        with transaction.atomic():
            assert router.db_for_read(Unit) is None


def test_the_replica_is_never_migrated() -> None:
    router = ReplicaRouter()
    assert router.allow_migrate(REPLICA, "catalog") is False
    assert router.allow_migrate("default", "catalog") is True
    assert router.db_for_read(Unit) is None  # outside replica_reads()
    with replica_reads():
        assert router.db_for_read(Unit) == REPLICA

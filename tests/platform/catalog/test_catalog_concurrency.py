"""索引号 serials stay unique when several items of one unit are published at the same moment.

The serial comes from a per-unit-per-year counter row locked with ``SELECT … FOR UPDATE``; the
first publication of a year creates the row with ``INSERT … ON CONFLICT DO NOTHING``.  SQLite
serialises whole-database writes and cannot show row locking, so this runs on PostgreSQL
(``DATABASE_URL=postgres://…``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from catalog_world import make_catalog_world
from django.db import connection, connections
from django.utils import timezone
from platform_world import make_world

from gongkai_platform.catalog import services
from gongkai_platform.catalog.models import CatalogItem

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="行锁测试需要 PostgreSQL"),
]


def race(*actions: Callable[[], object]) -> list[BaseException | None]:
    barrier = threading.Barrier(len(actions))
    results: list[BaseException | None] = [None] * len(actions)

    def run(i: int, action: Callable[[], object]) -> None:
        try:
            barrier.wait()
            action()
        except BaseException as error:
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_simultaneous_publications_get_distinct_consecutive_serials() -> None:
    cw = make_catalog_world(make_world())
    items = [cw.approved(title=f"第{i}条信息") for i in range(6)]
    results = race(
        *[
            (lambda pk=item.pk: services.catalog_item_publish(actor=cw.w.approver, item=pk))
            for item in items
        ]
    )
    assert results == [None] * 6
    serials = sorted(CatalogItem.objects.values_list("index_serial", flat=True))
    assert serials == [1, 2, 3, 4, 5, 6]  # the first publication of the year created the counter
    year = timezone.localdate().year
    assert (
        CatalogItem.objects.filter(index_number__startswith=f"123456788/{year}-0000").count() == 6
    )

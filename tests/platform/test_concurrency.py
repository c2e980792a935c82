"""Two handlers acting on one case at the same moment never lose an update.

Every service locks the application row (``SELECT … FOR UPDATE``) for its whole transaction, so
the second action waits, then sees the first one's result: it either builds on it or is refused
by the state machine.  SQLite serialises whole-database writes and cannot show row locking, so
this runs on PostgreSQL (the second pass of scripts/test.sh; CI provides it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection, connections
from platform_world import World, make_world

from gongkai_platform.applications import services
from gongkai_platform.applications.models import Application, Event
from gongkai_platform.core.errors import ActionRefused

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="行锁测试需要 PostgreSQL（CI 的第二轮）"
    ),
]


def race(*actions: Callable[[], object]) -> list[BaseException | None]:
    """Start the actions together on separate connections; each one's exception or None."""
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


def test_two_different_actions_both_land() -> None:
    world: World = make_world()
    app = world.register()
    for _ in range(5):
        results = race(
            lambda pk=app.pk: services.application_consult_agency(
                actor=world.handler, application=pk, party="县局", started_on=date(2025, 3, 5)
            ),
            lambda pk=app.pk: services.application_extend(
                actor=world.approver, application=pk, days=5, reason="档案", on=date(2025, 3, 4)
            ),
        )
        assert results == [None, None]
        fresh = Application.objects.get(pk=app.pk)
        assert fresh.extension_days == 5 and fresh.state == "agency"
        assert fresh.version == 3
        assert Event.objects.filter(application=app).count() == 3
        # Reset for the next round through the services themselves.
        services.application_end_agency(
            actor=world.handler, application=app.pk, ended_on=date(2025, 3, 6), opinion="agree"
        )
        app = world.register()


def test_two_handlers_submitting_replies_at_once_submit_one() -> None:
    world: World = make_world()
    app = world.register()
    results = race(
        lambda: services.application_submit_reply(
            actor=world.handler, application=app.pk, outcome="granted", ground="36_2"
        ),
        lambda: services.application_submit_reply(
            actor=world.all_roles, application=app.pk, outcome="unable.not_held", ground="36_4"
        ),
    )
    assert sum(r is None for r in results) == 1
    loser = next(r for r in results if r is not None)
    assert isinstance(loser, ActionRefused) and loser.code == "wrong_state"
    assert Event.objects.filter(application=app, action="submit_reply").count() == 1

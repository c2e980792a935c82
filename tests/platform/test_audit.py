"""The audit trail is one write path and tamper-evident (办理过程留痕, 条例第四十五条).

Every event is chained to the previous event of its stream (SHA-256 of its canonical content
with the previous hash); ``manage.py audit_verify`` finds a changed, removed or inserted event and
exits non-zero; on PostgreSQL the event tables refuse UPDATE and DELETE (a trigger); concurrent
writers of one stream queue instead of forking the chain; the recount's bulk writes are chained
too.  Writes that had no event before (the 指南, API tokens) have one now.
"""

from __future__ import annotations

import time
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from platform_world import World, make_world
from test_concurrency import race

from gongkai_platform.accounts.models import AdminEvent
from gongkai_platform.api.models import ApiToken, TokenEvent
from gongkai_platform.api.services import api_token_issue, api_token_revoke
from gongkai_platform.applications import recount, services
from gongkai_platform.applications.models import Application, Event
from gongkai_platform.core.audit import (
    canonical,
    chain_existing,
    digest,
    event_models,
    record,
    verify,
)
from gongkai_platform.holiday_calendar.models import CalendarEvent
from gongkai_platform.portal.guide import guide_save
from gongkai_platform.portal.models import GuideEvent

D = date.fromisoformat
POSTGRES = connection.vendor == "postgresql"


def _trail(world: World) -> list[Event]:
    app = world.register()
    services.application_consult_agency(
        actor=world.handler, application=app, party="县局", started_on=D("2025-03-05")
    )
    services.application_end_agency(
        actor=world.handler, application=app, ended_on=D("2025-03-07"), opinion="agree"
    )
    return list(Event.objects.filter(application=app).order_by("id"))


def test_each_event_is_chained_to_the_previous_one_of_its_stream(world: World) -> None:
    first, second, third = _trail(world)
    assert first.prev_hash == "" and second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    for event in (first, second, third):
        assert len(event.hash) == 64 and event.hash == event.compute_hash()
    # Another application is another stream: its first event starts afresh.
    other = world.register()
    assert Event.objects.get(application=other).prev_hash == ""
    assert list(verify()) == []


def test_the_hash_covers_the_canonical_content() -> None:
    """Sorted keys, no spaces, Chinese kept as is: the same content has one text and one hash."""
    assert canonical({"b": 1, "a": "办理"}) == '{"a":"办理","b":1}'
    assert digest({"b": 1, "a": "办理"}) == digest({"a": "办理", "b": 1})
    assert digest({"a": 1}) != digest({"a": 2})


def test_audit_verify_is_clean_and_says_so(world: World) -> None:
    _trail(world)
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "哈希链无断裂" in out.getvalue()
    assert Event in event_models() and AdminEvent in event_models()


@pytest.mark.skipif(POSTGRES, reason="PostgreSQL refuses the change itself (see below)")
def test_a_changed_event_is_found_with_its_stream_and_id(world: World) -> None:
    """On SQLite nothing stops a row being changed; the chain shows it."""
    _, second, third = _trail(world)
    Event.objects.filter(pk=second.pk).update(reason="事后改写的理由")
    err = StringIO()
    with pytest.raises(CommandError, match="1 处断裂"):
        call_command("audit_verify", stderr=err)
    report = err.getvalue()
    assert f"applications_event 流 {second.application_id} 事件 {second.pk}" in report
    assert "内容与哈希不符" in report
    assert f"事件 {third.pk}：" not in report  # the next event still links to the recorded hash


@pytest.mark.skipif(POSTGRES, reason="PostgreSQL refuses the deletion itself (see below)")
def test_a_removed_event_breaks_the_link_of_the_next(world: World) -> None:
    first, second, third = _trail(world)
    Event.objects.filter(pk=second.pk).delete()
    breaks = list(verify([Event]))
    assert [(b.stream, b.event_id) for b in breaks] == [(third.application_id, third.pk)]
    assert "前一事件哈希应为" in breaks[0].problem and first.hash in breaks[0].problem


@pytest.mark.skipif(not POSTGRES, reason="触发器只在 PostgreSQL 上")
def test_postgresql_refuses_update_and_delete_of_events(world: World) -> None:
    event = _trail(world)[0]
    for sql in (
        "UPDATE applications_event SET reason = 'x' WHERE id = %s",
        "DELETE FROM applications_event WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="审计记录不可修改或删除"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])
    for model in event_models():  # every event table has the trigger
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [model._meta.db_table],
            )
            assert cursor.fetchone() == (1,), model._meta.db_table
    assert Event.objects.get(pk=event.pk).reason == event.reason


@pytest.mark.skipif(POSTGRES, reason="the trigger forbids the rewrite on PostgreSQL")
def test_the_migration_chains_events_written_before_the_chain(world: World) -> None:
    """What the data migrations do to existing rows (``chain_existing``)."""
    events = _trail(world)
    Event.objects.update(prev_hash="", hash="")
    assert len(list(verify([Event]))) == len(events)
    chain_existing(Event, "application_id")
    assert list(verify([Event])) == []


@pytest.mark.parametrize("portable", [True, False])
def test_the_recount_chains_its_bulk_events(world: World, portable: bool) -> None:
    if not portable and not POSTGRES:
        pytest.skip("the unnest statement is PostgreSQL's")
    apps = [world.register() for _ in range(3)]
    services.application_extend(
        actor=world.approver, application=apps[0], days=5, reason="调取档案", on=D("2025-03-05")
    )
    # Each case's due date differs from what the clock says now, so the recount changes it.
    Application.objects.filter(pk__in=[a.pk for a in apps]).update(due_on=D("2025-01-01"))
    changed = recount.recount_due_dates(actor=world.admin, reason="测试重算", portable=portable)
    assert changed == 3
    for app in apps:
        trail = list(Event.objects.filter(application=app).order_by("id"))
        assert trail[-1].action == "recompute" and trail[-1].prev_hash == trail[-2].hash
    assert list(verify()) == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not POSTGRES, reason="两个连接并发写入需要 PostgreSQL")
def test_concurrent_writers_of_one_stream_do_not_fork_the_chain() -> None:
    """Two connections append to one stream at the same moment, again and again, each holding
    its transaction open a while after writing: without the stream's lock both would chain to
    the same predecessor (a fork); with it the second waits for the first's commit."""
    world = make_world()

    def write(n: int) -> None:
        with transaction.atomic():
            record(
                CalendarEvent, actor=world.admin, action="calendar_save_day", year=2099,
                after={"2099-01-01": [True, "测试", f"通知{n}"]},
            )  # fmt: skip
            time.sleep(0.05)  # still uncommitted when the other writer reads the stream's head

    for n in range(5):
        assert race(lambda n=n: write(2 * n), lambda n=n: write(2 * n + 1)) == [None, None]
    trail = list(CalendarEvent.objects.filter(year=2099).order_by("id"))
    assert len(trail) == 10 and trail[0].prev_hash == ""
    assert [e.prev_hash for e in trail[1:]] == [e.hash for e in trail[:-1]]
    assert list(verify([CalendarEvent])) == []


def test_the_guide_edit_is_recorded_条例第十二条(world: World) -> None:
    """条例第十二条: the 指南 is what the public reads to reach the office; each edit is an event
    (it had none)."""
    guide_save(actor=world.approver, unit=world.town_a, office_hours="工作日8:30—17:30")
    guide_save(
        actor=world.approver, unit=world.town_a, fax="0000-1", office_hours="工作日8:30—17:30"
    )
    first, second = GuideEvent.objects.filter(unit=world.town_a).order_by("id")
    assert first.after == {"office_hours": "工作日8:30—17:30"} and first.actor == world.approver
    assert second.before == {"fax": ""} and second.after == {"fax": "0000-1"}
    assert second.prev_hash == first.hash


def test_api_tokens_issued_and_revoked_are_recorded(world: World) -> None:
    token, text = api_token_issue(actor=world.handler, user=world.handler, name="对接系统")
    issued = TokenEvent.objects.get(holder=world.handler)
    assert issued.action == "token_issue" and issued.after == {"tokens": [[token.pk, "对接系统"]]}
    assert text not in str(issued.after) and token.key_digest not in str(issued.after)
    # A 单位管理员 of the holder's unit may revoke it; the token stops working at once.
    api_token_revoke(actor=world.admin, token=token, reason="人员调离")
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    revoked = TokenEvent.objects.filter(holder=world.handler).last()
    assert revoked is not None and revoked.actor == world.admin and revoked.reason == "人员调离"
    assert revoked.after == {"tokens": []} and revoked.prev_hash == issued.hash

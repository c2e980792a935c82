"""The recount of every open due date after a holiday notice is entered (条例 §33: the periods
are counted in working days, and the notice decides which days are working days).

The recount writes by set-based statements (``UPDATE … FROM unnest(…)`` on PostgreSQL, a
prepared statement per row on the portable path that SQLite uses).  These tests prove that either
way it stores the due dates the per-application path stores (``clock.apply_due`` on the model
instance, as every action does) and writes the audit events (条例 §45 留痕: one per changed case)
that path would write, over several batches and every open state the clock tells apart.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone
from platform_world import World
from test_tasks import corrected_2025

from gongkai_platform.accounts.models import Membership, Role
from gongkai_platform.applications import clock, recount, services
from gongkai_platform.applications.models import Application, DueKind, Event
from gongkai_platform.applications.states import State
from gongkai_platform.core.actions import recorded
from gongkai_platform.holiday_calendar import selectors as holidays
from gongkai_platform.holiday_calendar import services as calendar

D = date.fromisoformat
PATHS = [pytest.param(True, id="portable"), pytest.param(False, id="unnest")]


def open_cases(world: World) -> None:
    """Applications in every open state, received around the day the notice makes a holiday
    (2025-03-10), plus one closed case the recount must leave alone."""
    w, h = world, world.handler
    for received in ("2025-03-03", "2025-03-03", "2025-03-06", "2025-03-12", "2025-03-20"):
        w.register(arrived_on=D(received))
    services.application_request_correction(
        actor=h, application=w.register(), items="年份", reply_by=D("2025-03-20"),
        sent_on=D("2025-03-05"),
    )  # fmt: skip
    restarted = w.register()
    services.application_request_correction(
        actor=h, application=restarted, items="年份", reply_by=D("2025-03-20"),
        sent_on=D("2025-03-04"),
    )  # fmt: skip
    services.application_receive_correction(
        actor=h, application=restarted, received_on=D("2025-03-07")
    )
    services.application_consult_third_party(
        actor=h, application=w.register(), party="第三方", started_on=D("2025-03-05")
    )
    # The same clock inputs as the first applications, but a pause that has ended: its answer
    # must not be taken from theirs.
    paused = w.register()
    services.application_consult_third_party(
        actor=h, application=paused, party="第三方", started_on=D("2025-03-04")
    )
    services.application_end_third_party(
        actor=h, application=paused, ended_on=D("2025-03-07"), opinion="agree"
    )
    services.application_consult_agency(
        actor=h, application=w.register(), party="县财政局", started_on=D("2025-03-05")
    )
    # Several consultations at once (条例第三十二条、第三十四条): one open, one ended; and two
    # overlapping ones ended, the reply clock paused over their union.
    both = w.register()
    services.application_consult_third_party(
        actor=h, application=both, party="甲公司", started_on=D("2025-03-04")
    )
    services.application_consult_agency(
        actor=h, application=both, party="县财政局", started_on=D("2025-03-06"),
        party_received_on=D("2025-03-07"),
    )  # fmt: skip
    services.application_end_third_party(
        actor=h, application=both, ended_on=D("2025-03-12"), opinion="agree"
    )
    ended = w.register()
    services.application_consult_third_party(
        actor=h, application=ended, party="甲公司", started_on=D("2025-03-04")
    )
    services.application_consult_agency(
        actor=h, application=ended, party="县财政局", started_on=D("2025-03-06")
    )
    services.application_end_third_party(
        actor=h, application=ended, ended_on=D("2025-03-11"), opinion="agree"
    )
    services.application_end_agency(
        actor=h, application=ended, ended_on=D("2025-03-13"), opinion="agree"
    )
    # 条例第三十五条: a later deadline one working day after the statutory 03-31; the notice moves
    # the statutory deadline onto it, so the statutory deadline governs again.
    later = w.register()
    services.application_ask_reasons(
        actor=h, application=later, reason="一周内申请120项", asked_on=D("2025-03-04")
    )
    services.application_set_later_deadline(
        actor=w.approver, application=later, later_due_on=D("2025-04-01"),
        reason="理由合理，需逐项检索", decided_on=D("2025-03-05"),
    )  # fmt: skip
    services.application_issue_fee_notice(
        actor=h, application=w.register(), method="per_page", units=120,
        sent_on=D("2025-03-05"), notice_received_on=D("2025-03-06"),
    )  # fmt: skip
    services.application_extend(
        actor=w.approver, application=w.register(), days=10, reason="档案", on=D("2025-03-20")
    )
    services.application_submit_reply(
        actor=h,
        application=w.register(),
        outcome="granted",
        ground="36_2",
        submitted_on=D("2025-03-20"),
    )
    w.close(w.register(), "granted")


def scramble() -> None:
    """Stored dates wrong in each way a recount can find them (beside the notice's own shift)."""
    first, second, third, *_ = Application.objects.exclude(state=State.CLOSED).order_by("pk")
    Application.objects.filter(pk=first.pk).update(due_on=None, due_kind="")
    Application.objects.filter(pk=second.pk).update(due_provisional=True)
    Application.objects.filter(pk=third.pk).update(due_kind=DueKind.FEE_PAYMENT)


Row = tuple[Any, ...]


def per_application(actor_id: int, reason: str) -> tuple[dict[int, Row], list[Row]]:
    """What the per-application path stores and logs: each open application's due date applied
    to the model instance by the clock, and an event for each one whose date changed."""
    rows: dict[int, Row] = {}
    events: list[Row] = []
    for app in Application.objects.exclude(state=State.CLOSED).order_by("pk"):
        before = (app.due_on, app.due_kind, app.due_provisional)
        clock.apply_due(app, list(app.pauses.all()))
        after = (app.due_on, app.due_kind, app.due_provisional)
        rows[app.pk] = (*after, app.version + (after != before))
        if after != before:
            events.append(
                (
                    app.pk,
                    "recompute",
                    actor_id,
                    app.state,
                    app.state,
                    {"due_on": recorded(before[0]), "due_provisional": before[2]},
                    {"due_on": recorded(after[0]), "due_provisional": after[2]},
                    reason,
                )
            )
    return rows, events


def stored() -> tuple[dict[int, Row], list[Row]]:
    rows = {
        pk: rest
        for pk, *rest in Application.objects.exclude(state=State.CLOSED).values_list(
            "pk", "due_on", "due_kind", "due_provisional", "version"
        )
    }
    events = Event.objects.filter(action="recompute").order_by("application_id")
    fields = ("application_id", "action", "actor_id", "state_before", "state_after")
    return {pk: tuple(rest) for pk, rest in rows.items()}, [
        tuple(row) for row in events.values_list(*fields, "before", "after", "reason")
    ]


def check_recount(world: World, settings: Any, **options: Any) -> None:
    """Enter a holiday notice over the cases of :func:`open_cases`, run the recount with
    ``options`` and compare what it stored and logged with the per-application path."""
    # The recount the notice enqueues stays queued (no worker runs): this test runs it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    open_cases(world)
    closed = Application.objects.get(state=State.CLOSED)
    # The notice is entered by the county's administrator.
    Membership.objects.create(user=world.admin, unit=world.county, role=Role.ADMIN)
    calendar.calendar_enter_year(actor=world.admin, schedule=corrected_2025(D("2025-03-10")))
    holidays.forget_calendar()
    scramble()
    reason = "录入2025年节假日安排（测试通知〔2025〕1号）"
    expected_rows, expected_events = per_application(world.admin.pk, reason)
    changed_states = {event[3] for event in expected_events}
    # The test can fail: many changes, of every kind and state, and some cases unchanged.
    assert len(expected_events) >= 8 and len(expected_events) < len(expected_rows)
    assert {State.IN_PROGRESS, State.THIRD_PARTY, State.AGENCY} <= changed_states
    assert {State.AWAITING_FEE, State.AWAITING_APPROVAL} <= changed_states
    assert any(event[5]["due_on"] is None for event in expected_events)
    assert any(event[5]["due_provisional"] for event in expected_events)

    started = timezone.now()
    count = recount.recount_due_dates(actor=world.admin, reason=reason, **options)
    assert count == len(expected_events)
    assert stored() == (expected_rows, expected_events)
    assert all(
        at >= started
        for at in Event.objects.filter(action="recompute").values_list("at", flat=True)
    )
    assert not Event.objects.filter(application=closed, action="recompute").exists()
    # 条例第三十五条: the notice moved the statutory deadline onto the agency's date.
    later = Application.objects.get(later_due_on__isnull=False)
    assert (later.due_on, later.due_kind) == (D("2025-04-01"), DueKind.REPLY)

    # Counted again with nothing changed: nothing written.
    assert recount.recount_due_dates(actor=world.admin, reason=reason, **options) == 0
    assert stored() == (expected_rows, expected_events)


@pytest.mark.parametrize("portable", PATHS)
def test_recount_stores_and_logs_what_the_per_application_path_does_条例第三十三条(
    world: World, portable: bool, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    if not portable and connection.vendor != "postgresql":
        pytest.skip("unnest 仅用于 PostgreSQL")
    monkeypatch.setattr(recount, "BATCH", 4)  # several batches, each its own id range
    check_recount(world, settings, portable=portable)


@pytest.mark.django_db(transaction=True)
def test_recount_on_several_connections_gives_the_same_result_条例第三十三条(
    world: World, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    """Committed data, outside a transaction: the ranges of ids are recounted by two threads,
    each on its own connection, and the result is the per-application path's all the same."""
    if connection.vendor != "postgresql":
        pytest.skip("并行重算仅用于 PostgreSQL")
    monkeypatch.setattr(recount, "BATCH", 2)
    threads: set[int] = set()
    store = recount._store_unnest

    def spy(*args: Any) -> None:
        threads.add(threading.get_ident())
        store(*args)

    monkeypatch.setattr(recount, "_store_unnest", spy)
    check_recount(world, settings, workers=2)
    assert len(threads) == 2 and threading.get_ident() not in threads


def test_recount_chooses_its_statements_by_database(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without ``portable`` the recount uses unnest on PostgreSQL only: SQLite has no unnest."""
    used: list[str] = []
    monkeypatch.setattr(recount, "_store_unnest", lambda *a: used.append("unnest"))
    monkeypatch.setattr(recount, "_store_portable", lambda *a: used.append("portable"))
    world.register()
    Application.objects.update(due_on=None)
    recount.recount_due_dates(actor=world.admin, reason="测试")
    assert used == ["unnest" if connection.vendor == "postgresql" else "portable"]

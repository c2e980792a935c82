"""The recount of every open due date after the calendar changed (a year's 节假日安排 entered on
the platform, ``services.calendar_enter_year``): run by the task worker (``tasks``).

Each open application is read as a plain row, its due date counted again by the one clock
(:func:`clock.current_due`, i.e. :mod:`gongkai.workdays`), and every changed date is written
with one ``recompute`` event on the case's timeline (办理过程留痕, 条例 §45), in the same
transaction as the change.  A national recount meets 100,000 open cases, so the rows are read and
written in locked batches by set-based statements: on PostgreSQL one statement per batch (an
``UPDATE … FROM unnest(…)`` whose returned rows an ``INSERT … SELECT`` turns into the events, their
JSON built by the server); elsewhere (SQLite has no ``unnest``) a prepared ``UPDATE`` per row and
``bulk_create`` of the events.  Both write what the per-application path (``clock.apply_due`` and
an event per change) would write: ``tests/platform/test_recount.py``.

Measured by ``benchmarks/bench_platform.py`` (100,000 open cases, all changed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

import psycopg
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone

from gongkai.workdays import Calendar
from gongkai_platform.applications import clock
from gongkai_platform.applications.models import Application, Event, Pause
from gongkai_platform.applications.states import OPEN_STATES, Action
from gongkai_platform.core.actions import recorded
from gongkai_platform.core.audit import canonical, chain_rows, record_many
from gongkai_platform.holiday_calendar import selectors as holidays

# Rows locked and written per transaction: large enough that the statements' fixed costs vanish,
# small enough that an action waiting for one of the rows waits well under a second.
BATCH = 10_000
# Connections recounting at once: most of a recount is the database server's work (rewriting the
# rows and their indexes, checking the events' references), which then runs on as many cores.
WORKERS = 2


class _ClockRow(NamedTuple):
    """One open application as the recount reads it: no model instance, only what it compares
    and, from the fifth field on, what the clock reads (``clock.ClockInput``)."""

    pk: int
    due_on: date | None
    due_kind: str
    due_provisional: bool
    state: str
    received_on: date
    correction_sent_on: date | None
    correction_reply_by: date | None
    correction_received_on: date | None
    extension_days: int
    fee_notice_received_on: date | None
    later_due_on: date | None  # §35: the agency-set later deadline the clock compares


class Change(NamedTuple):
    """A due date the recount changes: the row as read, and the clock's new answer."""

    row: _ClockRow
    due_on: date | None
    due_kind: str
    due_provisional: bool


Answer = tuple[date | None, str, bool]  # due_on, due_kind, due_provisional
Store = Callable[[list[Change], User, str, datetime], None]


def recount_due_dates(
    *, actor: User, reason: str, portable: bool | None = None, workers: int = WORKERS
) -> int:
    """Recount the due date of every open application with the current calendar; returns how
    many changed.  ``portable`` forces the statements used without PostgreSQL (``None``: by
    the database in use).  On PostgreSQL, outside a transaction, a large recount is split into
    ``workers`` ranges of ids, each recounted on its own connection at the same time."""
    if portable is None:
        portable = connection.vendor != "postgresql"
    holidays.forget_calendar()  # the worker process: read the table now, not in ten seconds
    job = _Recount(
        actor, reason, _store_portable if portable else _store_unnest, holidays.calendar()
    )
    # Inside a transaction (a test, a caller's atomic block) other connections would not see
    # its rows; SQLite has one writer at a time.
    if portable or workers < 2 or connection.in_atomic_block:
        return job.range(0, None)
    ids = list(
        Application.objects.filter(state__in=OPEN_STATES)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if len(ids) < workers * BATCH:
        return job.range(0, None)
    # Consecutive ranges (after, upto]; the last is open, so a case registered meanwhile is counted.
    bounds = [0, *(ids[len(ids) * i // workers] for i in range(1, workers)), None]

    def work(after: int, upto: int | None) -> int:
        try:
            return job.range(after, upto)
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(workers) as pool:
        return sum(pool.map(work, bounds[:-1], bounds[1:]))


@dataclass
class _Recount:
    """One recount: who asked for it and why (the events' actor and reason), how it writes, and
    the calendar it counts with."""

    actor: User
    reason: str
    store: Store
    cal: Calendar
    # The clock's answers by input, shared by the ranges (a dict is safe to share across threads).
    memo: dict[tuple[object, ...], Answer] = field(default_factory=dict)

    def range(self, after: int, upto: int | None) -> int:
        """Recount the open applications with ``after < id <= upto`` (no upper end: ``None``),
        ``BATCH`` at a time, each batch locked and written in its own transaction."""
        changed = 0
        last = after
        while True:
            with transaction.atomic():
                rows = Application.objects.select_for_update().filter(
                    state__in=OPEN_STATES, pk__gt=last
                )
                if upto is not None:
                    rows = rows.filter(pk__lte=upto)
                batch = [
                    _ClockRow(*row)
                    for row in rows.order_by("pk").values_list(*_ClockRow._fields)[:BATCH]
                ]
                if not batch:
                    return changed
                first, last = batch[0].pk, batch[-1].pk
                pauses: defaultdict[int, list[Pause]] = defaultdict(list)
                for pause in Pause.objects.filter(
                    application_id__gte=first, application_id__lte=last
                ).order_by("started_on", "id"):
                    pauses[pause.application_id].append(pause)
                changes = []
                for row in batch:
                    new = _answer(row, pauses.get(row.pk), self.cal, self.memo)
                    if new != (row.due_on, row.due_kind, row.due_provisional):
                        changes.append(Change(row, *new))
                if changes:
                    self.store(changes, self.actor, self.reason, timezone.now())
                changed += len(changes)


def _answer(
    row: _ClockRow,
    pauses: list[Pause] | None,
    cal: Calendar,
    memo: dict[tuple[object, ...], Answer],
) -> Answer:
    """The clock's due date, kind and provisional flag for ``row``.  Without pauses the answer
    depends only on the row's clock fields, which most rows share with many others (a few
    hundred distinct ones among 100,000): it is asked of the clock once per distinct input."""
    if pauses:
        return _ask(row, pauses, cal)
    key = row[4:]  # the clock's inputs
    found = memo.get(key)
    if found is None:
        found = memo[key] = _ask(row, [], cal)
    return found


def _ask(row: _ClockRow, pauses: list[Pause], cal: Calendar) -> Answer:
    due = clock.current_due(row, pauses, cal)
    return (due.due, due.kind.value, due.provisional) if due else (None, "", False)


def _audit(value: date | None, provisional: bool) -> dict[str, object]:
    """The ``before`` or ``after`` of a recount's event."""
    return {"due_on": recorded(value), "due_provisional": provisional}


def _events(changes: list[Change], actor: User, reason: str, at: datetime) -> list[Event]:
    """The batch's ``recompute`` events, not yet chained (the cases' rows are locked by the
    batch, so no other writer appends to their streams meanwhile)."""
    return [
        Event(
            application_id=c.row.pk,
            action=Action.RECOMPUTE,
            actor=actor,
            at=at,
            state_before=c.row.state,
            state_after=c.row.state,
            before=_audit(c.row.due_on, c.row.due_provisional),
            after=_audit(c.due_on, c.due_provisional),
            reason=reason,
        )
        for c in changes
    ]


def _store_portable(changes: list[Change], actor: User, reason: str, at: datetime) -> None:
    """A prepared statement run per row, and the events by one bulk insert."""
    table = connection.ops.quote_name(Application._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET due_on = %s, due_kind = %s, due_provisional = %s, "
            "version = version + 1 WHERE id = %s",
            [(c.due_on, c.due_kind, c.due_provisional, c.row.pk) for c in changes],
        )
    record_many(Event, _events(changes, actor, reason, at), stored=True)


def _store_unnest(changes: list[Change], actor: User, reason: str, at: datetime) -> None:
    """One statement: the batch's new dates and its chained events go as arrays in binary (the
    parameters do not grow with the batch); the rows are updated and the events inserted in id
    order.  The id range lets the planner find the rows by the primary key instead of scanning
    the table."""
    quote = connection.ops.quote_name
    applications, events = quote(Application._meta.db_table), quote(Event._meta.db_table)
    # The events as rows (no model instances for 10,000 of them), chained like record_many's.
    rows: list[dict[str, Any]] = [
        {
            "application_id": c.row.pk, "action": Action.RECOMPUTE.value, "actor_id": actor.pk,
            "at": at, "state_before": c.row.state, "state_after": c.row.state,
            "before": _audit(c.row.due_on, c.row.due_provisional),
            "after": _audit(c.due_on, c.due_provisional), "reason": reason,
        }
        for c in changes
    ]  # fmt: skip
    chain_rows(Event, rows)
    sql = f"""
        WITH updated AS (
            UPDATE {applications} AS a
            SET due_on = v.due_on, due_kind = v.due_kind, due_provisional = v.due_provisional,
                version = a.version + 1
            FROM unnest(
                    %(id)b::bigint[], %(due_on)b::date[], %(due_kind)b::varchar[],
                    %(due_provisional)b::boolean[]
                )
                AS v(id, due_on, due_kind, due_provisional)
            WHERE a.id = v.id AND a.id BETWEEN %(first)b AND %(last)b
        )
        INSERT INTO {events}
            (application_id, action, actor_id, at, state_before, state_after, before, after,
             reason, prev_hash, hash)
        SELECT e.id, %(action)b, %(actor)b, %(at)b, e.state, e.state, e.before::jsonb,
            e.after::jsonb, %(reason)b, e.prev_hash, e.hash
        FROM unnest(
                %(id)b::bigint[], %(state)b::varchar[], %(before)b::text[], %(after)b::text[],
                %(prev_hash)b::varchar[], %(hash)b::varchar[]
            ) WITH ORDINALITY AS e(id, state, before, after, prev_hash, hash, n)
        ORDER BY e.n
    """
    params = {
        "id": [c.row.pk for c in changes],
        "due_on": [c.due_on for c in changes],
        "due_kind": [c.due_kind for c in changes],
        "due_provisional": [c.due_provisional for c in changes],
        "first": changes[0].row.pk,
        "last": changes[-1].row.pk,
        "state": [c.row.state for c in changes],
        "before": [canonical(r["before"]) for r in rows],
        "after": [canonical(r["after"]) for r in rows],
        "prev_hash": [r["prev_hash"] for r in rows],
        "hash": [r["hash"] for r in rows],
        "action": Action.RECOMPUTE.value,
        "actor": actor.pk,
        "at": at,
        "reason": reason,
    }
    # Django's cursor binds parameters on the client, as text; this one sends them to the server
    # in binary, on the connection (and so in the transaction) Django holds.
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params)

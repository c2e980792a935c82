"""Entering the holiday notices, as named actions on a year's schedule (one runner,
``core.actions``): lock the year's rows, check that the actor may (the schedule is national: a
superuser or the administrator of a top-level unit), change, write one :class:`CalendarEvent`
with the dates that changed; after the commit every open due date is recounted
(:data:`signals.calendar_changed`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from gongkai import workdays
from gongkai.workdays import ScheduledDay, WorkdaysError, YearSchedule
from gongkai_platform.accounts.scoping import is_national_admin
from gongkai_platform.core.actions import Aggregate
from gongkai_platform.core.audit import AuditEvent, record
from gongkai_platform.core.errors import ActionRefused, ErrorCode
from gongkai_platform.holiday_calendar.models import CalendarAction, CalendarDay, CalendarEvent
from gongkai_platform.holiday_calendar.selectors import forget_calendar
from gongkai_platform.holiday_calendar.signals import calendar_changed


@dataclass
class Year:
    """A year's schedule as the clock counts it, its rows locked; ``days`` is what it becomes."""

    year: int
    days: list[ScheduledDay]
    actor: User | None = None
    reason: str = ""
    before: dict[str, Any] = field(default_factory=dict)


def may_enter_calendar(actor: User) -> bool:
    return is_national_admin(actor)


def _entries(days: Iterable[ScheduledDay]) -> dict[str, Any]:
    return {d.day.isoformat(): [d.off, d.name, d.notice] for d in days}


def _year_days(year: int) -> list[ScheduledDay]:
    """The year's days as the clock counts them: those entered on the platform (rows locked),
    else the packaged schedule; read afresh, not from the cache."""
    rows = CalendarDay.objects.select_for_update().filter(day__year=year)
    entered = [ScheduledDay(d.day, d.off, d.name, d.notice) for d in rows]
    if entered:
        return entered
    packaged = workdays.default_calendar().schedule(year)
    return list(packaged.days) if packaged else []


def _schedule(year: int, days: Iterable[ScheduledDay]) -> YearSchedule:
    try:
        return YearSchedule(year, tuple(sorted(days, key=lambda d: d.day)))
    except WorkdaysError as error:
        raise ActionRefused(ErrorCode.INVALID, str(error)) from None


class Calendars(Aggregate[Year]):
    """The runner's view of a year of the calendar (no version, no state machine)."""

    events = CalendarEvent
    noun = "节假日安排"

    def lock(self, pk: int) -> Year:
        return Year(pk, _year_days(pk))

    def check(self, actor: Any, obj: Year, action: str) -> None:
        if not may_enter_calendar(actor):
            raise ActionRefused(
                ErrorCode.NOT_PERMITTED, "只有系统管理员或最上级单位的管理员可以录入节假日安排"
            )

    def snapshot(self, obj: Year) -> dict[str, Any]:
        return _entries(obj.days)

    def finish(self, obj: Year) -> None:
        """Replace the year's rows, then (after the commit) recount every open due date."""
        schedule = _schedule(obj.year, obj.days)
        assert obj.actor is not None
        CalendarDay.objects.filter(day__year=obj.year).delete()
        CalendarDay.objects.bulk_create(
            CalendarDay(day=d.day, off=d.off, name=d.name, notice=d.notice, entered_by=obj.actor)
            for d in schedule.days
        )
        actor_id, reason = obj.actor.pk, obj.reason
        transaction.on_commit(forget_calendar)
        transaction.on_commit(lambda: calendar_changed.send(Year, actor_id=actor_id, reason=reason))

    def write(
        self,
        actor: Any,
        obj: Year,
        action: str,
        state_before: str,
        before: dict[str, Any],
        after: dict[str, Any],
        reason: str,
        extra: dict[str, Any] | None = None,
    ) -> AuditEvent:
        """The dates that changed, a removed one with ``None`` after."""
        keys = sorted(
            key for key in before.keys() | after.keys() if before.get(key) != after.get(key)
        )
        return record(
            CalendarEvent,
            actor=actor,
            action=action,
            before={key: before.get(key) for key in keys},
            after={key: after.get(key) for key in keys},
            reason=reason,
            year=obj.year,
        )


CALENDARS = Calendars()


def _change(actor: User, year: int, action: CalendarAction, reason: str, days: Any) -> YearSchedule:
    """Run ``action`` on ``year``: ``days`` turns the year's current days into the new ones."""
    result: list[YearSchedule] = []

    def mutate(obj: Year) -> None:
        obj.days = list(days(obj.days))
        obj.actor, obj.reason = actor, reason
        result.append(_schedule(year, obj.days))

    CALENDARS.run(actor=actor, pk=year, action=action, mutate=mutate, reason=reason)
    return result[0]


def calendar_enter_year(*, actor: User, schedule: YearSchedule) -> int:
    """Enter the year's holiday notice (国务院办公厅关于…年部分节假日安排的通知), replacing what the
    platform had for that year, then recount every open due date (in the task worker).
    Returns the number of days entered."""
    notices = "、".join(sorted({d.notice for d in schedule.days}))
    reason = f"录入{schedule.year}年节假日安排（{notices}）"
    _change(actor, schedule.year, CalendarAction.ENTER_YEAR, reason, lambda _: schedule.days)
    return len(schedule.days)


def calendar_save_day(*, actor: User, day: date, off: bool, name: str, notice: str) -> YearSchedule:
    """Add or correct one date of a year's schedule (a day off, or a weekend made a working day);
    a year not yet entered starts from the packaged schedule.  Open due dates are recounted."""
    entry = ScheduledDay(day, off, name.strip(), notice.strip())
    kind = "放假" if off else "调休上班"
    reason = f"修改{day.year}年节假日安排：{day} {kind}（{entry.name}，{entry.notice}）"
    return _change(
        actor,
        day.year,
        CalendarAction.SAVE_DAY,
        reason,
        lambda days: [*(d for d in days if d.day != day), entry],
    )


def calendar_delete_day(*, actor: User, day: date) -> YearSchedule:
    """Remove one date from a year's schedule; open due dates are recounted."""

    def without(days: list[ScheduledDay]) -> list[ScheduledDay]:
        if all(d.day != day for d in days):
            raise ActionRefused(ErrorCode.INVALID, f"{day.year}年节假日安排中没有 {day}")
        kept = [d for d in days if d.day != day]
        if not kept and workdays.default_calendar().schedule(day.year):
            # An empty year in the table means "use the packaged schedule", not "no holidays".
            raise ActionRefused(
                ErrorCode.INVALID, f"不能删除{day.year}年的最后一天：删除后将恢复使用内置的该年安排"
            )
        return kept

    reason = f"删除{day.year}年节假日安排中的 {day}"
    return _change(actor, day.year, CalendarAction.DELETE_DAY, reason, without)

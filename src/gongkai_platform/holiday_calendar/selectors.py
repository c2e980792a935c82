"""The calendar the platform counts with (read by every app's clock)."""

from __future__ import annotations

import time

from django.conf import settings
from django.db.models import Count, Max

from gongkai import workdays
from gongkai.workdays import Calendar, ScheduledDay
from gongkai_platform.holiday_calendar.models import CalendarDay

# The calendar is rebuilt when its table changed.  The check is one aggregate query, made at most
# every ``settings.GONGKAI_CALENDAR_RECHECK_SECONDS`` per process: a notice is entered once a
# year, and the recount after it runs in the worker, which sees the change at once (see
# ``forget_calendar``).
_cached: tuple[tuple[object, ...], Calendar] | None = None
_checked_at: float | None = None


def forget_calendar() -> None:
    """Make the next :func:`calendar` call re-read the table (after entering a notice)."""
    global _checked_at
    _checked_at = None


def calendar() -> Calendar:
    """The packaged schedules, with every year entered on the platform (:class:`CalendarDay`)
    replacing the packaged one."""
    global _cached, _checked_at
    now = time.monotonic()
    recheck = settings.GONGKAI_CALENDAR_RECHECK_SECONDS
    if _cached is not None and _checked_at is not None and now - _checked_at < recheck:
        return _cached[1]
    _checked_at = now
    stamp = CalendarDay.objects.aggregate(n=Count("id"), last=Max("entered_at"), top=Max("id"))
    key = (stamp["n"], stamp["last"], stamp["top"])
    if _cached is None or _cached[0] != key:
        entered = Calendar.from_days(
            ScheduledDay(d.day, d.off, d.name, d.notice) for d in CalendarDay.objects.all()
        )
        merged = workdays.default_calendar()
        for year in entered.years:
            schedule = entered.schedule(year)
            assert schedule is not None
            merged = merged.with_year(schedule)
        _cached = (key, merged)
    return _cached[1]

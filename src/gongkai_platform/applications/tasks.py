"""Background work, run by ``manage.py db_worker`` (django-tasks, database-backed queue).

- :func:`send_due_reminders`: daily, each handler gets the list of their cases that are overdue
  or due within ``selectors.DUE_SOON_WORKING_DAYS`` working days (enqueue it from cron or a
  systemd timer with ``manage.py send_reminders``).
- :func:`recompute_due_dates`: after a holiday notice is entered, every open due date is recounted
  (:mod:`~gongkai_platform.applications.recount`).
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.models import User
from django.utils import timezone
from django_tasks import task

from gongkai_platform.applications import recount, selectors
from gongkai_platform.applications.models import Application
from gongkai_platform.applications.notify import notifiers
from gongkai_platform.applications.states import OPEN_STATES


def reminder_text(cases: list[Application], today_flags: dict[int, str]) -> tuple[str, str]:
    overdue = sum(today_flags[a.pk] == "overdue" for a in cases)
    soon = len(cases) - overdue
    subject = f"政府信息公开申请期限提醒：已逾期 {overdue} 件，即将到期 {soon} 件"
    # Numbers, units and dates only: no applicant's personal data leaves the platform.
    lines = [
        f"{'【已逾期】' if today_flags[a.pk] == 'overdue' else '【即将到期】'}"
        f"{a.unit.name} {a.number}：{a.get_due_kind_display()} {a.due_on}"
        for a in cases
    ]
    return subject, "\n".join([*lines, "", "请登录政府信息公开工作平台办理。"])


@task()
def send_due_reminders() -> int:
    """Send each handler their overdue and due-soon cases; returns how many people were reached."""
    today = timezone.localdate()
    soon = selectors.soon_limit(today)
    due = (
        Application.objects.filter(state__in=OPEN_STATES, handler__isnull=False, due_on__lte=soon)
        .select_related("unit", "handler")
        .order_by("handler_id", "due_on")
    )
    by_handler: dict[int, list[Application]] = defaultdict(list)
    flags: dict[int, str] = {}
    for app in due:
        assert app.handler_id is not None
        by_handler[app.handler_id].append(app)
        flags[app.pk] = selectors.flag(app, today, soon)
    reached = 0
    channels = notifiers()
    for cases in by_handler.values():
        handler = cases[0].handler
        assert handler is not None
        subject, text = reminder_text(cases, flags)
        if any([channel.notify(handler, subject, text) for channel in channels]):
            reached += 1
    return reached


@task()
def recompute_due_dates(actor_id: int, reason: str) -> int:
    return recount.recount_due_dates(actor=User.objects.get(pk=actor_id), reason=reason)

"""Background work, run by ``manage.py db_worker`` (django-tasks, database-backed queue).

- :func:`send_due_reminders`: daily, each handler gets the list of their cases that are overdue
  or due within ``selectors.DUE_SOON_WORKING_DAYS`` working days, and each 审核人 the replies
  waiting for their approval (条例 §36; enqueue it from cron or a systemd timer with
  ``manage.py send_reminders``).
- :func:`recompute_due_dates`: after a holiday notice is entered, every open due date is recounted
  (:mod:`~gongkai_platform.applications.recount`).
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.models import User
from django.utils import timezone
from django_tasks import task

from gongkai_platform.accounts.models import Membership, Role
from gongkai_platform.applications import recount, selectors
from gongkai_platform.applications.models import Application
from gongkai_platform.applications.notify import Recipient, notifiers
from gongkai_platform.applications.states import OPEN_STATES, State


def reminder_text(
    cases: list[Application], today_flags: dict[int, str], awaiting: list[Application]
) -> tuple[str, str]:
    """One person's daily message: the cases they handle that are overdue or due soon, and the
    replies waiting for their approval as 审核人 (the clock keeps running while they wait)."""
    overdue = sum(today_flags[a.pk] == "overdue" for a in cases)
    soon = len(cases) - overdue
    counts = [f"已逾期 {overdue} 件，即将到期 {soon} 件"] if cases else []
    counts += [f"待审核答复 {len(awaiting)} 件"] if awaiting else []
    subject = f"政府信息公开申请期限提醒：{'；'.join(counts)}"
    # Numbers, units and dates only: no applicant's personal data leaves the platform.
    tagged = [("已逾期" if today_flags[a.pk] == "overdue" else "即将到期", a) for a in cases]
    tagged += [("待审核", a) for a in awaiting]
    lines = [
        f"【{tag}】{a.unit.name} {a.number}：{a.get_due_kind_display()} {a.due_on}"
        for tag, a in tagged
    ]
    return subject, "\n".join([*lines, "", "请登录政府信息公开工作平台办理。"])


@task()
def send_due_reminders() -> int:
    """Send each handler their overdue and due-soon cases, and each 审核人 the replies waiting for
    their approval, one message a person; returns how many people were reached."""
    today = timezone.localdate()
    soon = selectors.soon_limit(today)
    due = (
        Application.objects.filter(state__in=OPEN_STATES, handler__isnull=False, due_on__lte=soon)
        .select_related("unit", "handler")
        .order_by("handler_id", "due_on")
    )
    people: dict[int, User] = {}
    by_handler: dict[int, list[Application]] = defaultdict(list)
    flags: dict[int, str] = {}
    for app in due:
        assert app.handler is not None
        people[app.handler.pk] = app.handler
        by_handler[app.handler.pk].append(app)
        flags[app.pk] = selectors.flag(app, today, soon)
    awaiting: dict[int, list[Application]] = defaultdict(list)  # by unit
    for app in (
        Application.objects.filter(state=State.AWAITING_APPROVAL)
        .select_related("unit")
        .order_by("due_on")
    ):
        awaiting[app.unit_id].append(app)
    by_approver: dict[int, list[Application]] = defaultdict(list)
    approvers = Membership.objects.filter(role=Role.APPROVER, unit_id__in=list(awaiting))
    for membership in approvers.select_related("user"):
        people[membership.user.pk] = membership.user
        by_approver[membership.user.pk] += awaiting[membership.unit_id]
    reached = 0
    channels = notifiers()
    for pk, person in people.items():
        subject, text = reminder_text(by_handler[pk], flags, by_approver[pk])
        if any([channel.notify(Recipient.of_user(person), subject, text) for channel in channels]):
            reached += 1
    return reached


@task()
def recompute_due_dates(actor_id: int, reason: str) -> int:
    return recount.recount_due_dates(actor=User.objects.get(pk=actor_id), reason=reason)

"""Background work: the daily reminder and the recount after a holiday notice is entered."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from platform_world import World

from gongkai import workdays
from gongkai.workdays import ScheduledDay, YearSchedule
from gongkai_platform.accounts.models import Membership, Role
from gongkai_platform.applications import clock, services
from gongkai_platform.applications.models import Application, Event
from gongkai_platform.applications.notify import Recipient
from gongkai_platform.applications.tasks import send_due_reminders
from gongkai_platform.core.errors import ActionRefused, ErrorCode
from gongkai_platform.holiday_calendar import services as calendar

D = date.fromisoformat


def explain(app: Application) -> str:
    """The case page's explanation of the current due date, recomputed from the record."""
    due = clock.current_due(app, list(app.pauses.all()))
    assert due is not None
    return due.explanation


SENT: list[tuple[str, str]] = []


class RecordingNotifier:
    """A stand-in SMS gateway: the pluggable interface in use."""

    def notify(self, recipient: Recipient, subject: str, text: str) -> bool:
        SENT.append((recipient.name, subject))
        return True


def test_daily_reminder_mails_each_handler_their_overdue_cases(world: World) -> None:
    world.handler.email = "handler@example.org"
    world.handler.save()
    app = world.register()  # due 2025-03-31: long overdue
    closed = world.register()
    world.close(closed, "granted")
    assert send_due_reminders.enqueue().return_value == 1
    (message,) = mail.outbox
    assert message.to == ["handler@example.org"]
    assert (
        "已逾期 1 件" in message.subject and f"【已逾期】甲镇人民政府 {app.number}" in message.body
    )
    assert "张三" not in message.body and "110101" not in message.body  # no personal data


def test_daily_reminder_tells_the_approver_of_replies_waiting_article_36(world: World) -> None:
    """条例第三十六条: the reply is issued on the 审核人's approval, and the clock runs meanwhile."""
    world.approver.email = "approver@example.org"
    world.approver.save()
    app = world.register()
    services.application_submit_reply(
        actor=world.handler, application=app, outcome="granted", ground="36_2"
    )
    other = world.register(
        unit=world.town_b, actor=world.other_handler, handler=world.other_handler
    )
    services.application_submit_reply(
        actor=world.other_handler, application=other, outcome="granted", ground="36_2"
    )
    # Of the three people with something to do, only the 审核人 has an e-mail address here.
    assert send_due_reminders.enqueue().return_value == 1
    (message,) = mail.outbox
    assert message.to == ["approver@example.org"]
    assert message.subject.endswith("待审核答复 1 件")
    assert f"【待审核】甲镇人民政府 {app.number}" in message.body
    assert "乙镇" not in message.body  # another unit's case is not the approver's
    assert "张三" not in message.body


def test_reminder_channels_are_pluggable(world: World, settings: Any) -> None:
    settings.GONGKAI_NOTIFIERS = ["test_tasks.RecordingNotifier"]
    SENT.clear()
    world.register()
    assert send_due_reminders.enqueue().return_value == 1
    assert SENT == [("handler", "政府信息公开申请期限提醒：已逾期 1 件，即将到期 0 件")]
    assert not mail.outbox


def corrected_2025(extra_day_off: date) -> YearSchedule:
    packaged = workdays.default_calendar().schedule(2025)
    assert packaged is not None
    day = ScheduledDay(extra_day_off, True, "测试", "测试通知〔2025〕1号")
    return YearSchedule(2025, tuple(sorted((*packaged.days, day), key=lambda d: d.day)))


def test_entering_a_holiday_notice_recomputes_open_due_dates(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    Membership.objects.create(user=world.admin, unit=world.county, role=Role.ADMIN)
    open_app = world.register()
    closed = world.register()
    world.close(closed, "granted")
    assert open_app.due_on == D("2025-03-31")
    with django_capture_on_commit_callbacks(execute=True):
        calendar.calendar_enter_year(actor=world.admin, schedule=corrected_2025(D("2025-03-10")))
    open_app.refresh_from_db()
    assert open_app.due_on == D("2025-04-01")
    assert "测试 放假（测试通知〔2025〕1号）" in explain(open_app)
    event = Event.objects.get(application=open_app, action="recompute")
    assert event.before["due_on"] == "2025-03-31" and event.after["due_on"] == "2025-04-01"
    assert event.actor == world.admin and "测试通知〔2025〕1号" in event.reason
    assert not Event.objects.filter(application=closed, action="recompute").exists()
    # New actions count with the entered calendar too.
    later = world.register(arrived_on=D("2025-03-04"))
    assert later.due_on == D("2025-04-02")


def test_only_a_top_level_administrator_enters_the_calendar(world: World) -> None:
    with pytest.raises(ActionRefused, check=lambda e: e.code is ErrorCode.NOT_PERMITTED):
        calendar.calendar_enter_year(actor=world.admin, schedule=corrected_2025(D("2025-03-10")))


def test_load_calendar_command_reports_bad_files_in_chinese(world: World, tmp_path: Path) -> None:
    bad = tmp_path / "2025.json"
    bad.write_text(
        '{"year": 2025, "days_off": [{"date": "2025-13-01", "name": "x", "notice": "y"}]}'
    )
    with pytest.raises(CommandError, match="不是有效日期"):
        call_command("load_calendar", str(bad), "--user", "admin")

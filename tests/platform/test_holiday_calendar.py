"""The holiday calendar (节假日安排) in its own app: entered by a national administrator, one
event per change on its own hash-chained trail (one stream per year), and every open due date
recounted after the change (条例第三十三条 counts working days)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from platform_world import World

from gongkai import workdays
from gongkai_platform.accounts.models import AdminEvent, Membership, Role
from gongkai_platform.applications.models import Event
from gongkai_platform.core.errors import ActionRefused, ErrorCode
from gongkai_platform.holiday_calendar import services as calendar
from gongkai_platform.holiday_calendar.models import CalendarDay, CalendarEvent

D = date.fromisoformat


def refused(code: ErrorCode) -> pytest.RaisesExc[ActionRefused]:
    return pytest.raises(ActionRefused, check=lambda e: e.code is code)


def login(client: Client, username: str) -> Client:
    assert client.login(username=username, password="pw-" + username)
    return client


@pytest.fixture
def top_admin(world: World) -> User:
    """The calendar is national: the administrator of the top-level unit enters it."""
    Membership.objects.create(user=world.admin, unit=world.county, role=Role.ADMIN)
    return world.admin


def _recounted(
    capture: Any, change: Callable[[], object]
) -> None:  # the recount runs on commit, in the (immediate) task backend
    with capture(execute=True):
        change()


def test_saving_a_day_recounts_open_due_dates_条例第三十三条(
    world: World, top_admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    app = world.register()  # received 2025-03-03, due 2025-03-31
    packaged = workdays.default_calendar().schedule(2025)
    assert packaged is not None
    _recounted(
        django_capture_on_commit_callbacks,
        lambda: calendar.calendar_save_day(
            actor=top_admin,
            day=D("2025-03-10"),
            off=True,
            name="测试",
            notice="测试通知〔2025〕2号",
        ),
    )
    # The year starts from the packaged schedule, with the new day.
    assert CalendarDay.objects.filter(day__year=2025).count() == len(packaged.days) + 1
    app.refresh_from_db()
    assert app.due_on == D("2025-04-01")
    recount = Event.objects.get(application=app, action="recompute")
    assert "2025-03-10 放假" in recount.reason
    event = CalendarEvent.objects.get()
    assert event.action == "calendar_save_day" and event.after == {
        "2025-03-10": [True, "测试", "测试通知〔2025〕2号"]
    }
    assert event.before == {"2025-03-10": None}
    _recounted(
        django_capture_on_commit_callbacks,
        lambda: calendar.calendar_delete_day(actor=top_admin, day=D("2025-03-10")),
    )
    app.refresh_from_db()
    assert app.due_on == D("2025-03-31")
    assert CalendarEvent.objects.last().action == "calendar_delete_day"  # type: ignore[union-attr]
    assert not AdminEvent.objects.exists()  # the calendar's trail is its own


def test_a_makeup_working_day_must_be_a_weekend(world: World, top_admin: User) -> None:
    with refused(ErrorCode.INVALID) as error:
        calendar.calendar_save_day(
            actor=top_admin, day=D("2025-03-12"), off=False, name="测试", notice="x"
        )
    assert "调休上班日必须是周六或周日" in error.value.message
    with refused(ErrorCode.INVALID):
        calendar.calendar_delete_day(actor=top_admin, day=D("2025-03-12"))
    assert not CalendarDay.objects.exists()


def test_only_a_top_level_administrator_edits_a_day(client: Client, world: World) -> None:
    with refused(ErrorCode.NOT_PERMITTED):
        calendar.calendar_save_day(
            actor=world.admin, day=D("2025-03-10"), off=True, name="测试", notice="x"
        )
    login(client, "admin")
    page = client.get(reverse("holiday_calendar:calendar"), {"year": 2025}).content.decode()
    assert "内置的2025年安排" in page and "新增或修改一天" not in page
    response = client.post(
        reverse("holiday_calendar:calendar") + "?year=2025",
        {"day-day": "2025-03-10", "day-off": "1", "day-name": "测试", "day-notice": "x"},
    )
    assert response.status_code == 403 and not CalendarDay.objects.exists()


def test_calendar_page_saves_and_deletes_a_day(
    client: Client, world: World, top_admin: User
) -> None:
    login(client, "admin")
    url = reverse("holiday_calendar:calendar") + "?year=2025"
    response = client.post(
        url,
        {"day-day": "2025-03-12", "day-off": "0", "day-name": "测试", "day-notice": "x"},
    )
    assert "调休上班日必须是周六或周日" in response.content.decode()
    response = client.post(
        url,
        {"day-day": "2025-03-10", "day-off": "1", "day-name": "测试", "day-notice": "通知1"},
        follow=True,
    )
    page = response.content.decode()
    assert "已保存 2025-03-10" in page and "平台录入的2025年安排" in page and "通知1" in page
    editing = client.get(url + "&day=2025-03-10").content.decode()  # "修改" fills the form
    assert 'value="通知1"' in editing and 'value="2025-03-10"' in editing
    client.post(
        url,
        {"day-day": "2025-03-10", "day-off": "1", "day-name": "测试", "day-notice": "通知2"},
    )
    assert CalendarDay.objects.get(day=D("2025-03-10")).notice == "通知2"
    response = client.post(url, {"delete": "2025-03-10"}, follow=True)
    assert "已删除 2025-03-10" in response.content.decode()
    assert not CalendarDay.objects.filter(day=D("2025-03-10")).exists()

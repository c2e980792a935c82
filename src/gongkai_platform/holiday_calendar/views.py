"""The holiday calendar page: a year's dates (entered, or the packaged ones they start from),
editing for whoever may enter the calendar, and the trail of changes.  Thin: one service call per
change; a refusal is shown on the form."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai import workdays
from gongkai_platform.core.errors import ActionRefused
from gongkai_platform.core.requests import query_number, user_of
from gongkai_platform.holiday_calendar import services
from gongkai_platform.holiday_calendar.forms import CalendarDayForm
from gongkai_platform.holiday_calendar.models import CalendarDay, CalendarEvent

EVENT_LIMIT = 30


def _year(request: HttpRequest) -> int:
    return query_number(request, "year", 2000, 2100) or timezone.localdate().year


def _editing(request: HttpRequest) -> dict[str, object]:
    """The "修改" link of a row opens the form filled with that day."""
    try:
        day = date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return {}
    entry = CalendarDay.objects.filter(day=day).first()
    if entry is None:
        return {}
    return {
        "day": entry.day,
        "off": "1" if entry.off else "0",
        "name": entry.name,
        "notice": entry.notice,
    }


def _delete_day(request: HttpRequest) -> None:
    try:
        day = date.fromisoformat(request.POST["delete"])
    except ValueError:
        messages.error(request, _("日期格式不正确"))
        return
    try:
        services.calendar_delete_day(actor=user_of(request), day=day)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("已删除 %(day)s，期限重新计算已加入队列") % {"day": day})


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """The holiday calendar per year: the days entered on the platform (or, for a year not
    entered, the packaged schedule they start from); editing is for whoever may enter it."""
    year = _year(request)
    may_edit = services.may_enter_calendar(user_of(request))
    form = CalendarDayForm(request.POST or None, initial=_editing(request), prefix="day")
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(_("只有全国层级的单位管理员可以编辑节假日安排"))
        if "delete" in request.POST:
            _delete_day(request)
            return redirect(f"{request.path}?year={year}")
        try:
            saved = form.is_valid() and form.perform(user_of(request))
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            if saved:
                day = form.cleaned_data["day"]
                messages.success(
                    request, _("已保存 %(day)s，期限重新计算已加入队列") % {"day": day}
                )
                return redirect(f"{request.path}?year={day.year}")
    entered = list(CalendarDay.objects.filter(day__year=year).select_related("entered_by"))
    packaged = workdays.default_calendar().schedule(year)
    return render(
        request,
        "holiday_calendar/calendar.html",
        {
            "year": year,
            "years": (year - 1, year + 1),
            "entered": entered,
            "packaged": [] if entered or packaged is None else packaged.days,
            "form": form,
            "may_edit": may_edit,
            "events": CalendarEvent.objects.select_related("actor").order_by("-at", "-id")[
                :EVENT_LIMIT
            ],
        },
    )

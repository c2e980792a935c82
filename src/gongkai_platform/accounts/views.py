"""Management pages of a 单位管理员 (and a superuser): their units, people and roles, and the
holiday calendar.  Thin: reads are scoped by ``accounts.scoping.managed_units`` (a unit outside
it is a 404), every change is one service call; a refusal is shown on the form."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai import workdays
from gongkai_platform.accounts import services
from gongkai_platform.accounts.forms import (
    CalendarDayForm,
    RoleGrantForm,
    UnitCreateForm,
    UnitForm,
    UserCreateForm,
)
from gongkai_platform.accounts.models import AdminAction, AdminEvent, Membership, Unit
from gongkai_platform.accounts.scoping import managed_units
from gongkai_platform.applications import services as applications
from gongkai_platform.applications.models import CalendarDay
from gongkai_platform.core.errors import ActionRefused
from gongkai_platform.core.requests import user_of

CALENDAR_ACTIONS = (
    AdminAction.CALENDAR_ENTER_YEAR,
    AdminAction.CALENDAR_SAVE_DAY,
    AdminAction.CALENDAR_DELETE_DAY,
)
EVENT_LIMIT = 30


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _managed(request: HttpRequest, pk: int) -> Unit:
    try:
        return managed_units(request.user).get(pk=pk)
    except Unit.DoesNotExist:
        raise Http404(_("没有找到该单位，或您不是该单位的管理员")) from None


def _attempt(request: HttpRequest, form: forms.Form, *args: Any) -> bool:
    """Validate ``form`` and perform its action; a refusal becomes the form's error."""
    if not form.is_valid():
        return False
    try:
        form.perform(user_of(request), *args)  # type: ignore[attr-defined]
    except ActionRefused as refusal:
        form.add_error(None, refusal.message)
        return False
    return True


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The units the user manages; a superuser also adds units to the tree here."""
    actor = user_of(request)
    form = UnitCreateForm(request.POST or None, prefix="new") if actor.is_superuser else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if _attempt(request, form):
            messages.success(request, _("已新建单位，请在单位页面为其建立单位管理员"))
            return redirect("accounts:index")
    return render(
        request,
        "accounts/index.html",
        {
            "units": managed_units(actor),
            "form": form,
            "may_enter_calendar": applications.may_enter_calendar(actor),
        },
    )


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _managed(request, pk)
    initial = {name: getattr(unit, name) for name in services.UNIT_FIELDS}
    chosen = request.POST.get("form", "") if request.method == "POST" else ""
    data = request.POST or None
    unit_form = UnitForm(data if chosen == "unit" else None, initial=initial, prefix="unit")
    user_form = UserCreateForm(data if chosen == "user" else None, prefix="user")
    grant_form = RoleGrantForm(data if chosen == "grant" else None, unit=unit, prefix="grant")
    done = {
        "unit": (unit_form, _("已修改单位信息")),
        "user": (user_form, _("已新建用户")),
        "grant": (grant_form, _("已授予角色")),
    }
    if chosen in done:
        form, message = done[chosen]
        if _attempt(request, form, unit):
            messages.success(request, message)
            return redirect("accounts:unit", pk=unit.pk)
    return render(
        request,
        "accounts/unit.html",
        {
            "unit": unit,
            "subtree": unit.subtree().select_related("parent"),
            "memberships": Membership.objects.filter(unit=unit)
            .select_related("user")
            .order_by("user__username", "role"),
            "unit_form": unit_form,
            "user_form": user_form,
            "grant_form": grant_form,
            "events": AdminEvent.objects.filter(unit=unit)
            .select_related("actor", "subject")
            .order_by("-at", "-id")[:EVENT_LIMIT],
        },
    )


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        membership = Membership.objects.select_related("unit").get(
            pk=pk, unit__in=managed_units(request.user)
        )
    except Membership.DoesNotExist:
        raise Http404 from None
    try:
        services.role_revoke(
            actor=user_of(request), membership=membership, reason=request.POST.get("reason", "")
        )
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("已撤销角色"))
    return redirect("accounts:unit", pk=membership.unit_id)


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


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
        applications.calendar_delete_day(actor=user_of(request), day=day)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("已删除 %(day)s，期限重新计算已加入队列") % {"day": day})


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """The holiday calendar per year: the days entered on the platform (or, for a year not
    entered, the packaged schedule they start from); editing is for whoever may enter it."""
    year = _year(request)
    may_edit = applications.may_enter_calendar(user_of(request))
    form = CalendarDayForm(request.POST or None, initial=_editing(request), prefix="day")
    if request.method == "POST":
        if not may_edit:
            raise Http404
        if "delete" in request.POST:
            _delete_day(request)
            return redirect(f"{request.path}?year={year}")
        if _attempt(request, form):
            saved = form.cleaned_data["day"]
            messages.success(request, _("已保存 %(day)s，期限重新计算已加入队列") % {"day": saved})
            return redirect(f"{request.path}?year={saved.year}")
    entered = list(CalendarDay.objects.filter(day__year=year).select_related("entered_by"))
    packaged = workdays.default_calendar().schedule(year)
    return render(
        request,
        "accounts/calendar.html",
        {
            "year": year,
            "years": (year - 1, year + 1),
            "entered": entered,
            "packaged": [] if entered or packaged is None else packaged.days,
            "form": form,
            "may_edit": may_edit,
            "events": AdminEvent.objects.filter(action__in=CALENDAR_ACTIONS)
            .select_related("actor")
            .order_by("-at", "-id")[:EVENT_LIMIT],
        },
    )

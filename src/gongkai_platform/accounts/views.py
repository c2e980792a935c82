"""Management pages of a 单位管理员 (and a superuser): their units, people and roles (the holiday
calendar has its own app, ``holiday_calendar``).  Thin: reads are scoped by ``accounts.scoping.managed_units`` (a unit outside
it is a 404), every change is one service call; a refusal is shown on the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai_platform.accounts import credentials, services
from gongkai_platform.accounts.forms import (
    RoleGrantForm,
    UnitCreateForm,
    UnitForm,
    UserCreateForm,
)
from gongkai_platform.accounts.models import AdminEvent, Membership, Unit
from gongkai_platform.accounts.scoping import is_national_admin, managed_units
from gongkai_platform.core.errors import ActionRefused
from gongkai_platform.core.requests import user_of

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
            raise PermissionDenied(_("只有系统管理员可以新建单位"))
        if _attempt(request, form):
            messages.success(request, _("已新建单位，请在单位页面为其建立单位管理员"))
            return redirect("accounts:index")
    return render(
        request,
        "accounts/index.html",
        {
            "units": managed_units(actor),
            "form": form,
            "may_enter_calendar": is_national_admin(actor),
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
            "people": User.objects.filter(memberships__unit=unit)
            .distinct()
            .select_related("credential")
            .order_by("username"),
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


@login_required
@require_POST
def member(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    """Reset the password of a person of the unit (the temporary password is shown on this
    response only, never stored in a message), or deactivate or reactivate their account."""
    unit = _managed(request, pk)
    try:
        person = User.objects.filter(memberships__unit=unit).distinct().get(pk=user_pk)
    except User.DoesNotExist:
        raise Http404 from None
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "")
    try:
        if action == "reset":
            password = credentials.password_reset(
                actor=user_of(request), unit=unit, user=person, reason=reason
            )
            response = render(
                request,
                "accounts/password_reset.html",
                {"unit": unit, "person": person, "password": password},
            )
            response["Cache-Control"] = "no-store"
            return response
        if action not in ("deactivate", "reactivate"):
            raise Http404
        credentials.user_set_active(
            actor=user_of(request),
            unit=unit,
            user=person,
            active=action == "reactivate",
            reason=reason,
        )
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("已启用账户") if action == "reactivate" else _("已停用账户"))
    return redirect("accounts:unit", pk=unit.pk)

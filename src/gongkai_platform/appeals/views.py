"""The appeals page: every 复议 and 诉讼 case of the units where the user handles them (those about
an application link to it), and recording a case about another act with its result (条例 §51)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gongkai_platform.accounts.scoping import acting_units
from gongkai_platform.appeals.forms import UnitAppealForm, UnitDecideForm
from gongkai_platform.appeals.models import Appeal, AppealAction
from gongkai_platform.appeals.services import ROLES
from gongkai_platform.core.errors import ActionRefused
from gongkai_platform.core.requests import user_of


@login_required
def appeal_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    units = acting_units(user, ROLES[AppealAction.RECORD])
    if not units.exists():
        raise PermissionDenied(_("您没有登记复议诉讼案件的权限：须具有承办人或审核人角色"))
    cases = Appeal.objects.filter(unit__in=units).select_related("unit", "application")
    open_cases = cases.filter(application__isnull=True, decided_on__isnull=True)
    record = UnitAppealForm(
        request.POST if "record" in request.POST else None, units=units, prefix="record"
    )
    decide = UnitDecideForm(
        request.POST if "decide" in request.POST else None, open_cases=open_cases, prefix="decide"
    )
    if request.method == "POST":
        form = record if "record" in request.POST else decide
        if form.is_valid():
            try:
                form.perform(user)
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("已保存"))
                return redirect("appeals:list")
    return render(
        request,
        "appeals/list.html",
        {
            "cases": cases.order_by("-filed_on", "-id"),
            "record": record,
            "decide": decide if open_cases.exists() else None,
        },
    )

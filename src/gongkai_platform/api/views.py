"""The JSON API: ``Authorization: Token <token>``; every read goes through the same selectors as
the pages, so a token sees what its user may see and nothing else.  Personal data is masked in
lists, as on the pages.  The one write, intake of an application (``POST /api/applications/``),
is the staff intake form's validation and the same named action (``register``), in the units where
the token's user may register applications."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from gongkai_platform.accounts.scoping import acting_units
from gongkai_platform.api.models import ApiToken, digest
from gongkai_platform.api.openapi import openapi_document
from gongkai_platform.applications import selectors
from gongkai_platform.applications.forms import IntakeForm
from gongkai_platform.applications.masking import mask_id, mask_phone
from gongkai_platform.applications.models import Application
from gongkai_platform.applications.states import TRANSITIONS, Action
from gongkai_platform.core.errors import ActionRefused, ErrorCode
from gongkai_platform.core.requests import user_of
from gongkai_platform.reports import selectors as report_selectors
from gongkai_platform.reports.models import AnnualReport

PAGE_SIZE = 100

View = Callable[..., JsonResponse]


def error(
    status: int, code: str, message: str, fields: dict[str, list[str]] | None = None
) -> JsonResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return JsonResponse({"error": body}, status=status, json_dumps_params={"ensure_ascii": False})


def token_required(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme != "Token" or not token:
            return error(401, "unauthenticated", "需要令牌：Authorization: Token <令牌>")
        found = ApiToken.objects.select_related("user").filter(key_digest=digest(token)).first()
        if found is None or not found.user.is_active:
            return error(401, "unauthenticated", "令牌无效")
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return view(request, *args, **kwargs)

    return wrapped


def application_summary(app: Application) -> dict[str, Any]:
    return {
        "id": app.pk,
        "unit": app.unit.name,
        "number": app.number,
        "channel": app.channel,
        "received_on": app.received_on.isoformat(),
        "applicant_type": app.applicant_type,
        "applicant_name": app.applicant_name,
        "id_number": mask_id(app.id_number),
        "phone": mask_phone(app.phone),
        "state": app.state,
        "outcome": app.outcome or None,
        "closed_on": app.closed_on.isoformat() if app.closed_on else None,
        "due_on": app.due_on.isoformat() if app.due_on else None,
        "due_kind": app.due_kind or None,
        "due_provisional": app.due_provisional,
    }


# A token is not a cookie: a cross-site page cannot send it, so the write needs no CSRF token.
@csrf_exempt
@require_http_methods(["GET", "POST"])
@token_required
def applications(request: HttpRequest) -> JsonResponse:
    if request.method == "POST":
        return _register(request)
    try:
        page = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        return error(400, "invalid", "page 应为正整数")
    query = selectors.application_list(user_of(request)).order_by("-received_on", "-serial")
    state = request.GET.get("state")
    if state:
        query = query.filter(state=state)
    rows = list(query[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    return JsonResponse(
        {
            "results": [application_summary(a) for a in rows[:PAGE_SIZE]],
            "page": page,
            "next": page + 1 if len(rows) > PAGE_SIZE else None,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _register(request: HttpRequest) -> JsonResponse:
    """Intake through the API: the JSON fields of the staff intake form (no file upload)."""
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return error(400, "invalid", "请求体应为 JSON 对象")
    if not isinstance(data, dict):
        return error(400, "invalid", "请求体应为 JSON 对象")
    units = acting_units(user_of(request), TRANSITIONS[Action.REGISTER].roles)
    if not units.exists():
        return error(403, ErrorCode.NOT_PERMITTED, "该令牌的用户没有登记申请的权限")
    if "unit" not in data and units.count() == 1:
        data["unit"] = units.get().pk  # the user registers for one unit only
    data.setdefault("letter_signed", True)
    form = IntakeForm(data, units=units)
    if not form.is_valid():
        fields = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
        text = "；".join(
            f"{form.fields[name].label if name in form.fields else ''}{'、'.join(messages)}"
            for name, messages in fields.items()
        )
        return error(400, ErrorCode.INVALID, text, fields)
    try:
        app = form.register(user_of(request))
    except ActionRefused as refusal:
        status = 403 if refusal.code is ErrorCode.NOT_PERMITTED else 400
        return error(status, refusal.code, refusal.message)
    body = application_summary(app)
    body["query_code"] = app.query_code
    response = JsonResponse(body, status=201, json_dumps_params={"ensure_ascii": False})
    response["Location"] = reverse("api_application", args=[app.pk])
    return response


@require_GET
@token_required
def application(request: HttpRequest, pk: int) -> JsonResponse:
    try:
        app = selectors.application_get(user_of(request), pk)
    except Application.DoesNotExist:
        return error(404, "not_found", "没有找到该申请，或无权查看")
    body = application_summary(app)
    body["legal_basis"] = app.legal_basis or None
    body["events"] = [
        {
            "action": e.action,
            "at": e.at.isoformat(),
            "actor": e.actor.get_username() if e.actor else None,
            "state_before": e.state_before or None,
            "state_after": e.state_after,
            "reason": e.reason,
        }
        for e in app.events.select_related("actor")
    ]
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


@require_GET
@token_required
def reports(request: HttpRequest) -> JsonResponse:
    rows = report_selectors.report_list(user_of(request))
    return JsonResponse(
        {
            "results": [
                {"id": r.pk, "unit": r.unit.name, "year": r.year, "state": r.state}
                for r in rows.defer("document", "sources")
            ]
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
@token_required
def report(request: HttpRequest, pk: int) -> JsonResponse:
    """The report as its ``gongkai/annual-report@1`` document (docs/report-json.md)."""
    try:
        found = report_selectors.report_get(user_of(request), pk)
    except AnnualReport.DoesNotExist:
        return error(404, "not_found", "没有找到该年度报告，或无权查看")
    return JsonResponse(found.document, json_dumps_params={"ensure_ascii": False})


@require_GET
def openapi(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})

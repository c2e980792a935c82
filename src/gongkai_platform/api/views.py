"""The JSON API: ``Authorization: Token <token>``; every read goes through the same selectors as
the pages, so a token sees what its user may see and nothing else.  Personal data is masked in
lists, as on the pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from gongkai_platform.api.models import ApiToken, digest
from gongkai_platform.api.openapi import openapi_document
from gongkai_platform.applications import selectors
from gongkai_platform.applications.masking import mask_id, mask_phone
from gongkai_platform.applications.models import Application
from gongkai_platform.reports import selectors as report_selectors
from gongkai_platform.reports.models import AnnualReport

PAGE_SIZE = 100

View = Callable[..., JsonResponse]


def error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)


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


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


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


@require_GET
@token_required
def applications(request: HttpRequest) -> JsonResponse:
    try:
        page = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        return error(400, "invalid", "page 应为正整数")
    query = selectors.application_list(_user(request)).order_by("-received_on", "-serial")
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


@require_GET
@token_required
def application(request: HttpRequest, pk: int) -> JsonResponse:
    try:
        app = selectors.application_get(_user(request), pk)
    except Application.DoesNotExist:
        return error(404, "not_found", "没有找到该申请，或无权查看")
    body = application_summary(app)
    body["legal_basis"] = app.legal_basis or None
    body["events"] = [
        {
            "action": e.action,
            "at": e.at.isoformat(),
            "actor": e.actor.get_username(),
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
    rows = report_selectors.report_list(_user(request))
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
        found = report_selectors.report_get(_user(request), pk)
    except AnnualReport.DoesNotExist:
        return error(404, "not_found", "没有找到该年度报告，或无权查看")
    return JsonResponse(found.document, json_dumps_params={"ensure_ascii": False})


@require_GET
def openapi(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})

"""Pages of the application workflow.  Thin: reads through ``selectors``, writes through the
action forms (each calls one service); refusals come back as messages on the case page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai_platform.accounts.models import SecurityAction
from gongkai_platform.accounts.scoping import acting_units
from gongkai_platform.accounts.security import security_event
from gongkai_platform.applications import (
    corrections,
    documents,
    exports,
    letters,
    notices,
    selectors,
)
from gongkai_platform.applications.forms import (
    ACTION_FORMS,
    ActionForm,
    CorrectionForm,
    CorrectionReplyForm,
    IntakeForm,
)
from gongkai_platform.applications.models import Application, RecordCorrection, ReplyAttachment
from gongkai_platform.applications.states import TRANSITIONS, Action, State
from gongkai_platform.applications.uploads import content_type
from gongkai_platform.core.errors import ActionRefused
from gongkai_platform.core.requests import user_of

LIST_LIMIT = 200
HOME_LIMIT = 25  # the most urgent; the full lists are one click away
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COUNT_CAP = 1000  # counts above this print as "1000+": counting 100,000 rows costs a request


def _get(request: HttpRequest, pk: int) -> Application:
    try:
        return selectors.application_get(request.user, pk)
    except Application.DoesNotExist:
        raise Http404(_("没有找到该申请，或您无权查看")) from None


def _flagged(applications: list[Application]) -> list[tuple[Application, str]]:
    today = timezone.localdate()
    soon = selectors.soon_limit(today)
    return [(app, selectors.flag(app, today, soon)) for app in applications]


def _capped(cases: QuerySet[Application]) -> str:
    count = cases.order_by()[:COUNT_CAP].count()
    return f"{COUNT_CAP}+" if count == COUNT_CAP else str(count)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The handler's home: my open cases by due date, red when overdue, amber when due soon."""
    today = timezone.localdate()
    open_cases = selectors.open_applications(request.user)
    return render(
        request,
        "applications/home.html",
        {
            "mine": _flagged(list(open_cases.filter(handler=user_of(request))[:HOME_LIMIT])),
            "to_approve": _flagged(list(selectors.awaiting_my_approval(request.user)[:HOME_LIMIT])),
            "unit_open": _flagged(list(open_cases[:HOME_LIMIT])),
            "overdue": _capped(open_cases.filter(due_on__lt=today)),
            "soon": _capped(
                open_cases.filter(due_on__gte=today, due_on__lte=selectors.soon_limit(today))
            ),
            "can_register": acting_units(request.user, TRANSITIONS[Action.REGISTER].roles).exists(),
        },
    )


def _listed(request: HttpRequest) -> tuple[QuerySet[Application], str, str]:
    """The list page's rows with its filters (state, overdue / due soon); the exports use the
    same, so a file never holds more than the page shows."""
    state = request.GET.get("state", "")
    applications = selectors.application_list(request.user).order_by("-received_on", "-serial")
    if state in State.values:
        applications = applications.filter(state=state)
    today = timezone.localdate()
    due = request.GET.get("due", "")
    if due == "overdue":
        applications = selectors.open_applications(request.user).filter(due_on__lt=today)
    elif due == "soon":
        applications = selectors.open_applications(request.user).filter(
            due_on__gte=today, due_on__lte=selectors.soon_limit(today)
        )
    return applications, state, due


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    applications, state, due = _listed(request)
    return render(
        request,
        "applications/list.html",
        {
            "rows": _flagged(list(applications[:LIST_LIMIT])),
            "states": State.choices,
            "state": state,
            "due": due,
            "query": request.GET.urlencode(),
        },
    )


@login_required
def application_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The list as CSV or XLSX, every row of it (not only the first page), masked."""
    applications, _state, _due = _listed(request)
    records = exports.rows(applications)
    filename = f"政府信息公开申请-{timezone.localdate().isoformat()}.{fmt}"
    response: HttpResponseBase
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.to_csv(records), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        response = HttpResponse(exports.to_xlsx(records), content_type=XLSX)
    else:
        raise Http404
    # A list with personal data leaves the platform: who, when, which filter (个人信息保护法 §51).
    security_event(
        SecurityAction.EXPORT, actor=user_of(request), request=request, format=fmt,
        query=request.GET.urlencode(),
    )  # fmt: skip
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response


@login_required
def intake(request: HttpRequest) -> HttpResponse:
    units = acting_units(request.user, TRANSITIONS[Action.REGISTER].roles)
    if not units.exists():
        raise PermissionDenied(_("您没有登记申请的权限：登记申请须具有登记员或承办人角色"))
    form = IntakeForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            application = form.register(user_of(request))
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("已登记 %(number)s，查询码 %(code)s")
                % {"number": application.number, "code": application.query_code},
            )
            return redirect("application", pk=application.pk)
    return render(request, "applications/intake.html", {"form": form})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get(request, pk)
    actions = selectors.actions_for(request.user, application)
    return render(
        request,
        "applications/detail.html",
        {
            "app": application,
            "deadlines": selectors.deadlines(application),
            "events": selectors.timeline(application),
            "pauses": selectors.consultations(application),
            "notices": notices.entries(application),
            "deliveries": application.deliveries.all(),
            "attachments": application.attachments.all(),
            "forms": [
                (action, ACTION_FORMS[action](application=application, prefix=action.value))
                for action in actions
            ],
        },
    )


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    application = _get(request, pk)
    if action not in Action.values or Action(action) == Action.REGISTER:
        raise Http404
    chosen = Action(action)
    form: ActionForm = ACTION_FORMS[chosen](
        request.POST, request.FILES or None, application=application, prefix=chosen.value
    )
    if form.is_valid():
        try:
            form.perform(user_of(request))
        except ActionRefused as refusal:
            messages.error(request, f"{chosen.label}：{refusal.message}")
        else:
            messages.success(request, _("已完成：%(action)s") % {"action": chosen.label})
    else:
        errors = "；".join(
            f"{form.fields[name].label if name in form.fields else ''}{' '.join(map(str, messages_))}"
            for name, messages_ in form.errors.items()
        )
        messages.error(request, f"{chosen.label}：{errors}")
    return redirect("application", pk=application.pk)


@login_required
def identity_proof(request: HttpRequest, pk: int) -> FileResponse:
    """Uploaded files live outside the web root and are served only to users of the unit."""
    application = _get(request, pk)
    if not application.identity_proof:
        raise Http404
    security_event(
        SecurityAction.DOWNLOAD_PROOF,
        actor=user_of(request),
        request=request,
        application=application.pk,
        number=application.number,
    )
    handle = application.identity_proof.open("rb")
    mime = content_type(handle.read(16)) or "application/octet-stream"
    handle.seek(0)
    response = FileResponse(
        handle, content_type=mime, as_attachment=True, filename=f"身份证明-{application.number}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def document_response(doc: documents.Document, fmt: str, name: str) -> HttpResponse:
    """A notice as a download (the portal serves the applicant's the same way)."""
    response = HttpResponse(documents.render(doc, fmt), content_type=documents.FORMATS[fmt])
    filename = f"{name}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response


@login_required
def letter(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The reply letter of a closed application, or its draft awaiting approval (DOCX or PDF),
    for users of its unit."""
    application = _get(request, pk)
    if fmt not in documents.FORMATS or not letters.has_letter(application):
        raise Http404
    draft = "送审稿-" if application.state == State.AWAITING_APPROVAL else ""
    name = f"答复书-{draft}{application.unit.name}-{application.number}"
    return document_response(letters.letter_for(application), fmt, name)


@login_required
def notice(request: HttpRequest, pk: int, key: str, fmt: str) -> HttpResponse:
    """One written notice of the case (``notices``), DOCX or PDF, for users of its unit."""
    application = _get(request, pk)
    if fmt not in documents.FORMATS:
        raise Http404
    try:
        doc = notices.build(application, key)
    except LookupError:
        raise Http404(_("本申请没有该文书")) from None
    return document_response(doc, fmt, f"{doc.title}-{application.number}")


def attachment_response(attachment: ReplyAttachment) -> FileResponse:
    """A reply attachment as stored, with the type its content was checked as."""
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=attachment.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def reply_attachment(request: HttpRequest, pk: int, attachment: int) -> FileResponse:
    """A file attached to the reply, for users of the case's unit."""
    application = _get(request, pk)
    found = application.attachments.filter(pk=attachment).first()
    if found is None:
        raise Http404
    security_event(
        SecurityAction.DOWNLOAD_ATTACHMENT,
        actor=user_of(request),
        request=request,
        application=application.pk,
        number=application.number,
        attachment=found.name,
    )
    return attachment_response(found)


@login_required
def record_corrections(request: HttpRequest) -> HttpResponse:
    """条例 §41: requests to correct records about the requester: registered and answered here."""
    user = user_of(request)
    intake_units = acting_units(user, corrections.ROLES[corrections.REGISTER])
    reply_units = acting_units(user, corrections.ROLES[corrections.REPLY])
    if not (intake_units.exists() or reply_units.exists()):
        raise PermissionDenied(_("您没有办理更正申请的权限：须具有登记员、承办人或审核人角色"))
    listed = RecordCorrection.objects.filter(unit__in=intake_units | reply_units).select_related(
        "unit"
    )
    waiting = listed.filter(unit__in=reply_units, reply="")
    register = (
        CorrectionForm(
            request.POST if "register" in request.POST else None,
            units=intake_units,
            prefix="register",
            initial={"received_on": timezone.localdate()},
        )
        if intake_units.exists()
        else None
    )
    reply = CorrectionReplyForm(
        request.POST if "reply" in request.POST else None, waiting=waiting, prefix="reply"
    )
    if request.method == "POST":
        form = register if "register" in request.POST else reply
        if form is None:
            raise PermissionDenied(_("您没有登记更正申请的权限"))
        if form.is_valid():
            try:
                form.perform(user)
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("已保存"))
                return redirect("record_corrections")
    return render(
        request,
        "applications/corrections.html",
        {
            "corrections": listed,
            "register": register,
            "reply": reply if waiting.exists() else None,
        },
    )

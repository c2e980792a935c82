"""Pages of the public portal (no login) and the staff pages that confirm online submissions.

Pages read only through ``portal.selectors`` (public catalog items through
``catalog.selectors.public_items`` and ``public_attachment``); nothing unpublished is reachable
from here, whatever the URL.  Pages are
server-rendered HTML without scripts, so they stay fast on slow links and usable with assistive
technology.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai import law
from gongkai.catalog import vocabulary
from gongkai_platform import csp
from gongkai_platform.accounts.models import Unit
from gongkai_platform.accounts.scoping import acting_units
from gongkai_platform.applications import documents, letters, notices
from gongkai_platform.applications.models import Application, DeliveryMethod
from gongkai_platform.applications.states import TRANSITIONS, Action
from gongkai_platform.applications.views import attachment_response, document_response
from gongkai_platform.catalog import search
from gongkai_platform.catalog.models import Attachment, CatalogItem, Column
from gongkai_platform.catalog.services import DIRECTORY_ROLES
from gongkai_platform.core.errors import ActionRefused
from gongkai_platform.core.requests import MAX_ID, query_number, user_of
from gongkai_platform.portal import guard, guide_text, selectors, services
from gongkai_platform.portal.application_form import form_docx as application_form_docx
from gongkai_platform.portal.application_form import form_pdf as application_form_pdf
from gongkai_platform.portal.forms import ApplyForm, FollowUpForm, GuideForm, SearchForm, TrackForm
from gongkai_platform.portal.guide import guide_save
from gongkai_platform.portal.models import (
    FollowUpKind,
    OnlineApplication,
    Submission,
)
from gongkai_platform.reports.models import ReportVersion
from gongkai_platform.reports.views import rendering_response

PAGE_SIZE = 20
MAX_PAGE = 500
MIN_YEAR, MAX_YEAR = 1990, 2100
ALL_REPORTS_LIMIT = 500
TEXT_SIZE_COOKIE = "gk_text"
TRACKING_SESSION_KEY = "portal_tracking"
# An application registered from paper, a letter, a fax or in person, tracked by its 查询码.
TRACKING_APPLICATION_KEY = "portal_tracking_application"


def _unit(pk: int) -> Unit:
    found = selectors.unit(pk)
    if found is None:
        raise Http404(_("没有找到该单位"))
    return found


def _page(items: QuerySet[CatalogItem], page: int) -> tuple[list[CatalogItem], bool]:
    """One page of ``items`` and whether there is another; no COUNT over the whole result."""
    start = (page - 1) * PAGE_SIZE
    rows = list(items[start : start + PAGE_SIZE + 1])
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def _page_number(request: HttpRequest) -> int:
    return query_number(request, "page", 1, MAX_PAGE) or 1


def index(request: HttpRequest) -> HttpResponse:
    units = selectors.units()
    return render(request, "portal/index.html", {"units": units, "form": SearchForm()})


def unit_home(request: HttpRequest, unit: int) -> HttpResponse:
    the_unit = _unit(unit)
    latest = list(selectors.unit_items(the_unit)[:8])
    return render(
        request,
        "portal/unit.html",
        {
            "unit": the_unit,
            "latest": latest,
            "rules": list(selectors.column_items(the_unit, Column.RULES)[:5]),
            "reports": list(selectors.column_items(the_unit, Column.ANNUAL_REPORT)[:5]),
            "categories": selectors.statutory_categories(the_unit, top_only=True),
        },
    )


def guide(request: HttpRequest, unit: int) -> HttpResponse:
    """政府信息公开指南 (条例 §12), generated from the unit's data: its office and contact details,
    its category tree, the §20 categories, how to apply (§§27–33), fees (§42) and remedies (§51)."""
    the_unit = _unit(unit)
    details, categories = selectors.guide(the_unit)
    return render(
        request,
        "portal/guide.html",
        {
            "unit": the_unit,
            "details": details,
            "categories": categories,
            "art20": vocabulary.ART20,
            "example_index": f"{the_unit.index_prefix}/2025-00001",
            "site_url": request.build_absolute_uri(reverse("portal:unit", args=[the_unit.pk])),
            "further_items": guide_text.further_items(the_unit),
            "art21": law.ART_21.short(),
            "steps": guide_text.process_steps(),
            "exemptions": guide_text.exemptions(),
        },
    )


FORM_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def application_form(request: HttpRequest, unit: int, fmt: str) -> HttpResponse:
    """The 政府信息公开申请表 of the 指南, made from the online form's fields (DOCX or PDF, A4)."""
    the_unit = _unit(unit)
    if fmt not in FORM_TYPES:
        raise Http404(_("没有该格式的申请表"))
    make = application_form_docx if fmt == "docx" else application_form_pdf
    response = HttpResponse(make(the_unit), content_type=FORM_TYPES[fmt])
    response["Content-Disposition"] = (
        content_disposition_header(True, f"{the_unit.name}政府信息公开申请表.{fmt}") or "attachment"
    )
    return response


def _browse(
    request: HttpRequest,
    unit: Unit,
    items: QuerySet[CatalogItem],
    template: str,
    filters: dict[str, str] | None = None,
    **extra: Any,
) -> HttpResponse:
    """A paged list by year; ``filters`` (e.g. the category) are kept in the year and page links."""
    years = selectors.years(items)
    year = query_number(request, "year", MIN_YEAR, MAX_YEAR)
    if year is not None:
        items = items.filter(published_on__year=year)
    rows, more = _page(items, _page_number(request))
    return render(
        request,
        template,
        {
            "unit": unit,
            "rows": rows,
            "more": more,
            "page": _page_number(request),
            "years": years,
            "year": "" if year is None else str(year),
            "extra_query": urlencode(filters or {}),
            **extra,
        },
    )


def statutory(request: HttpRequest, unit: int) -> HttpResponse:
    """法定主动公开内容: browse by the unit's categories, by §20 category and by year."""
    the_unit = _unit(unit)
    items = selectors.statutory_items(the_unit)
    category = None
    if (value := query_number(request, "category", 1, MAX_ID)) is not None:
        category = selectors.category(the_unit, value)
        if category is not None:
            items = selectors.in_category(items, category)
    art20 = request.GET.get("art20", "")
    if art20 not in dict(vocabulary.ART20):
        art20 = ""
    if art20:
        items = items.filter(art20=art20)
    filters = {"category": str(category.pk)} if category else {"art20": art20} if art20 else {}
    return _browse(
        request, the_unit, items, "portal/statutory.html", filters,
        categories=selectors.statutory_categories(the_unit),
        category=category, art20=art20, art20_choices=vocabulary.ART20,
    )  # fmt: skip


def rules(request: HttpRequest, unit: int) -> HttpResponse:
    """政府信息公开制度."""
    the_unit = _unit(unit)
    return _browse(
        request,
        the_unit,
        selectors.column_items(the_unit, Column.RULES),
        "portal/column.html",
        column=Column.RULES,
    )


def reports(request: HttpRequest, unit: int) -> HttpResponse:
    """政府信息公开年报 of one unit: the reports compiled and published on the platform, then
    earlier reports kept as catalog items (with their files)."""
    the_unit = _unit(unit)
    # A report published here is listed once, with its files and versions, not again as an item.
    items = (
        selectors.column_items(the_unit, Column.ANNUAL_REPORT)
        .filter(annual_report__isnull=True)
        .prefetch_related("attachments")
    )
    return _browse(
        request, the_unit, items, "portal/column.html", column=Column.ANNUAL_REPORT,
        annual_reports=selectors.published_reports().filter(unit=the_unit).order_by("-year"),
    )  # fmt: skip


def annual_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """A published annual report (条例 §49–§50) as a web page, DOCX or PDF, served from the
    renderings stored when it was published (never rendered per request: a PDF costs about a
    second of CPU); a draft is a 404, a rendering not made yet a 404 saying so."""
    report = get_object_or_404(selectors.published_reports(), pk=pk)
    return rendering_response(report, fmt)


def annual_report_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """An earlier published version of a corrected annual report, as a web page (rendered from
    the version kept; the current version's files are the stored renderings)."""
    from gongkai.render.html import render_html_bytes
    from gongkai.report import Report

    try:
        version = selectors.report_version(pk, number)
    except ReportVersion.DoesNotExist:
        raise Http404(_("没有找到该版本的年度报告")) from None
    response = HttpResponse(
        render_html_bytes(Report.from_json(version.document)),
        content_type="text/html; charset=utf-8",
    )
    response[csp.HEADER] = csp.DOCUMENT_POLICY
    return response


def all_reports(request: HttpRequest) -> HttpResponse:
    """The published annual reports of every unit."""
    rows, more = _page(selectors.report_items(), _page_number(request))
    return render(
        request,
        "portal/all_reports.html",
        {
            "rows": rows, "more": more, "page": _page_number(request),
            "annual_reports": selectors.published_reports().order_by("-year", "unit__path")[:ALL_REPORTS_LIMIT],
        },
    )  # fmt: skip


def item(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        the_item = selectors.public_item(pk)
    except CatalogItem.DoesNotExist:
        raise Http404(_("没有找到该信息")) from None
    return render(
        request,
        "portal/item.html",
        {
            "item": the_item,
            "unit": the_item.unit,
            "attachments": the_item.attachments.only("id", "name", "size", "content_type"),
            "report": selectors.item_report(the_item),
        },
    )


def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """Files of published items only; a draft's or a revoked item's file is a 404."""
    try:
        file = selectors.public_attachment(pk)
    except Attachment.DoesNotExist:
        raise Http404(_("没有找到该附件")) from None
    response = FileResponse(
        file.file.open("rb"), content_type=file.content_type, as_attachment=True, filename=file.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    rows: list[CatalogItem] = []
    more = False
    query = ""
    unit = None
    if form.is_valid():
        data = form.cleaned_data
        query = data["q"].strip()
        if data["unit"]:
            unit = selectors.unit(data["unit"])
        if query or data["art20"] or data["year"] or data["unit"]:
            items = selectors.searchable(data["unit"], data["art20"], data["year"])
            start = ((data["page"] or 1) - 1) * PAGE_SIZE
            rows = search.results(items, query, start, start + PAGE_SIZE + 1)
            more = len(rows) > PAGE_SIZE
            rows = rows[:PAGE_SIZE]
    results = [
        {
            "item": row,
            "title": search.highlight(row.title, query),
            "summary": search.highlight(row.summary, query),
            "snippet": search.highlight(
                search.snippet(
                    "\n".join([row.body, *(a.text for a in row.attachments.all())]), query
                ),
                query,
            )
            if query
            else "",
        }
        for row in rows
    ]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "portal/search.html",
        {"form": form, "results": results, "more": more, "query": query, "unit": unit,
         "page": (form.cleaned_data.get("page") or 1) if form.is_valid() else 1, "params": params.urlencode()},
    )  # fmt: skip


@require_POST
def text_size(request: HttpRequest) -> HttpResponseRedirect:
    """适老化: a larger-text mode kept in a cookie, switched without scripts."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("portal:index")
    response = HttpResponseRedirect(target)
    if request.POST.get("size") == "large":
        response.set_cookie(TEXT_SIZE_COOKIE, "large", max_age=365 * 24 * 3600, samesite="Lax")
    else:
        response.delete_cookie(TEXT_SIZE_COOKIE)
    return response


def apply(request: HttpRequest, unit: int) -> HttpResponse:
    """条例 §29: apply online; the confirmation shows the 查询码."""
    the_unit = _unit(unit)
    form = ApplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        problem = guard.check_form(request.POST)
        if problem:
            form.is_valid()
            form.add_error(None, problem)
        elif form.is_valid() and (replayed := guard.use_form(request.POST)):
            form.add_error(None, replayed)
        elif form.is_valid():
            proof: UploadedFile = form.cleaned_data["identity_proof"]
            try:
                online = services.online_application_submit(
                    unit=the_unit,
                    applicant=form.applicant(),
                    identity_proof=proof,
                    client_key=guard.client_key(request),
                )
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
                # This token is spent: the form shown again gets a new one.
                form.data = request.POST.copy()
                form.data["started"] = guard.form_token()
            else:
                services.send_confirmation(
                    online, request.build_absolute_uri(reverse("portal:track"))
                )
                request.session[TRACKING_SESSION_KEY] = online.pk
                return redirect("portal:received")
    return render(request, "portal/apply.html", {"unit": the_unit, "form": form})


def apply_choose(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/apply_choose.html", {"units": selectors.units()})


def _tracked(request: HttpRequest) -> OnlineApplication | None:
    pk = request.session.get(TRACKING_SESSION_KEY)
    if pk is None:
        return None
    return selectors.tracked(pk)


def _tracked_application(request: HttpRequest) -> Application | None:
    """The tracked application, whichever way it was submitted (``None`` before registration)."""
    online = _tracked(request)
    if online is not None:
        return online.application
    pk = request.session.get(TRACKING_APPLICATION_KEY)
    return None if pk is None else selectors.tracked_application(pk)


def received(request: HttpRequest) -> HttpResponse:
    online = _tracked(request)
    if online is None:
        return redirect("portal:track")
    return render(request, "portal/received.html", {"online": online, "unit": online.unit})


def track(request: HttpRequest) -> HttpResponse:
    """Tracking by 查询码 and the last four characters of the phone number or ID number."""
    form = TrackForm(request.POST or None)
    if request.method == "POST":
        key = guard.client_key(request)
        problem = guard.check_form(request.POST)
        if guard.tracking_blocked(key):
            problem = _("查询失败次数过多，请一小时后再试")
        if problem:
            form.is_valid()
            form.add_error(None, problem)
        elif form.is_valid():
            found = services.track(form.cleaned_data["query_code"], form.cleaned_data["suffix"])
            if found is None:
                guard.note_tracking_failure(key)
                form.add_error(None, _("查询码或后4位不正确"))
            else:
                request.session.cycle_key()
                request.session.pop(TRACKING_SESSION_KEY, None)
                request.session.pop(TRACKING_APPLICATION_KEY, None)
                paper = isinstance(found, Application)
                request.session[TRACKING_APPLICATION_KEY if paper else TRACKING_SESSION_KEY] = (
                    found.pk
                )
                return redirect("portal:status")
    return render(request, "portal/track.html", {"form": form})


def status(request: HttpRequest) -> HttpResponse:
    online = _tracked(request)
    application = _tracked_application(request)
    if online is None and application is None:
        return redirect("portal:track")
    return render(
        request,
        "portal/status.html",
        {
            "online": online,
            "unit": online.unit if online else application.unit,  # type: ignore[union-attr]
            "app": application,
            "steps": selectors.public_steps(application) if application else [],
            "today": timezone.localdate(),
            "follow_ups": online.follow_ups.all() if online else [],
            "can_correct": online is not None
            and application is not None
            and application.state == "awaiting_correction"
            and services.pending(online, FollowUpKind.CORRECTION) is None,
            "can_withdraw": online is not None
            and online.state != Submission.WITHDRAWN
            and (application is None or application.is_open)
            and services.pending(online, FollowUpKind.WITHDRAWAL) is None,
            "letter": letters.letter_for(application)
            if application and application.outcome
            else None,
            "notices": notices.entries(application, applicant=True) if application else [],
            "attachments": application.attachments.all()
            if application and _online_reply(application)
            else [],
            "correction_form": FollowUpForm(prefix="correction"),
            "withdraw_form": FollowUpForm(prefix="withdraw"),
        },
    )


def _online_reply(application: Application) -> bool:
    """The reply was delivered 网上获取: its attachments are the applicant's to download here."""
    return application.deliveries.filter(document="reply", method=DeliveryMethod.ONLINE).exists()


def notice(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    """One of the tracked application's written notices addressed to the applicant (受理回执,
    补正告知书, 延期告知书, 收费通知书, 答复书), DOCX or PDF; never another's, never one
    addressed to a third party."""
    application = _tracked_application(request)
    if application is None or fmt not in documents.FORMATS:
        raise Http404(_("暂无该文书"))
    try:
        doc = notices.build(application, key, applicant=True)
    except LookupError:
        raise Http404(_("暂无该文书")) from None
    return document_response(doc, fmt, f"{doc.title}-{application.unit.name}-{application.number}")


def reply_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A file attached to the tracked application's reply, once it was delivered 网上获取."""
    application = _tracked_application(request)
    if application is None or not _online_reply(application):
        raise Http404(_("暂无可下载的附件"))
    found = application.attachments.filter(pk=pk).first()
    if found is None:
        raise Http404(_("暂无可下载的附件"))
    return attachment_response(found)


@require_POST
def follow_up(request: HttpRequest, kind: str) -> HttpResponse:
    online = _tracked(request)
    if online is None or kind not in FollowUpKind.values:
        return redirect("portal:track")
    prefix = "correction" if kind == FollowUpKind.CORRECTION else "withdraw"
    form = FollowUpForm(request.POST, prefix=prefix)
    fields = {k.removeprefix(prefix + "-"): v for k, v in request.POST.items()}
    problem = guard.check_form(fields)
    if not problem and form.is_valid():
        problem = guard.use_form(fields)
    if problem:
        messages.error(request, problem)
    elif not form.is_valid():
        messages.error(request, _("请填写内容"))
    else:
        try:
            services.follow_up_submit(
                online=online,
                kind=FollowUpKind(kind),
                text=form.cleaned_data["text"],
                client_key=guard.client_key(request),
            )
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("已提交，工作人员确认收到后生效"))
    return redirect("portal:status")


# Staff: confirming online submissions (条例 §31(3)).


def _staff_units(request: HttpRequest) -> QuerySet[Unit]:
    return acting_units(user_of(request), TRANSITIONS[Action.REGISTER].roles)


@login_required
def staff_inbox(request: HttpRequest) -> HttpResponse:
    pending, follow_ups = selectors.inbox(_staff_units(request))
    return render(
        request,
        "portal/staff_inbox.html",
        {"applications": pending, "follow_ups": follow_ups},
    )


@login_required
@require_POST
def staff_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    online = get_object_or_404(selectors.online_applications(_staff_units(request)), pk=pk)
    try:
        application = services.online_application_confirm(actor=user_of(request), online=online)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("portal:staff_inbox")
    messages.success(request, _("已确认收到并登记 %(number)s") % {"number": application.number})
    return redirect("application", pk=application.pk)


@login_required
@require_POST
def staff_confirm_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(selectors.follow_ups(_staff_units(request)), pk=pk)
    try:
        application = services.follow_up_confirm(actor=user_of(request), follow_up=item)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("portal:staff_inbox")
    messages.success(request, _("已确认收到申请人的%(kind)s") % {"kind": item.get_kind_display()})
    return redirect("application", pk=application.pk)


@login_required
def staff_guide(request: HttpRequest) -> HttpResponse:
    """The contact part of each unit's 政府信息公开指南 (条例 §12), kept by its OGI office."""
    user = user_of(request)
    units = acting_units(user, DIRECTORY_ROLES)
    if not units.exists():
        raise Http404(_("您没有维护政府信息公开指南的权限"))
    unit = (
        units.filter(pk=request.GET.get("unit") or request.POST.get("unit_id") or 0).first()
        or units.first()
    )
    assert unit is not None
    guide_row = selectors.guide_of(unit)
    form = GuideForm(request.POST or None, instance=guide_row)
    if request.method == "POST" and form.is_valid():
        try:
            guide_save(actor=user, unit=unit, **form.cleaned_data)
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("已保存%(unit)s的指南联系信息") % {"unit": unit.name})
            return redirect(f"{reverse('portal:staff_guide')}?unit={unit.pk}")
    return render(request, "portal/staff_guide.html", {"form": form, "unit": unit, "units": units})

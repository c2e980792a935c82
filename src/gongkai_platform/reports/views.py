"""Annual report pages: the list, compiling, the tables with a link behind every figure, and the
drill-down to the records counted in a cell."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.formats import Kind, Table
from gongkai.report import Number, Report
from gongkai_platform import csp
from gongkai_platform.accounts.models import Unit
from gongkai_platform.accounts.scoping import acting_units, roles_in
from gongkai_platform.core.errors import ActionRefused
from gongkai_platform.core.forms import Form, date_field
from gongkai_platform.core.requests import user_of
from gongkai_platform.reports import selectors
from gongkai_platform.reports.models import AnnualReport, ReportState, ReportVersion
from gongkai_platform.reports.services import (
    APPLICANT_COLUMNS,
    COMPILE_ROLES,
    PUBLISH_ROLES,
    report_adjust,
    report_compile,
    report_correct,
    report_edit,
    report_prior,
    report_publish,
    rule_title,
    year_ended,
)


class CompileForm(Form):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("单位"), queryset=Unit.objects.none(), empty_label=None
    )
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2021)

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = acting_units(user, COMPILE_ROLES)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class GridRow:
    label: str
    cells: list[tuple[str, int | float | None]]  # (cell key, value)


def _grid(table: Table, report: AnnualReport) -> tuple[list[str], list[GridRow]]:
    cells = report.document["cells"]
    # Headers without the caption every column shares (表三's 申请人情况).
    paths = [column.path for column in table.columns]
    shared = 0
    while all(len(p) > shared + 1 and p[shared] == paths[0][shared] for p in paths):
        shared += 1
    head = ["·".join(lab.text for lab in path[shared:]) for path in paths]
    rows = [
        GridRow(
            " ".join(lab.text for lab in row.path[1:] or row.path) or table.title,
            [
                (table.key(row, column), cells.get(table.key(row, column)))
                for column in table.columns
            ],
        )
        for row in table.data_rows()
    ]
    return head, rows


def _get(request: HttpRequest, pk: int) -> AnnualReport:
    try:
        return selectors.report_get(request.user, pk)
    except AnnualReport.DoesNotExist:
        raise Http404(_("没有找到该年度报告，或您无权查看")) from None


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = CompileForm(
        request.POST or None, user=user, initial={"year": timezone.localdate().year - 1}
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = report_compile(
                actor=user, unit=form.cleaned_data["unit"], year=form.cleaned_data["year"]
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("已根据办理记录汇总"))
            return redirect("report", pk=report.pk)
    can_compile = acting_units(user, COMPILE_ROLES).exists()
    return render(
        request,
        "reports/list.html",
        {"reports": selectors.report_list(user), "form": form if can_compile else None},
    )


class EditForm(Form):
    """表二 and the narrative, built from the format definition (its 表二 cells and sections)."""

    def __init__(self, *args: Any, report: AnnualReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        document = report.report
        definition = document.definition
        for key, cell in definition.cells.items():
            if key.startswith("t2."):
                field: forms.Field = (
                    forms.IntegerField(min_value=0)
                    if cell.kind is Kind.COUNT
                    else forms.DecimalField(min_value=0, decimal_places=4)
                )
                field.label = "·".join(cell.label_path[1:])
                field.required = False
                field.initial = document.cells.get(key)
                self.fields[key] = field
        for section in definition.sections:
            if not section.tables:
                self.fields[f"section.{section.key}"] = forms.CharField(
                    label=f"{section.number}、{section.title.text}",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    initial=document.sections.get(section.key, ""),
                )

    def save(self, actor: User, report: AnnualReport) -> AnnualReport:
        cells: dict[str, Number | None] = {}
        sections: dict[str, str] = {}
        for name, value in self.cleaned_data.items():
            if name.startswith("section."):
                sections[name.removeprefix("section.")] = value
            else:
                cells[name] = float(value) if isinstance(value, Decimal) else value
        return report_edit(actor=actor, report=report, cells=cells, sections=sections)


class AdjustForm(Form):
    cell = forms.ChoiceField(label=gettext_lazy("单元格"))
    value = forms.IntegerField(label=gettext_lazy("调整后数值"), min_value=0)
    reason = forms.CharField(label=gettext_lazy("理由"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, report: AnnualReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cells = report.report.definition.cells
        self.fields["cell"].choices = [  # type: ignore[attr-defined]
            (key, "·".join(cell.label_path))
            for key, cell in cells.items()
            if key.startswith(("t3.", "t4."))
        ]


class CorrectForm(EditForm):
    """更正 a published report: 表二 and the text as in the draft, one 表三/表四 figure, the date
    and the reason (required); only what differs from the current version is sent."""

    adjust_cell = forms.ChoiceField(label=gettext_lazy("更正表三或表四的单元格"), required=False)
    adjust_value = forms.IntegerField(
        label=gettext_lazy("该单元格更正后的数值"), min_value=0, required=False
    )
    corrected_on = date_field(gettext_lazy("更正日期"))
    reason = forms.CharField(
        label=gettext_lazy("更正理由"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, report: AnnualReport, **kwargs: Any) -> None:
        super().__init__(*args, report=report, **kwargs)
        self.fields["adjust_cell"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *(
                (key, "·".join(cell.label_path))
                for key, cell in report.report.definition.cells.items()
                if key.startswith(("t3.", "t4."))
            ),
        ]

    def correct(self, actor: User, report: AnnualReport) -> AnnualReport:
        document = report.report
        data = self.cleaned_data
        cells: dict[str, Number | None] = {}
        sections: dict[str, str] = {}
        for name, value in data.items():
            if name.startswith("section."):
                key = name.removeprefix("section.")
                if value.strip() != document.sections.get(key, ""):
                    sections[key] = value
            elif name.startswith("t2."):
                number = float(value) if isinstance(value, Decimal) else value
                if number != document.cells.get(name):
                    cells[name] = number
        adjustments = (
            {data["adjust_cell"]: data["adjust_value"]}
            if data.get("adjust_cell") and data.get("adjust_value") is not None
            else {}
        )
        return report_correct(
            actor=actor, report=report, reason=data["reason"], cells=cells, sections=sections,
            adjustments=adjustments, corrected_on=data["corrected_on"],
        )  # fmt: skip


class PriorForm(Form):
    """A unit's first year here: last year's report as a file, or its 结转下年度 by column."""

    file = forms.FileField(
        label=gettext_lazy("上年度报告文件"),
        required=False,
        help_text=gettext_lazy("JSON，或 PDF、DOCX、HTML、文本等可读取的年报文件"),
    )
    reason = forms.CharField(label=gettext_lazy("理由"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, report: AnnualReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        table = report.report.definition.table("t3")
        for column in table.columns:
            if column.key in APPLICANT_COLUMNS:
                self.fields[f"carried.{column.key}"] = forms.IntegerField(
                    label=_("上年结转下年度：") + "·".join(lab.text for lab in column.path[1:]),
                    min_value=0,
                    required=False,
                )

    def save(self, actor: User, report: AnnualReport) -> AnnualReport:
        data = self.cleaned_data
        upload = data.get("file")
        if upload is not None:
            return report_prior(
                actor=actor, report=report, reason=data["reason"], data=upload.read(),
                name=upload.name or "",
            )  # fmt: skip
        carried = {
            name.removeprefix("carried."): value
            for name, value in data.items()
            if name.startswith("carried.") and value is not None
        }
        return report_prior(
            actor=actor, report=report, reason=data["reason"],
            carried_forward=carried if carried else None,
        )  # fmt: skip


class PublishForm(Form):
    # The ISO date picker: a localised value ("2026年1月20日") is one the browser's date input
    # rejects, leaving the field empty and the button sending nothing.
    published_on = date_field(gettext_lazy("公布日期"))
    acknowledge_warnings = forms.BooleanField(
        label=gettext_lazy("已逐条核实上列警告，确认公布"), required=False
    )


def _post(
    request: HttpRequest, report: AnnualReport, action: Callable[[], object], done: str = ""
) -> None:
    try:
        action()
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, done or _("已保存"))


@login_required
@require_POST
def report_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    form = EditForm(request.POST, report=report, prefix="edit")
    if form.is_valid():
        _post(request, report, lambda: form.save(user_of(request), report))
    else:
        messages.error(
            request,
            _("填写有误：")
            + "；".join(
                f"{form.fields[k].label}{' '.join(map(str, v))}"
                for k, v in form.errors.items()
                if k in form.fields
            ),
        )
    return redirect("report", pk=report.pk)


@login_required
@require_POST
def report_adjust_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    form = AdjustForm(request.POST, report=report, prefix="adjust")
    if form.is_valid():
        data = form.cleaned_data
        _post(
            request,
            report,
            lambda: report_adjust(
                actor=user_of(request),
                report=report,
                cell=data["cell"],
                value=data["value"],
                reason=data["reason"],
            ),
        )
    else:
        messages.error(request, _("人工调整需要单元格、数值和理由"))
    return redirect("report", pk=report.pk)


@login_required
@require_POST
def report_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    form = PublishForm(request.POST, prefix="publish")
    if form.is_valid():
        data = form.cleaned_data
        _post(
            request,
            report,
            lambda: report_publish(
                actor=user_of(request),
                report=report,
                published_on=data["published_on"],
                acknowledge_warnings=data["acknowledge_warnings"],
            ),
        )
    else:
        messages.error(request, _("请填写公布日期"))
    return redirect("report", pk=report.pk)


@login_required
@require_POST
def report_correct_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    form = CorrectForm(request.POST, report=report, prefix="correct")
    if form.is_valid():
        correct = lambda: form.correct(user_of(request), report)  # noqa: E731
        _post(request, report, correct, _("已更正，新版本已公布"))
    else:
        messages.error(request, _("更正须填写更正日期和理由"))
    return redirect("report", pk=report.pk)


@login_required
@require_POST
def report_prior_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    form = PriorForm(request.POST, request.FILES, report=report, prefix="prior")
    if form.is_valid():
        _post(request, report, lambda: form.save(user_of(request), report))
    else:
        messages.error(request, _("请说明理由"))
    return redirect("report", pk=report.pk)


@dataclass(frozen=True)
class VersionChanges:
    """What changed from one published version to the next: cells (label, before, after) and
    sections (title, the lines removed and added)."""

    cells: list[tuple[str, Number | None, Number | None]]
    sections: list[tuple[str, list[tuple[str, str]]]]


def version_changes(before: ReportVersion, after: ReportVersion) -> VersionChanges:
    old, new = Report.from_json(before.document), Report.from_json(after.document)
    definition = new.definition
    cells = [
        ("·".join(cell.label_path[1:]), old.cells.get(key), new.cells.get(key))
        for key, cell in definition.cells.items()
        if old.cells.get(key) != new.cells.get(key)
    ]
    sections = []
    for section in definition.sections:
        a, b = old.sections.get(section.key, ""), new.sections.get(section.key, "")
        if a != b:
            lines = [
                (line[0], line[1:])
                for line in difflib.ndiff(a.splitlines(), b.splitlines())
                if line[:1] in "+-"
            ]
            sections.append((f"{section.number}、{section.title.text}", lines))
    return VersionChanges(cells, sections)


@login_required
def report_version_diff(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Staff: what a correction changed (version ``number`` against the one before)."""
    report = _get(request, pk)
    versions = {v.number: v for v in report.versions.select_related("actor")}
    if number not in versions or number - 1 not in versions:
        raise Http404(_("没有该版本的更正"))
    return render(
        request,
        "reports/version_diff.html",
        {
            "report": report,
            "before": versions[number - 1],
            "after": versions[number],
            "changes": version_changes(versions[number - 1], versions[number]),
        },
    )


RENDER_TYPES = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def rendering_response(report: AnnualReport, fmt: str) -> HttpResponse:
    """The stored rendering of ``report`` in ``fmt`` (made by the task worker when the report was
    published); staff pages and the public portal both serve it from here, never re-rendering.
    The HTML rendering carries its own inline styles, so it gets a policy that allows them and
    nothing else (no script, no other source)."""
    rendering = report.renderings.filter(fmt=fmt).first() if fmt in RENDER_TYPES else None
    if rendering is None:
        raise Http404(_("没有找到该格式的年度报告文件，或文件仍在生成中，请稍后再试"))
    response = HttpResponse(bytes(rendering.content), content_type=RENDER_TYPES[fmt])
    filename = f"{report.unit.name}{report.year}年政府信息公开工作年度报告.{fmt}"
    response["Content-Disposition"] = (
        content_disposition_header(fmt != "html", filename) or "attachment"
    )
    if fmt == "html":
        response[csp.HEADER] = csp.DOCUMENT_POLICY
    return response


@login_required
def report_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    return rendering_response(_get(request, pk), fmt)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    document = report.report
    last_published = AnnualReport.objects.filter(
        unit=report.unit, year=report.year - 1, state=ReportState.PUBLISHED
    ).exists()
    tables = [
        (table, *_grid(table, report))
        for table in document.definition.tables
        if table.id in ("t3", "t4")
    ]
    user = user_of(request)
    roles = roles_in(user, report.unit)
    draft = report.state == ReportState.DRAFT
    publisher = bool(roles & PUBLISH_ROLES)
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "tables": tables,
            "findings": [(f, rule_title(f.rule)) for f in document.findings],
            "warnings": sum(f.severity == "warning" for f in document.findings),
            "events": report.events.select_related("actor"),
            "edit_form": EditForm(report=report, prefix="edit")
            if draft and roles & COMPILE_ROLES
            else None,
            "adjust_form": AdjustForm(report=report, prefix="adjust")
            if draft and roles & COMPILE_ROLES
            else None,
            "publish_form": PublishForm(
                prefix="publish", initial={"published_on": timezone.localdate()}
            )
            if draft and publisher
            else None,
            "correct_form": CorrectForm(
                report=report, prefix="correct", initial={"corrected_on": timezone.localdate()}
            )
            if not draft and publisher
            else None,
            "prior": report.unit.prior_reports.filter(year=report.year - 1).first(),
            "prior_form": PriorForm(report=report, prefix="prior")
            if draft and roles & COMPILE_ROLES and not last_published
            else None,
            "versions": report.versions.select_related("actor"),
            "renderings": report.renderings.values_list("fmt", flat=True),
            "year_not_ended": not year_ended(report.year, timezone.localdate()),
        },
    )


@login_required
def report_cell(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    report = _get(request, pk)
    cell = report.report.definition.cells.get(key)
    if cell is None:
        raise Http404
    records = selectors.cell_records(report, key)
    return render(
        request,
        "reports/cell.html",
        {
            "report": report,
            "label": " / ".join(cell.label_path),
            "value": report.document["cells"].get(key),
            "applications": records.applications,
            "appeals": records.appeals,
            "items": records.items,
        },
    )

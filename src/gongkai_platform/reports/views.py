"""Annual report pages: the list, compiling, the tables with a link behind every figure, and the
drill-down to the records counted in a cell."""

from __future__ import annotations

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
from gongkai.report import Number
from gongkai_platform import csp
from gongkai_platform.accounts.models import Unit
from gongkai_platform.accounts.scoping import acting_units, roles_in
from gongkai_platform.core.errors import ActionRefused
from gongkai_platform.core.forms import Form, date_field
from gongkai_platform.core.requests import user_of
from gongkai_platform.reports import selectors
from gongkai_platform.reports.models import AnnualReport, ReportState
from gongkai_platform.reports.services import (
    COMPILE_ROLES,
    PUBLISH_ROLES,
    report_adjust,
    report_compile,
    report_edit,
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


class PublishForm(Form):
    # The ISO date picker: a localised value ("2026年1月20日") is one the browser's date input
    # rejects, leaving the field empty and the button sending nothing.
    published_on = date_field(gettext_lazy("公布日期"))
    acknowledge_warnings = forms.BooleanField(
        label=gettext_lazy("已逐条核实上列警告，确认公布"), required=False
    )


def _post(request: HttpRequest, report: AnnualReport, action: Callable[[], object]) -> None:
    try:
        action()
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("已保存"))


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
    tables = [
        (table, *_grid(table, report))
        for table in document.definition.tables
        if table.id in ("t3", "t4")
    ]
    user = user_of(request)
    roles = roles_in(user, report.unit)
    draft = report.state == ReportState.DRAFT
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
            if draft and roles & PUBLISH_ROLES
            else None,
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

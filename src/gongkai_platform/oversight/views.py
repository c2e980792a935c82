"""The oversight pages (条例 §47): register and chase list, roll-up, a unit's report and checks,
statistics.  Views are thin: reads through ``selectors``, writes through ``services``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai import formats
from gongkai.report import SEVERITY_NAMES, Report
from gongkai_platform.accounts.models import Unit
from gongkai_platform.core.errors import ActionRefused
from gongkai_platform.core.requests import MAX_ID, query_number, user_of
from gongkai_platform.oversight import exports, selectors, services
from gongkai_platform.oversight.scoring import score

HEADLINES = (
    ("t3.new_received.total", "本年新收申请"),
    ("t3.carried_over.total", "上年结转"),
    ("t3.total_processed.total", "办理结果总计"),
    ("t3.carried_forward.total", "结转下年度"),
    ("t4.review.total", "行政复议总计"),
    ("t4.lit_direct.total", "未经复议直接起诉"),
    ("t4.lit_after_review.total", "复议后起诉"),
)


def _root(request: HttpRequest, pk: int) -> Unit:
    """The area, if the user oversees it; anything else is 404 (its existence is not told)."""
    try:
        return selectors.overseen(user_of(request)).get(pk=pk)
    except Unit.DoesNotExist:
        raise Http404 from None


def _year(year: int) -> int:
    if not 2008 <= year <= timezone.localdate().year:
        raise Http404
    return year


def _years(year: int) -> list[int]:
    """The years the page links to: the two before and after, up to last year."""
    return [y for y in range(year - 2, year + 3) if 2008 <= y < timezone.localdate().year]


def _export(
    request: HttpRequest,
    name: str,
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> HttpResponse | None:
    fmt = request.GET.get("export")
    if fmt == "csv":
        response = HttpResponse(
            exports.to_csv(header, rows), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(title, header, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        return None
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def index(request: HttpRequest) -> HttpResponse:
    roots = list(selectors.oversight_roots(user_of(request)))
    year = timezone.localdate().year - 1
    if len(roots) == 1:
        return redirect("oversight:register", roots[0].pk, year)
    return render(request, "oversight/index.html", {"roots": roots, "year": year})


REGISTER_PAGE = 100
REGISTER_HEADER = (
    "单位",
    "类型",
    "是否要求公布",
    "来源",
    "公布日期",
    "公布期限",
    "状态",
    "内容哈希",
)


@login_required
def register(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    root, year = _root(request, pk), _year(year)
    rows = selectors.register(root, year)
    table = (  # a generator: built only when exported
        (
            r.unit.name,
            r.unit.get_kind_display(),
            "否：" + r.exemption if r.exemption else "是",
            r.source_label,
            r.published_on,
            r.deadline,
            r.status_label,
            r.sha256,
        )
        for r in rows
    )
    exported = _export(request, f"register-{year}", "年报登记", REGISTER_HEADER, table)
    if exported:
        return exported
    counts = {
        label: sum(1 for r in rows if r.status_label == label)
        for label in selectors.STATUS_LABELS.values()
    }
    # A county has a few dozen units, a province thousands: the full list pages by 100 (the
    # chart, the counts and the chase list cover every unit; the export has every row).
    page = Paginator(rows, REGISTER_PAGE).get_page(request.GET.get("page"))
    chart = {"labels": list(counts), "values": list(counts.values())}
    return render(
        request,
        "oversight/register.html",
        {
            "root": root,
            "year": year,
            "years": _years(year),
            "rows": page.object_list,
            "page": page,
            "counts": counts,
            "chart": chart,
            "chase": selectors.chase_list(rows),
            "manage": selectors.may_manage(user_of(request), root),
            "options": selectors.deadline_options(root),
        },
    )


TOTALS_HEADER = ("单元格", "项目", "合计", "填报单位数", "单位总数", "其中填0", "空白", "无此项")


def _label(key: str, year: int) -> str:
    cell = formats.for_year(year).cells.get(key)
    return " / ".join(cell.label_path[1:]) if cell else key


@login_required
def area(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    root, year = _root(request, pk), _year(year)
    rows, result = selectors.area_rollup(root, year)
    totals = result.totals.get(year, {})
    table = [
        (key, _label(key, year), t.sum, t.reported, t.units, t.zero, t.blank, t.missing)
        for key, t in totals.items()
        if key.startswith(("t2.", "t3.", "t4."))
    ]
    exported = _export(request, f"rollup-{year}", "汇总", TOTALS_HEADER, table)
    if exported:
        return exported
    units = _unit_table(rows, result)
    headline = [(label, totals.get(key)) for key, label in HEADLINES]
    chart = {
        "labels": [label for label, _ in headline],
        "values": [t.sum if t else None for _, t in headline],
    }
    return render(
        request,
        "oversight/area.html",
        {
            "root": root,
            "year": year,
            "years": _years(year),
            "table": table,
            "units": units,
            "headline_pairs": [
                (
                    label,
                    f"{'—' if t.sum is None else t.sum}（{t.reported}/{t.units} 个单位填报）"
                    if t
                    else None,
                )
                for label, t in headline
            ],
            "chart": chart,
            "check": result.area,
            "area_findings": [
                (f.cells[0], _label(f.cells[0], year), f.actual, f.expected, f.actual - f.expected)
                for f in result.area.findings
            ],
            "area_gaps": [
                (
                    g["cell"],
                    _label(g["cell"], year),
                    g["area"],
                    g["sum"],
                    g["reported"],
                    g["units"],
                    "、".join(g["blank"]) or "—",
                    "、".join(g["absent"]) or "—",
                )
                for g in result.area.gaps
            ],
            "manage": selectors.may_manage(user_of(request), root),
        },
    )


def _unit_table(
    rows: list[selectors.RegisterRow], result: selectors.AreaRollup
) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        found = selectors.unit_findings(result, r.unit, result.year)
        cells = result.cells.get(r.unit.pk, {})
        out.append(
            {
                "row": r,
                "errors": sum(1 for f in found if f.severity == "error"),
                "warnings": sum(1 for f in found if f.severity == "warning"),
                "values": [(label, cells.get(key)) for key, label in HEADLINES[:3]],
            }
        )
    return out


@login_required
def unit(request: HttpRequest, pk: int, year: int, unit_pk: int) -> HttpResponse:
    root, year = _root(request, pk), _year(year)
    checked = selectors.unit_check(root, year, unit_pk)
    if checked is None:
        raise Http404
    row, found = checked
    card = score(row, found, year)
    if request.GET.get("export") == "docx":
        response = HttpResponse(
            exports.advice_docx(
                root.name, row.unit.name, year, row.status_label, found, card.total
            ),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f'attachment; filename="advice-{unit_pk}-{year}.docx"'
        return response
    report = Report.from_json(row.document) if row.document else None
    cells = []
    if report is not None:
        for key, value in report.cells.items():
            if value is None and key not in report.provenance:
                continue
            prov = report.provenance.get(key)
            cells.append((key, _label(key, year), value, prov))
    return render(
        request,
        "oversight/unit.html",
        {
            "root": root,
            "year": year,
            "years": _years(year),
            "row": row,
            "findings": [(f, SEVERITY_NAMES[f.severity]) for f in found],
            "card": card,
            "cells": cells,
            "manage": selectors.may_manage(user_of(request), root),
            "checks": selectors.check_count(row.unit, year),
        },
    )


@login_required
def unit_checks(request: HttpRequest, pk: int, year: int, unit_pk: int) -> HttpResponse:
    """The history of a unit's re-checks for a year: each check's report, findings and score,
    and what was fixed or found anew since the check before."""
    root, year = _root(request, pk), _year(year)
    target = get_object_or_404(root.subtree(), pk=unit_pk)
    checks = selectors.check_history(target, year)
    return render(
        request,
        "oversight/checks.html",
        {
            "root": root,
            "year": year,
            "years": _years(year),
            "unit": target,
            "checks": list(reversed(checks)),  # the latest first
            "manage": selectors.may_manage(user_of(request), root),
        },
    )


STATS_HEADER = (
    "单位或承办人",
    "收到",
    "办结",
    "按期答复率",
    "办理工作日中位数",
    "延期",
    "补正率",
    "未办结",
    "最早未办结",
)


def _pct(value: float | None) -> str:
    return "样本不足" if value is None else f"{value:.0%}"


def _metric_row(name: str, m: selectors.Metrics) -> tuple[Any, ...]:
    return (
        name,
        m.received,
        m.closed,
        _pct(m.on_time_rate),
        m.median_days if m.median_days is not None else "样本不足",
        m.extensions,
        _pct(m.correction_rate),
        m.backlog,
        m.oldest_open,
    )


@login_required
def statistics(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    root, year = _root(request, pk), _year(year)
    unit = None
    if request.GET.get("unit"):
        unit = get_object_or_404(root.subtree(), pk=request.GET["unit"])
    handler = query_number(request, "handler", 1, MAX_ID)
    s = selectors.statistics(root, year, unit=unit, handler=handler)
    by = request.GET.get("by", "unit")
    groups = [(u.name, m) for u, m in s.by_unit] if by == "unit" else s.by_handler
    table = [_metric_row(name, m) for name, m in groups]
    exported = _export(request, f"statistics-{year}", "统计", STATS_HEADER, table)
    if exported:
        return exported
    ranked = [
        (name, _pct(m.on_time_rate))
        for name, m in sorted(
            ((name, m) for name, m in groups if m.on_time_rate is not None),
            key=lambda item: -(item[1].on_time_rate or 0),
        )
    ]
    query = request.GET.copy()
    query.pop("export", None)
    chart = {"labels": [f"{m}月" for m, _ in s.months], "values": [n for _, n in s.months]}
    return render(
        request,
        "oversight/statistics.html",
        {
            "root": root,
            "year": year,
            "years": _years(year),
            "s": s,
            "table": [list(zip(STATS_HEADER, row, strict=True)) for row in table],
            "header": STATS_HEADER,
            "export_query": query.urlencode() + "&" if query else "",
            "outcomes": s.total.outcomes.most_common(),
            "month_pairs": [(f"{m}月", n) for m, n in s.months],
            "total": _metric_row("合计", s.total),
            "ranked": ranked,
            "by": by,
            "chart": chart,
            "units": root.subtree(),
            "handlers": selectors.handlers(root),
            "unit": unit,
            "handler": handler,
            "review_rate": _pct(s.review_correction_rate),
            "min_count": selectors.MIN_COUNT,
        },
    )


def _act(request: HttpRequest, run: Callable[[], object], done: str) -> None:
    try:
        run()
        messages.success(request, done)
    except ActionRefused as refused:
        messages.error(request, refused.message)


@login_required
@require_POST
def unit_action(request: HttpRequest, pk: int, year: int, unit_pk: int) -> HttpResponse:
    root, year = _root(request, pk), _year(year)
    target = get_object_or_404(root.subtree(), pk=unit_pk)
    actor = user_of(request)
    action = request.POST.get("action")
    if action == "exempt":
        _act(
            request,
            lambda: services.unit_exempt(
                actor=actor,
                root=root,
                unit=target,
                year=year,
                reason=request.POST.get("reason", ""),
            ),
            "已标记为不要求公布",
        )
    elif action == "require":
        _act(
            request,
            lambda: services.unit_require(actor=actor, root=root, unit=target, year=year),
            "已恢复为要求公布",
        )
    elif action == "recheck":
        _act(
            request,
            lambda: services.unit_recheck(actor=actor, root=root, unit=target, year=year),
            "已复核",
        )
    elif action == "receive" and request.FILES.getlist("file"):
        upload = request.FILES.getlist("file")[0]
        _act(
            request,
            lambda: services.report_receive(
                actor=actor,
                root=root,
                unit=target,
                year=year,
                data=upload.read(),
                name=upload.name or "report",
            ),
            "已登记收到的年度报告",
        )
    elif action == "fetch" and request.POST.get("url", "").strip():
        _act(
            request,
            lambda: services.report_fetch(
                actor=actor, root=root, unit=target, year=year, url=request.POST["url"]
            ),
            "已从网址读取并登记年度报告",
        )
    else:
        messages.error(request, "无法识别的操作")
    return redirect("oversight:unit", root.pk, year, target.pk)


@login_required
@require_POST
def deadline(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    root = _root(request, pk)
    try:
        month, day = (int(p) for p in request.POST.get("township", "").split("-"))
    except ValueError:
        messages.error(request, "期限应写作“月-日”，如 1-31")
        return redirect("oversight:register", root.pk, year)
    _act(
        request,
        lambda: services.deadline_configure(
            actor=user_of(request), root=root, month=month, day=day
        ),
        "已保存乡镇街道年报公布期限",
    )
    return redirect("oversight:register", root.pk, year)


@login_required
@require_POST
def area_claim(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    root, year = _root(request, pk), _year(year)
    covers = request.POST.get("covers") == "1"
    _act(
        request,
        lambda: services.area_claim(
            actor=user_of(request),
            root=root,
            year=year,
            covers=covers,
            note=request.POST.get("note", ""),
        ),
        "已声明本级报告涵盖下级单位" if covers else "已撤销本级报告涵盖下级单位的声明",
    )
    return redirect("oversight:area", root.pk, year)

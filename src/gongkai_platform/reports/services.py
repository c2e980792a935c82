"""Compiling a unit's annual report from its records (条例 §50 (二)(三)).

表三 and 表四 are counted by :func:`gongkai.compile.compile_tables` from the unit's applications
and appeals, so the identities hold by construction and every cell keeps the records behind it.
表二 and the narrative sections are kept from the previous draft.  The core rules
(:func:`gongkai.rules.check`) run on the result, with last year's *published* report as
``previous`` (cross-year carry-over, X1), and their findings are stored with the document.
Compiling, editing, adjusting and publishing run through the platform's one action runner
(``core.actions``; :data:`REPORTS`), each writing one hash-chained :class:`ReportEvent`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, NullIf
from django.utils import timezone

from gongkai import formats, law, rules
from gongkai.compile import AppealRecord, CaseRecord, Compiled, CompileError, compile_tables
from gongkai.formats import Kind
from gongkai.report import SECTION_KEYS, Finding, Number, Report
from gongkai.rules import Options
from gongkai.rules.deadline import publication_deadline
from gongkai.rules.engine import AgencyLevel
from gongkai_platform.accounts.models import Role, Unit, UnitKind
from gongkai_platform.accounts.scoping import roles_in
from gongkai_platform.appeals.models import Appeal
from gongkai_platform.applications.models import Application
from gongkai_platform.catalog.services import ItemFields, catalog_item_for_report
from gongkai_platform.catalog.table2 import compile_table2
from gongkai_platform.core.actions import Aggregate, Transition, changes
from gongkai_platform.core.errors import ActionRefused, ErrorCode
from gongkai_platform.core.people import person_name
from gongkai_platform.core.reportfiles import read_report
from gongkai_platform.reports.models import (
    AnnualReport,
    PriorReport,
    ReportAction,
    ReportAdjustment,
    ReportEvent,
    ReportRendering,
    ReportState,
    ReportVersion,
    content_hash,
)

# The OGI office compiles the report (条例 §4): its head (审核人) and the unit's administrator.
COMPILE_ROLES = frozenset({Role.APPROVER, Role.ADMIN})
APPEAL_PREFIX = "appeal-"
APPLICANT_COLUMNS = formats.T3_APPLICANT_COLUMNS

AGENCY_LEVELS: dict[str, AgencyLevel] = {
    UnitKind.PROVINCE: "government",
    UnitKind.CITY: "government",
    UnitKind.COUNTY: "government",
    UnitKind.TOWNSHIP: "township",
    UnitKind.SUBDISTRICT: "township",
    UnitKind.DEPARTMENT: "department",
}


def case_records(unit: Unit, year: int) -> list[CaseRecord]:
    """The unit's applications that concern ``year``: received by its end, open at its start."""
    # Up to 100,000 rows: fetched in one go, unsorted (the model's ordering would sort them on
    # disk), each already shaped as a record by the database (id as text, no outcome as NULL).
    rows = (
        Application.objects.filter(unit=unit, received_on__lte=date(year, 12, 31))
        .exclude(closed_on__lt=date(year, 1, 1))
        .order_by()
        .values_list(
            Cast("pk", CharField()),
            "applicant_type",
            "received_on",
            "closed_on",
            NullIf("outcome", Value("")),
        )
    )
    return list(map(CaseRecord._make, rows))


def appeal_records(unit: Unit, year: int) -> list[AppealRecord]:
    rows = (
        Appeal.objects.filter(unit=unit, filed_on__lte=date(year, 12, 31))
        .exclude(decided_on__lt=date(year, 1, 1))
        .values_list("pk", "kind", "filed_on", "decided_on", "result")
    )
    return [
        AppealRecord(f"{APPEAL_PREFIX}{pk}", kind, filed, decided, result or None)
        for pk, kind, filed, decided, result in rows
    ]


def is_leaf(key: str) -> bool:
    """A cell that is not a sum of others: not a 总计 column or row, not 表四's 总计."""
    return not key.endswith(".total") and not key.startswith("t3.total_processed.")


def leaf_sources(sources: dict[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """The records of the cells that are not sums; a sum's records are its parts' (see
    ``selectors.cell_records``), so each id is stored about twice rather than six times."""
    return {key: list(ids) for key, ids in sources.items() if ids and is_leaf(key)}


def _published(unit: Unit, year: int) -> AnnualReport | None:
    return AnnualReport.objects.filter(unit=unit, year=year, state=ReportState.PUBLISHED).first()


def _previous(unit: Unit, year: int) -> Report | None:
    """Last year's report for the cross-year checks: published on the platform, or else
    imported or entered (:class:`PriorReport`, a unit's first year here)."""
    last = _published(unit, year - 1)
    if last is not None:
        return last.report
    prior = PriorReport.objects.filter(unit=unit, year=year - 1).first()
    return prior.report if prior else None


def _count(unit: Unit, year: int) -> Compiled:
    """表三 and 表四 counted from the unit's records of ``year``."""
    try:
        return compile_tables(year, case_records(unit, year), appeal_records(unit, year))
    except CompileError as error:
        raise ActionRefused(ErrorCode.INVALID, str(error)) from None


def _fill(
    saved: AnnualReport, unit: Unit, year: int, existing: AnnualReport | None, compiled: Compiled
) -> None:
    """Put the counted 表三 and 表四 (with the 上年结转 last year's imported report declares that
    the records do not hold) and 表二 第二十条第（一）项 into ``saved``, keep the rest of
    ``existing``, check."""
    counted = dict(compiled.cells)
    unrecorded = unrecorded_carry_over(unit, year, counted)
    counted.update({key: counted.get(key, 0) + n for key, n in unrecorded.items()})
    report = compiled.report(agency=unit.name)
    if existing is not None:
        kept = existing.report
        report.sections = kept.sections
        report.cells.update(
            {k: v for k, v in kept.cells.items() if not k.startswith(("t3.", "t4."))}
        )
    # 表二 第二十条第（一）项 (规章, 行政规范性文件) is counted from the catalog.
    table2 = compile_table2(unit, year)
    report.cells.update(table2.cells)
    adjustments = list(existing.adjustments.all()) if existing is not None else []
    report.findings = _findings(unit, report, counted, adjustments, unrecorded)
    fields = {
        "document": report.to_json(),
        "sources": {
            **leaf_sources(compiled.sources),
            **{key: ids for key, ids in table2.sources.items() if ids},
        },
        "compiled": counted,
        "unrecorded": unrecorded,
        "compiled_at": timezone.now(),
    }
    for name, value in fields.items():
        setattr(saved, name, value)
    saved.dirty = list(fields)  # type: ignore[attr-defined]


def unrecorded_carry_over(unit: Unit, year: int, counted: dict[str, int]) -> dict[str, int]:
    """In a unit's first year on the platform, the applications last year's imported or entered
    report carried forward (结转下年度) that the records do not hold: added to 上年结转 and, their
    handling not being recorded here, to 结转下年度 too, so that I1 still holds; a warning
    (:data:`UNRECORDED_RULE`) asks for them to be registered.  Nothing when last year's report
    was compiled on the platform (its records are this year's records)."""
    prior = PriorReport.objects.filter(unit=unit, year=year - 1).first()
    if prior is None or _published(unit, year - 1) is not None:
        return {}
    cells = prior.document.get("cells", {})
    extra: dict[str, int] = {}
    for column in APPLICANT_COLUMNS:
        declared = cells.get(f"t3.carried_forward.{column}")
        if not isinstance(declared, int) or isinstance(declared, bool):
            continue
        missing = declared - counted.get(f"t3.carried_over.{column}", 0)
        if missing > 0:
            extra[f"t3.carried_over.{column}"] = extra[f"t3.carried_forward.{column}"] = missing
    if extra:
        total = sum(n for key, n in extra.items() if key.startswith("t3.carried_over."))
        extra["t3.carried_over.total"] = extra["t3.carried_forward.total"] = total
    return extra


def report_compile(*, actor: User, unit: Unit, year: int) -> AnnualReport:
    """Count 表三 and 表四 from the records, keep 表二 and the text, check, store, log."""
    _may(actor, unit, ReportAction.COMPILE)
    if year > timezone.localdate().year:
        raise ActionRefused(ErrorCode.INVALID, "不能汇总尚未开始的年度")
    # Counted before the report's row is locked: a large unit's 100,000 records take a while.
    compiled = _count(unit, year)

    def cells(saved: AnnualReport) -> dict[str, Any]:
        return dict(saved.document["cells"]) if saved.document else {}

    existing = AnnualReport.objects.filter(unit=unit, year=year).values_list("pk", flat=True)
    pk = existing.first()
    if pk is None:

        def build() -> AnnualReport:
            new = AnnualReport(unit=unit, year=year, document={})
            _fill(new, unit, year, None, compiled)
            return new

        return REPORTS.create(
            actor=actor, action=ReportAction.COMPILE, build=build, check=lambda: None,
            snapshot=cells,
        )  # fmt: skip
    # The row is locked without its sources (100,000 ids for a large unit, not worth reading
    # back only to be replaced); only the compiled fields are written.
    return REPORTS.run(
        actor=actor, pk=pk, action=ReportAction.COMPILE,
        mutate=lambda saved: _fill(saved, unit, year, saved, compiled), snapshot=cells,
    )  # fmt: skip


# Editing, adjusting and publishing -------------------------------------------------------------

ADJUSTMENT_RULE = "platform.manual_adjustment"
YEAR_NOT_ENDED_RULE = "deadline.year_not_ended"
UNRECORDED_RULE = "platform.unrecorded_carry_over"
# The Chinese titles of the findings the platform adds itself (the core rules carry their own).
PLATFORM_RULE_TITLES = {
    ADJUSTMENT_RULE: "人工调整汇总数字",
    YEAR_NOT_ENDED_RULE: "统计年度尚未结束",
    UNRECORDED_RULE: "上年结转未在平台登记",
}


def rule_title(rule_id: str) -> str:
    """What a finding's rule checks, in Chinese, for pages (never the raw rule id)."""
    core = {rule.id: rule.title for rule in rules.all_rules()}
    return core.get(rule_id) or PLATFORM_RULE_TITLES.get(rule_id, "其他核查")


PUBLISH_ROLES = frozenset({Role.APPROVER})  # the head of the OGI office (条例 §4)


def _findings(
    unit: Unit,
    report: Report,
    compiled: dict[str, int],
    adjustments: list[ReportAdjustment],
    unrecorded: dict[str, int],
) -> list[Finding]:
    """Put the counted figures and then the manual adjustments into ``report``, then run the
    core rules (with last year's published report as ``previous``); each adjustment is itself a
    finding."""
    report.cells.update(compiled)
    for adjustment in adjustments:
        report.cells[adjustment.cell] = adjustment.value
    assert report.year is not None
    level = AGENCY_LEVELS[unit.kind]
    found = rules.check(report, _previous(unit, report.year), Options(agency_level=level))
    definition = report.definition
    for a in adjustments:
        label = "·".join(definition.cells[a.cell].label_path[1:])
        found.append(
            Finding(
                ADJUSTMENT_RULE,
                "warning",
                (a.cell,),
                compiled.get(a.cell),
                a.value,
                f"人工调整：{label} 由汇总值 {compiled.get(a.cell)} 改为 {a.value}。理由：{a.reason}"
                f"（{person_name(a.actor)}）",
            )
        )
    carried = unrecorded.get("t3.carried_over.total")
    if carried:
        found.append(
            Finding(
                UNRECORDED_RULE,
                "warning",
                tuple(key for key in unrecorded if key.startswith("t3.carried_over.")),
                None,
                carried,
                f"上年结转中有 {carried} 件按上年度报告计入，平台没有其办理记录，已同时计入"
                "结转下年度；请将这些申请登记到平台后重新汇总，或以人工调整说明其办理结果",
            )
        )
    return found


DRAFT = frozenset({ReportState.DRAFT})
TRANSITIONS: dict[str, Transition[ReportState]] = {
    ReportAction.COMPILE: Transition(DRAFT, None, COMPILE_ROLES, law.ART_50.short()),
    ReportAction.EDIT: Transition(DRAFT, None, COMPILE_ROLES, law.ART_50.short()),
    ReportAction.ADJUST: Transition(DRAFT, None, COMPILE_ROLES, law.ART_50.short()),
    ReportAction.PUBLISH: Transition(
        DRAFT, ReportState.PUBLISHED, PUBLISH_ROLES, law.ART_49.short()
    ),
    ReportAction.PRIOR: Transition(DRAFT, None, COMPILE_ROLES, law.ART_50.short()),
    ReportAction.CORRECT: Transition(
        frozenset({ReportState.PUBLISHED}), None, PUBLISH_ROLES, law.ART_50.short()
    ),
}


def _may(actor: User, unit: Unit, action: ReportAction) -> None:
    if not roles_in(actor, unit) & TRANSITIONS[action].roles:
        raise ActionRefused(
            ErrorCode.NOT_PERMITTED, f"您在{unit.name}没有{action.label}年度报告的权限"
        )


class Reports(Aggregate[AnnualReport]):
    """How the action runner (``core.actions``) treats an annual report: locked without its
    sources, a draft only, by the OGI office; only the fields an action set are written; its
    events in :class:`ReportEvent`, one stream per report, recording the cells and sections
    that changed."""

    model = AnnualReport
    events = ReportEvent
    transitions = TRANSITIONS
    noun = "年度报告"

    def lock(self, pk: int) -> AnnualReport:
        return (
            AnnualReport.objects.select_for_update()
            .defer("sources")
            .select_related("unit")
            .get(pk=pk)
        )

    def check(self, actor: Any, obj: AnnualReport, action: str) -> None:
        _may(actor, obj.unit, ReportAction(action))

    def snapshot(self, obj: AnnualReport) -> dict[str, Any]:
        return {
            "cells": dict(obj.document["cells"]),
            "sections": dict(obj.document["sections"]),
        }

    def diff(
        self, before: dict[str, Any], after: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Cells and sections separately, each only what changed; a compile's flat cells too."""
        if set(after) != {"cells", "sections"}:
            return changes(before, after)
        parts = {key: changes(before.get(key) or {}, after[key]) for key in after}
        return {k: p[0] for k, p in parts.items()}, {k: p[1] for k, p in parts.items()}

    def finish(self, obj: AnnualReport) -> None:
        if obj._state.adding:
            obj.save()
        else:
            obj.save(update_fields=[*getattr(obj, "dirty", ["document"]), "state"])

    def state_label(self, obj: AnnualReport) -> str:
        return str(obj.get_state_display())

    def action_label(self, action: str) -> str:
        return f"{ReportAction(action).label}"

    def subject(self, obj: AnnualReport, state_before: str) -> dict[str, Any]:
        return {"report": obj}


REPORTS = Reports()


def _store(saved: AnnualReport, report: Report) -> None:
    saved.document = report.to_json()
    saved.dirty = ["document"]  # type: ignore[attr-defined]


def report_edit(
    *,
    actor: User,
    report: AnnualReport | int,
    cells: dict[str, Number | None] | None = None,
    sections: dict[str, str] | None = None,
) -> AnnualReport:
    """Enter 表二 figures and the narrative sections.  表三 and 表四 are counted, never typed:
    a compiled figure changes only through :func:`report_adjust`."""

    def mutate(saved: AnnualReport) -> None:
        document = saved.report
        _enter(document, cells or {}, sections or {})
        document.findings = _findings(
            saved.unit, document, saved.compiled, list(saved.adjustments.all()), saved.unrecorded
        )
        _store(saved, document)

    return REPORTS.run(actor=actor, pk=_pk(report), action=ReportAction.EDIT, mutate=mutate)


def _enter(document: Report, cells: dict[str, Number | None], sections: dict[str, str]) -> None:
    """Put entered 表二 figures and narrative text into ``document``, refusing anything else."""
    for key, value in cells.items():
        cell = document.definition.cells.get(key)
        if cell is None or not key.startswith("t2."):
            raise ActionRefused(ErrorCode.INVALID, f"{key} 不是可填写的表二单元格")
        if value is not None and (
            isinstance(value, bool)
            or value < 0
            or (cell.kind is Kind.COUNT and not isinstance(value, int))
        ):
            raise ActionRefused(
                ErrorCode.INVALID,
                f"{'·'.join(cell.label_path[1:])}应为不小于0的{'整数' if cell.kind is Kind.COUNT else '数'}",
            )
        document.cells[key] = value
    for key, text in sections.items():
        if key not in SECTION_KEYS:
            raise ActionRefused(ErrorCode.INVALID, f"未知的报告部分：{key}")
        document.sections[key] = text.strip()


def _pk(report: AnnualReport | int) -> int:
    return report if isinstance(report, int) else report.pk


def report_adjust(
    *, actor: User, report: AnnualReport | int, cell: str, value: int, reason: str
) -> AnnualReport:
    """Change a compiled 表三/表四 figure by hand, with a reason; it shows as a finding."""

    def mutate(saved: AnnualReport) -> None:
        document = saved.report
        if not reason.strip():
            raise ActionRefused(ErrorCode.INVALID, "人工调整必须说明理由")
        _adjust(saved, document, actor, {cell: value}, reason)
        document.findings = _findings(
            saved.unit, document, saved.compiled, list(saved.adjustments.all()), saved.unrecorded
        )
        _store(saved, document)

    return REPORTS.run(
        actor=actor, pk=_pk(report), action=ReportAction.ADJUST, mutate=mutate,
        reason=reason.strip(),
    )  # fmt: skip


def _adjust(
    saved: AnnualReport, document: Report, actor: User, values: dict[str, int], reason: str
) -> None:
    """Record compiled 表三/表四 figures changed by hand (re-applied after every compile)."""
    for cell, value in values.items():
        if cell not in document.definition.cells or not cell.startswith(("t3.", "t4.")):
            raise ActionRefused(ErrorCode.INVALID, f"{cell} 不是表三或表四的单元格")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ActionRefused(ErrorCode.INVALID, "调整后的数值应为不小于0的整数")
        ReportAdjustment.objects.update_or_create(
            report=saved,
            cell=cell,
            defaults={"value": value, "reason": reason.strip(), "actor": actor},
        )


def year_ended(year: int, day: date) -> bool:
    """Whether the statistics year of a report (条例 §50: the work of the past year) has ended."""
    return day > date(year, 12, 31)


def early_publication(year: int) -> Finding:
    """The warning for a report published before its year ended: the year's figures may still
    change (条例 §49 asks for the report of the *previous* year, by 1-31 or 3-31)."""
    return Finding(
        YEAR_NOT_ENDED_RULE,
        "warning",
        (),
        None,
        None,
        f"{year}年度尚未结束，现在公布的年度报告统计数据不完整（{law.citation(law.ART_49, law.ART_50)}）",
    )


def report_publish(
    *,
    actor: User,
    report: AnnualReport | int,
    published_on: date | None = None,
    acknowledge_warnings: bool = False,
) -> AnnualReport:
    """Publish: the core rules gate it (any error blocks; warnings need an acknowledgement); the
    §49 deadline status is recorded; the printed versions are made by the task worker."""
    reason: list[str] = []

    def mutate(saved: AnnualReport) -> None:
        day = published_on or timezone.localdate()
        if day > timezone.localdate():
            raise ActionRefused(ErrorCode.INVALID, "公布日期不能晚于今天")
        document = saved.report
        document.published_on = day
        document.findings = _findings(
            saved.unit, document, saved.compiled, list(saved.adjustments.all()), saved.unrecorded
        )
        errors = [f for f in document.findings if f.severity == "error"]
        if errors:
            raise ActionRefused(
                ErrorCode.INVALID,
                f"有 {len(errors)} 条错误，不能公布：" + "；".join(f.message for f in errors[:5]),
            )
        warnings = [f for f in document.findings if f.severity == "warning"]
        if not year_ended(saved.year, day):
            warnings.append(early_publication(saved.year))
        if warnings and not acknowledge_warnings:
            raise ActionRefused(
                ErrorCode.INVALID, f"有 {len(warnings)} 条警告，须逐条核实并确认后才能公布"
            )
        assert document.year is not None
        deadline = publication_deadline(document.year, AGENCY_LEVELS[saved.unit.kind], Options())
        saved.deadline_on = deadline
        saved.published_late = day > deadline
        _store(saved, document)
        saved.dirty += ["deadline_on", "published_late"]  # type: ignore[attr-defined]
        reason.append(f"确认 {len(warnings)} 条警告" if warnings else "")
        _publish_version(saved, actor, day, "")
        transaction.on_commit(lambda: _enqueue_render(saved.pk))

    return REPORTS.run(
        actor=actor, pk=_pk(report), action=ReportAction.PUBLISH, mutate=mutate,
        reason=lambda: reason[0],
    )  # fmt: skip


def report_correct(
    *,
    actor: User,
    report: AnnualReport | int,
    reason: str,
    cells: dict[str, Number | None] | None = None,
    sections: dict[str, str] | None = None,
    adjustments: dict[str, int] | None = None,
    corrected_on: date | None = None,
) -> AnnualReport:
    """Correct a published report: 表二 figures and text as entered, 表三/表四 figures as manual
    adjustments, all with the reason given.  The rules gate it like a publication (an error
    blocks); the corrected report becomes a new published version (the earlier ones are kept
    and listed), its catalog item is updated (变更日期) and its files printed again.  The
    publication date, and so the §49 deadline status, stays that of the first publication."""

    def mutate(saved: AnnualReport) -> None:
        if not reason.strip():
            raise ActionRefused(ErrorCode.INVALID, "更正已公布的年度报告必须说明理由")
        day = corrected_on or timezone.localdate()
        latest = saved.versions.order_by("-number").first()
        if day > timezone.localdate():
            raise ActionRefused(ErrorCode.INVALID, "更正日期不能晚于今天")
        if latest is not None and day < latest.published_on:
            raise ActionRefused(
                ErrorCode.INVALID, f"更正日期不能早于上一版本的日期 {latest.published_on}"
            )
        document = saved.report
        _enter(document, cells or {}, sections or {})
        _adjust(saved, document, actor, adjustments or {}, reason)
        document.findings = _findings(
            saved.unit, document, saved.compiled, list(saved.adjustments.all()), saved.unrecorded
        )
        errors = [f for f in document.findings if f.severity == "error"]
        if errors:
            raise ActionRefused(
                ErrorCode.INVALID,
                f"有 {len(errors)} 条错误，不能更正：" + "；".join(f.message for f in errors[:5]),
            )
        _store(saved, document)
        if latest is not None and content_hash(saved.document) == latest.sha256:
            raise ActionRefused(ErrorCode.INVALID, "更正没有改变报告的内容")
        _publish_version(saved, actor, day, reason.strip())
        transaction.on_commit(lambda: _enqueue_render(saved.pk))

    return REPORTS.run(
        actor=actor, pk=_pk(report), action=ReportAction.CORRECT, mutate=mutate,
        reason=reason.strip(),
    )  # fmt: skip


REPORT_TITLE = "{unit}{year}年政府信息公开工作年度报告"


def _publish_version(saved: AnnualReport, actor: User, day: date, reason: str) -> None:
    """Keep the published document as the next version and make its catalog item (or update
    it): the 主动公开目录 lists the report with its 索引号 like any other item."""
    number = saved.versions.count() + 1
    ReportVersion.objects.create(
        report=saved,
        number=number,
        document=saved.document,
        sha256=content_hash(saved.document),
        published_on=day,
        actor=actor,
        reason=reason,
    )
    document = saved.report
    title = REPORT_TITLE.format(unit=saved.unit.name, year=saved.year)
    body = "\n\n".join(
        f"{section.number}、{section.title.text}\n{document.sections.get(section.key, '')}"
        for section in document.definition.sections
        if document.sections.get(section.key)
    )
    fields = ItemFields(
        title=title,
        formed_on=document.published_on or day,
        summary=f"{title}（{law.ART_50.short()}）",
        body=body,
        publisher=saved.unit.name,
    )
    item = catalog_item_for_report(
        actor=actor,
        unit=saved.unit,
        item=saved.catalog_item,
        fields=fields,
        on=day,
        reason=reason or (f"第 {number} 版" if number > 1 else ""),
    )
    if saved.catalog_item_id is None:
        saved.catalog_item = item
        saved.dirty.append("catalog_item")  # type: ignore[attr-defined]


def report_prior(
    *,
    actor: User,
    report: AnnualReport | int,
    reason: str,
    data: bytes | None = None,
    name: str = "",
    carried_forward: dict[str, int] | None = None,
) -> AnnualReport:
    """A unit's first year on the platform: bring in last year's report — a report-json file or
    any file ``gongkai ingest`` reads — or enter only its 结转下年度 by applicant column, with a
    reason; then count this year again, so that 上年结转 (表三 二) matches it (X1) and the
    applications it carried that the platform has no record of are counted
    (:func:`unrecorded_carry_over`).  Refused when last year's report was published here."""

    def mutate(saved: AnnualReport) -> None:
        last = saved.year - 1
        if not reason.strip():
            raise ActionRefused(ErrorCode.INVALID, "导入或填写上年度报告必须说明理由")
        if _published(saved.unit, last) is not None:
            raise ActionRefused(
                ErrorCode.INVALID, f"{last}年度报告已在平台公布，上年结转以其为准，不能另行导入"
            )
        if data is not None:
            prior = read_report(data, name)
            if prior.year is not None and prior.year != last:
                raise ActionRefused(
                    ErrorCode.INVALID, f"文件是 {prior.year} 年度的报告，不是 {last} 年度的"
                )
            source = name[:500]
        elif carried_forward is not None:
            prior = Report.blank(saved.report.format, agency=saved.unit.name, year=last)
            for column, value in carried_forward.items():
                if column not in APPLICANT_COLUMNS:
                    raise ActionRefused(ErrorCode.INVALID, f"{column} 不是表三的申请人类别")
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    raise ActionRefused(ErrorCode.INVALID, "结转件数应为不小于0的整数")
                prior.cells[f"t3.carried_forward.{column}"] = value
            prior.cells["t3.carried_forward.total"] = sum(carried_forward.values())
            source = "手工填写"
        else:
            raise ActionRefused(ErrorCode.INVALID, "请上传上年度报告文件，或填写上年结转件数")
        prior.year = last
        prior.agency = prior.agency or saved.unit.name
        PriorReport.objects.update_or_create(
            unit=saved.unit,
            year=last,
            defaults={
                "document": prior.to_json(),
                "source": source,
                "reason": reason.strip(),
                "actor": actor,
            },
        )
        _fill(saved, saved.unit, saved.year, saved, _count(saved.unit, saved.year))

    return REPORTS.run(
        actor=actor, pk=_pk(report), action=ReportAction.PRIOR, mutate=mutate,
        reason=reason.strip(),
        snapshot=lambda saved: {
            key: value for key, value in saved.document["cells"].items()
            if key.startswith("t3.carried_")
        },
    )  # fmt: skip


def _enqueue_render(report_id: int) -> None:
    from gongkai_platform.reports.tasks import render_report

    render_report.enqueue(report_id)


def report_render(report: AnnualReport) -> None:
    """Print the published report to HTML, DOCX and PDF (gongkai.render) and keep the files."""
    from gongkai.render.docx import render_docx
    from gongkai.render.html import render_html_bytes
    from gongkai.render.pdf import render_pdf

    document = report.report
    for fmt, render in (("html", render_html_bytes), ("docx", render_docx), ("pdf", render_pdf)):
        ReportRendering.objects.update_or_create(
            report=report, fmt=fmt, defaults={"content": render(document)}
        )

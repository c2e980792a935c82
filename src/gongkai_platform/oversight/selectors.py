"""Reads of the oversight pages: the register of an area's reports for a year, its roll-up, a
unit's checks (its published report against its own case records), and the statistics of the
area's applications (条例 §47 监督检查; §49 deadlines; §50 contents; §33 reply period).

Who sees what: 上级监督 of a unit reads its whole subtree; the 单位管理员 of a unit reads the
roll-up of its subtree (an area administrator answers for its units' reports).  Nobody reads
another area's units here: every read starts from :func:`overseen`.
"""

from __future__ import annotations

import hashlib
import statistics as stats
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce
from django.utils import timezone

from gongkai.compile import CompileError, compile_tables
from gongkai.report import SEVERITIES, SEVERITY_NAMES, Finding, Report
from gongkai.rollup import Entry, Total, coverage_gaps, rollup, rules_version
from gongkai.rules import Options
from gongkai.rules.deadline import publication_deadline
from gongkai.rules.engine import AgencyLevel
from gongkai_platform.accounts.models import Membership, Role, Unit, UnitKind
from gongkai_platform.accounts.scoping import AnyUser, roles_in
from gongkai_platform.appeals.models import Appeal, AppealKind, AppealResult
from gongkai_platform.applications import clock
from gongkai_platform.applications.models import Application, Pause
from gongkai_platform.applications.states import State
from gongkai_platform.holiday_calendar.selectors import calendar
from gongkai_platform.oversight.models import (
    AreaClaim,
    CheckedFindings,
    DeadlineSetting,
    Exemption,
    OversightEvent,
    PublishedHash,
    ReceivedReport,
    SourceKind,
    StoredRollup,
)
from gongkai_platform.reports.models import (
    AnnualReport,
    ReportState,
    ReportVersion,
    content_hash,
)
from gongkai_platform.reports.services import AGENCY_LEVELS, appeal_records, case_records

OVERSIGHT_ROLES = (Role.SUPERVISOR, Role.ADMIN)
# No rate or ranking is shown for fewer cases than this: one late reply out of two is not a rate.
MIN_COUNT = 5

KIND_ORDER = {
    kind: i
    for i, kind in enumerate(
        ("province", "city", "county", "township", "subdistrict", "department")
    )
}
STATUS_LABELS = {
    "on_time": "按期",
    "late": "逾期",
    "missing": "未公布",
    "modified": "公布后修改",
    "pending": "未到期",
    "unknown": "公布日期不详",
    "exempt": "不要求",
}


# Scope ------------------------------------------------------------------------------------------


def overseen(user: AnyUser) -> QuerySet[Unit]:
    """Units whose subtree ``user`` may look at as a supervisor: every unit under a unit where
    they are 上级监督 or 单位管理员 (the unit itself included)."""
    if isinstance(user, AnonymousUser):
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    roots = Membership.objects.filter(user=user, role__in=OVERSIGHT_ROLES).values_list(
        "unit__path", flat=True
    )
    condition = Q(pk__in=[])
    for path in roots:
        condition |= Q(path__startswith=path)
    return Unit.objects.filter(condition)


def oversight_roots(user: AnyUser) -> QuerySet[Unit]:
    """The units a user oversees from (their own memberships), for the index page."""
    if isinstance(user, AnonymousUser):
        return Unit.objects.none()
    return Unit.objects.filter(
        memberships__user=user, memberships__role__in=OVERSIGHT_ROLES
    ).distinct()


def may_manage(user: AnyUser, root: Unit) -> bool:
    """Only the area's 单位管理员 acts here; 上级监督 reads and changes nothing."""
    return Role.ADMIN in roles_in(user, root)


# Deadlines --------------------------------------------------------------------------------------


def ancestors(unit: Unit) -> list[int]:
    return [int(part) for part in unit.path.strip("/").split("/") if part]


def deadline_options(unit: Unit) -> Options:
    """The §49 options in force for ``unit``: the nearest township deadline set above it (or on
    it); none set: the default of gongkai.rules."""
    ids = ancestors(unit)
    settings = {
        s.unit_id: (s.township_month, s.township_day)
        for s in DeadlineSetting.objects.filter(unit_id__in=ids)
    }
    return _options(_nearest(unit, settings))


def _options(township: tuple[int, int] | None) -> Options:
    return Options() if township is None else Options(township_deadline=township)


def _nearest(unit: Unit, settings: dict[int, tuple[int, int]]) -> tuple[int, int] | None:
    return next((settings[pk] for pk in reversed(ancestors(unit)) if pk in settings), None)


def area_deadlines(root: Unit) -> dict[int, tuple[int, int]]:
    """Every township deadline set on ``root``, above it or anywhere in its subtree (unit id →
    (month, day)): a province's register gives each unit the setting nearest above it."""
    return {
        s.unit_id: (s.township_month, s.township_day)
        for s in DeadlineSetting.objects.filter(
            Q(unit_id__in=ancestors(root)) | Q(unit__path__startswith=root.path)
        )
    }


# The register -----------------------------------------------------------------------------------


@dataclass
class RegisterRow:
    unit: Unit
    kind_label: str
    level: AgencyLevel
    deadline: date
    status: str
    exemption: str | None = None
    source_kind: str | None = None
    source: str = ""
    published_on: date | None = None
    sha256: str = ""
    versions: int = 0
    document: dict[str, Any] | None = None  # read only when asked for (register(documents=True))
    platform_report: int | None = None  # the AnnualReport id when compiled on the platform
    received_report: int | None = None  # the ReceivedReport id of the version in force
    late: bool = False
    township_deadline: tuple[int, int] | None = None  # the setting nearest above the unit

    @property
    def has_report(self) -> bool:
        return self.source_kind is not None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source_kind or "", "")


SOURCE_LABELS = {"upload": "上传文件", "url": "网址读取", "platform": "平台汇总"}


def _status(row: RegisterRow, today: date) -> str:
    if row.exemption is not None:
        return "exempt"
    if not row.has_report:
        return "missing" if today > row.deadline else "pending"
    if row.versions > 1:
        return "modified"
    if row.published_on is None:
        return "unknown"
    return "late" if row.late else "on_time"


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def published_hashes(reports: Sequence[int]) -> dict[int, str]:
    """Hash the published platform reports ``reports`` that have no stored hash yet (or were
    compiled again since), store and return them (report id → SHA-256 of canonical JSON)."""
    if not reports:
        return {}
    fresh = [
        PublishedHash(report_id=pk, compiled_at=at, sha256=content_hash(document))
        for pk, at, document in AnnualReport.objects.filter(pk__in=reports).values_list(
            "pk", "compiled_at", "document"
        )
    ]
    PublishedHash.objects.filter(report_id__in=reports).delete()
    PublishedHash.objects.bulk_create(fresh, ignore_conflicts=True)
    return {h.report_id: h.sha256 for h in fresh}


def register(
    root: Unit, year: int, today: date | None = None, *, documents: bool = False
) -> list[RegisterRow]:
    """Every unit of ``root``'s subtree for ``year``: whether it must publish, its report's
    source, publication date and content hash, and its status by §49 and the local setting.
    With ``documents``, each row also carries its report document (:func:`load_documents`)."""
    today = today or timezone.localdate()
    # The area's own government first, then townships and subdistricts, then departments.
    units = sorted(
        root.subtree(),
        key=lambda u: (u.path.count("/"), KIND_ORDER.get(u.kind, len(KIND_ORDER)), u.name),
    )
    in_area = {"unit__path__startswith": root.path, "year": year}
    deadlines = area_deadlines(root)
    exempt = dict(Exemption.objects.filter(**in_area).values_list("unit_id", "reason"))
    # The stored content hash comes with each report (PublishedHash), in the same query.
    stored = PublishedHash.objects.filter(
        report=OuterRef("pk"), compiled_at=OuterRef("compiled_at")
    ).values("sha256")[:1]
    # A report corrected after publication has several published versions (reports.services
    # .report_correct): the register shows the latest one's hash and counts them all.
    newest = ReportVersion.objects.filter(report=OuterRef("pk")).order_by("-number")
    published = AnnualReport.objects.filter(**in_area, state=ReportState.PUBLISHED).annotate(
        stored=Coalesce(Subquery(newest.values("sha256")[:1]), Subquery(stored)),
        published_versions=Subquery(newest.values("number")[:1]),
    )
    platform: dict[int, tuple[int, str | None]] = {}
    hashes: dict[int, str] = {}
    platform_versions: dict[int, int] = {}
    for pk, unit_id, digest, count, day in published.values_list(
        "pk",
        "unit_id",
        "stored",
        "published_versions",
        KeyTextTransform("published_on", "document"),
    ):
        platform[unit_id] = (pk, day)
        platform_versions[pk] = count or 1
        if digest:
            hashes[pk] = digest
    hashes.update(published_hashes([pk for pk, _ in platform.values() if pk not in hashes]))
    received: dict[int, list[ReceivedReport]] = defaultdict(list)
    for version in (
        ReceivedReport.objects.filter(**in_area).order_by("received_at", "id").defer("document")
    ):
        received[version.unit_id].append(version)
    kinds = {kind: str(label) for kind, label in UnitKind.choices}
    rows = []
    for unit in units:
        level = AGENCY_LEVELS[unit.kind]
        township = _nearest(unit, deadlines)
        deadline = publication_deadline(year, level, _options(township))
        row = RegisterRow(unit, kinds[unit.kind], level, deadline, "missing")
        row.township_deadline = township
        row.exemption = exempt.get(unit.pk)
        versions = received.get(unit.pk, [])
        first_day: date | None = versions[0].published_on if versions else None
        if unit.pk in platform:
            pk, day = platform[unit.pk]
            row.source_kind, row.source = SourceKind.PLATFORM, SOURCE_LABELS["platform"]
            row.platform_report = pk
            row.sha256, row.published_on = hashes[pk], _day(day)
            row.versions = platform_versions[pk] + len({v.sha256 for v in versions} - {row.sha256})
            first_day = row.published_on
        elif versions:
            latest = versions[-1]
            row.source_kind, row.source = latest.kind, latest.source
            row.sha256, row.published_on = latest.sha256, latest.published_on
            row.received_report = latest.pk
            row.versions = len({v.sha256 for v in versions})
        row.late = first_day is not None and first_day > row.deadline
        row.status = _status(row, today)
        rows.append(row)
    if documents:
        load_documents(rows)
    return rows


def load_documents(rows: Sequence[RegisterRow]) -> None:
    """Give each row its report document (the published platform report, or the version in
    force of a received file): two queries however many rows."""
    platform = {r.platform_report: r for r in rows if r.platform_report is not None}
    received = {r.received_report: r for r in rows if r.received_report is not None}
    for pk, document in AnnualReport.objects.filter(pk__in=platform).values_list("pk", "document"):
        platform[pk].document = document
    for pk, document in ReceivedReport.objects.filter(pk__in=received).values_list(
        "pk", "document"
    ):
        received[pk].document = document


def chase_list(rows: Iterable[RegisterRow]) -> list[RegisterRow]:
    """The units to chase: missing, late, changed after publication."""
    return [r for r in rows if r.status in ("missing", "late", "modified")]


# The roll-up ------------------------------------------------------------------------------------


# Bump when what is stored changes shape or meaning: every stored roll-up is then computed again.
STORE_VERSION = 1


@dataclass
class AreaCheck:
    """The area's own report set against the sum of the units it claims to cover
    (``gongkai.rollup.area_vs_units``), with the evidence of what could not be compared."""

    claimed: bool
    area_report: bool  # the area has a report of the year to compare
    findings: list[Finding]  # cells whose value is not the units' sum
    gaps: list[dict[str, Any]]  # cells not compared: which units left them blank or lack them
    unreported: list[str]  # units required to publish that have no report: not in any sum

    def to_json(self) -> dict[str, Any]:
        return {
            "claimed": self.claimed,
            "area_report": self.area_report,
            "findings": [f.to_json() for f in self.findings],
            "gaps": self.gaps,
            "unreported": self.unreported,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AreaCheck:
        return cls(
            data["claimed"],
            data["area_report"],
            [Finding.from_json(f) for f in data["findings"]],
            data["gaps"],
            data["unreported"],
        )


@dataclass
class AreaRollup:
    """What the oversight pages show of a roll-up: the totals of every year rolled up, each unit's
    findings of the year and its headline cells, and the area-vs-units check.  Stored as JSON
    (:class:`~.models.StoredRollup`) under the key of its inputs (:func:`rollup_key`)."""

    year: int
    totals: dict[int, dict[str, Total]]
    unit_findings: dict[int, list[Finding]]  # unit id → findings of ``year``
    cells: dict[int, dict[str, Any]]  # unit id → its ``*.total`` cells of ``year``
    area: AreaCheck

    def findings(self) -> Iterator[tuple[int, Finding]]:
        for unit, found in self.unit_findings.items():
            for f in found:
                yield unit, f

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "totals": {
                str(y): {
                    k: [t.sum, t.reported, t.units, t.zero, t.blank, t.missing]
                    for k, t in cells.items()
                }
                for y, cells in self.totals.items()
            },
            "units": {
                str(u): [f.to_json() for f in found] for u, found in self.unit_findings.items()
            },
            "cells": {str(u): cells for u, cells in self.cells.items()},
            "area": self.area.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AreaRollup:
        return cls(
            data["year"],
            {
                int(y): {k: Total(*t) for k, t in cells.items()}
                for y, cells in data["totals"].items()
            },
            {int(u): [Finding.from_json(f) for f in found] for u, found in data["units"].items()},
            {int(u): cells for u, cells in data["cells"].items()},
            AreaCheck.from_json(data["area"]),
        )


def rollup_key(registers: Sequence[Sequence[RegisterRow]], options: Options, claimed: bool) -> str:
    """Everything a roll-up is computed from, as one SHA-256: each unit of each year rolled up
    (name, kind, whether required, the content hash, source and publication date of its report,
    its versions and status — the status follows today's date), the township deadline, the area's
    claim to cover its units, and the version of the rules and of what is stored."""
    digest = hashlib.sha256(
        f"{STORE_VERSION}|{rules_version()}|{options.township_deadline}|{claimed}".encode()
    )
    for rows in registers:
        for r in rows:
            fields = (
                r.unit.pk,
                r.unit.name,
                r.unit.kind,
                r.deadline,
                r.exemption,
                r.source_kind,
                r.source,
                r.sha256,
                r.published_on,
                r.versions,
                r.status,
                r.platform_report,
                r.received_report,
            )
            digest.update(repr(fields).encode())
        digest.update(b";")
    return digest.hexdigest()


def area_rollup(
    root: Unit, year: int, *, today: date | None = None, years_back: int = 1
) -> tuple[list[RegisterRow], AreaRollup]:
    """The register of ``year`` and the roll-up of its reports together with the same units'
    reports of the ``years_back`` years before, so that X1/X2 and repeated text and figures are
    checked across the years (and the earlier years' totals are there too).

    The roll-up is read from :class:`~.models.StoredRollup` when its key is the key of today's
    inputs (:func:`rollup_key`), and computed and stored otherwise: a stale one is never shown.
    The rows carry no documents (:func:`load_documents` gives a row its own)."""
    today = today or timezone.localdate()
    registers = [register(root, y, today) for y in range(year - years_back, year + 1)]
    options = deadline_options(root)
    claimed = AreaClaim.objects.filter(unit=root, year=year).exists()
    key = rollup_key(registers, options, claimed)
    stored = (
        StoredRollup.objects.filter(unit=root, year=year, years_back=years_back)
        .values_list("key", "data")
        .first()
    )
    if stored is not None and stored[0] == key:
        return registers[-1], AreaRollup.from_json(stored[1])
    result = compute_rollup(root, year, registers, options, claimed)
    with transaction.atomic():
        StoredRollup.objects.update_or_create(
            unit=root,
            year=year,
            years_back=years_back,
            defaults={"key": key, "data": result.to_json()},
        )
    return registers[-1], result


def compute_rollup(
    root: Unit,
    year: int,
    registers: Sequence[Sequence[RegisterRow]],
    options: Options,
    claimed: bool,
) -> AreaRollup:
    """Roll the area up from its reports (``gongkai.rollup.rollup``): read the documents, check
    each report (the rules' findings of a report already checked are kept in
    :class:`~.models.CheckedFindings`), sum, compare across units and years."""
    rows = [r for rows in registers for r in rows if r.has_report and r.exemption is None]
    load_documents(rows)
    entries = [
        Entry(
            Report.from_json(r.document, validated=True),
            r.source,
            # A received file's hash names its bytes; the check depends on the document read.
            r.sha256 if r.platform_report else content_hash(r.document),
            r.level,
            ref=(r.unit.pk, y),
            township_deadline=r.township_deadline,
        )
        for rows, y in zip(registers, range(year - len(registers) + 1, year + 1), strict=True)
        for r in rows
        if r.document is not None and r.exemption is None
    ]
    # The area's report of ``year``, if it claims to cover the units, is compared with their
    # sum instead of being added to it; its earlier years' reports stay units of their years.
    area_name = (
        next((e.report.agency for e in entries if e.ref == (root.pk, year)), None)
        if claimed
        else None
    )
    result = rollup(
        entries, options=options, area=area_name, area_years=(year,), known=StoredFindings()
    )
    units_of_year = [u for u in result.units if u.entry.ref[1] == year]
    area_unit = next((u for u in units_of_year if u.entry.ref[0] == root.pk), None)
    check = AreaCheck(claimed, area_unit is not None, [], [], [])
    if claimed and area_unit is not None:
        covered = [u for u in units_of_year if u is not area_unit]
        check.findings = [f for f in area_unit.findings if f.rule == "rollup.area_vs_units"]
        check.gaps = [
            {
                "cell": g.key,
                "area": g.area_value,
                "sum": g.total.sum,
                "reported": g.total.reported,
                "units": g.total.units,
                "blank": list(g.blank),
                "absent": list(g.absent),
            }
            for g in coverage_gaps(area_unit, covered)
        ]
        check.unreported = [
            r.unit.name
            for r in registers[-1]
            if r.unit.pk != root.pk and r.exemption is None and not r.has_report
        ]
    return AreaRollup(
        year,
        result.totals,
        {u.entry.ref[0]: u.findings for u in units_of_year},
        {
            u.entry.ref[0]: {k: v for k, v in u.report.cells.items() if k.endswith(".total")}
            for u in units_of_year
        },
        check,
    )


class StoredFindings:
    """The rules' findings of reports already checked, in :class:`~.models.CheckedFindings`.
    Filled while reading a roll-up: a derived table, like an index, never a record of anyone's
    action."""

    def get_many(self, keys: Sequence[str]) -> dict[str, list[Finding]]:
        rows = CheckedFindings.objects.filter(key__in=keys).values_list("key", "findings")
        return {key: [Finding.from_json(f) for f in found] for key, found in rows}

    def set_many(self, found: dict[str, list[Finding]]) -> None:
        CheckedFindings.objects.bulk_create(
            [
                CheckedFindings(key=key, findings=[f.to_json() for f in findings])
                for key, findings in found.items()
            ],
            ignore_conflicts=True,
        )


def unit_findings(result: AreaRollup, unit: Unit, year: int) -> list[Finding]:
    """``unit``'s findings in the roll-up of ``year`` (none for a unit without a report)."""
    return result.unit_findings.get(unit.pk, []) if year == result.year else []


def rollup_refresh(unit: Unit, years: Iterable[int]) -> int:
    """Compute again the stored roll-ups that ``unit``'s reports of ``years`` feed: those of the
    areas at or above it whose years look back to them, so that the next look reads a current
    one at once.  Called inside the actions that change an input; returns how many."""
    chosen = list(years)
    stored = StoredRollup.objects.filter(unit_id__in=ancestors(unit))
    return _recompute(
        s for s in stored if any(s.year - s.years_back <= y <= s.year for y in chosen)
    )


def rollup_refresh_below(root: Unit) -> int:
    """Compute again every stored roll-up of ``root``'s subtree (its deadline setting changed)."""
    return _recompute(StoredRollup.objects.filter(unit__path__startswith=root.path))


def _recompute(stored: Iterable[StoredRollup]) -> int:
    count = 0
    for s in stored:
        area_rollup(Unit.objects.get(pk=s.unit_id), s.year, years_back=s.years_back)
        count += 1
    return count


RECORDS_RULE = "oversight.records_differ"


def records_findings(unit: Unit, year: int, document: dict[str, Any]) -> list[Finding]:
    """The published 表三/表四 against what the unit's own case records count today: a figure
    that differs was changed by hand, or the records changed after publication."""
    try:
        compiled = compile_tables(year, case_records(unit, year), appeal_records(unit, year))
    except CompileError:
        return []
    cells = document.get("cells", {})
    return [
        Finding(
            RECORDS_RULE,
            "warning",
            (key,),
            value,
            cells.get(key),
            f"{key}：公布的年报为 {cells.get(key)}，按本单位办理记录汇总为 {value}",
        )
        for key, value in compiled.cells.items()
        if cells.get(key) != value
    ]


def unit_check(
    root: Unit, year: int, unit_pk: int, *, today: date | None = None
) -> tuple[RegisterRow, list[Finding]] | None:
    """``unit_pk``'s register row in ``root``'s area and every finding on its report: the rules
    and the cross-unit, cross-year checks of the roll-up, and for a report compiled on the
    platform its figures against its own records.  None: not a unit of the area."""
    rows, result = area_rollup(root, year, today=today)
    row = next((r for r in rows if r.unit.pk == unit_pk), None)
    if row is None:
        return None
    load_documents([row])
    found = list(unit_findings(result, row.unit, year))
    if row.platform_report is not None and row.document is not None:
        found += records_findings(row.unit, year, row.document)
    return row, found


# Re-check history -------------------------------------------------------------------------------

CHECK_ACTION = "unit_recheck"


def finding_key(finding: dict[str, Any]) -> tuple[str, tuple[str, ...], str]:
    """What makes two checks' findings the same problem: the rule and the cells it names (the
    message may quote figures that change when the unit corrects something else); a finding
    naming no cell (a missing section, copied text) is told apart by its message."""
    cells = tuple(finding.get("cells", ()))
    return finding["rule"], cells, "" if cells else finding.get("message", "")


@dataclass
class Check:
    """One recorded re-check of a unit's report (a ``unit_recheck`` event) and what changed
    since the check before it."""

    at: datetime
    actor: str
    sha256: str
    source_kind: str
    source: str
    published_on: str | None
    counts: dict[str, int]  # severity → number of findings
    score: float | None
    score_version: str
    findings: list[dict[str, Any]]
    fixed: list[dict[str, Any]] = field(default_factory=list)  # in the previous check, gone now
    new: list[dict[str, Any]] = field(default_factory=list)  # not in the previous check
    itemized: bool = True  # the findings themselves were recorded (not only their counts)
    same_report: bool = False  # the content hash of the previous check
    first: bool = False
    version: int = 0  # 1 for the first content hash checked, 2 for the next …

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source_kind, "")

    @property
    def tallies(self) -> list[tuple[str, int]]:
        return [(SEVERITY_NAMES[s], self.counts[s]) for s in SEVERITIES]


def check_count(unit: Unit, year: int) -> int:
    return OversightEvent.objects.filter(unit=unit, year=year, action=CHECK_ACTION).count()


def check_history(unit: Unit, year: int) -> list[Check]:
    """Every recorded re-check of ``unit``'s ``year`` report, oldest first, each with the
    findings fixed and found anew since the check before (compared by :func:`finding_key`).
    Checks recorded before the findings were kept show their counts only, and no comparison."""
    events = (
        OversightEvent.objects.filter(unit=unit, year=year, action=CHECK_ACTION)
        .select_related("actor")
        .order_by("id")
    )
    checks: list[Check] = []
    versions: dict[str, int] = {}
    previous: Check | None = None
    for event in events:
        after = event.after
        findings = after.get("findings")
        digest = after.get("sha256") or ""
        check = Check(
            at=event.at,
            actor=str(event.actor),
            sha256=digest,
            source_kind=after.get("source_kind", ""),
            source=after.get("source", ""),
            published_on=after.get("published_on"),
            counts={
                "error": after.get("errors", 0),
                "warning": after.get("warnings", 0),
                "info": after.get("infos", 0),
            },
            score=after.get("score"),
            score_version=after.get("score_version", ""),
            findings=findings or [],
            itemized=findings is not None,
            first=previous is None,
            version=versions.setdefault(digest, len(versions) + 1),
        )
        if previous is not None:
            check.same_report = previous.sha256 == digest
            if check.itemized and previous.itemized:
                before = {finding_key(f): f for f in previous.findings}
                now = {finding_key(f): f for f in check.findings}
                check.fixed = [f for k, f in before.items() if k not in now]
                check.new = [f for k, f in now.items() if k not in before]
        checks.append(check)
        previous = check
    return checks


# Statistics from the records --------------------------------------------------------------------


@dataclass
class Metrics:
    """The figures of a set of applications; a rate is None below :data:`MIN_COUNT` cases."""

    received: int = 0
    closed: int = 0
    on_time_rate: float | None = None
    median_days: float | None = None
    extensions: int = 0
    correction_rate: float | None = None
    backlog: int = 0
    oldest_open: date | None = None
    outcomes: Counter[str] = field(default_factory=Counter)


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole >= MIN_COUNT else None


def _working_days(start: date, end: date) -> int:
    from gongkai.workdays.clock import is_working_day

    cal = calendar()
    days = (end - start).days
    return sum(
        1
        for i in range(1, days + 1)
        if is_working_day(date.fromordinal(start.toordinal() + i), cal)
    )


def metrics(apps: Sequence[Application], pauses: dict[int, list[Pause]]) -> Metrics:
    m = Metrics(received=len(apps))
    on_time = 0
    durations = []
    for app in apps:
        if app.extension_days:
            m.extensions += 1
        if app.state == State.CLOSED and app.closed_on is not None:
            m.closed += 1
            m.outcomes[app.get_outcome_display()] += 1
            # The reply's due date, a later one the agency set under §35 included.
            due = clock.reply_due(app, pauses.get(app.pk, [])).due
            on_time += app.closed_on <= due
            durations.append(_working_days(app.received_on, app.closed_on))
        else:
            m.backlog += 1
            if m.oldest_open is None or app.received_on < m.oldest_open:
                m.oldest_open = app.received_on
    m.on_time_rate = _rate(on_time, m.closed)
    m.median_days = stats.median(durations) if len(durations) >= MIN_COUNT else None
    m.correction_rate = _rate(sum(1 for a in apps if a.correction_sent_on), len(apps))
    return m


@dataclass
class Statistics:
    total: Metrics
    months: list[tuple[int, int]]  # (month, received)
    by_unit: list[tuple[Unit, Metrics]]
    by_handler: list[tuple[str, Metrics]]
    review_decided: int
    review_corrected: int

    @property
    def review_correction_rate(self) -> float | None:
        return _rate(self.review_corrected, self.review_decided)


def statistics(
    root: Unit, year: int, *, unit: Unit | None = None, handler: int | None = None
) -> Statistics:
    """The area's applications received in ``year`` (filtered by unit and handler)."""
    area = unit if unit is not None else root
    apps_qs = Application.objects.filter(
        unit__path__startswith=area.path, received_on__year=year
    ).select_related("unit", "handler")
    if handler is not None:
        apps_qs = apps_qs.filter(handler_id=handler)
    apps = list(apps_qs.order_by("unit__path", "received_on"))
    pauses: dict[int, list[Pause]] = defaultdict(list)
    for p in Pause.objects.filter(application__in=[a.pk for a in apps]):
        pauses[p.application_id].append(p)
    per_unit: dict[int, list[Application]] = defaultdict(list)
    per_handler: dict[str, list[Application]] = defaultdict(list)
    for app in apps:
        per_unit[app.unit_id].append(app)
        per_handler[str(app.handler) if app.handler else "（未指定）"].append(app)
    units = {a.unit_id: a.unit for a in apps}
    month_counts = Counter(a.received_on.month for a in apps)
    reviews = Appeal.objects.filter(
        application__unit__path__startswith=area.path,
        kind=AppealKind.REVIEW,
        decided_on__year=year,
    )
    if handler is not None:
        reviews = reviews.filter(application__handler_id=handler)
    return Statistics(
        total=metrics(apps, pauses),
        months=[(m, month_counts.get(m, 0)) for m in range(1, 13)],
        by_unit=[(units[pk], metrics(group, pauses)) for pk, group in per_unit.items()],
        by_handler=sorted(
            ((name, metrics(group, pauses)) for name, group in per_handler.items()),
            key=lambda item: item[0],
        ),
        review_decided=reviews.count(),
        review_corrected=reviews.filter(result=AppealResult.CORRECTED).count(),
    )


def handlers(root: Unit) -> list[tuple[int, str]]:
    """The handlers of the area's applications, for the filter."""
    rows = (
        Application.objects.filter(unit__path__startswith=root.path, handler__isnull=False)
        .values_list("handler_id", "handler__username")
        .distinct()
        .order_by("handler__username")
    )
    return list(rows)

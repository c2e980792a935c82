"""The supervising office's actions (条例 §47): each validates, changes its own records only, and
writes one hash-chained :class:`~.models.OversightEvent` (core.audit.record) in the same
transaction.  Only the area's 单位管理员 may take them; 上级监督 reads and changes nothing.

- :func:`unit_exempt`: a unit is not required to publish for a year, with the reason;
- :func:`report_receive`: a unit's published report received as a file (PDF, DOCX, HTML, text or
  report-json), read through the ingest readers exactly as ``gongkai ingest`` reads it;
- :func:`report_fetch`: the same, fetched from the report's web address (gongkai.ingest.remote);
- :func:`deadline_configure`: the township deadline for the area (§49 names none);
- :func:`unit_recheck`: run the checks again (after a unit republishes) and record the result;
- :func:`area_claim`: the area's own report covers its units (or no longer): it is compared with
  their sum (``gongkai.rollup.area_vs_units``) instead of being added to it.

Each action that changes an input of a roll-up computes the stored roll-ups it feeds again
(``selectors.rollup_refresh``) in its own transaction; one that does not (a report published in
the reports app) is caught by the stored roll-up's key on the next look.
"""

from __future__ import annotations

import hashlib
import ipaddress
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from gongkai_platform.accounts.models import Unit
from gongkai_platform.core.audit import record
from gongkai_platform.core.errors import ActionRefused, ErrorCode
from gongkai_platform.core.reportfiles import read_report
from gongkai_platform.oversight.models import (
    AreaClaim,
    DeadlineSetting,
    Exemption,
    OversightEvent,
    ReceivedReport,
    SourceKind,
)
from gongkai_platform.oversight.scoring import score
from gongkai_platform.oversight.selectors import (
    CHECK_ACTION,
    may_manage,
    rollup_refresh,
    rollup_refresh_below,
    unit_check,
)


def _authorize(actor: User, root: Unit, unit: Unit, label: str) -> None:
    if not may_manage(actor, root):
        raise ActionRefused(
            ErrorCode.NOT_PERMITTED, f"您在{root.name}没有“{label}”的权限（需要：单位管理员）"
        )
    if not unit.path.startswith(root.path):
        raise ActionRefused(ErrorCode.NOT_PERMITTED, f"{unit.name}不是{root.name}的下级单位")


def unit_exempt(*, actor: User, root: Unit, unit: Unit, year: int, reason: str) -> Exemption:
    """Mark ``unit`` not required to publish its ``year`` report (merged, abolished, new)."""
    _authorize(actor, root, unit, "标记不要求公布")
    if not reason.strip():
        raise ActionRefused(ErrorCode.INVALID, "标记“不要求公布”必须说明理由")
    with transaction.atomic():
        exemption, _ = Exemption.objects.update_or_create(
            unit=unit, year=year, defaults={"reason": reason.strip()}
        )
        record(
            OversightEvent,
            actor=actor,
            action="unit_exempt",
            after={"required": False},
            reason=reason.strip(),
            unit=unit,
            year=year,
        )
        rollup_refresh(unit, [year])
    return exemption


def unit_require(*, actor: User, root: Unit, unit: Unit, year: int) -> None:
    """Undo :func:`unit_exempt`: the unit is expected to publish again."""
    _authorize(actor, root, unit, "恢复要求公布")
    with transaction.atomic():
        deleted, _ = Exemption.objects.filter(unit=unit, year=year).delete()
        if not deleted:
            raise ActionRefused(ErrorCode.WRONG_STATE, f"{unit.name}{year}年度本来就要求公布年报")
        record(
            OversightEvent,
            actor=actor,
            action="unit_require",
            before={"required": False},
            after={"required": True},
            unit=unit,
            year=year,
        )
        rollup_refresh(unit, [year])


def report_receive(
    *,
    actor: User,
    root: Unit,
    unit: Unit,
    year: int,
    data: bytes,
    name: str,
    kind: SourceKind = SourceKind.UPLOAD,
    published_on: date | None = None,
    source: str | None = None,
    fetched: dict[str, Any] | None = None,
) -> ReceivedReport:
    """Keep one version of ``unit``'s published ``year`` report read from a file; a version with
    new content after the first makes the register say 公布后修改.  ``source`` is what the
    register shows (the file name, or the URL it was fetched from), ``fetched`` what the event
    adds about a fetch (final address, content type, time).  A republished version (new
    content after the first) is re-checked at once (:func:`unit_recheck`), so the re-check
    history shows what the new version fixed and what it broke."""
    _authorize(actor, root, unit, "登记年度报告")
    report = read_report(data, name)
    if report.year is not None and report.year != year:
        raise ActionRefused(
            ErrorCode.INVALID, f"文件是 {report.year} 年度的报告，不是 {year} 年度的"
        )
    report.year = year
    report.agency = report.agency or unit.name
    if published_on is not None:
        report.published_on = published_on
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        earlier = list(
            ReceivedReport.objects.filter(unit=unit, year=year).values_list("sha256", flat=True)
        )
        version = ReceivedReport.objects.create(
            unit=unit,
            year=year,
            kind=kind,
            source=(source or name)[:500],
            sha256=digest,
            document=report.to_json(),
            published_on=report.published_on,
            received_by=actor,
        )
        record(
            OversightEvent,
            actor=actor,
            action="report_receive",
            after={
                "source": source or name,
                "sha256": digest,
                "published_on": report.published_on,
                "changed_after_publication": bool(earlier) and digest not in earlier,
                **(fetched or {}),
            },
            unit=unit,
            year=year,
        )
        rollup_refresh(unit, [year])
        if earlier and digest not in earlier:
            unit_recheck(actor=actor, root=root, unit=unit, year=year, reason=REPUBLISHED)
    return version


def report_fetch(
    *,
    actor: User,
    root: Unit,
    unit: Unit,
    year: int,
    url: str,
    published_on: date | None = None,
    timeout: float | None = None,
) -> ReceivedReport:
    """Fetch ``unit``'s published ``year`` report from its web address and keep it as
    :func:`report_receive` keeps a file: the URL is its source, the event records when it was
    fetched, the address it ended at and what the server said it was; the content hash is of
    the bytes fetched."""
    from gongkai.ingest import remote
    from gongkai.ingest.source import IngestError

    _authorize(actor, root, unit, "登记年度报告")  # before any request leaves the server
    try:
        allowed = [ipaddress.ip_network(n) for n in settings.GONGKAI_FETCH_ALLOWED_NETWORKS]
        got = remote.fetch(url, timeout=timeout or remote.TIMEOUT, allowed=allowed)
    except IngestError as exc:
        raise ActionRefused(ErrorCode.INVALID, str(exc)) from None
    return report_receive(
        actor=actor,
        root=root,
        unit=unit,
        year=year,
        data=got.data,
        name=got.name,
        kind=SourceKind.URL,
        published_on=published_on,
        source=got.url,
        fetched={
            "fetched_at": got.fetched_at.isoformat(),
            "final_url": got.final_url,
            "content_type": got.content_type,
        },
    )


def deadline_configure(*, actor: User, root: Unit, month: int, day: int) -> DeadlineSetting:
    """Set the area's 乡镇/街道 deadline (§49 names none; set by the province or county)."""
    _authorize(actor, root, root, "设置乡镇街道年报公布期限")
    try:
        date(2001, month, day)
    except ValueError:
        raise ActionRefused(ErrorCode.INVALID, f"{month} 月 {day} 日不是有效日期") from None
    with transaction.atomic():
        setting = DeadlineSetting.objects.filter(unit=root).first()
        before = {"township": f"{setting.township_month}-{setting.township_day}"} if setting else {}
        setting, _ = DeadlineSetting.objects.update_or_create(
            unit=root, defaults={"township_month": month, "township_day": day}
        )
        record(
            OversightEvent,
            actor=actor,
            action="deadline_configure",
            before=before,
            after={"township": f"{month}-{day}"},
            unit=root,
        )
        rollup_refresh_below(root)
    return setting


REPUBLISHED = "收到重新公布的版本，自动复核"


def unit_recheck(*, actor: User, root: Unit, unit: Unit, year: int, reason: str = "") -> int:
    """Check ``unit``'s current report again (rules, cross-year, cross-unit, against its own
    records) and record the result: the report checked (content hash, source), the findings by
    severity and each finding itself, and the transparency score, so that the re-check history
    (selectors.check_history) can say what was fixed and what is new.  Returns the number of
    findings."""
    _authorize(actor, root, unit, "复核年度报告")
    checked = unit_check(root, year, unit.pk)
    if checked is None or checked[0].document is None:
        raise ActionRefused(ErrorCode.WRONG_STATE, f"{unit.name}{year}年度尚无年度报告可复核")
    row, found = checked
    card = score(row, found, year)
    with transaction.atomic():
        record(
            OversightEvent,
            actor=actor,
            action=CHECK_ACTION,
            after={
                "sha256": row.sha256,
                "source_kind": str(row.source_kind or ""),
                "source": row.source,
                "published_on": row.published_on,
                "errors": sum(1 for f in found if f.severity == "error"),
                "warnings": sum(1 for f in found if f.severity == "warning"),
                "infos": sum(1 for f in found if f.severity == "info"),
                "rules": sorted({f.rule for f in found}),
                "findings": [
                    {"rule": f.rule, "severity": f.severity, "cells": list(f.cells),
                     "message": f.message}
                    for f in found
                ],
                "score": card.total,
                "score_version": card.version,
            },
            reason=reason,
            unit=unit,
            year=year,
        )  # fmt: skip
    return len(found)


def area_claim(*, actor: User, root: Unit, year: int, covers: bool, note: str = "") -> None:
    """Record whether the area's own ``year`` report (本级政府, compiled or received) says it
    covers the area's units; when it does, the roll-up compares it with their sum."""
    _authorize(actor, root, root, "声明本级报告涵盖下级单位")
    with transaction.atomic():
        claim = AreaClaim.objects.filter(unit=root, year=year).first()
        if covers == (claim is not None):
            said = "已声明" if covers else "未声明"
            raise ActionRefused(
                ErrorCode.WRONG_STATE, f"{root.name}{year}年度报告本来就{said}涵盖下级单位"
            )
        if covers:
            AreaClaim.objects.create(unit=root, year=year, note=note.strip())
        else:
            AreaClaim.objects.filter(unit=root, year=year).delete()
        record(
            OversightEvent,
            actor=actor,
            action="area_claim",
            before={"covers": not covers},
            after={"covers": covers},
            reason=note.strip(),
            unit=root,
            year=year,
        )
        rollup_refresh(root, [year])

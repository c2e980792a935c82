"""One published report file in, one audited report out: the ingest pipeline (条例 §50).

open (stage one, :mod:`gongkai.ingest.containers`) → interpret (stage two,
:mod:`gongkai.ingest.interpret`) → audit (:func:`gongkai.rules.check`, whose findings join the
report's own reading findings).  The command line (``gongkai ingest``) and the platform's upload
both call this module, so a file reads the same whichever way it arrives.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Any

from gongkai.ingest.containers import open_bytes, read_file
from gongkai.ingest.interpret import interpret
from gongkai.ingest.source import IngestError, Source
from gongkai.report import Finding, Report, validate
from gongkai.rules import check


def audit(source: Source, previous: Report | None = None) -> Report:
    """The report read from ``source`` with the audit rules' findings added."""
    return checked(interpret(source, previous=previous), previous)


def checked(report: Report, previous: Report | None = None) -> Report:
    """``report`` (as read) with the audit rules' findings added after its reading findings.

    An error that holds only under the reading ingest chose, where another reading of the same
    print satisfies the rule, is the reader's ambiguity and not the report's error (issue 10
    item 4): it becomes ``ingest.reading_ambiguous`` with both readings.
    """
    report.findings.extend(_ours(report, previous, check(report, previous)))
    return report


READ_CHOICES = ("ingest.cells_aligned", "ingest.digits_split")


def _ours(report: Report, previous: Report | None, findings: list[Finding]) -> list[Finding]:
    choices = [
        (f.cells, f.expected, f.actual["printed"], f.actual["other_readings"])
        for f in report.findings
        if f.rule in READ_CHOICES and isinstance(f.actual, dict) and f.actual.get("other_readings")
    ]
    if not choices or not any(f.severity == "error" for f in findings):
        return findings
    out = []
    for finding in findings:
        out.append(_reading_ambiguity(report, previous, finding, choices) or finding)
    return out


def _reading_ambiguity(
    report: Report,
    previous: Report | None,
    finding: Finding,
    choices: list[tuple[tuple[str, ...], Any, str, list[list[Any]]]],
) -> Finding | None:
    """The ambiguity finding replacing ``finding`` when another reading of a row it names
    makes it disappear, else None."""
    if finding.severity != "error" or finding.rule.startswith("ingest."):
        return None
    for keys, chosen, printed, others in choices:
        if set(keys).isdisjoint(finding.cells):
            continue
        for other in others:
            cells = {**report.cells, **dict(zip(keys, other, strict=True))}
            again = check(replace(report, cells=cells, findings=[]), previous)
            if not any(f.rule == finding.rule and f.cells == finding.cells for f in again):
                return Finding(
                    "ingest.reading_ambiguous",
                    "warning",
                    finding.cells,
                    {"chosen": chosen, "other": other, "cells": list(keys)},
                    finding.rule,
                    f"按所选读法（{' | '.join(_shown(v) for v in chosen)}）{finding.message}；"
                    f"但“{printed[:60]}”的另一读法（{' | '.join(_shown(v) for v in other)}）"
                    "满足此项核查：这是识别上的歧义，不能据此认定报告有误",
                )
    return None


def _shown(value: Any) -> str:
    return "空" if value is None else str(value)


def ingest_bytes(data: bytes, name: str, previous: Report | None = None) -> Report:
    return audit(open_bytes(data, name), previous)


def ingest_path(path: str | Path, previous: Report | None = None) -> Report:
    path = Path(path)
    return ingest_bytes(read_file(path), path.name, previous)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def ingest_file(path: str) -> dict[str, Any]:
    """The batch record of one file: ``{"file", "sha256", "report"}`` or ``{…, "error"}``.

    Every failure of one file is caught here and becomes its ``error`` (in Chinese), so that a
    batch records it and goes on.
    """
    record: dict[str, Any] = {"file": path, "sha256": None}
    try:
        data = read_file(Path(path))
        record["sha256"] = sha256(data)
        doc = ingest_bytes(data, Path(path).name).to_json()
        validate(doc)
        record["report"] = doc
    except IngestError as exc:
        record["error"] = str(exc)
    except Exception as exc:  # a bug must cost one file, not the batch
        record["error"] = f"内部错误（{type(exc).__name__}）：{exc}"
    return record

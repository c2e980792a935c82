"""One published report file in, one audited report out: the ingest pipeline (条例 §50).

open (stage one, :mod:`gongkai.ingest.containers`) → interpret (stage two,
:mod:`gongkai.ingest.interpret`) → audit (:func:`gongkai.rules.check`, whose findings join the
report's own reading findings).  The command line (``gongkai ingest``) and the platform's upload
both call this module, so a file reads the same whichever way it arrives.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from gongkai.ingest.containers import open_bytes, read_file
from gongkai.ingest.interpret import interpret
from gongkai.ingest.source import IngestError, Source
from gongkai.report import Report, validate
from gongkai.rules import check


def audit(source: Source, previous: Report | None = None) -> Report:
    """The report read from ``source`` with the audit rules' findings added."""
    return checked(interpret(source, previous=previous), previous)


def checked(report: Report, previous: Report | None = None) -> Report:
    """``report`` (as read) with the audit rules' findings added after its reading findings."""
    report.findings.extend(check(report, previous))
    return report


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

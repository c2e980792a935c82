"""Helpers shared by the render and ingest tests (imported as ``tools``; conftest.py is shared)."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from gongkai.formats import Kind
from gongkai.report import Report
from gongkai.synth import consistent_report

# Real published reports the tests read, copied into the repository (sources in its README.md).
CORPUS = Path(__file__).resolve().parent / "corpus"

HOSTILE_AGENCY = '<script>alert("x")</script>示例县&人民政府'


def require_tool(name: str) -> str:
    """The path of command ``name``; skip the test if it is missing, but fail on CI."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is required on CI but is not installed")
        pytest.skip(f"{name} is not installed")
    return path


def edge_report(fmt: str, seed: int = 0) -> Report:
    """A consistent report with the awkward values: 0, a blank, printed "/" and "—", decimals."""
    report = consistent_report(fmt, seed)
    report.published_on = date(2024, 1, 20)
    keys = list(report.cells)
    shift = seed % len(keys)
    zero, blank, slash, *rest = keys[shift:] + keys[:shift]
    report.cells[zero] = 0
    report.cells[blank] = None
    report.cells[slash] = None
    report.raw[slash] = "/"
    if rest:
        report.cells[rest[-1]] = None
        report.raw[rest[-1]] = "—"
    for key, cell in report.definition.cells.items():
        if cell.kind is Kind.AMOUNT:
            report.cells[key] = 96171.6 if seed % 2 else 3020.782
    return report

"""Bundled example documents: the 平潭综合实验区管委会 2022 report (国办公开办函〔2021〕30号 format),
every cell and section as published on www.pingtan.gov.cn (tests/corpus/pingtan-zhq-2022.txt),
read by hand.  The CLI demo runs on it; tests and benchmarks print it as PDF and DOCX."""

from __future__ import annotations

from importlib import resources

from gongkai.report import Report
from gongkai.rules.engine import AgencyLevel, Options

NAME = "pingtan-zhq-2022.json"

# A name ending in 管委会 is checked as a department by default (docs/law.md §1.8); the 平潭综合实验区
# 管委会 is the zone's government-level body (it reports by 31 March under 条例 §49 para. 2), so its
# level is set, as a user who knows the body would set it.
LEVEL: AgencyLevel = "government"
OPTIONS = Options(agency_level=LEVEL)


def report() -> Report:
    """The bundled example, freshly loaded (callers may change it)."""
    return Report.loads(resources.files(__name__).joinpath(NAME).read_text("utf-8"))

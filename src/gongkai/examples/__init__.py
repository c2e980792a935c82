"""Bundled example documents: the 平潭综合实验区管委会 2022 report (国办公开办函〔2021〕30号 format),
every cell and section as published on www.pingtan.gov.cn (tests/corpus/pingtan-zhq-2022.txt),
read by hand.  The CLI demo runs on it; tests and benchmarks print it as PDF and DOCX."""

from __future__ import annotations

from importlib import resources

from gongkai.report import Report

NAME = "pingtan-zhq-2022.json"


def report() -> Report:
    """The bundled example, freshly loaded (callers may change it)."""
    return Report.loads(resources.files(__name__).joinpath(NAME).read_text("utf-8"))

"""The template generations of the 政府信息公开工作年度报告, as data (条例 §50).

``FORMATS`` maps each generation's name to its one definition; ``for_year`` says which generation
governs a report year (docs/law.md §0).
"""

from __future__ import annotations

from gongkai.formats.cn2014 import CN2014
from gongkai.formats.cn2019 import CN2019
from gongkai.formats.cn2021 import (
    CN2021,
    T3_APPLICANT_COLUMNS,
    T3_BALANCE_ROWS,
    T4_BLOCK_FULL_NAMES,
    T4_BLOCK_KEYS,
    T4_BLOCK_NAMES,
    T4_DECIDED_RESULTS,
    T4_PENDING,
    T4_RESULT_NAMES,
    T4_RESULTS,
    t3_outcome_rows,
)
from gongkai.formats.local import LOCAL, LOCAL_PREFIX
from gongkai.formats.model import Cell, Column, Format, Kind, Label, Note, Row, Section, Table

FORMATS: dict[str, Format] = {f.name: f for f in (CN2021, CN2019, CN2014, LOCAL)}


class UnknownFormat(KeyError):
    def __str__(self) -> str:
        return f"未知的年报格式：{self.args[0]}（可用：{'、'.join(FORMATS)}）"


def get(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise UnknownFormat(name) from None


def for_year(year: int) -> Format:
    """The generation that governs reports for ``year`` (2021+ cn2021, 2019–20 cn2019, …)."""
    for fmt in FORMATS.values():
        if fmt.covers(year):
            return fmt
    raise AssertionError("the formats cover every year")  # LOCAL is open-ended backwards


__all__ = [
    "CN2014",
    "CN2019",
    "CN2021",
    "FORMATS",
    "LOCAL",
    "LOCAL_PREFIX",
    "T3_APPLICANT_COLUMNS",
    "T3_BALANCE_ROWS",
    "T4_BLOCK_FULL_NAMES",
    "T4_BLOCK_KEYS",
    "T4_BLOCK_NAMES",
    "T4_DECIDED_RESULTS",
    "T4_PENDING",
    "T4_RESULTS",
    "T4_RESULT_NAMES",
    "Cell",
    "Column",
    "Format",
    "Kind",
    "Label",
    "Note",
    "Row",
    "Section",
    "Table",
    "UnknownFormat",
    "for_year",
    "get",
    "t3_outcome_rows",
]

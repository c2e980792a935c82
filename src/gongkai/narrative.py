"""Figures stated in the narrative of an annual report (“收到申请3件，其中网络申请1件”).

条例 §50 asks for the applications received and handled and the 复议/诉讼 cases; reports state
them in sentences as well as in the tables, and a narrative-only report states them nowhere else.
This module reads the common phrasings into facts keyed like the cells they correspond to, each
with its quote.  It only reads what is unambiguous in one clause: a clause that could mean two
things yields nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from gongkai.report import Fact, Report

NUMBER = r"(\d+)\s*(?:件|起|个|宗)"
# (kind, patterns); the first pattern that matches in a clause wins for that kind.
PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("carried_over", (rf"上年(?:度)?结转(?:[^，。；0-9]{{0,12}})?{NUMBER}",)),
    ("carried_forward", (rf"结转(?:至|到)?下(?:一)?年度?(?:继续办理)?(?:的)?(?:申请)?{NUMBER}",
                         rf"(?:仍在办理|正在办理|尚未办结)[^，。；0-9]{{0,6}}{NUMBER}")),
    ("received", (rf"(?:新收|收到|受理|接收)(?:[^，。；0-9上]{{0,16}})申请(?:共|总数|数量)?(?:为)?{NUMBER}",
                  rf"(?:新收|收到|受理|接收)(?:各类)?(?:政府信息公开)?申请(?:共|总数|数量)?(?:为)?{NUMBER}")),
    ("processed", (rf"(?:办结|答复|办理完毕)(?:[^，。；0-9]{{0,10}})?{NUMBER}",)),
    ("review", (rf"行政复议(?:案件)?(?:共)?{NUMBER}", rf"被申请行政复议{NUMBER}")),
    ("litigation", (rf"行政诉讼(?:案件)?(?:共)?{NUMBER}", rf"被提起行政诉讼{NUMBER}")),
)  # fmt: skip
NONE_STATED = (
    ("received", r"未(?:收到|接到|受理)[^，。；]{0,20}申请"),
    ("review", r"(?:无|未发生|未接到|没有)[^，。；]{0,6}行政复议"),
    ("litigation", r"(?:无|未发生|未接到|没有)[^，。；]{0,6}(?:行政诉讼|被起诉)"),
)
TOPICS = re.compile(r"申请|复议|诉讼|结转|办结|答复|办理|起诉")
CLAUSE = re.compile(r"[^，,。；;！!？?\n]+")
COMPILED = tuple((kind, tuple(re.compile(p) for p in pats)) for kind, pats in PATTERNS)
COMPILED_NONE = tuple((kind, re.compile(p)) for kind, p in NONE_STATED)

# Where each kind of statement lands, per format.  ``t4.litigation.total`` is virtual: the tables
# print direct and after-review litigation apart and narratives quote their sum.
KEYS: dict[str, dict[str, str]] = {
    "cn2021": {
        "received": "t3.new_received.total",
        "carried_over": "t3.carried_over.total",
        "processed": "t3.total_processed.total",
        "carried_forward": "t3.carried_forward.total",
        "review": "t4.review.total",
        "litigation": "t4.litigation.total",
    },
    "cn2014": {
        "received": "apply.received",
        "review": "review.total",
        "litigation": "litigation.total",
    },
    "local": {},
}
KEYS["cn2019"] = KEYS["cn2021"]
VIRTUAL: dict[str, tuple[str, ...]] = {
    "t4.litigation.total": ("t4.lit_direct.total", "t4.lit_after_review.total")
}


@dataclass(frozen=True)
class Statement:
    kind: str
    value: int
    quote: str


def statements(text: str) -> Iterator[Statement]:
    """Every unambiguous figure in ``text``, clause by clause, at most one per kind and clause."""
    for clause in CLAUSE.finditer(text):
        quote = clause.group().strip()
        if not TOPICS.search(quote):
            continue  # most clauses state no figure of interest: skip the patterns
        found: set[str] = set()
        for kind, patterns in COMPILED:
            for pattern in patterns:
                m = pattern.search(quote)
                if m:
                    found.add(kind)
                    yield Statement(kind, int(m.group(1)), quote)
                    break
        for kind, pattern in COMPILED_NONE:
            if kind not in found and pattern.search(quote):
                yield Statement(kind, 0, quote)


def facts(report: Report) -> dict[str, Fact]:
    """The report's narrative facts: those ingest recorded, else those read from its sections.

    The first statement of a kind is kept: the overview (一、总体情况) states the year's figures
    first, and later sections restate or break them down.
    """
    if report.facts:
        return dict(report.facts)
    keys = KEYS.get(report.format, {})
    out: dict[str, Fact] = {}
    for text in report.sections.values():
        for st in statements(text):
            key = keys.get(st.kind)
            if key and key not in out:
                out[key] = Fact(st.value, st.quote)
    return out

"""Figures stated in the narrative of an annual report (“收到申请3件，其中网络申请1件”).

条例 §50 asks for the information published, the applications received and handled and the
复议/诉讼 cases; reports state them in sentences as well as in the tables, and a narrative-only
report states them nowhere else.  This module reads the common phrasings, in simplified or
traditional characters, into facts keyed like the cells they correspond to, each with its quote.
It only reads what is unambiguous in one clause: a clause that could mean two things yields
nothing.  The same reading serves the text-vs-table rules and ingest (one implementation).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from functools import cache
from typing import NamedTuple

from gongkai.report import Fact, Report

NUMBER = r"\s*(\d+)\s*(?:件|起|个|宗|份)"
# (kind, patterns); the first pattern that matches in a clause wins for that kind.
PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("carried_over", (rf"上年(?:度)?结转(?:[^，。；0-9]{{0,12}})?{NUMBER}",)),
    ("carried_forward", (rf"结转(?:至|到)?下(?:一)?年度?(?:继续办理)?(?:的)?(?:申请)?{NUMBER}",
                         rf"结转(?:至|到)\s*\d{{4}}\s*年度?(?:继续办理)?(?:的)?(?:申请)?{NUMBER}",
                         rf"(?:仍在办理|正在办理|尚未办结)[^，。；0-9]{{0,6}}{NUMBER}",
                         rf"{NUMBER}[^，。；0-9]{{0,4}}顺延(?:到|至)下(?:一)?年度")),
    ("received", (rf"(?:新收|收到|受理|接收)(?:[^，。；0-9上复诉]{{0,16}})申请(?:信息)?(?:公开)?(?:件)?(?:共|总数|数量)?(?:为)?{NUMBER}",
                  rf"(?:新收|收到|受理|接收)(?:各类)?(?:政府信息公开)?申请(?:共|总数|数量)?(?:为)?{NUMBER}")),
    ("processed", (rf"(?:办结|答复|办理完毕)(?:[^，。；0-9]{{0,10}})?{NUMBER}",)),
    ("review", (rf"行政复议(?:案件|申请)?(?:共)?{NUMBER}", rf"被申请行政复议{NUMBER}",
                rf"(?:收到|接到|受理)\s*{NUMBER}[^，。；0-9]{{0,16}}行政复议")),
    ("litigation", (rf"行政诉讼(?:案件)?(?:共)?{NUMBER}", rf"被提起行政诉讼{NUMBER}")),
    ("proactive", (r"主动公开(?:政府)?信息(?:共|数)?(?:为|达)?\s*(\d+)\s*条",)),
    ("normative_issued", (r"制发(?:的)?(?:行政)?规范性文件(?:共)?\s*(\d+)\s*件",)),
    ("normative_in_force", (r"现行有效(?:的)?(?:行政)?规范性文件(?:共)?\s*(\d+)\s*件",)),
)  # fmt: skip
# "答复" after an outcome ("同意公开答复9件") counts one outcome, not every application closed.
OUTCOME_BEFORE = re.compile(r"(?:同意|予以|部分|不予|告知|无法提供|不予处理|公开)\s*$")
# "未发生行政复议被纠错的情况" says nothing about how many reviews there were.
NOT_A_COUNT = re.compile(r"纠错|纠正|败诉|撤销|确认违法|责任追究")
NONE_STATED = (
    ("received", r"未(?:收到|接到|受理)(?:(?!复议|诉讼)[^，。；]){0,30}申请"),
    ("review", r"(?:无|未发生|未接到|未收到|没有)[^，。；]{0,12}行政复议"),
    ("litigation", r"(?:无|未发生|未接到|未收到|没有)[^，。；]{0,12}(?:行政诉讼|被起诉)"),
)
# Applications from one kind of applicant only ("未收到法人或者其他组织…的申请"): no figure for
# all applications.  Naming both kinds ("公民、法人和其他组织") is naming everyone.
PERSONS = re.compile(r"公民|自然人|个人|群众")
ORGANISATIONS = re.compile(r"法人|其他组织|企业")


def _some_applicants(text: str) -> bool:
    return bool(PERSONS.search(text)) != bool(ORGANISATIONS.search(text))


# Words a clause must contain for a kind's patterns (or its "none" pattern) to be tried at all:
# one scan for all the words is far cheaper than the patterns, and most clauses of a report
# mention one or two kinds or none.
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "carried_over": ("结转",),
    "carried_forward": ("结转", "办理", "办结", "顺延"),
    "received": ("新收", "收到", "受理", "接收", "接到"),
    "processed": ("办结", "答复", "办理完毕"),
    "review": ("复议",),
    "litigation": ("诉讼", "起诉"),
    "proactive": ("主动公开",),
    "normative_issued": ("规范性文件",),
    "normative_in_force": ("规范性文件",),
}
WORD_KINDS: dict[str, frozenset[str]] = {
    word: frozenset(k for k, words in KIND_WORDS.items() if word in words)
    for word in {w for words in KIND_WORDS.values() for w in words}
}
KIND_WORD = re.compile("|".join(sorted(WORD_KINDS, key=len, reverse=True)))
# Kinds about applications need the sentence to be about information requests: "受理审批事项117件，
# 办结171件" and "开设窗口26个，共受理申请121510件" count administrative approvals.
NEEDS_APPLICATION = frozenset({"received", "processed", "carried_over", "carried_forward"})
# What ends a sentence, and what ends a clause; matched forwards, and backwards on the reversed text.
SENTENCE_END = re.compile(r"[。；;！!？?\n]")
CLAUSE_END = re.compile(r"[，,。；;！!？?\n]")
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
        "proactive": "proactive.total",
        "received": "apply.received",
        "review": "review.total",
        "litigation": "litigation.total",
    },
    "local": {},
}
KEYS["cn2019"] = KEYS["cn2021"]
# 表二 (2021 format only: the 2019 columns count items, not documents issued or in force).
KEYS["cn2021"] = {
    **KEYS["cn2021"],
    "normative_issued": "t2.normative_doc.issued",
    "normative_in_force": "t2.normative_doc.in_force",
}
VIRTUAL: dict[str, tuple[str, ...]] = {
    "t4.litigation.total": ("t4.lit_direct.total", "t4.lit_after_review.total")
}
# Local tables have no fixed keys: a kind lands on the year's figure of the row whose printed
# label says what it counts (平潭: 主动公开信息数, 受理依申请公开信息总数, 行政复议数 …).
LOCAL_ROWS: dict[str, re.Pattern[str]] = {
    "proactive": re.compile(r"^local\.主动公开(?:政府)?(?:信息|文件)数\.本年度$"),
    "received": re.compile(r"^local\.受理[^.]*申请[^.]*总数\.本年度$"),
    "processed": re.compile(r"^local\.对申请的答复总?数\.本年度$"),
    "review": re.compile(r"^local\.行政复议数\.本年度$"),
    "litigation": re.compile(r"^local\.行政诉讼数\.本年度$"),
}
# A narrative-only local report has no table rows to land on: its figures become cells of their
# own, keyed by what they count.
LOCAL_NARRATIVE = {
    "proactive": "local.正文.主动公开信息数",
    "received": "local.正文.收到申请数",
    "processed": "local.正文.办结申请数",
    "carried_over": "local.正文.上年结转申请数",
    "carried_forward": "local.正文.结转下年申请数",
    "review": "local.正文.行政复议数",
    "litigation": "local.正文.行政诉讼数",
}


class Statement(NamedTuple):
    kind: str
    value: int
    quote: str


def _simplified(text: str) -> str:
    # Imported here: the rules import this module and need no converter unless text is read.
    from gongkai.ingest.labels import simplified

    return simplified(text)


SECTION_BREAK = "\n\n"
# A line break after a character that does not end a sentence (spaces aside) is inside it.
ENDS_SENTENCE = "。；;！!？?：:"
LINE_END_SPACE = " \t\u3000"


def _inner_breaks(text: str) -> list[int]:
    """Positions of the line breaks inside sentences, found line by line (a regex tried at
    every character costs more than the whole reading of a clause)."""
    drops = []
    offset = 0
    for line in text.split("\n")[:-1]:
        offset += len(line)
        last = line.rstrip(LINE_END_SPACE)[-1:]
        if last and not last.isspace() and last not in ENDS_SENTENCE:
            drops.append(offset)
        offset += 1
    return drops


def _joined(text: str) -> tuple[str, Callable[[int], int]]:
    """``text`` with the line breaks inside a sentence removed (a PDF breaks lines mid-word:
    "政府\\n信息公开"), and the map from its positions back to positions in ``text``."""
    drops = _inner_breaks(text)
    if not drops:
        return text, lambda p: p
    pieces = []
    last = 0
    for d in drops:
        pieces.append(text[last:d])
        last = d + 1
    pieces.append(text[last:])
    shifted = [d - j for j, d in enumerate(drops)]  # where each removed break fell in the result
    return "".join(pieces), lambda p: p + bisect_right(shifted, p)


def _run(text: str, backwards: str, pos: int, end: re.Pattern[str]) -> tuple[int, int]:
    """The span of the run of ``text`` around ``pos`` that holds no match of ``end``
    (``backwards`` is ``text`` reversed)."""
    after = end.search(text, pos)
    before = end.search(backwards, len(text) - pos)
    return (len(text) - before.start() if before else 0), (after.start() if after else len(text))


ENDS_HEADING = re.compile(r"[。；;，,]")  # a line with these is a sentence, not a heading


def _application_sections(plain: str) -> list[tuple[int, int]]:
    """Spans of the sections about applications (their heading line names 申请): there a
    sentence counting 申请 is about information requests even without the word 公开."""
    out = []
    start = 0
    for chunk in plain.split(SECTION_BREAK):
        heading, _, body = chunk.lstrip().partition("\n")
        if "申请" in heading and len(heading) <= 40 and body and not ENDS_HEADING.search(heading):
            out.append((start, start + len(chunk)))
        start += len(chunk) + len(SECTION_BREAK)
    return out


def statements(text: str) -> Iterator[Statement]:
    """Every unambiguous figure in ``text``, clause by clause, at most one per kind and clause.

    Matching runs on the simplified, half-width form; the quote is the clause as printed.  Only
    the clauses that hold a word of some kind are looked at: a report's narrative has hundreds
    of clauses and a few dozen such words, so finding the words first and their clause around
    them is far cheaper than walking every clause.
    """
    plain, where = _joined(_simplified(text))
    backwards = plain[::-1]
    about_applications = _application_sections(plain) if "申请" in plain else []
    for start, end, kinds in _clauses(plain, backwards):
        words = plain[start:end]
        tried = kinds
        if kinds & NEEDS_APPLICATION:
            sentence = plain[slice(*_run(plain, backwards, start, SENTENCE_END))]
            in_section = any(a <= start < b for a, b in about_applications)
            if "申请" not in sentence or ("公开" not in sentence and not in_section):
                tried = kinds - NEEDS_APPLICATION
        figures, nones = _plan(tried, kinds)
        quote = text[where(start) : where(end - 1) + 1].strip()
        found = set()
        for kind, patterns in figures:
            for pattern in patterns:
                m = pattern.search(words)
                if m and kind == "processed" and OUTCOME_BEFORE.search(words[: m.start()]):
                    continue
                if m and kind == "received" and _some_applicants(words[: m.end()]):
                    break
                if m:
                    found.add(kind)
                    yield Statement(kind, int(m.group(1)), quote)
                    break
        for kind, pattern in nones:
            none = pattern.search(words) if kind not in found else None
            if none is None or NOT_A_COUNT.search(words):
                continue
            if kind == "received" and _some_applicants(words[: none.end()]):
                continue
            yield Statement(kind, 0, quote)


def _clauses(plain: str, backwards: str) -> list[tuple[int, int, frozenset[str]]]:
    """(start, end, kinds) of each clause holding a word of some kinds, in order."""
    out: list[tuple[int, int, frozenset[str]]] = []
    end = -1
    for m in KIND_WORD.finditer(plain):
        if m.start() < end:
            start, end, kinds = out[-1]
            out[-1] = (start, end, kinds | WORD_KINDS[m.group()])
        else:
            start, end = _run(plain, backwards, m.start(), CLAUSE_END)
            out.append((start, end, WORD_KINDS[m.group()]))
    return out


Plan = tuple[
    tuple[tuple[str, tuple[re.Pattern[str], ...]], ...], tuple[tuple[str, re.Pattern[str]], ...]
]


@cache
def _plan(tried: frozenset[str], kinds: frozenset[str]) -> Plan:
    """The figure patterns to try for ``tried`` kinds and the "none" patterns for ``kinds``, in
    order (a clause holds one of a few dozen sets of kinds)."""
    return (
        tuple((kind, patterns) for kind, patterns in COMPILED if kind in tried),
        tuple((kind, pattern) for kind, pattern in COMPILED_NONE if kind in kinds),
    )


def key_for(report: Report, kind: str) -> str | None:
    """The cell a statement of ``kind`` speaks about in this report, if one fits."""
    if report.format != "local":
        return KEYS.get(report.format, {}).get(kind)
    pattern = LOCAL_ROWS.get(kind)
    if pattern is not None:
        for key in report.cells:
            if pattern.match(key):
                return key
    return None


def read(report: Report) -> dict[str, Fact]:
    """The facts of the report's sections, read afresh (the first statement of a kind is kept:
    the overview states the year's figures first, later sections break them down)."""
    out: dict[str, Fact] = {}
    # One pass over all sections (a blank line between two ends any sentence) costs less than a
    # pass per section: the per-text work (conversion, joining lines) is paid once.
    for st in statements(SECTION_BREAK.join(t for t in report.sections.values() if t)):
        key = key_for(report, st.kind)
        if key is None and report.format == "local" and not report.cells:
            key = LOCAL_NARRATIVE.get(st.kind)
        if key and key not in out:
            out[key] = Fact(st.value, st.quote)
    return out


def facts(report: Report) -> dict[str, Fact]:
    """The report's narrative facts: those ingest recorded, else those read from its sections."""
    if report.facts:
        return dict(report.facts)
    return read(report)

"""The rule engine: every check of an annual report has a stable id, one implementation, a
severity and a Chinese message, and is run both to gate our own reports before publishing and to
audit reports published by others (条例 §47, §50; 国办公开办函〔2021〕30号 "明确责任").

A rule is a function from a :class:`Context` to findings, registered with :func:`rule`.  Rule ids
never change meaning; the list is documented in ``docs/rules.md`` and by ``gongkai rules``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from gongkai import law
from gongkai.formats import Format
from gongkai.report import Finding, Number, Report, Severity

AgencyLevel = Literal["department", "government", "township"]


@dataclass(frozen=True)
class Options:
    """What a check needs to know beyond the document.

    ``agency_level`` decides the §49 deadline; ``None`` infers it from the agency's name.
    ``township_deadline`` is the (month, day) a township must publish by: §49 does not name
    乡镇/街道, so it is set locally; by default 31 January (:data:`gongkai.law.TOWNSHIP_REPORT_BY`,
    docs/law.md §1.8; :class:`gongkai.rules.deadline.DeadlineOptions` validates it).
    """

    agency_level: AgencyLevel | None = None
    township_deadline: tuple[int, int] = law.TOWNSHIP_REPORT_BY


@dataclass(frozen=True)
class Context:
    report: Report
    previous: Report | None = None
    options: Options = field(default_factory=Options)

    @property
    def fmt(self) -> Format:
        return self.report.definition

    def value(self, key: str) -> Number | None:
        return self.report.cells.get(key)

    def label(self, key: str) -> str:
        """A short printed name of a cell for messages: its row and column labels."""
        cell = self.fmt.cells.get(key)
        if cell is None:
            # A local table's key is its printed label path (local.<row>.<column>).
            return key.removeprefix("local.").replace(".", "·")
        parts = [lab.text for lab in (*cell.row.path[-1:], *cell.column.path[-1:])]
        return "·".join(parts) if parts else key


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str  # what it checks, in Chinese
    basis: str  # where the rule comes from
    formats: tuple[str, ...]
    check: Callable[[Rule, Context], Iterable[Finding]]

    def finding(
        self,
        cells: Iterable[str],
        message: str,
        *,
        expected: Any = None,
        actual: Any = None,
        severity: Severity | None = None,
    ) -> Finding:
        return Finding(self.id, severity or self.severity, tuple(cells), expected, actual, message)


RULES: dict[str, Rule] = {}
ALL_FORMATS = ("cn2021", "cn2019", "cn2014", "local")


def rule(
    rule_id: str,
    severity: Severity,
    title: str,
    basis: str,
    formats: tuple[str, ...] = ALL_FORMATS,
) -> Callable[[Callable[[Rule, Context], Iterable[Finding]]], Rule]:
    """Register a rule; the decorated function receives its own :class:`Rule` and the context."""

    def register(fn: Callable[[Rule, Context], Iterable[Finding]]) -> Rule:
        if rule_id in RULES:
            raise ValueError(f"duplicate rule id {rule_id}")
        RULES[rule_id] = Rule(rule_id, severity, title, basis, formats, fn)
        return RULES[rule_id]

    return register


Sum = tuple[str, tuple[str, ...], str]  # (total key, part keys, what it is, for the message)


def sums(r: Rule, ctx: Context, specs: Iterable[Sum]) -> Iterator[Finding]:
    """Report every ``total ≠ Σ parts`` of ``specs``.  Blank operands make an identity
    undecidable: no finding here (rule ``cells.blank`` lists blanks), because a blank is not a
    zero."""
    get = ctx.report.cells.get
    for whole, parts, what in specs:
        actual = get(whole)
        if actual is None:
            continue
        expected = total(get, parts)
        if expected is None or actual == expected:
            continue
        yield r.finding(
            (whole, *parts),
            f"{what}：{ctx.label(whole)}为 {actual}，各分项之和为 {expected}",
            expected=expected,
            actual=actual,
        )


def total(get: Callable[[str], Number | None], keys: Iterable[str]) -> Number | None:
    """The sum of the cells ``keys``, or None when one is blank or absent (a blank is not 0)."""
    out: Number = 0
    for key in keys:  # a plain loop: measured twice as fast as map() and ``None in``
        value = get(key)
        if value is None:
            return None
        out += value
    return out


# The rule modules, in the order their findings are listed; importing one registers its rules.
RULE_MODULES = (
    "identities",
    "cn2014",
    "cross_year",
    "cumulative",
    "text_vs_table",
    "structure",
    "deadline",
)


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule, listed in module order whichever module another import loaded first
    (registration order within a module is kept: the sort is stable)."""
    for name in RULE_MODULES:
        importlib.import_module(f"gongkai.rules.{name}")
    rank = {f"gongkai.rules.{name}": i for i, name in enumerate(RULE_MODULES)}
    return tuple(sorted(RULES.values(), key=lambda r: rank.get(r.check.__module__, len(rank))))


@cache
def rules_for(fmt_name: str) -> tuple[Rule, ...]:
    """The rules that apply to a format, in rule order."""
    return tuple(r for r in all_rules() if fmt_name in r.formats)


def check(
    report: Report, previous: Report | None = None, options: Options | None = None
) -> list[Finding]:
    """Run every rule that applies to the report's format; findings in rule order."""
    ctx = Context(report, previous, options or Options())
    return [finding for r in rules_for(report.format) for finding in r.check(r, ctx)]


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)

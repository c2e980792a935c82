"""Compiling 表三 and 表四 of an annual report from case records (条例 §50 (二)(三)).

The platform keeps one record per application (依申请公开, 条例 §27–§45) and per 行政复议 / 行政诉讼
case; the report counts them.  Counting records instead of typing figures makes the identities of
the format (docs/law.md §1.6 I1–I4) hold by construction: each application received before the
year's end and not closed before it began is in exactly one of 上年结转 / 本年新收, and in exactly one
of an outcome row (closed in the year) / 结转下年度 (open on 31 December).  Every cell keeps the ids of
the records behind it, so a figure can always be explained.

Counting conventions (docs/law.md §4.3, §1.5; the UNVERIFIED ones are the spec's suggestions):
- the applicant column is the type recorded at intake (§4.2);
- an application closed in the year is counted in the row of its one outcome (rule I6);
- an appeal decided in the year is counted in its result column; one filed by 31 December and not
  decided by then is counted in 尚未审结.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import chain
from typing import NamedTuple

from gongkai import formats
from gongkai.report import Report

APPLICANT_COLUMNS = formats.T3_APPLICANT_COLUMNS


class CompileError(ValueError):
    """A record that cannot be counted; the message names it and is for users (Chinese)."""


class CaseRecord(NamedTuple):
    """What the report needs of one application: who applied, when, and how it ended.

    A named tuple rather than a frozen dataclass: a unit's report is compiled from up to
    100,000 of them, and a tuple is built several times faster."""

    id: str
    applicant: str  # a 表三 applicant column key: natural_person, org_commercial, …
    received_on: date  # the §31 date of receipt
    closed_on: date | None = None
    outcome: str | None = None  # a 表三 outcome row key when closed


class AppealRecord(NamedTuple):
    """A 行政复议 or 行政诉讼 case in which the unit answers for its OGI work (条例 §50 (三), §51)."""

    id: str
    kind: str  # a 表四 block (formats.T4_BLOCK_KEYS): review, lit_direct, lit_after_review
    filed_on: date
    decided_on: date | None = None
    result: str | None = None  # a decided case's 表四 result (formats.T4_DECIDED_RESULTS)


@dataclass
class Compiled:
    """The counted cells and the records behind each."""

    format: str
    year: int
    cells: dict[str, int]
    sources: dict[str, tuple[str, ...]]  # cell key → ids of its records, in the order given

    def report(self, agency: str | None = None) -> Report:
        """A report of the year's format with 表三 and 表四 filled in; the rest is left blank."""
        report = Report.blank(self.format, agency=agency, year=self.year)
        report.cells.update(self.cells)
        return report


def _check_case(case: CaseRecord, outcomes: frozenset[str], fmt: str) -> None:
    if case.applicant not in APPLICANT_COLUMNS:
        raise CompileError(f"申请 {case.id}：申请人类型“{case.applicant}”不是表三的申请人类别")
    if case.closed_on is None:
        if case.outcome is not None:
            raise CompileError(f"申请 {case.id}：未办结却记录了办理结果“{case.outcome}”")
        return
    if case.closed_on < case.received_on:
        raise CompileError(
            f"申请 {case.id}：办结日期 {case.closed_on} 早于收到日期 {case.received_on}"
        )
    if case.outcome not in outcomes:
        raise CompileError(f"申请 {case.id}：办理结果“{case.outcome}”不是 {fmt} 表三的办理结果")


def _check_appeal(appeal: AppealRecord) -> None:
    if appeal.kind not in formats.T4_BLOCK_KEYS:
        raise CompileError(f"案件 {appeal.id}：类型“{appeal.kind}”不是表四的类别")
    if (appeal.decided_on is None) != (appeal.result is None):
        raise CompileError(f"案件 {appeal.id}：审结日期与审结结果应同时填写")
    if appeal.result is not None and appeal.result not in formats.T4_DECIDED_RESULTS:
        raise CompileError(f"案件 {appeal.id}：结果“{appeal.result}”不是表四的结果")
    if appeal.decided_on is not None and appeal.decided_on < appeal.filed_on:
        raise CompileError(f"案件 {appeal.id}：审结日期早于申请（起诉）日期")


def compile_tables(
    year: int,
    cases: Iterable[CaseRecord],
    appeals: Iterable[AppealRecord] = (),
) -> Compiled:
    """表三 and 表四 of ``year`` counted from the unit's records.

    上年结转 is counted from the records too; whether it equals 结转下年度 of last year's published
    report is rule ``cross_year.carry_over`` (X1), run on the compiled report with that report as
    ``previous``, so a difference is reported the same way for our reports and for audited ones.
    """
    fmt = formats.for_year(year)
    if "t3" not in {t.id for t in fmt.tables}:
        raise CompileError(f"{year} 年度适用的年报格式（{fmt.name}）没有表三，无法从办理记录汇总")
    outcomes = formats.t3_outcome_rows(fmt)
    outcome_set = frozenset(outcomes)
    first, last = date(year, 1, 1), date(year, 12, 31)
    ids: dict[str, list[str]] = defaultdict(list)
    # The cell lists per (row, column), looked up instead of formatting a key per record: this
    # loop runs once per application of the unit, 100,000 times for a large one.
    cell = {
        (row, col): ids[f"t3.{row}.{col}"]
        for row in (*formats.T3_BALANCE_ROWS, *outcomes)
        for col in APPLICANT_COLUMNS
    }

    columns = frozenset(APPLICANT_COLUMNS)
    for case in cases:
        record, col, received, closed, outcome = case
        # What _check_case checks, as one test on the values at hand; it names the fault.
        if (
            col not in columns
            or (closed is None) != (outcome is None)
            or (closed is not None and (closed < received or outcome not in outcome_set))
        ):
            _check_case(case, outcome_set, fmt.name)
        if received > last or (closed is not None and closed < first):
            continue  # not this year's business
        cell["new_received" if received >= first else "carried_over", col].append(record)
        if closed is not None and closed <= last:
            cell[outcome, col].append(record)  # type: ignore[index]  # checked: an outcome
            cell["total_processed", col].append(record)
        else:
            cell["carried_forward", col].append(record)

    for appeal in appeals:
        _check_appeal(appeal)
        if appeal.filed_on > last or (appeal.decided_on is not None and appeal.decided_on < first):
            continue
        decided = appeal.decided_on is not None and appeal.decided_on <= last
        ids[f"t4.{appeal.kind}.{appeal.result if decided else 'pending'}"].append(appeal.id)
        ids[f"t4.{appeal.kind}.total"].append(appeal.id)

    rows = (*formats.T3_BALANCE_ROWS, *outcomes)
    for row in rows:  # the 总计 column: every applicant column of the row
        ids[f"t3.{row}.total"] = list(
            chain.from_iterable(cell[row, col] for col in APPLICANT_COLUMNS)
        )

    counted = {key: tuple(found) for key, found in ids.items()}
    keys = [k for k in fmt.cells if k.startswith(("t3.", "t4."))]
    return Compiled(
        format=fmt.name,
        year=year,
        cells={k: len(counted.get(k, ())) for k in keys},
        sources={k: counted.get(k, ()) for k in keys},
    )

"""Running totals of local statistics tables (条例(2007) §32 era; 平潭 prints them until 2018).

Local tables before and beside the national formats print, for each indicator, the year's figure
and a running total since the 条例 took effect (历年累计, ingest keys ``local.<label>.本年度`` and
``local.<label>.历年累计``, see :mod:`gongkai.ingest.localtables`).  A running total includes the
year's figure, and grows from last year's total by exactly the year's figure; a "其中" row is part
of the row above it.  平潭综合实验区 2013 prints 76424 after 4359 and 72804; 2017 prints 10037
after 85376.  Year-to-year breaks are warnings (a body may restart its count on reorganisation).
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.report import Finding, Report
from gongkai.rules.engine import Context, Rule, Sum, rule, sums

YEAR = ".本年度"
TOTAL = ".历年累计"
BASIS = "地方统计表“历年累计”栏的含义：自《条例》施行以来逐年累加（含本年度）"


def _rows(report: Report) -> Iterator[str]:
    """The label paths of rows that print both the year's figure and the running total."""
    for key in report.cells:
        if key.endswith(TOTAL) and key.removesuffix(TOTAL) + YEAR in report.cells:
            yield key.removesuffix(TOTAL)


def _name(path: str) -> str:
    return path.removeprefix("local.").replace(".", "·")


@rule("local.cumulative_below_year", "error", "历年累计不小于本年度数", BASIS, ("local",))
def cumulative_below_year(r: Rule, ctx: Context) -> Iterator[Finding]:
    for path in _rows(ctx.report):
        year, total = ctx.value(path + YEAR), ctx.value(path + TOTAL)
        if year is not None and total is not None and total < year:
            yield r.finding(
                (path + YEAR, path + TOTAL),
                f"“{_name(path)}”历年累计 {total} 小于本年度 {year}",
                expected=f">= {year}",
                actual=total,
            )


@rule("local.parts_sum", "warning", "“其中”各项之和等于所属总数（地方统计表）", BASIS, ("local",))
def parts_sum(r: Rule, ctx: Context) -> Iterator[Finding]:
    cells = ctx.report.cells
    specs: list[Sum] = []
    for column in (YEAR, TOTAL):
        wholes = {k.removesuffix(column) for k in cells if k.endswith(column)}
        for whole in sorted(wholes):
            parts = [
                k
                for k in cells
                if k.endswith(column)
                and k.startswith(whole + ".")
                and k.removesuffix(column).count(".") == whole.count(".") + 1
            ]
            if parts:
                specs.append((whole + column, tuple(parts), f"“{_name(whole)}”其中各项之和"))
    yield from sums(r, ctx, specs)


@rule(
    "cross_year.cumulative",
    "warning",
    "本年历年累计 = 上年历年累计 + 本年度数",
    BASIS + "；与同一机关上一年度报告核对",
    ("local",),
)
def cumulative(r: Rule, ctx: Context) -> Iterator[Finding]:
    prev = ctx.previous
    report = ctx.report
    if prev is None or prev.year is None or report.year != prev.year + 1:
        return
    for path in _rows(report):
        total, year = ctx.value(path + TOTAL), ctx.value(path + YEAR)
        before = prev.cells.get(path + TOTAL)
        if None in (total, year, before):
            continue
        expected = before + year  # type: ignore[operator]
        if total != expected:
            yield r.finding(
                (path + TOTAL,),
                f"“{_name(path)}”历年累计为 {total}，按 {prev.year} 年度累计 {before} 加本年度 "
                f"{year} 应为 {expected}",
                expected=expected,
                actual=total,
            )

"""Checks of a report against the same body's report for the previous year (docs/law.md §1.6).

X1: applications carried forward at the end of last year are this year's 上年结转 (表三).
X2: 现行有效件数 moves only by what was issued and repealed (表二, 2021 format).
Both are warnings: reorganisations, re-classified applicants and clean-up campaigns break them
legitimately.
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai import law
from gongkai.report import Finding, Report
from gongkai.rules.engine import Context, Rule, rule

T3_FORMATS = ("cn2021", "cn2019")


def _previous(ctx: Context) -> Report | None:
    """Last year's report when it is comparable: the same body, the year before."""
    prev = ctx.previous
    report = ctx.report
    if prev is None or prev.year is None or report.year is None or prev.year != report.year - 1:
        return None
    return prev


@rule(
    "cross_year.not_consecutive",
    "warning",
    "所给上年度报告应为前一年度",
    "跨年度核对的前提",
)
def not_consecutive(r: Rule, ctx: Context) -> Iterator[Finding]:
    prev = ctx.previous
    if prev is not None and _previous(ctx) is None:
        yield r.finding(
            (),
            f"所给上年度报告为 {prev.year} 年度，本报告为 {ctx.report.year} 年度，跨年度核对未进行",
            expected=None if ctx.report.year is None else ctx.report.year - 1,
            actual=prev.year,
        )


@rule(
    "cross_year.carry_over",
    "warning",
    "本年“上年结转” = 上年“结转下年度继续办理”（X1）",
    "表三第二项与上年度表三第四项的衔接",
    T3_FORMATS,
)
def carry_over(r: Rule, ctx: Context) -> Iterator[Finding]:
    prev = _previous(ctx)
    if prev is None or prev.format not in T3_FORMATS:
        return
    for column in ctx.fmt.table("t3").columns:
        now_key = f"t3.carried_over.{column.key}"
        before_key = f"t3.carried_forward.{column.key}"
        now, before = ctx.value(now_key), prev.cells.get(before_key)
        if now is not None and before is not None and now != before:
            yield r.finding(
                (now_key,),
                f"表三「{column.path[-1].text}」列：上年结转 {now} 件，"
                f"而 {prev.year} 年度报告结转下年度 {before} 件",
                expected=before,
                actual=now,
            )


@rule(
    "cross_year.in_force",
    "warning",
    "现行有效件数 = 上年现行有效件数 + 本年制发 − 本年废止（X2）",
    f"表二{law.ART_20_1.locator}的隐含关系（非官方规则）",
    ("cn2021",),
)
def in_force(r: Rule, ctx: Context) -> Iterator[Finding]:
    prev = _previous(ctx)
    if prev is None or prev.format != "cn2021":
        return  # 2019 试行 columns count items, not documents in force: not comparable
    for row, name in (("regulation", "规章"), ("normative_doc", "行政规范性文件")):
        keys = [f"t2.{row}.{c}" for c in ("in_force", "issued", "repealed")]
        now, issued, repealed = (ctx.value(k) for k in keys)
        before = prev.cells.get(f"t2.{row}.in_force")
        if None in (now, issued, repealed, before):
            continue
        expected = before + issued - repealed  # type: ignore[operator]
        if now != expected:
            yield r.finding(
                keys,
                f"{name}现行有效 {now} 件，按上年 {before} 件 + 本年制发 {issued} 件 − 废止 "
                f"{repealed} 件应为 {expected} 件",
                expected=expected,
                actual=now,
            )


@rule(
    "cross_year.item_count",
    "warning",
    "上一年项目数量 + 本年增/减 = 下一年的上一年项目数量（2019 试行格式）",
    "表二（2019 试行格式）的隐含关系（docs/law.md §2，未经官方确认）",
    ("cn2019",),
)
def item_count(r: Rule, ctx: Context) -> Iterator[Finding]:
    prev = _previous(ctx)
    if prev is None or prev.format != "cn2019":
        return
    for key in ctx.fmt.cells:
        if not key.endswith(".prev_year_items"):
            continue
        row = key.removesuffix(".prev_year_items")
        before = prev.cells.get(key)
        delta = prev.cells.get(f"{row}.delta_items")
        now = ctx.value(key)
        if None in (before, delta, now):
            continue
        expected = before + delta  # type: ignore[operator]
        if now != expected:
            yield r.finding(
                (key,),
                f"{ctx.label(key)}为 {now}，按上年 {before} 加上年增减 {delta} 应为 {expected}",
                expected=expected,
                actual=now,
            )

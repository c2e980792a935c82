"""The identities of 表三 and 表四 (docs/law.md §1.6, I1–I5) and the value types of every cell.

I1 is printed in 表三 itself (“本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”,
国办公开办函〔2021〕30号 and 〔2019〕60号); I2–I4 follow from the structure of the tables (every
application sits in exactly one outcome row; 总计 columns are sums).  They are errors: a report that
breaks them counts some application twice or not at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from gongkai import formats, law
from gongkai.formats import Kind
from gongkai.report import Finding
from gongkai.rules.engine import Context, Rule, Sum, rule, sums

T3_FORMATS = ("cn2021", "cn2019")


@cache
def column_sums(fmt_name: str) -> tuple[Sum, ...]:
    """I2 per 表三 column: （七）总计 = Σ outcome rows."""
    fmt = formats.get(fmt_name)
    t3 = fmt.table("t3")
    outcomes = formats.t3_outcome_rows(fmt)
    return tuple(
        (
            f"t3.total_processed.{c.key}",
            tuple(f"t3.{row}.{c.key}" for row in outcomes),
            f"表三「{c.path[-1].text}」列",
        )
        for c in t3.columns
    )


@cache
def row_sums(fmt_name: str) -> tuple[Sum, ...]:
    """I3 per 表三 row: 总计 = 自然人 + the five 法人或其他组织 columns."""
    t3 = formats.get(fmt_name).table("t3")
    parts = [c.key for c in t3.columns if c.key != "total"]
    return tuple(
        (
            f"t3.{row.key}.total",
            tuple(f"t3.{row.key}.{c}" for c in parts),
            f"表三「{row.label.text if row.label else row.key}」行",
        )
        for row in t3.data_rows()
    )


T4_SUMS: tuple[Sum, ...] = tuple(
    (
        f"t4.{block}.total",
        tuple(f"t4.{block}.{p}" for p in formats.T4_RESULTS),
        f"表四「{name}」",
    )
    for block, name in formats.T4_BLOCK_NAMES.items()
)


@cache
def balance_keys(fmt_name: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """I1 per 表三 column: the column's name and its four keys in printed order."""
    t3 = formats.get(fmt_name).table("t3")
    return tuple(
        (c.path[-1].text, tuple(f"t3.{row}.{c.key}" for row in formats.T3_BALANCE_ROWS))
        for c in t3.columns
    )


@cache
def typed_cells(fmt_name: str) -> tuple[tuple[str, Kind], ...]:
    return tuple((key, cell.kind) for key, cell in formats.get(fmt_name).cells.items())


@rule(
    "t3.balance",
    "error",
    "表三每列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度（I1）",
    "表三表头注明的勾稽关系（国办公开办函〔2021〕30号）",
    T3_FORMATS,
)
def t3_balance(r: Rule, ctx: Context) -> Iterator[Finding]:
    cells = ctx.report.cells
    for name, keys in balance_keys(ctx.fmt.name):
        new, over, processed, forward = (cells.get(k) for k in keys)
        if new is None or over is None or processed is None or forward is None:
            continue
        if new + over != processed + forward:
            yield r.finding(
                keys,
                f"表三「{name}」列：第一项加第二项之和（{new}+{over}={new + over}）"
                f"不等于第三项加第四项之和（{processed}+{forward}={processed + forward}）",
                expected=new + over,
                actual=processed + forward,
            )


@rule(
    "t3.outcomes_sum",
    "error",
    "表三每列：（七）总计 = 各办理结果之和（I2）",
    f"表三结构：每件申请只计入一种办理结果（{law.ART_36.short()}、{law.ART_37.locator}；"
    "部分公开行的填报说明）",
    T3_FORMATS,
)
def t3_outcomes_sum(r: Rule, ctx: Context) -> Iterator[Finding]:
    return sums(r, ctx, column_sums(ctx.fmt.name))


@rule(
    "t3.row_total",
    "error",
    "表三每行：总计 = 自然人 + 各类法人或其他组织（I3）",
    "表三结构（国办公开办函〔2021〕30号）",
    T3_FORMATS,
)
def t3_row_total(r: Rule, ctx: Context) -> Iterator[Finding]:
    return sums(r, ctx, row_sums(ctx.fmt.name))


@rule(
    "t4.block_total",
    "error",
    "表四每组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结（I4）",
    "表四结构（国办公开办函〔2021〕30号）",
    T3_FORMATS,
)
def t4_block_total(r: Rule, ctx: Context) -> Iterator[Finding]:
    return sums(r, ctx, T4_SUMS)


@rule(
    "cells.type",
    "error",
    "件数为非负整数，金额为非负数，本年增/减为整数（I5）",
    "年报格式各表的计量口径（docs/law.md §1.6 I5）",
)
def cells_type(r: Rule, ctx: Context) -> Iterator[Finding]:
    cells = ctx.report.cells
    for key, kind in typed_cells(ctx.fmt.name):
        value = cells.get(key)
        if value is None or (type(value) is int and (value >= 0 or kind is Kind.SIGNED)):
            continue  # the common case, decided without the checks below
        integral = isinstance(value, int) or float(value).is_integer()
        if kind is Kind.AMOUNT and value < 0:
            problem = "金额不能为负数"
        elif kind is Kind.COUNT and (value < 0 or not integral):
            problem = "件数应为非负整数"
        elif kind is Kind.SIGNED and not integral:
            problem = "本年增/减应为整数"
        else:
            continue
        yield r.finding((key,), f"{ctx.label(key)}为 {value}：{problem}", actual=value)


@rule(
    "cells.blank",
    "info",
    "空白单元格（空白不等于 0）",
    "report-json.md：空白不得视为 0；本系统生成的年报以 0 表示“无”",
)
def cells_blank(r: Rule, ctx: Context) -> Iterator[Finding]:
    cells = ctx.report.cells
    blank = [k for k in ctx.fmt.cells if cells.get(k) is None]
    if blank:
        yield r.finding(
            blank,
            f"共有 {len(blank)} 个单元格空白（首个：{ctx.label(blank[0])}）；空白与 0 含义不同，"
            "无法据此核对勾稽关系",
            actual=len(blank),
        )

"""The identities of 表三 and 表四 (ogi-rules.md §1.6, I1–I5) and the value types of every cell.

I1 is printed in 表三 itself (“本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”,
国办公开办函〔2021〕30号 and 〔2019〕60号); I2–I4 follow from the structure of the tables (every
application sits in exactly one outcome row; 总计 columns are sums).  They are errors: a report that
breaks them counts some application twice or not at all.
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.formats import Kind, Row
from gongkai.report import Finding
from gongkai.rules.engine import Context, Rule, rule, sum_identity

T3_FORMATS = ("cn2021", "cn2019")
NOT_OUTCOMES_ORDER = ("new_received", "carried_over", "total_processed", "carried_forward")
NOT_OUTCOMES = frozenset(NOT_OUTCOMES_ORDER)


def outcome_rows(ctx: Context) -> tuple[Row, ...]:
    return tuple(r for r in ctx.fmt.table("t3").data_rows() if r.key not in NOT_OUTCOMES)


@rule(
    "t3.balance",
    "error",
    "表三每列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度（I1）",
    "表三表头注明的勾稽关系（国办公开办函〔2021〕30号）",
    T3_FORMATS,
)
def t3_balance(r: Rule, ctx: Context) -> Iterator[Finding]:
    for column in ctx.fmt.table("t3").columns:
        keys = [f"t3.{row}.{column.key}" for row in NOT_OUTCOMES_ORDER]
        values = [ctx.value(k) for k in keys]
        if any(v is None for v in values):
            continue
        new, over, processed, forward = (v or 0 for v in values)
        if new + over != processed + forward:
            yield r.finding(
                keys,
                f"表三「{column.path[-1].text}」列：第一项加第二项之和（{new}+{over}={new + over}）"
                f"不等于第三项加第四项之和（{processed}+{forward}={processed + forward}）",
                expected=new + over,
                actual=processed + forward,
            )


@rule(
    "t3.outcomes_sum",
    "error",
    "表三每列：（七）总计 = 各办理结果之和（I2）",
    "表三结构：每件申请只计入一种办理结果（条例第三十六条、第三十七条；部分公开行的填报说明）",
    T3_FORMATS,
)
def t3_outcomes_sum(r: Rule, ctx: Context) -> Iterator[Finding]:
    rows = outcome_rows(ctx)
    for column in ctx.fmt.table("t3").columns:
        yield from sum_identity(
            r,
            ctx,
            f"t3.total_processed.{column.key}",
            (f"t3.{row.key}.{column.key}" for row in rows),
            f"表三「{column.path[-1].text}」列",
        )


@rule(
    "t3.row_total",
    "error",
    "表三每行：总计 = 自然人 + 各类法人或其他组织（I3）",
    "表三结构（国办公开办函〔2021〕30号）",
    T3_FORMATS,
)
def t3_row_total(r: Rule, ctx: Context) -> Iterator[Finding]:
    table = ctx.fmt.table("t3")
    parts = [c.key for c in table.columns if c.key != "total"]
    for row in table.data_rows():
        label = row.label.text if row.label else row.key
        yield from sum_identity(
            r,
            ctx,
            f"t3.{row.key}.total",
            (f"t3.{row.key}.{c}" for c in parts),
            f"表三「{label}」行",
        )


@rule(
    "t4.block_total",
    "error",
    "表四每组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结（I4）",
    "表四结构（国办公开办函〔2021〕30号）",
    T3_FORMATS,
)
def t4_block_total(r: Rule, ctx: Context) -> Iterator[Finding]:
    names = {
        "review": "行政复议",
        "lit_direct": "未经复议直接起诉",
        "lit_after_review": "复议后起诉",
    }
    for block, name in names.items():
        yield from sum_identity(
            r,
            ctx,
            f"t4.{block}.total",
            (f"t4.{block}.{p}" for p in ("upheld", "corrected", "other", "pending")),
            f"表四「{name}」",
        )


@rule(
    "cells.type",
    "error",
    "件数为非负整数，金额为非负数，本年增/减为整数（I5）",
    "年报格式各表的计量口径（ogi-rules.md §1.6 I5）",
)
def cells_type(r: Rule, ctx: Context) -> Iterator[Finding]:
    for key, cell in ctx.fmt.cells.items():
        value = ctx.value(key)
        if value is None:
            continue
        kind = cell.kind
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
    blank = [k for k in ctx.fmt.cells if ctx.value(k) is None]
    if blank:
        yield r.finding(
            blank,
            f"共有 {len(blank)} 个单元格空白（首个：{ctx.label(blank[0])}）；空白与 0 含义不同，"
            "无法据此核对勾稽关系",
            actual=len(blank),
        )

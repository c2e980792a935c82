"""Numbers quoted in the narrative against the tables (docs/law.md §1.6 “Text vs table”).

条例 §50 asks for the same facts in prose and in the format's tables; when they disagree one of
them is wrong (Pingtan 2012: the text says 1913 items, the table 739).  Warnings: the narrative may
legitimately count differently (e.g. by item rather than by application).
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai import law, narrative
from gongkai.report import Finding
from gongkai.rules.engine import Context, Rule, rule, total

BASIS = f"{law.ART_50.short()}：年度报告的文字与统计表应一致"


@rule(
    "text_vs_table.figure",
    "warning",
    "正文中引用的数字与表格一致（收到、办结、结转申请数，复议、诉讼数）",
    BASIS,
    ("cn2021", "cn2019", "cn2014", "local"),
)
def figure(r: Rule, ctx: Context) -> Iterator[Finding]:
    get = ctx.report.cells.get
    for key, fact in narrative.facts(ctx.report).items():
        parts = narrative.VIRTUAL.get(key, (key,))
        table = total(get, parts)  # None: a blank or absent cell leaves nothing to compare
        if table is None or table == fact.value:
            continue
        what = "＋".join(ctx.label(k) for k in parts)
        yield r.finding(
            parts,
            f"正文称“{fact.quote}”（{fact.value}），表格中{what}为 {table}",
            expected=table,
            actual=fact.value,
        )


@rule(
    "text_vs_table.fee_section",
    "warning",
    "提及信息处理费的，应在“六、其他需要报告的事项”中报告收取情况",
    f"国办公开办函〔2021〕30号模板：收取信息处理费情况在第六部分报告（{law.FEES_109_WHOLE.short()}）",
    ("cn2021", "cn2019"),
)
def fee_section(r: Rule, ctx: Context) -> Iterator[Finding]:
    sections = ctx.report.sections
    elsewhere = [k for k, text in sections.items() if k != "other" and "信息处理费" in text]
    if elsewhere and "信息处理费" not in sections.get("other", ""):
        yield r.finding((), "正文提及信息处理费，但“六、其他需要报告的事项”未报告收取情况")

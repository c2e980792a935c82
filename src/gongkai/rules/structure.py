"""The structure of a report: the right template for its year, the sections 条例 §50 requires,
and a statistics period that matches the report year.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai import formats, law
from gongkai.report import Finding
from gongkai.rules.deadline import owes_art50_4
from gongkai.rules.engine import Context, Rule, rule

NATIONAL = ("cn2021", "cn2019")


@rule(
    "structure.format_year",
    "error",
    "报告年度使用对应的年报格式（2021 年度起用 30 号文格式，2019–2020 年度用 60 号文试行格式）",
    f"{law.ART_50_2.short()}；国办公开办函〔2021〕30号、〔2019〕60号",
)
def format_year(r: Rule, ctx: Context) -> Iterator[Finding]:
    report = ctx.report
    if report.year is None or ctx.fmt.covers(report.year):
        return
    right = formats.for_year(report.year)
    yield r.finding(
        (),
        f"{report.year} 年度报告应使用《{right.title}》（{right.basis}），"
        f"实际为《{ctx.fmt.title}》（{ctx.fmt.basis}）",
        expected=right.name,
        actual=ctx.fmt.name,
    )


@rule(
    "structure.section_missing",
    "warning",
    "文字部分齐全：总体情况、存在的主要问题及改进情况、其他需要报告的事项",
    f"{law.ART_50.short()}；国办公开办函〔2021〕30号：年报内容不得缺项",
    NATIONAL,
)
def section_missing(r: Rule, ctx: Context) -> Iterator[Finding]:
    for section in ctx.fmt.sections:
        if section.tables:
            continue  # 二、三、四 are their tables; their prose is optional
        if not ctx.report.sections.get(section.key, "").strip():
            yield r.finding(
                (), f"缺少“{section.number}、{section.title.text}”的内容", actual=section.key
            )


PERIOD = re.compile(
    r"(\d{4})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*至\s*(?:(\d{4})\s*年\s*)?12\s*月\s*31\s*日"
)
PERIOD_BLANK = re.compile(r"(?:统计)?期限\s*自\s*至|自\s*年\s*月\s*日\s*至\s*年\s*月\s*日")
# Both patterns need "至": testing for it first skips the regex scan on most texts.
PERIOD_MARK = "至"


@rule(
    "structure.period_year",
    "warning",
    "正文所述统计期限与报告年度一致",
    "统计期限为报告年度 1 月 1 日至 12 月 31 日（docs/law.md §1.7）",
)
def period_year(r: Rule, ctx: Context) -> Iterator[Finding]:
    year = ctx.report.year
    if year is None:
        return
    for text in ctx.report.sections.values():
        if PERIOD_MARK not in text:
            continue
        for m in PERIOD.finditer(text):
            stated = {int(g) for g in m.groups() if g}
            if stated != {year}:
                yield r.finding(
                    (),
                    f"正文统计期限“{m.group()}”与报告年度 {year} 不符",
                    expected=year,
                    actual=sorted(stated),
                )


@rule(
    "structure.period_blank",
    "warning",
    "统计期限写明起止日期",
    "统计期限为报告年度 1 月 1 日至 12 月 31 日（docs/law.md §1.7）",
)
def period_blank(r: Rule, ctx: Context) -> Iterator[Finding]:
    for text in ctx.report.sections.values():
        m = PERIOD_MARK in text and PERIOD_BLANK.search(text)
        if m:
            yield r.finding((), f"统计期限未写明日期：“{m.group()}”", actual=m.group())


@rule(
    "structure.art50_4",
    "warning",
    "各级人民政府（含乡、镇人民政府）的年报报告工作考核、社会评议和责任追究结果情况",
    law.ART_50_4.short(),
    NATIONAL,
)
def art50_4(r: Rule, ctx: Context) -> Iterator[Finding]:
    if not owes_art50_4(ctx.report.agency, ctx.options.agency_level):
        return
    text = "".join(ctx.report.sections.values())
    missing = [w for w in law.ART_50_4_TOPICS if w not in text]
    if missing:
        yield r.finding(
            (),
            "人民政府的年度报告应报告政府信息公开工作考核、社会评议和责任追究结果情况"
            f"（{law.ART_50_4.short()}），正文未提及：{'、'.join(missing)}",
            actual=missing,
        )

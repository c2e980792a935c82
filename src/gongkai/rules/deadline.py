"""The publication deadline of an annual report (条例 §49; for report years up to 2018, §31 of the
2007 text).

§49 para. 1: every 县级以上人民政府部门 publishes its report by 31 January; para. 2: the report of
each 县级以上地方人民政府 is published by 31 March.  §49 names neither 乡镇 nor 街道: their deadline is
set locally (ogi-rules.md §1.8), so it is an option.  Under the 2007 text every agency had until
31 March.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import lru_cache

from gongkai.report import Finding
from gongkai.rules.engine import AgencyLevel, Context, Options, Rule, rule

LEVEL_NAMES: dict[AgencyLevel, str] = {
    "department": "政府部门",
    "government": "人民政府",
    "township": "乡镇人民政府、街道办事处",
}
TOWNSHIP = re.compile(r"(乡|镇|街道)(人民政府|办事处)$|街道办事处$")
GOVERNMENT = re.compile(r"(人民政府|管理委员会|管委会)$")


@lru_cache(maxsize=4096)  # a batch audit meets the same agencies again and again
def infer_level(agency: str | None) -> AgencyLevel:
    """The level an agency's printed name implies; a body that is not a government is a
    department (the stricter §49 deadline), so an unknown name never hides a late report."""
    name = (agency or "").strip()
    if TOWNSHIP.search(name):
        return "township"
    if GOVERNMENT.search(name) and "办公厅" not in name and "办公室" not in name:
        return "government"
    return "department"


def publication_deadline(year: int, level: AgencyLevel, options: Options) -> date:
    """The last day to publish the report for ``year``."""
    if year <= 2018:
        return date(year + 1, 3, 31)  # 条例(2007) §31: all agencies by 31 March
    if level == "department":
        return date(year + 1, 1, 31)  # 条例 §49 para. 1
    if level == "township":
        month, day = options.township_deadline
        return date(year + 1, month, day)  # set locally
    return date(year + 1, 3, 31)  # 条例 §49 para. 2


@rule(
    "deadline.published_late",
    "warning",
    "年度报告在法定期限内公布（部门 1 月 31 日前，政府 3 月 31 日前）",
    "条例第四十九条（2018 年度及以前：2007 年条例第三十一条）",
)
def published_late(r: Rule, ctx: Context) -> Iterator[Finding]:
    report = ctx.report
    if report.year is None or report.published_on is None:
        return
    level = ctx.options.agency_level or infer_level(report.agency)
    due = publication_deadline(report.year, level, ctx.options)
    if report.published_on > due:
        late = (report.published_on - due).days
        yield r.finding(
            (),
            f"按{LEVEL_NAMES[level]}的期限，{report.year} 年度报告应于 {due.isoformat()} 前公布，"
            f"实际公布日期 {report.published_on.isoformat()}，逾期 {late} 天",
            expected=due.isoformat(),
            actual=report.published_on.isoformat(),
        )

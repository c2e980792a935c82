"""The publication deadline of an annual report (条例 §49; for report years up to 2018, §31 of the
2007 text), and which kind of body an agency's printed name shows it to be.

§49 para. 1: every 县级以上人民政府部门 publishes its report by 31 January; para. 2: the report of
each 县级以上地方人民政府 is published by 31 March.  §49 names neither 乡镇 nor 街道: their date is
set locally, so it is an option (:class:`DeadlineOptions`), by default 31 January like the
departments, which is what supervising governments usually require so they can compile their own
report (docs/law.md §1.8).  Under the 2007 text every agency had until 31 March.

Names ending in 管理委员会 / 管委会 are not governments: a 开发区 (高新区, 实验区, 新区 …) 管委会 is the
派出机构 of the government that set it up, and a 城市管理委员会 or the like is one of its
departments; both publish as bodies acting in their own name (条例 §10, §27), not as 人民政府, so
they get the departments' date and no §50(4) duty (docs/law.md §1.8).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from gongkai import law
from gongkai.report import Finding
from gongkai.rules.engine import AgencyLevel, Context, Options, Rule, rule

LEVEL_NAMES: dict[AgencyLevel, str] = {
    "department": "政府部门",
    "government": "人民政府",
    "township": "乡镇人民政府、街道办事处",
}
TOWNSHIP = re.compile(r"(乡|镇|街道)(人民政府|办事处)$|街道办事处$")
# A 街道办事处 is the 派出机关 of a 市辖区 / 不设区的市 government, not a level of government.
SUBDISTRICT = re.compile(r"(街道|街道办事处|办事处)$")
GOVERNMENT = re.compile(r"人民政府$")
# The offices of a government are its departments for §49, whatever their name ends with.
GOVERNMENT_OFFICE = ("办公厅", "办公室")


@dataclass(frozen=True)
class DeadlineOptions:
    """What the §49 deadline needs beyond the report: the (month, day) of the following year by
    which a 乡镇 or 街道 publishes.  §49 does not set it; the default is
    :data:`gongkai.law.TOWNSHIP_REPORT_BY` (31 January) and a supervising government may set
    another."""

    township_deadline: tuple[int, int] = law.TOWNSHIP_REPORT_BY

    def __post_init__(self) -> None:
        month, day = self.township_deadline
        try:
            date(2024, month, day)  # a leap year: 2-29 is a possible local date
        except (TypeError, ValueError):
            raise ValueError(
                f"乡镇、街道年度报告的公布期限应为有效的月、日，收到：{self.township_deadline!r}"
            ) from None


@lru_cache(maxsize=4096)  # a batch audit meets the same agencies again and again
def infer_level(agency: str | None) -> AgencyLevel:
    """The level an agency's printed name implies; a body that is not a government is a
    department (the stricter §49 deadline), so an unknown name never hides a late report."""
    name = (agency or "").strip()
    if TOWNSHIP.search(name):
        return "township"
    if GOVERNMENT.search(name) and not any(word in name for word in GOVERNMENT_OFFICE):
        return "government"
    return "department"


def owes_art50_4(agency: str | None, level: AgencyLevel | None = None) -> bool:
    """Whether the report must give the results of 考核, 评议 and 责任追究 (条例 §50(4)): the
    reports of 各级人民政府 — down to 乡 and 镇 — do; a department's, a 街道办事处's or a
    管委会's do not."""
    name = (agency or "").strip()
    level = level or infer_level(name)
    if level == "government":
        return True
    return level == "township" and not SUBDISTRICT.search(name)


def publication_deadline(
    year: int, level: AgencyLevel, options: DeadlineOptions | Options | None = None
) -> date:
    """The last day to publish the report for ``year``."""
    if year <= 2018:
        month, day = law.REPORT_BY_2007  # 2007 text §31: all agencies by 31 March
    elif level == "department":
        month, day = law.DEPARTMENT_REPORT_BY  # 条例 §49 para. 1
    elif level == "township":
        month, day = (options or DeadlineOptions()).township_deadline  # set locally
    else:
        month, day = law.GOVERNMENT_REPORT_BY  # 条例 §49 para. 2
    return date(year + 1, month, day)


@rule(
    "deadline.published_late",
    "warning",
    "年度报告在法定期限内公布（部门 {} 月 {} 日前，政府 {} 月 {} 日前，乡镇、街道按当地规定）".format(
        *law.DEPARTMENT_REPORT_BY, *law.GOVERNMENT_REPORT_BY
    ),
    f"{law.ART_49.short()}（2018 年度及以前：{law.ART_2007_31.short()}）",
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

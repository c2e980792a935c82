"""The transparency score of a unit's annual report: indicator sets kept as versioned data with
their weights stated, in the manner of public evaluation practice (the published indices score
timeliness, completeness, accuracy and continuity; the weights here are ours and say so).  Every
point lost names its evidence: the rule id, the article, the cells and the page they were read
from.  A new weighting is a new set; an old score stays reproducible under its version."""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai import law
from gongkai.report import SECTION_KEYS, Finding, Report
from gongkai.rollup import ROLLUP_RULES
from gongkai.rules.engine import RULES, all_rules
from gongkai_platform.catalog.models import CatalogItem, Column
from gongkai_platform.oversight.selectors import RECORDS_RULE, RegisterRow


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    weight: int
    basis: str


INDICATOR_SETS: dict[str, tuple[Indicator, ...]] = {
    "2026.1": (
        Indicator("on_time", "按期公布年度报告", 20, law.ART_49.short()),
        Indicator(
            "sections", "报告六个部分齐全", 15, f"{law.ART_50.short()}；国办公开办函〔2021〕30号"
        ),
        Indicator(
            "tables", "统计表逐项填报", 15, f"{law.ART_50.short()}；国办公开办函〔2021〕30号"
        ),
        Indicator("identities", "统计表勾稽关系成立", 20, "国办公开办函〔2021〕30号（表三说明）"),
        Indicator("text_vs_table", "正文与统计表一致、与办理记录一致", 10, law.ART_50.short()),
        Indicator("cross_year", "与上一年度衔接", 10, "表三上年结转、表二现行有效件数"),
        Indicator("catalog", f"主动公开信息{law.PUBLICATION.text}内公开", 10, law.ART_26.short()),
    )
}
CURRENT = "2026.1"
SECTION_NAMES = {
    "overview": "总体情况",
    "proactive": "主动公开政府信息情况",
    "applications": "收到和处理政府信息公开申请情况",
    "appeals": "政府信息公开行政复议、行政诉讼情况",
    "problems": "存在的主要问题及改进情况",
    "other": "其他需要报告的事项",
}


@dataclass(frozen=True)
class Evidence:
    message: str
    rule: str
    article: str
    cells: tuple[str, ...] = ()
    page: int | None = None


@dataclass
class Item:
    indicator: Indicator
    points: float
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def lost(self) -> float:
        return self.indicator.weight - self.points


@dataclass
class ScoreCard:
    version: str
    items: list[Item]

    @property
    def total(self) -> float:
        return round(sum(i.points for i in self.items), 1)


def _article(rule: str) -> str:
    all_rules()
    if rule in RULES:
        return RULES[rule].basis
    if rule in ROLLUP_RULES:
        return ROLLUP_RULES[rule].basis
    return {RECORDS_RULE: f"{law.ART_50.short()}（年报数据应与办理记录一致）"}.get(rule, "")


def _evidence(report: Report | None, f: Finding) -> Evidence:
    page = None
    if report is not None:
        for key in f.cells:
            if key in report.provenance:
                page = report.provenance[key].page
                break
    return Evidence(f.message, f.rule, _article(f.rule), f.cells, page)


def _per_finding(
    indicator: Indicator, report: Report | None, found: list[Finding], each: float
) -> Item:
    lost = min(indicator.weight, each * len(found))
    return Item(indicator, indicator.weight - lost, [_evidence(report, f) for f in found])


def catalog_timeliness(unit_id: int, year: int) -> tuple[int, list[CatalogItem]]:
    """The unit's catalog items published in ``year`` and those published more than 20 working
    days after they were formed (条例 §26), through the one clock module."""
    from gongkai.workdays.clock import publication_deadline
    from gongkai_platform.holiday_calendar.selectors import calendar

    cal = calendar()

    # The annual report's own item (made by its 公布) is left out: its deadline is §49's, scored
    # as on_time, and publishing the report alone must not earn the §26 points.
    items = list(
        CatalogItem.objects.filter(unit_id=unit_id, published_on__year=year)
        .exclude(category__column=Column.ANNUAL_REPORT)
        .only("id", "title", "formed_on", "published_on")
    )
    late = [
        i
        for i in items
        if i.published_on and i.published_on > publication_deadline(i.formed_on, calendar=cal).due
    ]
    return len(items), late


def catalog_item(indicator: Indicator, unit_id: int, year: int) -> Item:
    """The §26 indicator: the share of the unit's catalog items of ``year`` published within 20
    working days of being formed.

    A unit with no catalog item published in the year has shown nothing that could be timely, so
    the indicator loses its points, and its evidence says why.  This follows public evaluation
    practice: the published transparency indices (中国社会科学院法学研究所《中国政府透明度指数
    报告》 and the provincial 第三方评估 modelled on it) score only what the evaluator can find on
    the unit's own channels, and an indicator with nothing to find scores nothing; a "cannot be
    evaluated" that kept the points would reward publishing nothing, the opposite of what
    条例第二十六条 asks.  The evidence points the reader to the catalog, not to a cell."""
    count, late_items = catalog_timeliness(unit_id, year)
    if not count:
        none = Evidence(
            f"{year}年未见本单位主动公开目录中发布的信息，无从证明在信息形成之日起"
            f"{law.PUBLICATION.text}内公开，本项不得分",
            "oversight.catalog_empty",
            indicator.basis,
        )
        return Item(indicator, 0, [none])
    ev = [
        Evidence(
            f"《{i.title}》成文 {i.formed_on}，公开 {i.published_on}，超过{law.PUBLICATION.text}",
            "oversight.catalog_late",
            indicator.basis,
        )
        for i in late_items[:20]
    ]
    return Item(indicator, round(indicator.weight * (1 - len(late_items) / count), 1), ev)


def score(
    row: RegisterRow, findings: list[Finding], year: int, version: str = CURRENT
) -> ScoreCard:
    report = Report.from_json(row.document) if row.document is not None else None
    items = []
    for indicator in INDICATOR_SETS[version]:
        w = indicator.weight
        if report is None:
            items.append(
                Item(
                    indicator,
                    0,
                    [
                        Evidence(
                            f"{year}年度未公布年度报告", "oversight.missing", law.ART_49.short()
                        )
                    ],
                )
            )
            continue
        if indicator.id == "on_time":
            late = row.late or row.status in ("late", "unknown")
            ev = [
                Evidence(
                    f"公布日期 {row.published_on or '不详'}，期限 {row.deadline}",
                    "deadline.published_late",
                    _article("deadline.published_late"),
                )
            ]
            items.append(Item(indicator, 0 if late else w, ev if late else []))
        elif indicator.id == "sections":
            empty = [k for k in SECTION_KEYS if not report.sections.get(k, "").strip()]
            ev = [
                Evidence(
                    f"缺少“{SECTION_NAMES[k]}”部分", "structure.section_missing", indicator.basis
                )
                for k in empty
            ]
            items.append(Item(indicator, round(w * (1 - len(empty) / len(SECTION_KEYS)), 1), ev))
        elif indicator.id == "tables":
            keys = list(report.definition.cells) or list(report.cells)
            blank = [k for k in keys if report.cells.get(k) is None]
            share = 1 - len(blank) / len(keys) if keys else 0
            ev = (
                [
                    Evidence(
                        f"{len(blank)} 个单元格空白或无法读取",
                        "cells.blank",
                        indicator.basis,
                        tuple(blank[:20]),
                    )
                ]
                if blank
                else []
            )
            items.append(Item(indicator, round(w * share, 1), ev))
        elif indicator.id == "identities":
            found = [
                f
                for f in findings
                if f.severity == "error"
                and f.rule.startswith(("t3.", "t4.", "cells.", "cn2014.", "local."))
            ]
            items.append(_per_finding(indicator, report, found, w / 4))
        elif indicator.id == "text_vs_table":
            found = [
                f for f in findings if f.rule.startswith("text_vs_table.") or f.rule == RECORDS_RULE
            ]
            items.append(_per_finding(indicator, report, found, w / 4))
        elif indicator.id == "cross_year":
            found = [
                f
                for f in findings
                if f.rule.startswith("cross_year.")
                or f.rule
                in ("rollup.numbers_repeated", "rollup.text_repeated", "rollup.text_copied")
            ]
            items.append(_per_finding(indicator, report, found, w / 2))
        elif indicator.id == "catalog":
            items.append(catalog_item(indicator, row.unit.pk, year))
    return ScoreCard(version, items)

"""The audit finds the real errors known in the published Pingtan reports (corpus README).

Each test reads the published files as they are (scraped page text), audits them as a series of
one body (:func:`gongkai.ingest.audit.audit`), and expects the one finding that names the error.
"""

from __future__ import annotations

from functools import cache

from gongkai.ingest.audit import Audited, audit
from gongkai.ingest.source import Source
from tools import CORPUS


def _source(name: str) -> Source:
    return Source.from_text((CORPUS / name).read_text("utf-8"), name=name)


@cache
def audited() -> dict[str, Audited]:
    names = sorted(p.name for p in CORPUS.glob("pingtan-*.txt"))
    return {a.source.name: a for a in audit(_source(n) for n in names)}


def findings(name: str, rule: str):
    return [f for f in audited()[name].report.findings if f.rule == rule]


def test_pingtan_2012_text_says_1913_items_the_table_739() -> None:
    # 条例 §50: the text and the statistics table report the same facts.
    (f,) = [
        f
        for f in findings("pingtan-zhq-2012.txt", "text_vs_table.figure")
        if f.cells == ("local.主动公开信息数.本年度",)
    ]
    assert (f.actual, f.expected) == (1913, 739)
    assert "1913" in f.message


def test_pingtan_2013_cumulative_is_not_last_total_plus_this_year() -> None:
    # 历年累计 grows by the year's figure: 4359 (2012) + 72804 = 77163, printed 76424.
    got = {
        f.cells: (f.expected, f.actual)
        for f in findings("pingtan-zhq-2013.txt", "cross_year.cumulative")
    }
    assert got[("local.主动公开信息数.历年累计",)] == (4359 + 72804, 76424)


def test_pingtan_2013_text_reports_one_review_the_table_none() -> None:
    # 条例 §50(3) 复议 cases: the text says 收到1份…行政复议申请, the table 行政复议数 0.
    (f,) = [
        f
        for f in findings("pingtan-zhq-2013.txt", "text_vs_table.figure")
        if f.cells == ("local.行政复议数.本年度",)
    ]
    assert (f.actual, f.expected) == (1, 0)


def test_pingtan_2017_cumulative_restarts_after_2016() -> None:
    # 2016 prints 85376; 2017 prints 2122 for the year and 10037 in total.
    report = audited()["pingtan-zhq-2017.txt"]
    assert report.previous is not None and report.previous.year == 2016
    got = {
        f.cells: (f.expected, f.actual)
        for f in findings("pingtan-zhq-2017.txt", "cross_year.cumulative")
    }
    assert got[("local.主动公开文件数.历年累计",)] == (85376 + 2122, 10037)


def test_pingtan_2020_natural_person_outcomes_exceed_the_total() -> None:
    # docs/law.md §1.6 I2: outcomes 6+6+4+3+3+4 = 26 while 20 were received and the total is 20.
    report = audited()["pingtan-zhq-2020.txt"].report
    assert report.cells["t3.new_received.natural_person"] == 20
    assert report.cells["t3.total_processed.natural_person"] == 20
    (f,) = [
        f
        for f in findings("pingtan-zhq-2020.txt", "t3.outcomes_sum")
        if f.cells[0] == "t3.total_processed.natural_person"
    ]
    assert (f.expected, f.actual, f.severity) == (26, 20, "error")


def test_pingtan_county_2013_statistics_period_has_no_dates() -> None:
    # The statistics period is 1 Jan – 31 Dec of the report year (docs/law.md §1.7).
    (f,) = findings("pingtan-county-2013.txt", "structure.period_blank")
    assert "统计期限自至" in f.message

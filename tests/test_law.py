"""The statute as data (gongkai.law): every article, period and list the code relies on, checked
against the text of the acts (docs/law.md), and the clock, fees and rules reading from it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from gongkai import formats, law, workdays
from gongkai.rules.engine import RULES, all_rules


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (15, "十五"),
        (20, "二十"),
        (33, "三十三"),
        (99, "九十九"),
    ],
)
def test_article_numbers_in_chinese_numerals(n: int, text: str) -> None:
    assert law.chinese_number(n) == text


def test_chinese_numerals_refuse_what_no_article_is() -> None:
    with pytest.raises(ValueError):
        law.chinese_number(0)


def test_citations_full_and_short_条例第三十三条第二款_第三十六条第五项() -> None:
    assert law.ART_33_2.cite() == "《中华人民共和国政府信息公开条例》第三十三条第二款"
    assert law.ART_33_2.short() == "条例第三十三条第二款"
    assert law.ART_36_5.cite() == "《中华人民共和国政府信息公开条例》第三十六条第（五）项"
    assert law.ART_36_2.part_locator == "第（二）项"
    assert law.REVIEW_ART_23.cite() == "《中华人民共和国行政复议法》第二十三条第一款第（四）项"
    assert law.REVIEW_ART_23_2.part_locator == "第二款"
    assert law.FEES_ART_4.cite() == (
        "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）第四条"
    )
    # An article we could not verify cites the act as a whole, never a guessed number.
    assert law.FEE_PAYMENT.article.locator == ""
    assert law.ART_2007_31.short() == "2007 年条例第三十一条"


@pytest.mark.parametrize(
    ("period", "days", "count", "article", "text"),
    [
        (law.PUBLICATION, 20, law.DayCount.WORKING, "条例第二十六条", "20个工作日"),
        (law.CORRECTION_NOTICE, 7, law.DayCount.WORKING, "条例第三十条", "7个工作日"),
        (law.CORRECTION, None, law.DayCount.WORKING, "条例第三十条", "合理期限"),
        (law.THIRD_PARTY, 15, law.DayCount.WORKING, "条例第三十二条", "15个工作日"),
        (law.CO_MAKER, 15, law.DayCount.WORKING, "条例第三十四条", "15个工作日"),
        (law.REPLY, 20, law.DayCount.WORKING, "条例第三十三条第二款", "20个工作日"),
        (law.EXTENSION, 20, law.DayCount.WORKING, "条例第三十三条第二款", "20个工作日"),
        (law.FEE_PAYMENT, 20, law.DayCount.WORKING, "国办函〔2020〕109号", "20个工作日"),
        (law.REVIEW_APPLICATION, 60, law.DayCount.CALENDAR, "行政复议法第二十条第一款", "六十日"),
        (law.LITIGATION, 6, law.DayCount.MONTHS, "行政诉讼法第四十六条第一款", "六个月"),
        (law.LITIGATION_AFTER_REVIEW, 15, law.DayCount.CALENDAR, "行政诉讼法第四十五条", "十五日"),
    ],
)
def test_periods_with_their_articles(
    period: law.Period, days: int | None, count: law.DayCount, article: str, text: str
) -> None:
    assert (period.days, period.count, period.article.short(), period.text) == (
        days,
        count,
        article,
        text,
    )
    assert period in law.PERIODS


def test_art30_correction_period_has_no_statutory_length() -> None:
    with pytest.raises(ValueError, match="由行政机关确定"):
        _ = law.CORRECTION.length


def test_the_clock_counts_the_statutes_periods_条例第二十六条_第三十条_第三十二条至第三十四条() -> (
    None
):
    assert (
        workdays.PUBLICATION_DAYS,
        workdays.CORRECTION_NOTICE_DAYS,
        workdays.THIRD_PARTY_REPLY_DAYS,
        workdays.CO_MAKER_REPLY_DAYS,
        workdays.REPLY_DAYS,
        workdays.MAX_EXTENSION_DAYS,
        workdays.FEE_PAYMENT_DAYS,
    ) == (20, 7, 15, 15, 20, 20, 20)
    # The notes cite the article from the data.
    note = workdays.publication_deadline(date(2024, 10, 9)).trace[0].note
    assert law.ART_26.cite() in note


def test_art36_has_seven_reply_kinds() -> None:
    assert [a.item for a in law.REPLY_KINDS] == [1, 2, 3, 4, 5, 6, 7]
    assert "不存在" in law.ART_36_4.subject
    assert "名称、联系方式" in law.ART_36_5.subject


def test_art14_to_16_exemptions_are_the_withheld_rows_of_表三() -> None:
    withheld = [
        row for row in formats.t3_outcome_rows(formats.CN2021) if row.startswith("withheld.")
    ]
    assert sorted(law.EXEMPTIONS) == sorted(withheld)
    assert {a.number for a in law.EXEMPTIONS.values()} == {14, 15, 16, 36}
    assert law.EXEMPTIONS["withheld.internal_affairs"].paragraph == 1
    assert law.EXEMPTIONS["withheld.process_info"].paragraph == 2


def test_art50_report_contents_and_the_governments_extra_item() -> None:
    assert [a.item for a in law.REPORT_CONTENTS] == [1, 2, 3, 4, 5]
    assert law.ART_50_4.short() == "条例第五十条第（四）项"
    assert all(topic in law.ART_50_4.subject for topic in law.ART_50_4_TOPICS)


def test_art49_report_dates() -> None:
    assert law.DEPARTMENT_REPORT_BY == (1, 31)
    assert law.GOVERNMENT_REPORT_BY == (3, 31)
    assert law.TOWNSHIP_REPORT_BY == (1, 31)  # local default, configurable
    assert law.REPORT_BY_2007 == (3, 31)


def test_review_first_行政复议法第二十三条() -> None:
    assert law.review_first("withheld.state_secret")
    assert law.review_first("partially_granted")
    assert law.review_first("unable.not_held")
    assert not law.review_first("granted")


def test_every_rule_cites_a_basis_and_statute_rules_cite_from_the_data() -> None:
    all_rules()
    assert all(r.basis for r in RULES.values())
    assert law.ART_50_2.short() in RULES["structure.format_year"].basis
    assert law.ART_36.short() in RULES["t3.outcomes_sum"].basis


def test_every_docs_law_citation_resolves_to_a_section_of_docs_law_md() -> None:
    """The code cites the law it relies on as ``docs/law.md §N``; each such section exists, and
    nothing cites a file outside the repository."""
    root = Path(__file__).resolve().parents[1]
    headings = set(
        re.findall(r"^#+ (§[0-9.]+)", (root / "docs" / "law.md").read_text("utf-8"), re.M)
    )
    cited: set[str] = set()
    for folder in ("src", "docs", "tests"):
        for path in (root / folder).rglob("*"):
            if path.suffix not in {".py", ".md", ".txt", ".html"} or not path.is_file():
                continue
            text = path.read_text("utf-8", errors="replace")
            assert "ogi-rules" + ".md" not in text, path
            cited |= {m.rstrip(".") for m in re.findall(r"docs/law\.md\s+(§[0-9.]+)", text)}
    assert cited and cited <= headings, sorted(cited - headings)


def test_several_articles_cited_together_name_the_act_once() -> None:
    assert law.citation(law.ART_23, law.ART_26) == "条例第二十三条、第二十六条"
    assert law.citation(law.ART_36_1, law.ART_36_2) == "条例第三十六条第（一）项、第（二）项"
    assert law.citation(law.ART_33_3, law.ART_34) == "条例第三十三条第三款、第三十四条"
    assert law.citation(law.ART_42, law.FEES_109_WHOLE) == "条例第四十二条；国办函〔2020〕109号"
    assert law.citation(law.ART_29, law.ART_31, form="full") == (
        "《中华人民共和国政府信息公开条例》第二十九条、第三十一条"
    )
    assert law.citation(law.ART_19, law.ART_20, form="abbreviated") == "《条例》第十九条、第二十条"
    assert law.citation(law.ART_20_1) == law.ART_20_1.short() == "条例第二十条第（一）项"


def test_articles_the_platform_cites_条例第四条_第十七条_第二十三条_第三十一条_第四十五条() -> None:
    assert law.ART_4_4.short() == "条例第四条第（四）项"
    assert law.ART_4_2.short() == "条例第四条第（二）项"
    assert law.ART_17.short() == "条例第十七条"
    assert law.ART_19.short() == "条例第十九条"
    assert law.ART_23.short() == "条例第二十三条"
    assert [a.item for a in (law.ART_31_1, law.ART_31_2, law.ART_31_3)] == [1, 2, 3]
    assert law.ART_31_3.short() == "条例第三十一条第（三）项"
    assert "确认之日" in law.ART_31_3.subject
    assert law.ART_45.short() == "条例第四十五条"

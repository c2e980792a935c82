"""Report rules that read the statute: §49 deadlines by kind of body, §50(4) for every level of
government (乡、镇 included, 街道 and 管委会 not), with the articles cited from :mod:`gongkai.law`."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai import law
from gongkai.rules import check
from gongkai.rules.deadline import (
    DeadlineOptions,
    infer_level,
    owes_art50_4,
    publication_deadline,
)
from gongkai.rules.engine import RULES, Options
from tools import consistent_report


def ids(findings):
    return {f.rule for f in findings}


@pytest.mark.parametrize(
    ("agency", "level"),
    [
        ("淮安市人民政府", "government"),
        ("平罗县渠口乡人民政府", "township"),
        ("平罗县崇岗镇人民政府", "township"),
        ("朝阳区建外街道办事处", "township"),
        ("上海市人民政府办公厅", "department"),
        ("苏州工业园区管理委员会", "department"),  # 开发区管委会: 派出机构, not a government
        ("雄安新区管委会", "department"),
        ("某市城市管理委员会", "department"),  # a government's department
        ("某市教育局", "department"),
        (None, "department"),
    ],
)
def test_art49_level_from_the_printed_name(agency, level):
    assert infer_level(agency) == level


@pytest.mark.parametrize(
    ("agency", "level", "owes"),
    [
        ("淮安市人民政府", None, True),
        ("平罗县渠口乡人民政府", None, True),  # 各级人民政府 includes 乡
        ("平罗县崇岗镇人民政府", None, True),  # and 镇
        ("崇岗镇", "township", True),  # the platform's level, a short name
        ("朝阳区建外街道办事处", None, False),  # 派出机关, not a level of government
        ("建外街道", "township", False),
        ("苏州工业园区管理委员会", None, False),
        ("某市教育局", None, False),
        ("上海市人民政府办公厅", None, False),
    ],
)
def test_art50_4_applies_to_every_level_of_government(agency, level, owes):
    assert owes_art50_4(agency, level) is owes


def test_art50_4_rule_reports_a_township_government_without_the_results():
    report = consistent_report("cn2021", 1, agency="平罗县崇岗镇人民政府")
    report.sections["overview"] = "本年度政府信息公开工作情况。"
    assert "structure.art50_4" in ids(check(report))
    report.sections["overview"] += "开展工作考核、社会评议，无责任追究情况。"
    assert "structure.art50_4" not in ids(check(report))
    street = consistent_report("cn2021", 1, agency="朝阳区建外街道办事处")
    street.sections["overview"] = "本年度政府信息公开工作情况。"
    assert "structure.art50_4" not in ids(check(street))
    zone = consistent_report("cn2021", 1, agency="苏州工业园区管理委员会")
    zone.sections["overview"] = "本年度政府信息公开工作情况。"
    assert "structure.art50_4" not in ids(check(zone))


def test_art49_township_deadline_defaults_to_january_31_and_is_configurable():
    assert publication_deadline(2024, "township") == date(2025, 1, 31)
    assert publication_deadline(2024, "township", DeadlineOptions()) == date(2025, 1, 31)
    assert publication_deadline(2024, "township", DeadlineOptions((2, 20))) == date(2025, 2, 20)
    assert publication_deadline(2024, "township", Options(township_deadline=(3, 31))) == date(
        2025, 3, 31
    )
    assert publication_deadline(2024, "department") == date(2025, 1, 31)  # §49 para. 1
    assert publication_deadline(2024, "government") == date(2025, 3, 31)  # §49 para. 2
    assert publication_deadline(2018, "department") == date(2019, 3, 31)  # 2007 text §31
    with pytest.raises(ValueError, match="有效的月、日"):
        DeadlineOptions((2, 30))


def test_art49_management_committee_gets_the_department_deadline():
    report = consistent_report("cn2021", 1, agency="苏州工业园区管理委员会")
    report.year, report.published_on = 2024, date(2025, 2, 1)
    assert "deadline.published_late" in ids(check(report))


def test_rules_cite_their_articles_from_the_statute_data():
    assert RULES["deadline.published_late"].basis.startswith(law.ART_49.short())
    assert RULES["structure.art50_4"].basis == "条例第五十条第（四）项"
    assert law.ART_50_4.subject.endswith("工作考核、社会评议和责任追究结果情况")

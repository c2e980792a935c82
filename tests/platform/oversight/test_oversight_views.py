"""The oversight pages by role: 上级监督 reads its subtree and changes nothing; the county
administrator sees the roll-up of its subtree and acts; another county's supervisor, and a
township's own staff, see nothing of this county (404, its existence not told)."""

from __future__ import annotations

import io

import docx
from county_world import IDENTITY, MISSING, YEAR, County
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gongkai_platform.oversight.models import Exemption, OversightEvent


def client(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def pages(county: County) -> list[str]:
    pk, town = county.county.pk, county.townships[IDENTITY].pk
    return [
        reverse("oversight:register", args=[pk, YEAR]),
        reverse("oversight:area", args=[pk, YEAR]),
        reverse("oversight:statistics", args=[pk, YEAR]),
        reverse("oversight:unit", args=[pk, YEAR, town]),
        reverse("oversight:unit_checks", args=[pk, YEAR, town]),
    ]


def test_supervisor_and_county_admin_read_every_page(county: County) -> None:
    for user in (county.supervisor, county.admin):
        c = client(user)
        for url in pages(county):
            response = c.get(url)
            assert response.status_code == 200, url
        area = c.get(pages(county)[1]).content.decode()
        assert "（29/29 个单位填报）" in area  # every total says how many of how many reported
        register = c.get(pages(county)[0]).content.decode()
        assert county.townships[MISSING].name in register and "未公布" in register
        assert "邻县" not in register


def test_another_countys_supervisor_and_a_townships_staff_see_nothing(county: County) -> None:
    assert county.other_supervisor is not None
    township_officer = county.officers[county.townships[0].pk]
    for user in (county.other_supervisor, township_officer):
        c = client(user)
        for url in pages(county):
            assert c.get(url).status_code == 404, (user, url)
    # The other county's own register lists its own town only.
    other = client(county.other_supervisor).get(
        reverse("oversight:register", args=[county.other_county.pk, YEAR])  # type: ignore[union-attr]
    )
    text = other.content.decode()
    assert "邻县甲镇人民政府" in text and county.townships[0].name not in text


def test_anonymous_is_sent_to_login(county: County) -> None:
    response = Client().get(pages(county)[0])
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_supervisor_is_read_only_and_admin_acts_with_an_event(county: County) -> None:
    town = county.townships[0]
    url = reverse("oversight:unit_action", args=[county.county.pk, YEAR, town.pk])
    before = OversightEvent.objects.count()
    page = client(county.supervisor).get(
        reverse("oversight:unit", args=[county.county.pk, YEAR, town.pk])
    )
    assert "标记为不要求公布" not in page.content.decode()  # no form offered
    response = client(county.supervisor).post(
        url, {"action": "exempt", "reason": "试图修改"}, follow=True
    )
    assert "没有“标记不要求公布”的权限" in response.content.decode()
    assert not Exemption.objects.filter(unit=town).exists()
    assert OversightEvent.objects.count() == before
    response = client(county.admin).post(
        url, {"action": "exempt", "reason": "乡镇合并"}, follow=True
    )
    assert "已标记为不要求公布" in response.content.decode()
    assert OversightEvent.objects.latest("id").reason == "乡镇合并"


def test_every_table_exports_to_csv_and_xlsx(county: County) -> None:
    c = client(county.supervisor)
    for url in pages(county)[:3]:
        csv_response = c.get(url + "?export=csv")
        assert csv_response["Content-Type"].startswith("text/csv")
        assert csv_response.content.startswith("\ufeff".encode())
        xlsx = c.get(url + "?export=xlsx")
        book = load_workbook(io.BytesIO(xlsx.content))
        assert book.active.max_row > 1  # type: ignore[union-attr]
    register = c.get(pages(county)[0] + "?export=csv").content.decode("utf-8-sig")
    assert county.townships[MISSING].name in register and "未公布" in register
    totals = c.get(pages(county)[1] + "?export=csv").content.decode("utf-8-sig")
    assert "t3.new_received.total" in totals and ",29,29," in totals


def test_a_missing_report_is_said_on_the_page_and_in_the_docx(county: County) -> None:
    url = reverse("oversight:unit", args=[county.county.pk, YEAR, county.townships[MISSING].pk])
    c = client(county.supervisor)
    assert "尚未收到该单位本年度的年度报告" in c.get(url).content.decode()
    document = docx.Document(io.BytesIO(c.get(url + "?export=docx").content))
    assert any("尚未收到你单位2024年度" in p.text for p in document.paragraphs)


def test_the_problem_list_is_a_docx_naming_each_rule(county: County) -> None:
    url = pages(county)[3] + "?export=docx"
    response = client(county.supervisor).get(url)
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "工作建议书" in text and county.townships[IDENTITY].name in text
    rules = [row.cells[2].text for row in document.tables[0].rows[1:]]
    assert any(rule.startswith("t3.") for rule in rules)


def test_statistics_filters_and_guards(county: County) -> None:
    url = pages(county)[2]
    c = client(county.supervisor)
    handler = county.handlers[county.townships[0].pk]
    text = c.get(url, {"handler": handler.pk, "by": "handler"}).content.decode()
    assert handler.username in text
    text = c.get(url, {"unit": county.departments[5].pk}).content.decode()
    assert "样本不足" in text
    assert c.get(url, {"unit": county.other_county.pk}).status_code == 404  # type: ignore[union-attr]

"""The 政府信息公开指南 (条例第十二条) beyond the unit's contact details: the further items of
条例第二十一条 for a township or a city/county government, the 申请表 to download (DOCX and PDF,
A4, made from the online form's fields, 条例第二十九条), the process chart with the statutory
periods, and the scope of 不予公开 (条例第十四条至第十六条)."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from platform_world import World

from gongkai import law
from gongkai_platform.accounts.models import Unit, UnitKind
from gongkai_platform.portal import application_form, guide_text
from gongkai_platform.portal.forms import ApplyForm

pytestmark = pytest.mark.django_db


def page(client: Client, unit: Unit) -> str:
    response = client.get(reverse("portal:guide", args=[unit.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_township_guide_lists_the_township_items_of_条例第二十一条(
    client: Client, world: World
) -> None:
    text = page(client, world.town_a)
    for article in law.ART_21_TOWNSHIP:
        assert f"<li>{article.subject}</li>" in text
    assert "宅基地使用情况审核" in text and "筹资筹劳" in text
    assert law.ART_21.short() in text
    assert "治安管理" not in text  # the city/county list is not the township's
    county = page(client, world.county)
    assert "<li>治安管理</li>" in county and "宅基地使用情况审核" not in county
    street = Unit.objects.create(
        name="丙街道办事处",
        kind=UnitKind.SUBDISTRICT,
        parent=world.county,
        index_prefix="000000043",
    )
    assert law.ART_21.short() not in page(client, street)  # §21 names no 街道


def test_the_process_chart_takes_its_periods_and_articles_from_the_law_module(
    client: Client, world: World
) -> None:
    text = page(client, world.town_a)
    steps = guide_text.process_steps()
    assert [s.title for s in steps][:2] == ["提交申请", "登记收到申请"]
    for period in (law.CORRECTION_NOTICE, law.THIRD_PARTY, law.REPLY, law.EXTENSION):
        assert f"{period.name}：{period.text}" in text
        assert period.article.short() in text
    assert law.REVIEW_APPLICATION.text in text and law.LITIGATION_AFTER_REVIEW.text in text
    assert text.index("提交申请") < text.index("登记收到申请") < text.index("救济")
    assert '<ol class="flow"' in text


def test_the_scope_of_withholding_is_articles_14_to_16_条例第十四条(
    client: Client, world: World
) -> None:
    text = page(client, world.town_a)
    grounds = guide_text.exemptions()
    assert {a.number for a in grounds} == {14, 15, 16} and len(grounds) == 7
    for article in grounds:
        assert f"{article.subject}（{article.short()}）" in text
    assert law.ART_36_7.subject not in text  # a special regime, not an exemption


def test_the_application_form_is_made_from_the_online_forms_fields_条例第二十九条() -> None:
    labels = [row.label for row in application_form.rows()]
    online = ApplyForm.base_fields
    assert str(online["applicant_name"].label) in labels
    assert str(online["description"].label) in labels
    assert "身份证明（请附身份证件或营业执照等复印件）" in labels
    assert all("同意" not in label for label in labels)  # the consent box is online only
    medium = next(r for r in application_form.rows() if r.label == str(online["medium"].label))
    assert medium.choices and medium.answer.startswith(application_form.BOX)


def test_the_application_form_downloads_as_a4_docx_and_pdf(client: Client, world: World) -> None:
    response = client.get(reverse("portal:application_form", args=[world.town_a.pk, "docx"]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.content))
    section = doc.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    table = doc.tables[0]
    assert [row.cells[0].text for row in table.rows] == [
        row.label for row in application_form.rows()
    ]
    assert "甲镇人民政府" in "\n".join(p.text for p in doc.paragraphs)
    response = client.get(reverse("portal:application_form", args=[world.town_a.pk, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = pdfium.PdfDocument(response.content)
    width, height = pdf[0].get_size()
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "政府信息公开申请表" in text and "姓名或名称" in text
    assert client.get(f"/gk/u/{world.town_a.pk}/guide/application-form.exe").status_code == 404

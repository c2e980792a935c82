"""``{% load law %}``: pages cite the statute and its periods from gongkai.law (docs/law.md §4.1)."""

from __future__ import annotations

import pytest
from django.template import Context, Template, TemplateSyntaxError

from gongkai import law


def render(text: str) -> str:
    return Template("{% load i18n law %}" + text).render(Context())


def test_cite_and_period_give_the_statutes_text_inside_one_translatable_sentence() -> None:
    page = render(
        '{% cite "ART_26" as art %}{% period "PUBLICATION" as days %}'
        "{% blocktranslate %}发布期限（{{ art }}：{{ days }}内公开）{% endblocktranslate %}"
    )
    assert page == "发布期限（条例第二十六条：20个工作日内公开）"
    assert page == f"发布期限（{law.ART_26.short()}：{law.PUBLICATION.text}内公开）"


def test_several_articles_and_the_three_citation_forms_条例第二十九条_第三十一条() -> None:
    assert render('{% cite "ART_29" "ART_31" %}') == "条例第二十九条、第三十一条"
    assert render('{% cite "ART_30" form="full" %}') == (
        "《中华人民共和国政府信息公开条例》第三十条"
    )
    assert render('{% cite "ART_19" "ART_20" form="abbreviated" %}') == "《条例》第十九条、第二十条"
    assert render('{% period "REVIEW_APPLICATION" %}/{% period "LITIGATION" %}') == "六十日/六个月"


def test_act_gives_a_title_and_number_for_running_text() -> None:
    page = render('{% act "OGI" as ogi %}{{ ogi.title }}（{{ ogi.number }}）')
    assert page == f"{law.OGI.title}（{law.OGI.number}）"
    assert page == "《中华人民共和国政府信息公开条例》（国务院令第711号）"
    with pytest.raises(TemplateSyntaxError, match="no Act named 'ART_26'"):
        render('{% act "ART_26" %}')


def test_report_by_gives_the_art49_dates() -> None:
    page = render(
        '{% report_by "DEPARTMENT" as d %}{% report_by "GOVERNMENT" as g %}'
        "{{ d.0 }}-{{ d.1 }} {{ g.0 }}-{{ g.1 }}"
    )
    assert page == "1-31 3-31"


@pytest.mark.parametrize(
    "text",
    [
        '{% cite "ART_99" %}',  # no such article
        '{% cite "REPLY" %}',  # a period, not an article
        '{% period "ART_26" %}',  # an article, not a period
        '{% cite "ART_26" form="long" %}',
        '{% report_by "ART_49" %}',
    ],
)
def test_a_misspelt_name_or_form_fails_the_page(text: str) -> None:
    with pytest.raises(TemplateSyntaxError):
        render(text)

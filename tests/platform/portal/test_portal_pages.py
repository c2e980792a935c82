"""Public pages: the four statutory columns, the item page's metadata block, browsing, search with
Chinese words and highlighting, the Atom feed, the 指南 generated from data, the larger-text mode."""

from __future__ import annotations

import io
import re
from datetime import date
from xml.etree import ElementTree

import docx
import pytest
from catalog_world import ORG_CODE, CatalogWorld
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai_platform.catalog import search, services
from gongkai_platform.catalog.models import Category, Column, DocKind
from gongkai_platform.portal.models import UnitGuide

D = date.fromisoformat


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_unit_page_has_the_four_statutory_columns(client: Client, cw: CatalogWorld) -> None:
    """国办公开办函〔2019〕61号: 指南, 制度, 法定主动公开内容, 年报."""
    html = page(client, reverse("portal:unit", args=[cw.w.town_a.pk]))
    for column in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"):
        assert f">{column}</a></h2>" in html
    assert 'lang="zh-Hans"' in html and "<main" in html and "<nav" in html and "<footer" in html
    assert "application/atom+xml" in html


def test_item_page_shows_the_catalog_metadata_block(client: Client, cw: CatalogWorld) -> None:
    """条例第十二条 (索引、名称、内容概述、生成日期) and the usual fields (docs/law.md §6.3)."""
    item = cw.published(
        doc_kind=DocKind.NORMATIVE_DOC,
        validity="valid",
        effective_on=D("2025-04-01"),
        topic="城乡建设、环境保护",
    )
    html = page(client, reverse("portal:item", args=[item.pk]))
    year = timezone.localdate().year
    for label, value in (
        ("索引号", f"{ORG_CODE}/{year}-00001"),
        ("发布机构", "甲镇人民政府"),
        ("成文日期", "2025-03-03"),
        ("发布日期", timezone.localdate().isoformat()),
        ("文号", "甲政发〔2025〕3号"),
        ("有效性", "有效（2025-04-01 起施行）"),
        ("分类", "农村危房改造"),
        ("主题分类", "城乡建设、环境保护"),
        ("公开类别", "条例第二十条（十一）"),
        ("五公开属性", "结果公开"),
        ("公开方式", "主动公开"),
        ("公开范围", "全社会"),
    ):
        assert f"<dt>{label}</dt><dd>{value}" in html, label
    assert "内容概述" in html and item.summary in html


def test_browse_by_category_art20_and_year(client: Client, cw: CatalogWorld) -> None:
    old = services.catalog_item_import(
        actor=cw.w.approver, unit=cw.w.town_a, fields=cw.fields(title="二〇二四年财政决算", art20="art20_7", category=None, formed_on=D("2024-05-31")),
        index="X/2024-1", published_on=D("2024-06-03"),
    )  # fmt: skip
    new = cw.published(title="本年危房改造方案")
    url = reverse("portal:statutory", args=[cw.w.town_a.pk])
    by_year = page(client, url + "?year=2024")
    assert old.title in by_year and new.title not in by_year
    by_category = page(client, url + f"?category={cw.category.pk}")
    assert new.title in by_category and old.title not in by_category
    by_art20 = page(client, url + "?art20=art20_7")
    assert old.title in by_art20 and new.title not in by_art20
    assert ">2024</a>" in page(client, url)  # the year filter lists the years that have items
    assert new.title in page(client, url + "?art20=nonsense")  # an unknown filter is ignored


def test_paging(client: Client, cw: CatalogWorld) -> None:
    for n in range(23):
        services.catalog_item_import(
            actor=cw.w.approver, unit=cw.w.town_a, fields=cw.fields(title=f"第{n:02d}号公告"), index=f"L-{n}",
            published_on=D("2025-04-01"),
        )  # fmt: skip
    first = page(client, reverse("portal:statutory", args=[cw.w.town_a.pk]))
    assert first.count('class="meta"') == 20 and 'rel="next"' in first
    second = page(client, reverse("portal:statutory", args=[cw.w.town_a.pk]) + "?page=2")
    assert (
        second.count('class="meta"') == 3 and 'rel="prev"' in second and 'rel="next"' not in second
    )


def test_tokens_are_jieba_words_characters_bigrams_and_latin_words() -> None:
    """Index tokens: jieba's search-mode words (the word and the dictionary words inside it),
    every Chinese character and bigram, lower-cased Latin/digit runs; full-width and traditional
    forms folded."""
    assert search.tokens("农村危房改造") == [
        "农村", "危房", "房改", "改造", "危房改造",  # jieba
        "农", "村", "危", "房", "改", "造",  # characters
        "村危",  # the bigrams jieba did not give already
    ]  # fmt: skip
    assert search.tokens("ＧＢ 11714，房") == ["gb", "11714", "房"]
    assert search.tokens("陽光") == search.tokens("阳光")  # traditional folded to simplified
    # The query is cut in jieba's precise mode: the words a search-mode index holds.
    assert search.words("农村危房改造补助") == ["农村", "危房改造", "补助"]
    assert set(search.words("农村危房改造补助")) <= set(search.tokens("甲镇农村危房改造补助方案"))


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def corpus(cw: CatalogWorld) -> dict[str, int]:
    a = cw.draft(
        title="关于公布保障性住房租金补贴标准的通知", summary="明确城镇低收入家庭的租金补贴标准。"
    )
    services.catalog_item_attach(
        actor=cw.w.handler,
        item=a,
        name="标准.docx",
        data=docx_bytes("补贴对象须在本镇连续居住满三年。"),
    )
    for step in (services.catalog_item_submit_review,):
        step(actor=cw.w.handler, item=a)
    services.catalog_item_clear_secrecy(actor=cw.reviewer, item=a)
    services.catalog_item_approve(actor=cw.w.approver, item=a)
    services.catalog_item_publish(actor=cw.w.approver, item=a)
    b = cw.published(title="甲镇2025年财政预算", summary="一般公共预算收支情况。", art20="art20_7")
    c = cw.published(
        title="乙镇住房公积金缴存情况", unit=cw.w.town_b, actor=cw.w.other_handler, category=None
    )
    return {"a": a.pk, "b": b.pk, "c": c.pk}


def found(client: Client, query: str) -> list[int]:
    html = page(client, reverse("portal:search") + "?" + query)
    prefix = reverse("portal:item", args=[0]).removesuffix("0/")
    return sorted(int(pk) for pk in re.findall(rf'href="{re.escape(prefix)}(\d+)/"', html))


def test_search_finds_two_character_words_in_titles_summaries_and_attachments(
    client: Client, cw: CatalogWorld, corpus: dict[str, int]
) -> None:
    assert found(client, "q=住房") == sorted(
        [corpus["a"], corpus["c"]]
    )  # two characters, in titles
    assert found(client, "q=预算") == [corpus["b"]]
    assert found(client, "q=低收入") == [corpus["a"]]  # in the summary
    assert found(client, "q=居住") == [corpus["a"]]  # in the attachment's text
    assert found(client, "q=住房 补贴") == [corpus["a"]]  # every word must match
    assert found(client, f"q=住房&unit={cw.w.town_b.pk}") == [corpus["c"]]  # unit filter
    assert found(client, "q=&art20=art20_7") == [corpus["b"]]
    assert found(client, "q=住房&year=1999") == []
    assert found(client, "q=税") == []  # one character: title/summary substring, none here
    assert found(client, "q=租") == [corpus["a"]]  # one character that is there
    # jieba cuts "住房保障性" into 住房 + 保障性: both are words of a's title, in another order.
    assert found(client, "q=住房保障性") == [corpus["a"]]
    assert found(client, "q=住房保障性医疗") == []  # every word must match


def test_search_highlights_and_quotes_the_attachment(
    client: Client, corpus: dict[str, int]
) -> None:
    html = page(client, reverse("portal:search") + "?q=居住")
    assert "<mark>居住</mark>" in html and "连续<mark>居住</mark>满三年" in html
    hostile = page(client, reverse("portal:search") + "?q=<script>住房")
    assert "<script>住房" not in hostile and "&lt;script&gt;住房" in hostile


def test_atom_feed_of_a_unit(client: Client, cw: CatalogWorld) -> None:
    item = cw.published()
    cw.draft(title="尚未发布的草稿")
    response = client.get(reverse("portal:feed", args=[cw.w.town_a.pk]))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert titles == [item.title]
    assert root.find("a:entry/a:id", ns).text == item.index_number  # type: ignore[union-attr]


def test_guide_is_generated_from_the_units_data(client: Client, cw: CatalogWorld) -> None:
    """条例第十二条: the 指南 gives the office's name, address, hours, phone, fax and internet contact."""
    unit = cw.w.town_a
    unit.address = "甲镇人民路1号"
    unit.phone = "0000-1234567"
    unit.save()
    UnitGuide.objects.create(
        unit=unit, office_hours="工作日 8:30—17:30", fax="0000-7654321", email="gk@example.gov.cn"
    )
    Category.objects.create(unit=unit, name="公开制度", column=Column.RULES)
    html = page(client, reverse("portal:guide", args=[unit.pk]))
    for text in ("甲镇党政办", "甲镇人民路1号", "工作日 8:30—17:30", "0000-1234567", "0000-7654321",
                 "gk@example.gov.cn", "农村危房改造", "政府信息公开制度 › 公开制度", f"{ORG_CODE}/2025-00001",
                 "第三十一条", "第三十三条", "第五十一条", reverse("portal:apply", args=[unit.pk])):  # fmt: skip
        assert text in html, text


def test_larger_text_mode(client: Client, cw: CatalogWorld) -> None:
    """适老化: a larger-text switch that needs no script and is remembered."""
    url = reverse("portal:unit", args=[cw.w.town_a.pk])
    response = client.post(reverse("portal:text_size"), {"size": "large", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert '<html lang="zh-Hans" class="large">' in page(client, url)
    response = client.post(
        reverse("portal:text_size"), {"size": "normal", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("portal:index")  # no open redirect
    assert 'class="large"' not in page(client, url)


def test_missing_things_are_404_in_chinese(client: Client, db: None) -> None:
    for url in (
        reverse("portal:unit", args=[999]),
        reverse("portal:item", args=[999]),
        reverse("portal:attachment", args=[999]),
    ):
        assert client.get(url).status_code == 404


def test_published_annual_reports_as_page_docx_and_pdf_and_drafts_hidden(
    client: Client, cw: CatalogWorld
) -> None:
    """条例第四十九条、第五十条: each unit's published annual report, on the web and as files."""
    from gongkai.synth import consistent_report
    from gongkai_platform.reports.models import AnnualReport, ReportState

    def report(year: int, state: str) -> AnnualReport:
        document = consistent_report("cn2021", year)
        document.agency, document.year = cw.w.town_a.name, year
        return AnnualReport.objects.create(
            unit=cw.w.town_a,
            year=year,
            state=state,
            document=document.to_json(),
            compiled_at=timezone.now(),
        )

    published = report(2024, ReportState.PUBLISHED)
    draft = report(2025, ReportState.DRAFT)
    listing = page(client, reverse("portal:reports", args=[cw.w.town_a.pk]))
    everyone = page(client, reverse("portal:all_reports"))
    for html in (listing, everyone):
        assert "甲镇人民政府2024年政府信息公开工作年度报告" in html
        assert "2025年政府信息公开工作年度报告" not in html
    web = page(client, reverse("portal:annual_report", args=[published.pk, "html"]))
    assert "收到和处理政府信息公开申请情况" in web
    docx_file = client.get(reverse("portal:annual_report", args=[published.pk, "docx"]))
    assert b"".join(docx_file.streaming_content).startswith(b"PK")  # type: ignore[attr-defined]
    assert "attachment" in docx_file["Content-Disposition"]
    for fmt in ("html", "docx", "pdf"):
        assert client.get(reverse("portal:annual_report", args=[draft.pk, fmt])).status_code == 404
    assert (
        client.get(reverse("portal:annual_report", args=[published.pk, "xlsx"])).status_code == 404
    )

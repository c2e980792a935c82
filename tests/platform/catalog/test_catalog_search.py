"""Search of the public portal with Chinese word segmentation (issue 5: jieba tokens in the
database's full-text search plus a substring check for short words), run on SQLite and on
PostgreSQL (the GIN-indexed ``search_vector``): the same rows either way.

Matching words come from jieba: a word cut out of an attachment in the middle of a sentence is
found; a short word jieba did not cut out is found when it stands in a title or summary; and no
search ever returns a draft, a revoked item or another unit's unpublished item.
"""

from __future__ import annotations

import io
import re

import docx
import pytest
from catalog_world import CatalogWorld
from django.test import Client
from django.urls import reverse

from gongkai_platform.catalog import search, selectors, services
from gongkai_platform.catalog.models import CatalogItem


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def found(client: Client, query: str) -> list[int]:
    html = client.get(reverse("portal:search") + "?" + query).content.decode()
    prefix = reverse("portal:item", args=[0]).removesuffix("0/")
    return sorted({int(pk) for pk in re.findall(rf'href="{re.escape(prefix)}(\d+)/"', html)})


def with_attachment(cw: CatalogWorld, text: str, **overrides: object) -> CatalogItem:
    item = cw.draft(**overrides)  # type: ignore[arg-type]
    editor = cw.w.handler if item.unit == cw.w.town_a else cw.w.other_handler
    services.catalog_item_attach(actor=editor, item=item, name="附件.docx", data=docx_bytes(text))
    return item


def publish(cw: CatalogWorld, item: CatalogItem) -> CatalogItem:
    approver = cw.w.approver if item.unit == cw.w.town_a else cw.b_approver
    editor = cw.w.handler if item.unit == cw.w.town_a else cw.w.other_handler
    services.catalog_item_submit_review(actor=editor, item=item)
    secrecy = cw.reviewer if item.unit == cw.w.town_a else cw.b_reviewer
    services.catalog_item_clear_secrecy(actor=secrecy, item=item)
    services.catalog_item_approve(actor=approver, item=item)
    return services.catalog_item_publish(actor=approver, item=item)


@pytest.mark.django_db
def test_a_jieba_word_inside_an_attachment_sentence_is_found(
    client: Client, cw: CatalogWorld
) -> None:
    item = publish(
        cw,
        with_attachment(
            cw,
            "职工可按规定申请提取住房公积金用于支付房租。",
            title="关于调整住房保障有关事项的通知",
            summary="明确调整事项。",
        ),
    )
    assert " 公积金 " in item.search_tokens and " 房租 " in item.search_tokens
    assert found(client, "q=公积金") == [item.pk]
    assert found(client, "q=公积金 房租") == [item.pk]  # every word, wherever it stands
    assert found(client, "q=提取公积金") == [item.pk]  # jieba: 提取 + 公积金
    assert found(client, "q=公积金 养老") == []
    html = client.get(reverse("portal:search") + "?q=提取公积金").content.decode()
    assert "申请<mark>提取</mark>住房<mark>公积金</mark>用于" in html  # the words are marked


@pytest.mark.django_db
def test_short_words_one_and_two_characters(client: Client, cw: CatalogWorld) -> None:
    budget = cw.published(title="甲镇2025年财政预算", summary="一般公共预算收支情况。")
    other = cw.published(title="甲镇预备役登记公告", summary="政务服务中心办理。")
    # jieba cuts "财政预算" as 财政 / 预算 / 财政预算: "政预" is no word of either item, but a
    # searcher typing two characters means the substring, and finds it through its bigram.
    assert "政预" not in search.segmenter().lcut_for_search("甲镇2025年财政预算")
    assert found(client, "q=政预") == [budget.pk]
    assert found(client, "q=预") == sorted([budget.pk, other.pk])  # one character: its token
    assert found(client, "q=预算") == [budget.pk]  # a jieba word
    # Both characters of "预政" occur in both items, never in this order: no match.
    assert found(client, "q=预政") == []


@pytest.mark.django_db
def test_a_long_word_jieba_cuts_differently_in_context(client: Client, cw: CatalogWorld) -> None:
    """A query word of three or more characters also matches through its bigrams, where jieba cut
    the item's text differently: "研究生" is one word as a query, but the title reads
    研究 / 生命科学.  Search finds the characters as typed, as a searcher expects."""
    item = cw.published(title="关于研究生命科学产业发展的意见")
    assert search.words("研究生") == ["研究生"] and " 研究生 " not in item.search_tokens
    assert found(client, "q=研究生") == [item.pk]
    assert found(client, "q=研究员") == []


@pytest.mark.django_db
def test_traditional_and_full_width_queries(client: Client, cw: CatalogWorld) -> None:
    item = cw.published(title="2025年农村危房改造补助资金分配方案")
    assert found(client, "q=農村危房改造") == [item.pk]
    assert found(client, "q=２０２５ 危房") == [item.pk]


@pytest.mark.django_db
def test_search_never_returns_drafts_revoked_items_or_other_units_drafts(
    client: Client, cw: CatalogWorld
) -> None:
    sentence = "本镇危房改造补助对象须提供房屋安全鉴定报告。"
    draft = with_attachment(cw, sentence, title="危房改造补助对象名单（草稿）")
    revoked = publish(cw, with_attachment(cw, sentence, title="危房改造补助对象名单（撤销）"))
    services.catalog_item_revoke(actor=cw.w.approver, item=revoked, reason="名单有误")
    foreign = with_attachment(
        cw, sentence, title="乙镇危房改造补助对象名单", unit=cw.w.town_b,
        actor=cw.w.other_handler, category=None,
    )  # fmt: skip
    shown = publish(cw, with_attachment(cw, sentence, title="危房改造补助对象名单"))
    hidden = {draft.pk, revoked.pk, foreign.pk}
    for query in ("q=鉴定报告", "q=房屋安全鉴定", "q=危房", "q=危", "q=名单",
                  f"q=鉴定报告&unit={cw.w.town_b.pk}"):  # fmt: skip
        result = set(found(client, query))
        assert not result & hidden, query
    assert found(client, "q=鉴定报告") == [shown.pk]
    assert list(search.matching(selectors.public_items(), "鉴定报告")) == [shown]


def test_jieba_is_loaded_once_per_process() -> None:
    assert search.segmenter() is search.segmenter()


def test_a_very_long_text_keeps_its_first_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    """PostgreSQL refuses a tsvector over 1 MB: the index keeps the first ``MAX_INDEX_TOKENS``
    tokens (60,000 tokens of a few characters each stay far below it), title first."""
    monkeypatch.setattr(search, "MAX_INDEX_TOKENS", 50)
    text = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(400))
    value = search.index_text(["标题", text])
    assert len(value.split()) == 50 and value.startswith(" 标题 标 题 ")

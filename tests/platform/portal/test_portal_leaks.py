"""Nothing unpublished ever reaches the public: not a draft, not an item in review or waiting for
its go-live time, not a revoked item or its attachments, not another unit's unpublished data.

Each case makes an item in one state with a unique word in its title and its attachment, then
looks for it through every public door: item page, attachment download, search (title and
attachment text), unit page, columns, category and year browsing, feeds and the reports list.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta

import docx
import pytest
from catalog_world import CatalogWorld
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from gongkai_platform.catalog import services
from gongkai_platform.catalog.models import CatalogItem, Column
from gongkai_platform.catalog.states import ItemState


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _with_attachment(cw: CatalogWorld, word: str, **overrides: object) -> CatalogItem:
    item = cw.draft(title=f"关于{word}的通知", **overrides)  # type: ignore[arg-type]
    editor = cw.w.handler if item.unit == cw.w.town_a else cw.w.other_handler
    services.catalog_item_attach(
        actor=editor, item=item, name="附件.docx", data=docx_bytes(f"附件写明{word}")
    )
    return item


def _advance(cw: CatalogWorld, item: CatalogItem, state: ItemState) -> None:
    order = [ItemState.SECRECY_REVIEW, ItemState.REVIEW, ItemState.APPROVED]
    approver = cw.w.approver if item.unit == cw.w.town_a else cw.b_approver
    editor = cw.w.handler if item.unit == cw.w.town_a else cw.w.other_handler
    steps: dict[ItemState, Callable[[], object]] = {
        ItemState.SECRECY_REVIEW: lambda: services.catalog_item_submit_review(
            actor=editor, item=item
        ),
        ItemState.REVIEW: lambda: services.catalog_item_clear_secrecy(
            actor=cw.reviewer if item.unit == cw.w.town_a else cw.b_reviewer, item=item
        ),
        ItemState.APPROVED: lambda: services.catalog_item_approve(actor=approver, item=item),
    }
    for step in order:
        if state == ItemState.DRAFT:
            return
        steps[step]()
        if step == state:
            return
    if state == ItemState.SCHEDULED:
        services.catalog_item_publish(
            actor=approver, item=item, at=timezone.now() + timedelta(days=1)
        )
        return
    services.catalog_item_publish(actor=approver, item=item)
    if state == ItemState.REVOKED:
        services.catalog_item_revoke(actor=approver, item=item, reason="发布有误")


def shows(html: str, item: CatalogItem) -> bool:
    """Whether a page shows ``item``: its link, or its title (highlighting marks removed)."""
    return reverse("portal:item", args=[item.pk]) in html or item.title in strip_tags(html)


def public_pages(item: CatalogItem, word: str) -> dict[str, str]:
    """Every public URL where ``item`` could show up."""
    unit = item.unit_id
    year = timezone.localdate().year
    return {
        "首页": reverse("portal:index"),
        "单位页": reverse("portal:unit", args=[unit]),
        "法定主动公开内容": reverse("portal:statutory", args=[unit]),
        "按分类": reverse("portal:statutory", args=[unit]) + f"?category={item.category_id}",
        "按年份": reverse("portal:statutory", args=[unit]) + f"?year={year}",
        "按第二十条类别": reverse("portal:statutory", args=[unit]) + f"?art20={item.art20}",
        "制度": reverse("portal:rules", args=[unit]),
        "年报": reverse("portal:reports", args=[unit]),
        "全部年报": reverse("portal:all_reports"),
        "订阅": reverse("portal:feed", args=[unit]),
        "检索标题": reverse("portal:search") + f"?q={word}",
        "检索附件": reverse("portal:search") + f"?q=附件写明{word}",
        "单位内检索": reverse("portal:search") + f"?q={word}&unit={unit}",
        "按年份检索": reverse("portal:search") + f"?year={year}",
    }


UNPUBLISHED = [
    ItemState.DRAFT,
    ItemState.SECRECY_REVIEW,
    ItemState.REVIEW,
    ItemState.APPROVED,
    ItemState.SCHEDULED,
    ItemState.REVOKED,
]


@pytest.mark.parametrize("state", UNPUBLISHED, ids=[str(s.label) for s in UNPUBLISHED])
def test_unpublished_items_and_their_attachments_never_reach_the_public(
    client: Client, cw: CatalogWorld, state: ItemState
) -> None:
    word = "鹈鹕湾"  # a word no other text of the test world contains
    item = _with_attachment(cw, word)
    _advance(cw, item, state)
    item.refresh_from_db()
    assert item.state == state
    attachment = item.attachments.get()
    assert client.get(reverse("portal:item", args=[item.pk])).status_code == 404
    assert client.get(reverse("portal:attachment", args=[attachment.pk])).status_code == 404
    for name, url in public_pages(item, word).items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert not shows(response.content.decode(), item), f"{state.label}的信息出现在“{name}”"


def test_the_same_item_once_published_is_found_everywhere(client: Client, cw: CatalogWorld) -> None:
    """The control for the test above: the doors are open to published items, so the absences
    above are not caused by a broken page."""
    word = "鹈鹕湾"
    item = _with_attachment(cw, word)
    _advance(cw, item, ItemState.PUBLISHED)
    attachment = item.attachments.get()
    assert word in client.get(reverse("portal:item", args=[item.pk])).content.decode()
    download = client.get(reverse("portal:attachment", args=[attachment.pk]))
    assert download.status_code == 200
    expected_absent = {"首页", "制度", "年报", "全部年报"}  # other columns, or no item lists at all
    for name, url in public_pages(item, word).items():
        assert shows(client.get(url).content.decode(), item) is (name not in expected_absent), name


def test_a_revoked_items_attachment_is_gone_even_by_its_old_link(
    client: Client, cw: CatalogWorld
) -> None:
    item = _with_attachment(cw, "黑水河")
    _advance(cw, item, ItemState.PUBLISHED)
    link = reverse("portal:attachment", args=[item.attachments.get().pk])
    assert client.get(link).status_code == 200
    services.catalog_item_revoke(actor=cw.w.approver, item=item, reason="内容有误")
    assert client.get(link).status_code == 404
    assert client.get(reverse("portal:item", args=[item.pk])).status_code == 404


def test_another_units_unpublished_data_stays_hidden(client: Client, cw: CatalogWorld) -> None:
    """Town B's draft is invisible from town A's pages, from B's own pages, and from a search
    that names B — while town A's published item next to it is visible."""
    hidden = _with_attachment(
        cw, "乙镇秘密", unit=cw.w.town_b, actor=cw.w.other_handler, category=None
    )
    shown = _with_attachment(cw, "甲镇公开")
    _advance(cw, shown, ItemState.PUBLISHED)
    for unit in (cw.w.town_a, cw.w.town_b):
        for url in (
            reverse("portal:unit", args=[unit.pk]),
            reverse("portal:statutory", args=[unit.pk]),
            reverse("portal:feed", args=[unit.pk]),
            reverse("portal:search") + f"?q=乙镇秘密&unit={unit.pk}",
        ):
            assert not shows(client.get(url).content.decode(), hidden), url
    assert client.get(reverse("portal:item", args=[hidden.pk])).status_code == 404
    assert shows(client.get(reverse("portal:search") + "?q=甲镇公开").content.decode(), shown)


def test_staff_of_another_unit_cannot_open_a_draft(client: Client, cw: CatalogWorld) -> None:
    item = cw.draft()
    assert client.login(username="other", password="pw-other")
    assert client.get(reverse("catalog:item", args=[item.pk])).status_code == 404
    assert (
        client.post(
            reverse("catalog:act", args=[item.pk, "submit_review"]), {"submit_review-version": 1}
        ).status_code
        == 404
    )
    assert CatalogItem.objects.get(pk=item.pk).state == ItemState.DRAFT


def test_category_of_a_column_routes_items(client: Client, cw: CatalogWorld) -> None:
    rules = cw.category.__class__.objects.create(
        unit=cw.w.town_a, name="公开制度", column=Column.RULES
    )
    item = cw.published(title="甲镇政府信息公开保密审查制度", category=rules)
    assert item.title in client.get(reverse("portal:rules", args=[cw.w.town_a.pk])).content.decode()
    assert (
        item.title
        not in client.get(reverse("portal:statutory", args=[cw.w.town_a.pk])).content.decode()
    )

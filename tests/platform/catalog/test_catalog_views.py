"""Staff pages of the catalog: scoped reads, the §26 flags, create, act, attach, the 目录 page."""

from __future__ import annotations

import io

from catalog_world import CatalogWorld
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from gongkai_platform.catalog.models import CatalogItem, DirectoryEntry
from gongkai_platform.catalog.states import ItemState


def login(client: Client, username: str) -> Client:
    assert client.login(username=username, password="pw-" + username)
    return client


def test_list_flags_overdue_items_and_is_scoped(client: Client, cw: CatalogWorld) -> None:
    item = cw.draft()  # formed 2025-03-03, due 2025-03-31: long overdue
    html = login(client, "handler").get(reverse("catalog:list")).content.decode()
    assert item.title in html and "已逾期" in html and "2025-03-31" in html
    client.logout()
    html = login(client, "other").get(reverse("catalog:list")).content.decode()
    assert item.title not in html
    assert client.get(reverse("catalog:item", args=[item.pk])).status_code == 404
    supervisor = Client()
    assert (
        item.title in login(supervisor, "supervisor").get(reverse("catalog:list")).content.decode()
    )


def test_create_through_the_form(client: Client, cw: CatalogWorld) -> None:
    login(client, "handler")
    response = client.post(
        reverse("catalog:create"),
        {
            "unit": cw.w.town_a.pk, "title": "甲镇防汛应急预案", "formed_on": "2025-06-02", "doc_kind": "other",
            "art20": "art20_12", "disclosure_mode": "proactive", "audience": "public",
        },
    )  # fmt: skip
    item = CatalogItem.objects.get()
    assert response["Location"] == reverse("catalog:item", args=[item.pk])
    page = client.get(response["Location"]).content.decode()
    assert "2025-06-30" in page and "第二十六条" in page  # the due date and how it was counted
    assert login(Client(), "other").get(reverse("catalog:create")).status_code == 200  # has B units
    assert login(Client(), "registrar").get(reverse("catalog:create")).status_code == 403


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format="PNG")
    return out.getvalue()


def test_actions_through_the_pages(client: Client, cw: CatalogWorld) -> None:
    item = cw.draft()
    editor, approver = login(Client(), "handler"), login(Client(), "approver")
    reviewer = login(Client(), "reviewer")
    act = lambda c, action, data: c.post(reverse("catalog:act", args=[item.pk, action]), data)  # noqa: E731
    upload = SimpleUploadedFile("图.png", png(), content_type="image/png")
    act(editor, "attach", {"attach-version": 1, "attach-file": upload})
    act(editor, "submit_review", {"submit_review-version": 2})
    refused = act(editor, "clear_secrecy", {"clear_secrecy-version": 3})  # not an editor's action
    assert "没有“保密审查通过”的权限" in editor.get(refused["Location"]).content.decode()
    act(reviewer, "clear_secrecy", {"clear_secrecy-version": 3})
    act(approver, "approve", {"approve-version": 4})
    act(approver, "publish", {"publish-version": 5, "publish-at": ""})
    item.refresh_from_db()
    assert item.state == ItemState.PUBLISHED and item.attachments.count() == 1
    page = approver.get(reverse("catalog:item", args=[item.pk])).content.decode()
    assert item.index_number in page and reverse("portal:item", args=[item.pk]) in page  # type: ignore[operator]
    stale = act(approver, "revoke", {"revoke-version": 1, "revoke-reason": "误发"})
    assert "已被他人更新" in approver.get(stale["Location"]).content.decode()
    assert CatalogItem.objects.get(pk=item.pk).state == ItemState.PUBLISHED  # stale form refused


def test_directory_page_adds_entries_and_shows_findings(client: Client, cw: CatalogWorld) -> None:
    login(client, "approver")
    response = client.post(
        reverse("catalog:directory"),
        {
            "unit": cw.w.town_a.pk, "area": "社会救助", "item_l1": "最低生活保障", "item_l2": "低保对象",
            "content_elements": "低保对象名单", "legal_basis": "《社会救助暂行办法》", "time_limit": "信息形成之日起20个工作日内",
            "time_limit_days": 20, "publisher": "甲镇人民政府", "channels": ["website", "notice_board"],
            "audience": "public", "mode": "proactive", "levels": ["township"], "expected_per_year": 1,
        },
    )  # fmt: skip
    assert response.status_code == 302
    entry = DirectoryEntry.objects.get()
    html = client.get(reverse("catalog:directory") + "?year=2025").content.decode()
    assert "政府网站、社区/企事业单位/村公示栏（电子屏）" in html
    assert "缺失" in html and "应至少发布1条，实际发布0条" in html
    assert entry.item_l1 in html
    handler = login(Client(), "handler")
    assert handler.post(reverse("catalog:directory"), {"unit": cw.w.town_a.pk}).status_code == 200
    assert DirectoryEntry.objects.count() == 1  # the handler may not compile the 目录


def test_category_tree_is_data_kept_by_the_ogi_office(client: Client, cw: CatalogWorld) -> None:
    from gongkai_platform.catalog.models import Category, Column

    login(client, "approver")
    response = client.post(
        reverse("catalog:categories"),
        {
            "unit": cw.w.town_a.pk,
            "parent": cw.category.pk,
            "name": "补助名单",
            "column": Column.STATUTORY,
            "position": 1,
        },
    )
    assert response.status_code == 302
    child = Category.objects.get(name="补助名单")
    assert child.parent == cw.category and child.unit == cw.w.town_a
    assert "农村危房改造 › 补助名单" in client.get(reverse("catalog:categories")).content.decode()
    handler = login(Client(), "handler")
    handler.post(
        reverse("catalog:categories"),
        {"unit": cw.w.town_a.pk, "name": "不该有", "column": "statutory", "position": 0},
    )
    assert not Category.objects.filter(name="不该有").exists()  # editors do not keep the tree


def test_guide_contacts_are_edited_by_the_office_and_shown_on_the_portal(
    client: Client, cw: CatalogWorld
) -> None:
    login(client, "approver")
    page = client.get(reverse("portal:staff_guide")).content.decode()
    assert "甲镇人民政府政府信息公开指南联系信息" in page
    response = client.post(
        reverse("portal:staff_guide"),
        {
            "unit_id": cw.w.town_a.pk,
            "office_hours": "周一至周五 9:00—17:00",
            "fax": "0000-1",
            "email": "",
            "postcode": "",
            "reading_rooms": "",
            "introduction": "",
        },
    )
    assert response.status_code == 302
    public = Client().get(reverse("portal:guide", args=[cw.w.town_a.pk])).content.decode()
    assert "周一至周五 9:00—17:00" in public and "0000-1" in public
    assert login(Client(), "handler").get(reverse("portal:staff_guide")).status_code == 404

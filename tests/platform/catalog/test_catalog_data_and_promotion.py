"""The unit's 主动公开基本目录 and category tree as editable data (issue 5 §2): changed and deleted
through named actions with an audit event each; an entry or category that items still use is
never deleted from under them (refused in Chinese, or the items are moved).  And 条例第四十四条:
information several applicants asked for may be made public proactively — a draft item made from
a closed, disclosed application, linked back to it, and the list of repeatedly requested subjects.
"""

from __future__ import annotations

import pytest
from catalog_world import CatalogWorld
from django.test import Client
from django.urls import reverse

from gongkai_platform.applications.models import Application
from gongkai_platform.catalog import promotion, services
from gongkai_platform.catalog.models import (
    CatalogItem,
    Category,
    Column,
    DataAction,
    DataEvent,
    DirectoryEntry,
    ItemEvent,
)
from gongkai_platform.catalog.states import ItemAction, ItemState
from gongkai_platform.core.errors import ActionRefused, ErrorCode

pytestmark = pytest.mark.django_db


def entry(cw: CatalogWorld, **overrides: object) -> DirectoryEntry:
    actor = cw.b_approver if overrides.get("unit") == cw.w.town_b else cw.w.approver
    fields: dict[str, object] = {
        "unit": cw.w.town_a, "area": "财政预决算", "item_l1": "财政预决算", "item_l2": "部门预算",
        "content_elements": "预算报表、说明", "legal_basis": "《预算法》第十四条",
        "publisher": "甲镇人民政府", "channels": ["website"], "levels": ["township"],
    }  # fmt: skip
    fields.update(overrides)
    return services.directory_entry_create(actor=actor, entry=DirectoryEntry(**fields))


def test_directory_entry_update_is_audited(cw: CatalogWorld) -> None:
    row = entry(cw)
    row.time_limit_days = 7
    row.channels = ["website", "notice_board"]
    services.directory_entry_update(actor=cw.w.approver, entry=row, reason="按标准目录调整")
    [created, changed] = DataEvent.objects.filter(object_id=row.pk).order_by("id")
    assert created.action == DataAction.DIRECTORY_CREATE and created.actor == cw.w.approver
    assert changed.action == DataAction.DIRECTORY_UPDATE and changed.reason == "按标准目录调整"
    assert changed.before == {"time_limit_days": 20, "channels": ["website"]}
    assert changed.after == {"time_limit_days": 7, "channels": ["website", "notice_board"]}


def test_directory_entry_update_refuses_bad_values_and_other_units(cw: CatalogWorld) -> None:
    row = entry(cw)
    row.channels = ["carrier_pigeon"]
    with pytest.raises(ActionRefused, match="不是可选的值：carrier_pigeon"):
        services.directory_entry_update(actor=cw.w.approver, entry=row)
    row = DirectoryEntry.objects.get(pk=row.pk)
    row.unit = cw.w.town_b
    with pytest.raises(ActionRefused, match="不能改到其他单位"):
        services.directory_entry_update(actor=cw.w.approver, entry=row)
    with pytest.raises(ActionRefused) as refusal:  # a handler does not compile the 目录 (§4(三))
        services.directory_entry_update(actor=cw.w.handler, entry=DirectoryEntry.objects.get())
    assert refusal.value.code == ErrorCode.NOT_PERMITTED
    assert DataEvent.objects.filter(action=DataAction.DIRECTORY_UPDATE).count() == 0


def test_an_entry_in_use_is_not_deleted_unless_its_items_are_moved(cw: CatalogWorld) -> None:
    used = entry(cw)
    spare = entry(cw, item_l2="部门决算")
    item = cw.published(directory_entry=used)
    with pytest.raises(ActionRefused) as refusal:
        services.directory_entry_delete(actor=cw.w.approver, entry=used)
    assert refusal.value.code == ErrorCode.WRONG_STATE
    assert "还有1条目录信息，不能删除" in refusal.value.message
    assert DirectoryEntry.objects.filter(pk=used.pk).exists()
    with pytest.raises(ActionRefused, match="只能归入本单位的另一目录事项"):
        other = entry(cw, unit=cw.w.town_b, publisher="乙镇人民政府")
        services.directory_entry_delete(actor=cw.w.approver, entry=used, move_to=other)
    services.directory_entry_delete(
        actor=cw.w.approver, entry=used, move_to=spare, reason="合并事项"
    )
    assert not DirectoryEntry.objects.filter(pk=used.pk).exists()
    assert CatalogItem.objects.get(pk=item.pk).directory_entry == spare
    deleted = DataEvent.objects.get(action=DataAction.DIRECTORY_DELETE)
    assert deleted.object_id == used.pk and deleted.label == "财政预决算 部门预算"
    assert deleted.after == {"moved_items": [item.pk], "moved_to": spare.pk,
                             "moved_to_label": "财政预决算 部门决算"}  # fmt: skip
    assert deleted.reason == "合并事项"


def test_an_unused_entry_is_deleted_with_its_fields_kept_in_the_trail(cw: CatalogWorld) -> None:
    row = entry(cw)
    services.directory_entry_delete(actor=cw.w.approver, entry=row.pk)
    deleted = DataEvent.objects.get(action=DataAction.DIRECTORY_DELETE)
    assert deleted.before["legal_basis"] == "《预算法》第十四条" and deleted.after == {}


def test_category_rename_move_and_loop_refusal(cw: CatalogWorld) -> None:
    parent = services.category_create(
        actor=cw.w.approver, category=Category(unit=cw.w.town_a, name="社会救助")
    )
    child = cw.category  # 农村危房改造
    child.parent = parent
    child.name = "农村危房改造补助"
    services.category_update(actor=cw.w.approver, category=child)
    event = DataEvent.objects.get(action=DataAction.CATEGORY_UPDATE)
    assert event.before == {"name": "农村危房改造", "parent_id": None}
    assert event.after == {"name": "农村危房改造补助", "parent_id": parent.pk}
    parent.parent = child
    with pytest.raises(ActionRefused, match="上级分类不能是本分类或其下级分类"):
        services.category_update(actor=cw.w.approver, category=parent)


def test_a_category_in_use_or_with_children_is_not_deleted(cw: CatalogWorld) -> None:
    item = cw.published()  # in cw.category
    spare = services.category_create(
        actor=cw.w.approver, category=Category(unit=cw.w.town_a, name="政策文件")
    )
    with pytest.raises(ActionRefused, match="还有1条目录信息，不能删除"):
        services.category_delete(actor=cw.w.approver, category=cw.category)
    services.category_create(
        actor=cw.w.approver, category=Category(unit=cw.w.town_a, name="子类", parent=spare)
    )
    with pytest.raises(ActionRefused, match="下还有下级分类"):
        services.category_delete(actor=cw.w.approver, category=spare)
    rules = services.category_create(
        actor=cw.w.approver,
        category=Category(unit=cw.w.town_a, name="公开制度", column=Column.RULES),
    )
    services.category_delete(actor=cw.w.approver, category=cw.category, move_to=rules)
    assert CatalogItem.objects.get(pk=item.pk).category == rules
    assert DataEvent.objects.get(action=DataAction.CATEGORY_DELETE).after["moved_items"] == [
        item.pk
    ]


def test_staff_pages_edit_and_delete(client: Client, cw: CatalogWorld) -> None:
    row = entry(cw)
    cw.published(directory_entry=row)
    client.force_login(cw.w.approver)
    assert (
        reverse("catalog:directory_edit", args=[row.pk])
        in client.get(reverse("catalog:directory")).content.decode()
    )
    page = client.get(reverse("catalog:directory_edit", args=[row.pk])).content.decode()
    assert "仍有1条目录信息使用它" in page and "新增基本目录事项" in page
    refused = client.post(reverse("catalog:directory_delete", args=[row.pk]), {}, follow=True)
    assert "还有1条目录信息，不能删除" in refused.content.decode()
    assert DirectoryEntry.objects.filter(pk=row.pk).exists()
    response = client.post(
        reverse("catalog:category_edit", args=[cw.category.pk]),
        {"unit": cw.w.town_a.pk, "name": "危房改造", "column": Column.STATUTORY, "position": 3},
    )
    assert response.status_code == 302
    assert Category.objects.get(pk=cw.category.pk).name == "危房改造"
    client.force_login(cw.w.handler)  # not the OGI office: no such page for them
    assert client.get(reverse("catalog:directory_edit", args=[row.pk])).status_code == 404
    assert client.post(reverse("catalog:category_delete", args=[cw.category.pk])).status_code == 404


# 条例第四十四条 ---------------------------------------------------------------------------------


def closed(cw: CatalogWorld, outcome: str = "granted", **overrides: object) -> Application:
    return cw.w.close(cw.w.register(**overrides), outcome)


def test_promote_a_disclosed_application_to_a_draft_item(cw: CatalogWorld) -> None:
    source = closed(cw, description="2024年本镇农村危房改造补助名单\n（含补助标准）")
    item = services.catalog_item_promote(actor=cw.w.handler, application=source)
    assert item.state == ItemState.DRAFT and item.unit == source.unit
    assert item.source_application == source and item.title == "2024年本镇农村危房改造补助名单"
    assert item.formed_on == source.closed_on and "（含补助标准）" in item.summary
    event = ItemEvent.objects.get(item=item)
    assert event.action == ItemAction.PROMOTE and event.actor == cw.w.handler
    assert source.number in event.reason and "予以公开" in event.reason
    with pytest.raises(ActionRefused, match="该申请已转为主动公开信息"):
        services.catalog_item_promote(actor=cw.w.handler, application=source)


@pytest.mark.parametrize("outcome", ["withheld.state_secret", "unable.not_held"])
def test_only_disclosed_information_is_promoted(cw: CatalogWorld, outcome: str) -> None:
    with pytest.raises(ActionRefused, match="条例第四十四条") as refusal:
        services.catalog_item_promote(actor=cw.w.handler, application=closed(cw, outcome))
    assert refusal.value.code == ErrorCode.WRONG_STATE
    open_one = cw.w.register()
    with pytest.raises(ActionRefused, match="只有已办结"):
        services.catalog_item_promote(actor=cw.w.handler, application=open_one)
    assert not CatalogItem.objects.exists()


def test_promotion_is_for_the_units_own_editors(cw: CatalogWorld) -> None:
    source = closed(cw)
    for outsider in (cw.w.other_handler, cw.w.registrar):
        with pytest.raises(ActionRefused) as refusal:
            services.catalog_item_promote(actor=outsider, application=source)
        assert refusal.value.code == ErrorCode.NOT_PERMITTED


def test_repeatedly_requested_subjects(cw: CatalogWorld) -> None:
    """Two different applicants asking for the same information form a subject; the same
    applicant asking twice, or a different subject, does not."""
    a = closed(cw, description="2024年本镇农村危房改造补助名单")
    b = closed(cw, description="请公开本镇2024年农村危房改造补助对象名单",
               id_number="110101199505051235", applicant_name="王五")  # fmt: skip
    closed(cw, description="2024年本镇财政预算公开表")
    closed(cw, description="2024年本镇财政预算公开表及说明")  # same applicant as above: not §44
    [subject] = promotion.repeated_subjects(cw.w.handler)
    assert {x.pk for x in subject.applications} == {a.pk, b.pk} and subject.applicants == 2
    assert {"农村", "危房改造", "补助", "名单"} <= set(subject.shared_words)
    services.catalog_item_promote(actor=cw.w.handler, application=b)
    assert promotion.repeated_subjects(cw.w.handler) == []  # one of the two is promoted now
    assert promotion.repeated_subjects(cw.w.other_handler) == []  # town B sees none of A's


def test_promote_page_and_action(client: Client, cw: CatalogWorld) -> None:
    source = closed(cw)
    client.force_login(cw.w.handler)
    page = client.get(reverse("catalog:promote_list")).content.decode()
    assert source.number in page and reverse("catalog:promote", args=[source.pk]) in page
    response = client.post(reverse("catalog:promote", args=[source.pk]))
    item = CatalogItem.objects.get(source_application=source)
    assert response["Location"] == reverse("catalog:item", args=[item.pk])
    detail = client.get(reverse("catalog:item", args=[item.pk])).content.decode()
    assert (
        "来源申请（条例第四十四条）" in detail
        and reverse("application", args=[source.pk]) in detail
    )
    assert source.number not in client.get(reverse("catalog:promote_list")).content.decode()
    client.force_login(cw.w.other_handler)
    assert client.post(reverse("catalog:promote", args=[source.pk])).status_code == 404

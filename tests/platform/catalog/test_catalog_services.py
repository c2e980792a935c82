"""Catalog actions: the §26 clock, 索引号 allocation per unit and year, scheduled go-live,
revocation, import of existing numbers, overdue and late lists, permissions and the audit trail."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from catalog_world import FORMED, ORG_CODE, USCC, CatalogWorld
from django.test import override_settings
from django.utils import timezone

from gongkai_platform.catalog import selectors, services
from gongkai_platform.catalog.models import CatalogItem, DocKind, IndexCounter, ItemEvent
from gongkai_platform.catalog.states import ItemAction, ItemState
from gongkai_platform.core.errors import ActionRefused, ErrorCode

D = date.fromisoformat


def test_draft_gets_the_article_26_due_date_with_its_explanation(cw: CatalogWorld) -> None:
    """条例第二十六条: publish within 20 working days of the day the information is formed."""
    item = cw.draft()
    assert item.state == ItemState.DRAFT and item.index_number is None
    assert item.due_on == D("2025-03-31")
    assert "第二十六条" in item.due_explanation and "第20个工作日" in item.due_explanation
    assert item.publisher == "甲镇人民政府"  # 发布机构 defaults to the unit's full name


def test_a_change_restarts_the_article_26_clock(cw: CatalogWorld) -> None:
    """条例第二十六条: "形成或者变更之日起" — a changed item counts from the change."""
    item = cw.draft(changed_on=D("2025-04-01"))
    # Counted by hand: 4 April (清明) is off, Sunday 27 April is a 调休 working day → 29 April.
    assert item.due_on == D("2025-04-29")


def test_the_whole_workflow_writes_one_event_per_action(cw: CatalogWorld) -> None:
    item = cw.published()
    year = timezone.localdate().year
    assert item.state == ItemState.PUBLISHED
    assert item.index_number == f"{ORG_CODE}/{year}-00001"
    assert item.published_on == timezone.localdate()
    events = list(ItemEvent.objects.filter(item=item))
    assert [e.action for e in events] == [
        ItemAction.CREATE,
        ItemAction.SUBMIT_REVIEW,
        ItemAction.CLEAR_SECRECY,
        ItemAction.APPROVE,
        ItemAction.PUBLISH,
    ]
    assert [e.actor for e in events] == [
        cw.w.handler,
        cw.w.handler,
        cw.reviewer,  # 保密审查 and 审核 by two people
        cw.w.approver,
        cw.w.approver,
    ]
    publish = events[-1]
    assert publish.state_before == ItemState.APPROVED and publish.state_after == ItemState.PUBLISHED
    assert (
        publish.after["index_number"] == item.index_number
        and publish.before["index_number"] is None
    )


def test_serials_run_per_unit_and_year(cw: CatalogWorld) -> None:
    """索引号 = 前段码/年份-流水号, the serial per unit per year (docs/law.md §6.1)."""
    year = timezone.localdate().year
    first = cw.published()
    second = cw.published(title="甲镇2025年财政预算")
    other = cw.published(unit=cw.w.town_b, actor=cw.w.other_handler, category=None)
    assert first.index_number == f"{ORG_CODE}/{year}-00001"
    assert second.index_number == f"{ORG_CODE}/{year}-00002"
    assert other.index_number == f"{USCC}/{year}-00001"  # 18-character 统一社会信用代码 prefix


@override_settings(CATALOG_INDEX_SERIAL_WIDTH=6)
def test_serial_width_is_configurable(cw: CatalogWorld) -> None:
    assert cw.published().index_number.endswith("-000001")  # type: ignore[union-attr]


def test_a_prefix_failing_its_check_character_refuses_publication_and_changes_nothing(
    cw: CatalogWorld,
) -> None:
    item = cw.approved()
    cw.w.town_a.index_prefix = "123456789"  # GB 11714 check character should be 8
    cw.w.town_a.save()
    with pytest.raises(ActionRefused) as refusal:
        services.catalog_item_publish(actor=cw.w.approver, item=item)
    assert refusal.value.code == ErrorCode.INVALID and "GB 11714" in refusal.value.message
    item.refresh_from_db()
    assert item.state == ItemState.APPROVED and item.index_number is None
    assert not IndexCounter.objects.filter(last_serial__gt=0).exists()  # the serial was not used
    assert not ItemEvent.objects.filter(item=item, action=ItemAction.PUBLISH).exists()


def test_scheduled_go_live(cw: CatalogWorld) -> None:
    """Scheduled publication: nothing is public, and no 索引号 is taken, before the time."""
    now = timezone.now()
    item = cw.published(at=now + timedelta(hours=2))
    assert item.state == ItemState.SCHEDULED and item.index_number is None
    assert not selectors.public_items().filter(pk=item.pk).exists()
    assert services.catalog_items_go_live(now + timedelta(hours=1)) == []
    [live] = services.catalog_items_go_live(now + timedelta(hours=3))
    assert live.pk == item.pk and live.state == ItemState.PUBLISHED
    assert live.published_at == now + timedelta(hours=2) and live.index_number is not None
    event = ItemEvent.objects.filter(item=item).last()
    assert event is not None and event.action == ItemAction.GO_LIVE and event.actor is None
    assert selectors.public_items().filter(pk=item.pk).exists()


def test_returning_a_scheduled_item_cancels_its_go_live(cw: CatalogWorld) -> None:
    item = cw.published(at=timezone.now() + timedelta(hours=2))
    services.catalog_item_return(actor=cw.w.approver, item=item, reason="文号有误")
    assert services.catalog_items_go_live(timezone.now() + timedelta(days=1)) == []
    item.refresh_from_db()
    assert item.state == ItemState.DRAFT and item.go_live_at is None


def test_revocation_needs_a_reason_and_keeps_the_number(cw: CatalogWorld) -> None:
    item = cw.published()
    with pytest.raises(ActionRefused) as refusal:
        services.catalog_item_revoke(actor=cw.w.approver, item=item, reason=" ")
    assert refusal.value.code == ErrorCode.INVALID
    revoked = services.catalog_item_revoke(
        actor=cw.w.approver, item=item, reason="内容有误，重新发布"
    )
    assert revoked.state == ItemState.REVOKED and revoked.index_number == item.index_number
    assert ItemEvent.objects.filter(item=item).last().reason == "内容有误，重新发布"  # type: ignore[union-attr]
    again = cw.published(title="更正后的方案")
    assert again.index_serial == 2  # a revoked item's number is never reused


def test_roles_and_units_are_enforced_and_a_refusal_writes_nothing(cw: CatalogWorld) -> None:
    item = cw.draft()
    services.catalog_item_submit_review(actor=cw.w.handler, item=item)
    before = ItemEvent.objects.count()
    for actor, action in (
        (cw.w.handler, services.catalog_item_clear_secrecy),  # an editor cannot review
        (cw.w.registrar, services.catalog_item_clear_secrecy),
        (cw.b_approver, services.catalog_item_clear_secrecy),  # another unit's approver
        (cw.w.supervisor, services.catalog_item_clear_secrecy),  # 上级监督 reads, never acts
    ):
        with pytest.raises(ActionRefused) as refusal:
            action(actor=actor, item=item)
        assert refusal.value.code == ErrorCode.NOT_PERMITTED
    with pytest.raises(ActionRefused):
        cw.draft(actor=cw.w.other_handler)  # creating in town A from town B
    assert ItemEvent.objects.count() == before
    assert CatalogItem.objects.get(pk=item.pk).state == ItemState.SECRECY_REVIEW


def test_stale_form_is_refused(cw: CatalogWorld) -> None:
    item = cw.draft()
    services.catalog_item_update(actor=cw.w.handler, item=item, fields=cw.fields(title="新标题"))
    with pytest.raises(ActionRefused) as refusal:
        services.catalog_item_submit_review(actor=cw.w.handler, item=item, expected_version=1)
    assert refusal.value.code == ErrorCode.STALE


def test_inputs_are_checked_with_chinese_messages(cw: CatalogWorld) -> None:
    cases = [
        ({"title": " "}, "名称"),
        ({"formed_on": timezone.localdate() + timedelta(days=1)}, "成文日期"),
        ({"changed_on": D("2025-01-01")}, "变更日期"),
        ({"doc_kind": DocKind.NORMATIVE_DOC}, "有效性"),  # 条例第二十条第（一）项
        ({"validity": "repealed"}, "废止日期"),
        ({"art20": "art20_99"}, "不是可选的值"),
    ]
    for overrides, words in cases:
        with pytest.raises(ActionRefused) as refusal:
            cw.draft(**overrides)
        assert words in refusal.value.message, overrides
    other_category = cw.category.__class__.objects.create(unit=cw.w.town_b, name="乙镇分类")
    with pytest.raises(ActionRefused, match="不属于本单位"):
        cw.draft(category=other_category)
    assert not CatalogItem.objects.exists()


def test_import_accepts_published_numbers_in_local_forms(cw: CatalogWorld) -> None:
    """Existing numbers (docs/law.md §6.2) are kept as printed; a bad check character warns."""
    local = services.catalog_item_import(
        actor=cw.w.approver, unit=cw.w.town_a, fields=cw.fields(), index="01527918X-2020-153077",
        published_on=D("2025-03-10"),
    )  # fmt: skip
    assert local.state == ItemState.PUBLISHED and local.index_number == "01527918X-2020-153077"
    assert (local.index_year, local.index_serial) == (2020, 153077)
    doubtful = services.catalog_item_import(
        actor=cw.w.approver, unit=cw.w.town_a, fields=cw.fields(), index="640221065/2020-00102",
        published_on=D("2025-03-10"),
    )  # fmt: skip
    assert "GB 11714" in ItemEvent.objects.get(item=doubtful).reason
    with pytest.raises(ActionRefused, match="已被使用"):
        services.catalog_item_import(
            actor=cw.w.approver, unit=cw.w.town_a, fields=cw.fields(), index="01527918X-2020-153077",
            published_on=D("2025-03-10"),
        )  # fmt: skip


def test_importing_own_numbers_moves_the_counter_past_them(cw: CatalogWorld) -> None:
    year = timezone.localdate().year
    services.catalog_item_import(
        actor=cw.w.approver, unit=cw.w.town_a, fields=cw.fields(formed_on=D(f"{year}-01-02")),
        index=f"{ORG_CODE}/{year}-00041", published_on=D(f"{year}-01-05"),
    )  # fmt: skip
    assert cw.published().index_number == f"{ORG_CODE}/{year}-00042"


def test_overdue_and_late_lists(cw: CatalogWorld) -> None:
    """条例第二十六条: unpublished past the date → overdue; published after it → late."""
    waiting = cw.draft()  # formed 2025-03-03, due 2025-03-31, long past
    fresh = cw.draft(formed_on=timezone.localdate())
    overdue = list(selectors.overdue_items(cw.w.handler))
    assert waiting in overdue and fresh not in overdue
    assert list(selectors.overdue_items(cw.w.other_handler)) == []  # scoped by unit
    late = services.catalog_item_import(
        actor=cw.w.approver, unit=cw.w.town_a, fields=cw.fields(), index="X-1",
        published_on=D("2025-04-01"),
    )  # fmt: skip
    on_time = services.catalog_item_import(
        actor=cw.w.approver, unit=cw.w.town_a, fields=cw.fields(), index="X-2",
        published_on=D("2025-03-31"),
    )  # fmt: skip
    assert list(selectors.late_items(cw.w.town_a, 2025)) == [late]
    assert on_time not in selectors.late_items(cw.w.town_a, 2025)


def test_validity_changes_are_recorded(cw: CatalogWorld) -> None:
    item = cw.published(doc_kind=DocKind.NORMATIVE_DOC, validity="valid", effective_on=FORMED)
    changed = services.catalog_item_set_validity(
        actor=cw.w.approver, item=item, validity="repealed", on=D("2025-06-30"), reason="新规定施行"
    )
    assert changed.validity == "repealed" and changed.invalid_on == D("2025-06-30")
    event = ItemEvent.objects.filter(item=item).last()
    assert event is not None and event.after == {"validity": "repealed", "invalid_on": "2025-06-30"}
    with pytest.raises(ActionRefused, match="早于成文日期"):
        services.catalog_item_set_validity(
            actor=cw.w.approver, item=item, validity="expired", on=D("2024-01-01")
        )

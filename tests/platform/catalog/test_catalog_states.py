"""The catalog item state machine, table-driven: every state × action, allowed or refused.

The table is ``catalog.states.TRANSITIONS``; each case drives the real service with valid input and
an actor holding every role of the unit, so an allowed pair must succeed and a refused pair must
fail with ``wrong_state`` and change nothing.  The rule of each action is part of the test id.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from catalog_world import CatalogWorld
from django.contrib.auth.models import User
from django.utils import timezone

from gongkai_platform.accounts.models import Membership, Role
from gongkai_platform.catalog import services
from gongkai_platform.catalog.models import CatalogItem, ItemEvent
from gongkai_platform.catalog.states import TRANSITIONS, ItemAction, ItemState
from gongkai_platform.core.errors import ActionRefused, ErrorCode

PNG = b"\x89PNG\r\n\x1a\n"


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, format="PNG")
    return out.getvalue()


Step = Callable[[User, CatalogItem], object]
LATER = timedelta(hours=3)

ACTIONS: dict[ItemAction, Step] = {
    ItemAction.UPDATE: lambda u, i: services.catalog_item_update(
        actor=u, item=i, fields=services.ItemFields(title="修改后的名称", formed_on=i.formed_on)
    ),
    ItemAction.ATTACH: lambda u, i: services.catalog_item_attach(
        actor=u, item=i, name="图.png", data=_png()
    ),
    ItemAction.SUBMIT_REVIEW: lambda u, i: services.catalog_item_submit_review(actor=u, item=i),
    ItemAction.CLEAR_SECRECY: lambda u, i: services.catalog_item_clear_secrecy(actor=u, item=i),
    ItemAction.APPROVE: lambda u, i: services.catalog_item_approve(actor=u, item=i),
    ItemAction.RETURN: lambda u, i: services.catalog_item_return(
        actor=u, item=i, reason="请补充内容概述"
    ),
    ItemAction.PUBLISH: lambda u, i: services.catalog_item_publish(actor=u, item=i),
    ItemAction.REVOKE: lambda u, i: services.catalog_item_revoke(
        actor=u, item=i, reason="发布有误"
    ),
    ItemAction.SET_VALIDITY: lambda u, i: services.catalog_item_set_validity(
        actor=u, item=i, validity="expired", on=timezone.localdate()
    ),
}

# How to reach each state from a fresh draft.
PATHS: dict[ItemState, list[ItemAction]] = {
    ItemState.DRAFT: [],
    ItemState.SECRECY_REVIEW: [ItemAction.SUBMIT_REVIEW],
    ItemState.REVIEW: [ItemAction.SUBMIT_REVIEW, ItemAction.CLEAR_SECRECY],
    ItemState.APPROVED: [ItemAction.SUBMIT_REVIEW, ItemAction.CLEAR_SECRECY, ItemAction.APPROVE],
    ItemState.SCHEDULED: [ItemAction.SUBMIT_REVIEW, ItemAction.CLEAR_SECRECY, ItemAction.APPROVE],
    ItemState.PUBLISHED: [
        ItemAction.SUBMIT_REVIEW, ItemAction.CLEAR_SECRECY, ItemAction.APPROVE, ItemAction.PUBLISH
    ],
    ItemState.REVOKED: [
        ItemAction.SUBMIT_REVIEW, ItemAction.CLEAR_SECRECY, ItemAction.APPROVE, ItemAction.PUBLISH,
        ItemAction.REVOKE,
    ],
}  # fmt: skip

CASES = [
    pytest.param(
        state,
        action,
        state in TRANSITIONS[action].sources,
        id=f"{state.label}×{action.label}（{TRANSITIONS[action].basis}）"
        f"{'允许' if state in TRANSITIONS[action].sources else '拒绝'}",
    )
    for state in ItemState
    for action in ACTIONS
]


def _everyone(cw: CatalogWorld) -> User:
    user = User.objects.create_user("everyone")
    for role in (Role.HANDLER, Role.APPROVER, Role.ADMIN):
        Membership.objects.create(user=user, unit=cw.w.town_a, role=role)
    return user


def _reach(cw: CatalogWorld, user: User, state: ItemState) -> CatalogItem:
    item = cw.draft()
    for step in PATHS[state]:
        ACTIONS[step](user, item)
    if state == ItemState.SCHEDULED:
        services.catalog_item_publish(actor=user, item=item, at=timezone.now() + LATER)
    item.refresh_from_db()
    assert item.state == state
    return item


@pytest.mark.parametrize(("state", "action", "allowed"), CASES)
def test_state_action_table(
    cw: CatalogWorld, state: ItemState, action: ItemAction, allowed: bool
) -> None:
    user = _everyone(cw)
    item = _reach(cw, user, state)
    events = ItemEvent.objects.filter(item=item).count()
    if allowed:
        ACTIONS[action](user, item)
        assert ItemEvent.objects.filter(item=item).count() == events + 1
        last = ItemEvent.objects.filter(item=item).last()
        assert last is not None and last.action == action and last.actor == user
        target = TRANSITIONS[action].target
        item.refresh_from_db()
        if target is not None:
            assert item.state == target
    else:
        with pytest.raises(ActionRefused) as refusal:
            ACTIONS[action](user, item)
        assert refusal.value.code == ErrorCode.WRONG_STATE
        assert TRANSITIONS[action].basis in refusal.value.message
        assert ItemEvent.objects.filter(item=item).count() == events
        assert CatalogItem.objects.get(pk=item.pk).state == state


def test_go_live_is_the_systems_alone(cw: CatalogWorld) -> None:
    """No person takes 定时发布生效: it has no roles and runs only from the scheduler."""
    assert TRANSITIONS[ItemAction.GO_LIVE].roles == frozenset()

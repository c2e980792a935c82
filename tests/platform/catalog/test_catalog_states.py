"""The catalog item state machine, every state × action written out: allowed (and the state it
leads to) or refused.

The expectations are literal rows below, not read from ``catalog.states.TRANSITIONS`` (the table
under test).  Each case drives the real service with valid input and an actor holding every role
of the unit (the 保密审查 on the way is someone else's: two people), so an allowed pair must
succeed with one event and a refused pair must fail with ``wrong_state``, cite the rule, and
change nothing.  The rule of each action is part of the test id.
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

REFUSED = None

# The article each action rests on, as its refusals cite it.
BASIS: dict[ItemAction, str] = {
    ItemAction.UPDATE: "条例第十二条",
    ItemAction.ATTACH: "条例第二十三条",
    ItemAction.SUBMIT_REVIEW: "条例第十七条",
    ItemAction.CLEAR_SECRECY: "条例第十七条",
    ItemAction.APPROVE: "条例第四条第（四）项",
    ItemAction.RETURN: "条例第十七条",
    ItemAction.PUBLISH: "条例第二十三条、第二十六条",
    ItemAction.REVOKE: "条例第四条第（二）项",
    ItemAction.SET_VALIDITY: "条例第二十条第（一）项、第二十六条",
}

# state × action → the state after, or REFUSED: written out, not read from ``TRANSITIONS`` (the
# table under test).  Publishing now leads to 已发布 (a time later: 定时发布, tested apart).
ROWS: list[tuple[ItemState, ItemAction, ItemState | None]] = [
    # 修改（条例第十二条）
    (ItemState.DRAFT, ItemAction.UPDATE, ItemState.DRAFT),
    (ItemState.SECRECY_REVIEW, ItemAction.UPDATE, REFUSED),
    (ItemState.REVIEW, ItemAction.UPDATE, REFUSED),
    (ItemState.APPROVED, ItemAction.UPDATE, REFUSED),
    (ItemState.SCHEDULED, ItemAction.UPDATE, REFUSED),
    (ItemState.PUBLISHED, ItemAction.UPDATE, REFUSED),
    (ItemState.REVOKED, ItemAction.UPDATE, REFUSED),
    # 添加附件（条例第二十三条）
    (ItemState.DRAFT, ItemAction.ATTACH, ItemState.DRAFT),
    (ItemState.SECRECY_REVIEW, ItemAction.ATTACH, REFUSED),
    (ItemState.REVIEW, ItemAction.ATTACH, REFUSED),
    (ItemState.APPROVED, ItemAction.ATTACH, REFUSED),
    (ItemState.SCHEDULED, ItemAction.ATTACH, REFUSED),
    (ItemState.PUBLISHED, ItemAction.ATTACH, REFUSED),
    (ItemState.REVOKED, ItemAction.ATTACH, REFUSED),
    # 提交保密审查（条例第十七条）
    (ItemState.DRAFT, ItemAction.SUBMIT_REVIEW, ItemState.SECRECY_REVIEW),
    (ItemState.SECRECY_REVIEW, ItemAction.SUBMIT_REVIEW, REFUSED),
    (ItemState.REVIEW, ItemAction.SUBMIT_REVIEW, REFUSED),
    (ItemState.APPROVED, ItemAction.SUBMIT_REVIEW, REFUSED),
    (ItemState.SCHEDULED, ItemAction.SUBMIT_REVIEW, REFUSED),
    (ItemState.PUBLISHED, ItemAction.SUBMIT_REVIEW, REFUSED),
    (ItemState.REVOKED, ItemAction.SUBMIT_REVIEW, REFUSED),
    # 保密审查通过（条例第十七条）
    (ItemState.DRAFT, ItemAction.CLEAR_SECRECY, REFUSED),
    (ItemState.SECRECY_REVIEW, ItemAction.CLEAR_SECRECY, ItemState.REVIEW),
    (ItemState.REVIEW, ItemAction.CLEAR_SECRECY, REFUSED),
    (ItemState.APPROVED, ItemAction.CLEAR_SECRECY, REFUSED),
    (ItemState.SCHEDULED, ItemAction.CLEAR_SECRECY, REFUSED),
    (ItemState.PUBLISHED, ItemAction.CLEAR_SECRECY, REFUSED),
    (ItemState.REVOKED, ItemAction.CLEAR_SECRECY, REFUSED),
    # 审核通过（条例第四条第（四）项）
    (ItemState.DRAFT, ItemAction.APPROVE, REFUSED),
    (ItemState.SECRECY_REVIEW, ItemAction.APPROVE, REFUSED),
    (ItemState.REVIEW, ItemAction.APPROVE, ItemState.APPROVED),
    (ItemState.APPROVED, ItemAction.APPROVE, REFUSED),
    (ItemState.SCHEDULED, ItemAction.APPROVE, REFUSED),
    (ItemState.PUBLISHED, ItemAction.APPROVE, REFUSED),
    (ItemState.REVOKED, ItemAction.APPROVE, REFUSED),
    # 退回修改（条例第十七条）
    (ItemState.DRAFT, ItemAction.RETURN, REFUSED),
    (ItemState.SECRECY_REVIEW, ItemAction.RETURN, ItemState.DRAFT),
    (ItemState.REVIEW, ItemAction.RETURN, ItemState.DRAFT),
    (ItemState.APPROVED, ItemAction.RETURN, ItemState.DRAFT),
    (ItemState.SCHEDULED, ItemAction.RETURN, ItemState.DRAFT),
    (ItemState.PUBLISHED, ItemAction.RETURN, REFUSED),
    (ItemState.REVOKED, ItemAction.RETURN, REFUSED),
    # 发布（条例第二十三条、第二十六条）
    (ItemState.DRAFT, ItemAction.PUBLISH, REFUSED),
    (ItemState.SECRECY_REVIEW, ItemAction.PUBLISH, REFUSED),
    (ItemState.REVIEW, ItemAction.PUBLISH, REFUSED),
    (ItemState.APPROVED, ItemAction.PUBLISH, ItemState.PUBLISHED),
    (ItemState.SCHEDULED, ItemAction.PUBLISH, REFUSED),
    (ItemState.PUBLISHED, ItemAction.PUBLISH, REFUSED),
    (ItemState.REVOKED, ItemAction.PUBLISH, REFUSED),
    # 撤销发布（条例第四条第（二）项）
    (ItemState.DRAFT, ItemAction.REVOKE, REFUSED),
    (ItemState.SECRECY_REVIEW, ItemAction.REVOKE, REFUSED),
    (ItemState.REVIEW, ItemAction.REVOKE, REFUSED),
    (ItemState.APPROVED, ItemAction.REVOKE, REFUSED),
    (ItemState.SCHEDULED, ItemAction.REVOKE, REFUSED),
    (ItemState.PUBLISHED, ItemAction.REVOKE, ItemState.REVOKED),
    (ItemState.REVOKED, ItemAction.REVOKE, REFUSED),
    # 变更有效性（条例第二十条第（一）项、第二十六条）
    (ItemState.DRAFT, ItemAction.SET_VALIDITY, REFUSED),
    (ItemState.SECRECY_REVIEW, ItemAction.SET_VALIDITY, REFUSED),
    (ItemState.REVIEW, ItemAction.SET_VALIDITY, REFUSED),
    (ItemState.APPROVED, ItemAction.SET_VALIDITY, REFUSED),
    (ItemState.SCHEDULED, ItemAction.SET_VALIDITY, REFUSED),
    (ItemState.PUBLISHED, ItemAction.SET_VALIDITY, ItemState.PUBLISHED),
    (ItemState.REVOKED, ItemAction.SET_VALIDITY, REFUSED),
]


def test_every_state_and_action_has_a_row() -> None:
    assert set(BASIS) == set(ACTIONS)
    assert sorted((s, a) for s, a, _ in ROWS) == sorted((s, a) for s in ItemState for a in ACTIONS)


def _everyone(cw: CatalogWorld) -> User:
    user = User.objects.create_user("everyone")
    for role in (Role.HANDLER, Role.APPROVER, Role.ADMIN):
        Membership.objects.create(user=user, unit=cw.w.town_a, role=role)
    return user


def _reach(cw: CatalogWorld, user: User, state: ItemState) -> CatalogItem:
    item = cw.draft()
    for step in PATHS[state]:
        # 保密审查 by someone else: the walker then approves (two people, separation of duties).
        ACTIONS[step](cw.reviewer if step == ItemAction.CLEAR_SECRECY else user, item)
    if state == ItemState.SCHEDULED:
        services.catalog_item_publish(actor=user, item=item, at=timezone.now() + LATER)
    item.refresh_from_db()
    assert item.state == state
    return item


@pytest.mark.parametrize(
    ("state", "action", "after"),
    [
        pytest.param(
            s, a, t, id=f"{s.label}×{a.label}（{BASIS[a]}）{'拒绝' if t is REFUSED else '允许'}"
        )
        for s, a, t in ROWS
    ],
)
def test_state_action_table(
    cw: CatalogWorld, state: ItemState, action: ItemAction, after: ItemState | None
) -> None:
    user = _everyone(cw)
    item = _reach(cw, user, state)
    events = ItemEvent.objects.filter(item=item).count()
    if after is not REFUSED:
        ACTIONS[action](user, item)
        assert ItemEvent.objects.filter(item=item).count() == events + 1
        last = ItemEvent.objects.filter(item=item).last()
        assert last is not None and last.action == action and last.actor == user
        item.refresh_from_db()
        assert item.state == after
    else:
        with pytest.raises(ActionRefused) as refusal:
            ACTIONS[action](user, item)
        assert refusal.value.code == ErrorCode.WRONG_STATE
        assert BASIS[action] in refusal.value.message
        assert ItemEvent.objects.filter(item=item).count() == events
        assert CatalogItem.objects.get(pk=item.pk).state == state


def test_go_live_is_the_systems_alone(cw: CatalogWorld) -> None:
    """No person takes 定时发布生效: it has no roles and runs only from the scheduler."""
    assert TRANSITIONS[ItemAction.GO_LIVE].roles == frozenset()

"""Separation of duties (四眼原则): what one person may not do alone.

Where each duty comes from:
- the reply: 条例第三十六条 has the agency reply; that the 审核人 who approves it is someone other
  than its drafter is OUR POLICY (the approval step exists for a second reader);
- roles: no one grants a role to themselves — OUR POLICY (等保2.0 asks administrators' powers to
  be separated; the 条例 says nothing of accounts);
- the catalog: 条例第十七条 requires the 保密审查 before publication and 条例第四条第（四）项 the
  office's 审核; that two different people do them is OUR POLICY, and a one-person office
  (``Unit.single_person_office``) may allow one person both, each time recorded as its own event.

The pages ask the same check as the services (``Aggregate.allowed``): what would be refused is
not offered.
"""

from __future__ import annotations

import pytest
from catalog_world import CatalogWorld
from django.test import Client
from django.urls import reverse
from platform_world import World

from gongkai_platform.accounts import services as accounts
from gongkai_platform.accounts.models import AdminEvent, Membership, Role
from gongkai_platform.applications import services
from gongkai_platform.applications.models import Event
from gongkai_platform.applications.states import State
from gongkai_platform.catalog import services as catalog
from gongkai_platform.catalog.models import CatalogItem, ItemEvent
from gongkai_platform.catalog.states import ItemAction, ItemState
from gongkai_platform.core.errors import ActionRefused, ErrorCode


def refused(code: ErrorCode, text: str) -> pytest.RaisesExc[ActionRefused]:
    return pytest.raises(ActionRefused, check=lambda e: e.code is code and text in e.message)


def test_the_submitter_of_a_reply_cannot_approve_it_条例第三十六条(world: World) -> None:
    """条例第三十六条 (the reply); approver ≠ submitter is our policy."""
    app = world.register()
    services.application_submit_reply(
        actor=world.all_roles, application=app, outcome="granted", ground="36_2"
    )
    events = Event.objects.filter(application=app).count()
    with refused(ErrorCode.NOT_PERMITTED, "不能自己审核通过"):
        services.application_approve_reply(actor=world.all_roles, application=app)
    app.refresh_from_db()
    assert app.state == State.AWAITING_APPROVAL and app.reply_submitted_by == world.all_roles
    assert Event.objects.filter(application=app).count() == events
    # Another 审核人 approves; the submitter may still return it (a second look of their own).
    services.application_approve_reply(actor=world.approver, application=app)
    app.refresh_from_db()
    assert app.state == State.CLOSED and app.reply_submitted_by is None


def test_the_case_page_does_not_offer_approval_to_the_submitter(
    client: Client, world: World
) -> None:
    app = world.register()
    services.application_submit_reply(
        actor=world.all_roles, application=app, outcome="granted", ground="36_2"
    )
    assert client.login(username="all", password="pw-all")
    page = client.get(reverse("application", args=[app.pk])).content.decode()
    assert "退回答复" in page and "审核通过，办结答复" not in page
    assert client.login(username="approver", password="pw-approver")
    page = client.get(reverse("application", args=[app.pk])).content.decode()
    assert "审核通过，办结答复" in page


def test_no_one_grants_a_role_to_themselves(world: World) -> None:
    """Our policy: a role comes from someone else, who answers for it (no 条例 article)."""
    Membership.objects.create(user=world.admin, unit=world.town_a, role=Role.HANDLER)
    events = AdminEvent.objects.count()
    with refused(ErrorCode.NOT_PERMITTED, "不能给自己授予角色"):
        accounts.role_grant(actor=world.admin, unit=world.town_a, user=world.admin, role="approver")
    assert not Membership.objects.filter(user=world.admin, role=Role.APPROVER).exists()
    assert AdminEvent.objects.count() == events
    # Not even a superuser.
    world.admin.is_superuser = True
    world.admin.save()
    with refused(ErrorCode.NOT_PERMITTED, "不能给自己授予角色"):
        accounts.role_grant(actor=world.admin, unit=world.town_b, user=world.admin, role="admin")
    # Granting someone else is the normal case, recorded.
    accounts.role_grant(actor=world.admin, unit=world.town_a, user=world.handler, role="registrar")
    assert AdminEvent.objects.filter(action="role_grant", subject=world.handler).exists()


def _in_review(cw: CatalogWorld) -> CatalogItem:
    item = cw.draft()
    catalog.catalog_item_submit_review(actor=cw.w.handler, item=item)
    catalog.catalog_item_clear_secrecy(actor=cw.w.approver, item=item)
    return item


def test_secrecy_review_and_approval_by_two_people_条例第十七条(cw: CatalogWorld) -> None:
    """条例第十七条 (保密审查) and 第四条第（四）项 (审核); two people is our policy."""
    item = _in_review(cw)
    with refused(ErrorCode.NOT_PERMITTED, "保密审查和审核应由两人分别进行"):
        catalog.catalog_item_approve(actor=cw.w.approver, item=item)
    item.refresh_from_db()
    assert item.state == ItemState.REVIEW
    catalog.catalog_item_approve(actor=cw.reviewer, item=item)
    actions = list(ItemEvent.objects.filter(item=item).values_list("action", "actor__username"))
    assert actions[-2:] == [("clear_secrecy", "approver"), ("approve", "reviewer")]
    assert not ItemEvent.objects.filter(action=ItemAction.DUTY_EXCEPTION).exists()


def test_a_returned_item_is_reviewed_afresh(cw: CatalogWorld) -> None:
    """After 退回修改 the secrecy review starts again: who cleared it before does not count."""
    item = _in_review(cw)
    catalog.catalog_item_return(actor=cw.reviewer, item=item, reason="请补充")
    catalog.catalog_item_submit_review(actor=cw.w.handler, item=item)
    catalog.catalog_item_clear_secrecy(actor=cw.reviewer, item=item)
    catalog.catalog_item_approve(actor=cw.w.approver, item=item)


def test_a_one_person_office_may_do_both_and_each_exception_is_recorded(
    cw: CatalogWorld,
) -> None:
    """A unit set as 一人办公室 (by its 单位管理员, itself an audited change) lets one person do
    both; the exception is its own event, before the approval's."""
    accounts.unit_update(actor=cw.w.admin, unit=cw.w.town_a, single_person_office=True)
    change = AdminEvent.objects.filter(action="unit_update").last()
    assert change is not None and change.after == {"single_person_office": True}
    item = _in_review(cw)
    catalog.catalog_item_approve(actor=cw.w.approver, item=item)
    last_two = list(ItemEvent.objects.filter(item=item).order_by("-id")[:2])[::-1]
    assert [e.action for e in last_two] == [ItemAction.DUTY_EXCEPTION, ItemAction.APPROVE]
    assert all(e.actor == cw.w.approver for e in last_two)
    assert "一人办公室" in last_two[0].reason
    assert last_two[1].prev_hash == last_two[0].hash


def test_the_item_page_does_not_offer_approval_to_the_secrecy_reviewer(
    client: Client, cw: CatalogWorld
) -> None:
    item = _in_review(cw)
    url = reverse("catalog:item", args=[item.pk])
    assert client.login(username="approver", password="pw-approver")
    assert "审核通过" not in client.get(url).content.decode()
    assert client.login(username="reviewer", password="pw-reviewer")
    assert "审核通过" in client.get(url).content.decode()

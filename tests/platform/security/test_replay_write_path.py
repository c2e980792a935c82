"""Replays of issue 13's findings about the write path and the audit trail: each test does what
the attacker did on the demo copy and fails if the finding comes back.

- "a 审核人 can submit and approve their own reply" (四眼原则; 条例第三十六条 is the reply);
- "a unit administrator can grant themselves any role, then do so";
- "one person does 保密审查, 审核 and 发布 of a catalog item" (条例第十七条 is the review);
- "event rows can be changed freely" (办理过程留痕, 条例第四十五条);
- "one write, staff_guide, has no event at all" (the 指南, 条例第十二条);
- "the write path exists in four versions … with five event tables of the same shape".
"""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from catalog_world import CatalogWorld
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from platform_world import World

from gongkai_platform.accounts import services as accounts
from gongkai_platform.accounts.models import Membership, Role
from gongkai_platform.applications import services
from gongkai_platform.applications.models import Event
from gongkai_platform.applications.states import State
from gongkai_platform.catalog import services as catalog
from gongkai_platform.catalog.states import ItemState
from gongkai_platform.core.audit import AuditEvent, event_models
from gongkai_platform.core.errors import ActionRefused
from gongkai_platform.portal.models import GuideEvent

PLATFORM = Path(__file__).resolve().parents[3] / "src" / "gongkai_platform"


def test_a_reviewer_cannot_approve_their_own_reply_条例第三十六条(world: World) -> None:
    app = world.register()
    services.application_submit_reply(
        actor=world.all_roles, application=app, outcome="granted", ground="36_2"
    )
    with pytest.raises(ActionRefused):
        services.application_approve_reply(actor=world.all_roles, application=app)
    app.refresh_from_db()
    assert app.state == State.AWAITING_APPROVAL


def test_an_administrator_cannot_grant_themselves_a_role(client: Client, world: World) -> None:
    """Through the page, as the attacker did: the grant form of their own unit, for themselves."""
    Membership.objects.create(user=world.admin, unit=world.town_a, role=Role.HANDLER)
    assert client.login(username="admin", password="pw-admin")
    page = client.post(
        reverse("accounts:unit", args=[world.town_a.pk]),
        {"form": "grant", "grant-user": world.admin.pk, "grant-role": "approver"},
    ).content.decode()
    assert "不能给自己授予角色" in page
    assert not Membership.objects.filter(user=world.admin, role=Role.APPROVER).exists()
    with pytest.raises(ActionRefused):
        accounts.role_grant(actor=world.admin, unit=world.town_a, user=world.admin, role="approver")


def test_one_person_cannot_review_approve_and_publish_an_item_条例第十七条(
    cw: CatalogWorld,
) -> None:
    item = cw.draft()
    catalog.catalog_item_submit_review(actor=cw.w.handler, item=item)
    catalog.catalog_item_clear_secrecy(actor=cw.w.approver, item=item)
    with pytest.raises(ActionRefused):
        catalog.catalog_item_approve(actor=cw.w.approver, item=item)
    with pytest.raises(ActionRefused):
        catalog.catalog_item_publish(actor=cw.w.approver, item=item)
    item.refresh_from_db()
    assert item.state == ItemState.REVIEW


def test_event_rows_cannot_be_changed_unnoticed_条例第四十五条(world: World) -> None:
    app = world.register()
    event = Event.objects.get(application=app)
    if connection.vendor == "postgresql":
        for sql in (
            "UPDATE applications_event SET actor_id = NULL WHERE id = %s",
            "DELETE FROM applications_event WHERE id = %s",
        ):
            with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
                cur.execute(sql, [event.pk])
        call_command("audit_verify", stdout=StringIO())  # intact
    else:
        Event.objects.filter(pk=event.pk).update(actor=None)  # the forged "system did it"
        with pytest.raises(CommandError):
            call_command("audit_verify", stdout=StringIO(), stderr=StringIO())


def test_the_guide_page_edit_has_an_event_条例第十二条(client: Client, world: World) -> None:
    assert client.login(username="approver", password="pw-approver")
    client.post(
        reverse("portal:staff_guide") + f"?unit={world.town_a.pk}",
        {"unit_id": world.town_a.pk, "office_hours": "工作日9:00—17:00", "email": "gk@example.cn"},
    )
    event = GuideEvent.objects.get(unit=world.town_a)
    assert event.actor == world.approver and event.after["office_hours"] == "工作日9:00—17:00"


def test_there_is_one_write_path_and_one_event_shape() -> None:
    """Every event table is an ``AuditEvent``; no code outside ``core.audit`` creates event rows
    itself (they are written by ``record``/``record_many``, i.e. by the action runner)."""
    names = {model.__name__ for model in event_models()}
    assert {"Event", "ItemEvent", "DataEvent", "ReportEvent", "AdminEvent"} <= names
    assert all(issubclass(model, AuditEvent) for model in event_models())
    direct = re.compile(rf"\b({'|'.join(sorted(names))})\.objects\.(create|bulk_create|update)\b")
    found = [
        f"{path.relative_to(PLATFORM)}:{n}"
        for path in PLATFORM.rglob("*.py")
        if "migrations" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if direct.search(line)
    ]
    assert found == []

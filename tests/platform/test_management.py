"""Management by a 单位管理员: the unit's OGI office and 索引号 前段码, its people and roles (the
holiday calendar: ``test_holiday_calendar``).  Each is a named action with one audit event; an administrator of one unit
can neither read nor change another unit's details, users or roles (pages and services)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from platform_world import World

from gongkai_platform.accounts import services
from gongkai_platform.accounts.models import AdminEvent, Membership, Role
from gongkai_platform.applications import services as applications
from gongkai_platform.core.errors import ActionRefused, ErrorCode

D = date.fromisoformat


def refused(code: ErrorCode) -> pytest.RaisesExc[ActionRefused]:
    return pytest.raises(ActionRefused, check=lambda e: e.code is code)


def login(client: Client, username: str) -> Client:
    assert client.login(username=username, password="pw-" + username)
    return client


# The unit's office and 索引号 前段码 (条例第四条; docs/law.md §6.2) ------------------------------


def test_administrator_edits_the_office_and_prefix_with_one_event_条例第四条(
    world: World,
) -> None:
    unit = services.unit_update(
        actor=world.admin,
        unit=world.town_a,
        ogi_office="甲镇政府信息公开办公室",
        index_prefix="000000043",
        reason="机构调整",
    )
    assert (unit.ogi_office, unit.index_prefix) == ("甲镇政府信息公开办公室", "000000043")
    event = AdminEvent.objects.get()
    assert (event.action, event.actor, event.unit, event.reason) == (
        "unit_update",
        world.admin,
        world.town_a,
        "机构调整",
    )
    assert event.before == {"ogi_office": "甲镇党政办", "index_prefix": "000000027"}
    assert ("索引号前段码", "000000027", "000000043") in event.changed()


@pytest.mark.parametrize(
    ("prefix", "message"),
    [("000000028", "校验"), ("ABC", "索引号前段码应为9位组织机构代码或18位统一社会信用代码")],
    ids=["bad-check-character", "not-a-code"],
)
def test_a_prefix_whose_check_character_fails_is_refused_ogi_rules_6_2(
    world: World, prefix: str, message: str
) -> None:
    with refused(ErrorCode.INVALID) as error:
        services.unit_update(actor=world.admin, unit=world.town_a, index_prefix=prefix)
    assert message in error.value.message
    world.town_a.refresh_from_db()
    assert world.town_a.index_prefix == "000000027" and not AdminEvent.objects.exists()


def test_administrator_of_one_unit_cannot_touch_another(world: World) -> None:
    with refused(ErrorCode.NOT_PERMITTED):
        services.unit_update(actor=world.admin, unit=world.town_b, ogi_office="x")
    with refused(ErrorCode.NOT_PERMITTED):  # not even the units below: each role acts on its own
        services.unit_update(actor=world.supervisor, unit=world.town_a, ogi_office="x")
    with refused(ErrorCode.NOT_PERMITTED):
        services.user_create(
            actor=world.admin,
            unit=world.town_b,
            username="new",
            password="a-Long-pass-2025",
            role=Role.HANDLER,
        )
    with refused(ErrorCode.NOT_PERMITTED):
        services.role_grant(
            actor=world.admin, unit=world.town_b, user=world.other_handler, role=Role.APPROVER
        )
    with refused(ErrorCode.NOT_PERMITTED):  # town B's user is not town A's to promote
        services.role_grant(
            actor=world.admin, unit=world.town_a, user=world.other_handler, role=Role.APPROVER
        )
    theirs = Membership.objects.filter(user=world.other_handler).first()
    assert theirs is not None
    with refused(ErrorCode.NOT_PERMITTED):
        services.role_revoke(actor=world.admin, membership=theirs)
    assert Membership.objects.filter(user=world.other_handler).count() == 2
    assert not AdminEvent.objects.exists()
    for user in (world.handler, world.approver, world.registrar):
        with refused(ErrorCode.NOT_PERMITTED):
            services.unit_update(actor=user, unit=world.town_a, ogi_office="x")


def test_superuser_manages_every_unit(world: World) -> None:
    root = User.objects.create_superuser("root", password="pw-root")
    services.unit_update(actor=root, unit=world.town_b, phone="0571-12345678")
    services.role_grant(actor=root, unit=world.town_a, user=world.other_handler, role=Role.HANDLER)
    assert Membership.objects.filter(user=world.other_handler, unit=world.town_a).exists()


# People and roles -------------------------------------------------------------------------------


def test_administrator_creates_a_user_with_a_role(world: World) -> None:
    user = services.user_create(
        actor=world.admin,
        unit=world.town_a,
        username="xiaoli",
        full_name="李晓",
        password="Gongkai-2025-demo",
        role=Role.HANDLER,
    )
    assert user.check_password("Gongkai-2025-demo")
    assert list(Membership.objects.filter(user=user).values_list("unit", "role")) == [
        (world.town_a.pk, "handler")
    ]
    event = AdminEvent.objects.get()
    assert (event.action, event.subject, event.after["role"]) == ("user_create", user, "handler")
    assert "Gongkai-2025-demo" not in str(event.after)  # no password in the log


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("handler", "Gongkai-2025-demo", "已被使用"),
        ("xiaoli", "12345678", "密码"),
        ("", "Gongkai-2025-demo", "用户名"),
    ],
    ids=["taken", "weak-password", "no-name"],
)
def test_user_creation_is_validated_in_chinese(
    world: World, username: str, password: str, message: str
) -> None:
    with refused(ErrorCode.INVALID) as error:
        services.user_create(
            actor=world.admin,
            unit=world.town_a,
            username=username,
            password=password,
            role=Role.HANDLER,
        )
    assert message in error.value.message
    assert not User.objects.filter(username="xiaoli").exists()


def test_grant_and_revoke_a_role_with_events(world: World) -> None:
    granted = services.role_grant(
        actor=world.admin, unit=world.town_a, user=world.handler, role=Role.APPROVER
    )
    with refused(ErrorCode.INVALID):
        services.role_grant(
            actor=world.admin, unit=world.town_a, user=world.handler, role=Role.APPROVER
        )
    services.role_revoke(actor=world.admin, membership=granted, reason="调岗")
    grant, revoke = AdminEvent.objects.all()
    assert grant.before == {"roles": ["handler"]} and grant.after == {
        "roles": ["approver", "handler"]
    }
    assert revoke.after == {"roles": ["handler"]} and revoke.reason == "调岗"


def test_a_handler_with_open_cases_keeps_the_role_until_reassigned_条例第四十五条(
    world: World,
) -> None:
    app = world.register()  # handled by world.handler
    role = Membership.objects.get(user=world.handler, role=Role.HANDLER)
    with refused(ErrorCode.INVALID) as error:
        services.role_revoke(actor=world.admin, membership=role)
    assert "仍承办1件" in error.value.message
    second = services.user_create(
        actor=world.admin,
        unit=world.town_a,
        username="b",
        password="Gongkai-2025-b",
        role="handler",
    )
    applications.application_assign(actor=world.admin, application=app, handler=second)
    services.role_revoke(actor=world.admin, membership=role)
    assert not Membership.objects.filter(pk=role.pk).exists()


def test_administrator_cannot_revoke_their_own_administrator_role(world: World) -> None:
    own = Membership.objects.get(user=world.admin, role=Role.ADMIN)
    with refused(ErrorCode.INVALID):
        services.role_revoke(actor=world.admin, membership=own)


# Pages ------------------------------------------------------------------------------------------


def test_management_pages_are_scoped_to_the_administrators_unit(
    client: Client, world: World
) -> None:
    login(client, "admin")
    index = client.get(reverse("accounts:index")).content.decode()
    assert world.town_a.name in index and world.town_b.name not in index
    page = client.get(reverse("accounts:unit", args=[world.town_a.pk])).content.decode()
    assert "registrar" in page and "other" not in page  # town B's user is not listed
    assert 'for="id_unit-index_prefix"' in page and 'for="id_user-password"' in page
    assert client.get(reverse("accounts:unit", args=[world.town_b.pk])).status_code == 404
    theirs = Membership.objects.filter(user=world.other_handler).first()
    assert theirs is not None
    response = client.post(reverse("accounts:revoke", args=[theirs.pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=theirs.pk).exists()
    response = client.post(
        reverse("accounts:unit", args=[world.town_b.pk]),
        {"form": "unit", "unit-ogi_office": "x", "unit-index_prefix": "000000035"},
    )
    assert response.status_code == 404
    login(client, "handler")
    assert client.get(reverse("accounts:unit", args=[world.town_a.pk])).status_code == 404


def test_unit_page_forms_save_and_show_errors(client: Client, world: World) -> None:
    login(client, "admin")
    url = reverse("accounts:unit", args=[world.town_a.pk])
    response = client.post(
        url, {"form": "unit", "unit-ogi_office": "甲镇党政办", "unit-index_prefix": "000000028"}
    )
    assert response.status_code == 200 and "校验" in response.content.decode()
    response = client.post(
        url,
        {
            "form": "user",
            "user-username": "xiaowang",
            "user-password": "Gongkai-2025-x",
            "user-role": "registrar",
        },
        follow=True,
    )
    assert "已新建用户" in response.content.decode()
    new = User.objects.get(username="xiaowang")
    response = client.post(
        url, {"form": "grant", "grant-user": new.pk, "grant-role": "handler"}, follow=True
    )
    assert "已授予角色" in response.content.decode() and "新建用户" in response.content.decode()
    assert set(Membership.objects.filter(user=new).values_list("role", flat=True)) == {
        "registrar",
        "handler",
    }
    # Another unit's user is not among the choices, and posting them is refused.
    response = client.post(
        url, {"form": "grant", "grant-user": world.other_handler.pk, "grant-role": "handler"}
    )
    assert response.status_code == 200 and "grant-user" in response.content.decode()
    assert not Membership.objects.filter(user=world.other_handler, unit=world.town_a).exists()


def test_only_a_superuser_adds_a_unit_and_then_its_administrator(
    client: Client, world: World
) -> None:
    with refused(ErrorCode.NOT_PERMITTED):
        services.unit_create(
            actor=world.admin,
            name="丙镇人民政府",
            kind="township",
            parent=world.county,
            ogi_office="丙镇党政办",
            index_prefix="000000043",
        )
    root = User.objects.create_superuser("root", password="pw-root")
    with refused(ErrorCode.INVALID):
        services.unit_create(
            actor=root,
            name="丙镇人民政府",
            kind="township",
            parent=world.county,
            ogi_office="丙镇党政办",
            index_prefix="000000044",
        )
    login(client, "admin")
    assert "新建单位" not in client.get(reverse("accounts:index")).content.decode()
    assert client.post(reverse("accounts:index"), {"new-name": "x"}).status_code == 403
    login(client, "root")
    response = client.post(
        reverse("accounts:index"),
        {
            "new-name": "丙镇人民政府",
            "new-kind": "township",
            "new-parent": world.county.pk,
            "new-ogi_office": "丙镇党政办",
            "new-index_prefix": "000000043",
        },
        follow=True,
    )
    assert "已新建单位" in response.content.decode()
    town_c = world.county.children.get(name="丙镇人民政府")
    assert town_c.path == f"{world.county.path}{town_c.pk}/"
    event = AdminEvent.objects.get(action="unit_create")
    assert (event.unit, event.after["parent"]) == (town_c, "示例县人民政府")
    admin_c = services.user_create(
        actor=root, unit=town_c, username="admin_c", password="Gongkai-2025-c", role="admin"
    )
    assert services.may_manage(admin_c, town_c) and not services.may_manage(admin_c, world.town_a)

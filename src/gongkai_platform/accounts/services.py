"""Administration of a unit, its people and their roles (单位管理员), as named actions.

条例 §4 has each agency name its OGI office (政府信息公开工作机构); the unit's record carries that
office and its 索引号 前段码 (docs/law.md §6.2), which its 单位管理员 keeps up to date.  The same
administrator creates the unit's user accounts and grants or revokes their roles.  Like every role
(``accounts.scoping``), it acts on its own unit only: a 单位管理员 of one unit cannot touch another
unit's users or details; a superuser manages every unit.  Each action checks that permission,
validates, and writes one :class:`AdminEvent` in the same transaction, through the one action
runner (``core.actions``; :data:`UNITS`).  No one grants a role to themselves (our rule of
separation of duties: roles come from someone else, who answers for the grant).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.functional import Promise

from gongkai_platform.accounts.models import (
    AdminAction,
    AdminEvent,
    Credential,
    Membership,
    Role,
    Unit,
)
from gongkai_platform.accounts.scoping import managed_units
from gongkai_platform.core.actions import Aggregate, full_clean
from gongkai_platform.core.errors import ActionRefused, ErrorCode

ADMIN = frozenset({Role.ADMIN})
# What a 单位管理员 may change of their unit; its place in the tree is the superuser's (admin site).
UNIT_FIELDS = (
    "ogi_office",
    "index_prefix",
    "address",
    "phone",
    "document_code",
    "payment_instructions",
    "single_person_office",
)

# Checks other apps add before a role is revoked (``applications``: not the 承办人 role of someone
# still handling open cases), so that this app does not import theirs.
revoke_guards: list[Callable[[Membership], None]] = []


def may_manage(actor: User, unit: Unit) -> bool:
    return managed_units(actor).filter(pk=unit.pk).exists()


def _require_manager(actor: User, unit: Unit, label: str | Promise) -> None:
    if not may_manage(actor, unit):
        raise ActionRefused(ErrorCode.NOT_PERMITTED, f"您不是{unit.name}的单位管理员，不能{label}")


class Units(Aggregate[Unit]):
    """The runner's view of a unit: the record its details, people and roles hang from; its
    events in :class:`AdminEvent`, one stream per unit."""

    model = Unit
    events = AdminEvent
    noun = "单位"

    def check(self, actor: Any, obj: Unit, action: str) -> None:
        _require_manager(actor, obj, AdminAction(action).label)

    def snapshot(self, obj: Unit) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in UNIT_FIELDS}

    def finish(self, obj: Unit) -> None:
        full_clean(obj, exclude=["path"])
        obj.save()

    def subject(self, obj: Unit, state_before: str) -> dict[str, Any]:
        return {"unit": obj}


UNITS = Units()


def _roles(user: User, unit: Unit) -> dict[str, Any]:
    held = Membership.objects.filter(user=user, unit=unit).values_list("role", flat=True)
    return {"roles": sorted(held)}


def unit_create(
    *,
    actor: User,
    name: str,
    kind: str,
    parent: Unit | None,
    ogi_office: str,
    index_prefix: str,
    address: str = "",
    phone: str = "",
    document_code: str = "",
    payment_instructions: str = "",
    single_person_office: bool = False,
) -> Unit:
    """Add a unit to the tree (a superuser's task: the first administrator of the new unit is
    then created on its page)."""

    def check() -> None:
        if not actor.is_superuser:
            raise ActionRefused(ErrorCode.NOT_PERMITTED, "只有系统管理员可以新建单位")

    def build() -> Unit:
        return Unit(
            name=name.strip(),
            kind=kind,
            parent=parent,
            ogi_office=ogi_office.strip(),
            index_prefix=index_prefix.strip(),
            address=address.strip(),
            phone=phone.strip(),
            document_code=document_code.strip(),
            payment_instructions=payment_instructions.strip(),
            single_person_office=single_person_office,
        )

    def snapshot(obj: Unit) -> dict[str, Any]:
        fields = {name: getattr(obj, name) for name in ("name", "kind", *UNIT_FIELDS)}
        return {**fields, "parent": parent.name if parent else ""}

    return UNITS.create(
        actor=actor, action=AdminAction.UNIT_CREATE, check=check, build=build, snapshot=snapshot
    )


def unit_update(*, actor: User, unit: Unit | int, reason: str = "", **fields: Any) -> Unit:
    """Change the unit's OGI office details and 索引号 前段码 (validated by ``Unit.clean``)."""
    unknown = set(fields) - set(UNIT_FIELDS)
    if unknown:
        raise ActionRefused(ErrorCode.INVALID, f"不能修改的单位字段：{'、'.join(sorted(unknown))}")

    def mutate(locked: Unit) -> None:
        for name, value in fields.items():
            setattr(locked, name, value.strip() if isinstance(value, str) else value)

    return UNITS.run(
        actor=actor,
        pk=unit if isinstance(unit, int) else unit.pk,
        action=AdminAction.UNIT_UPDATE,
        mutate=mutate,
        reason=reason,
    )


def user_create(
    *,
    actor: User,
    unit: Unit,
    username: str,
    password: str,
    role: str,
    full_name: str = "",
    email: str = "",
) -> User:
    """Create a person's account with a first role in the unit; its initial password must be
    changed at the first sign-in (``accounts.middleware``)."""
    username = username.strip()
    user = User(username=username, first_name=full_name.strip(), email=email.strip())
    created: list[User] = []

    def mutate(locked: Unit) -> None:
        if role not in Role.values:
            raise ActionRefused(ErrorCode.INVALID, f"不是可选的角色：{role}")
        if not username:
            raise ActionRefused(ErrorCode.INVALID, "应填写用户名")
        if User.objects.filter(username=username).exists():
            raise ActionRefused(ErrorCode.INVALID, f"用户名“{username}”已被使用")
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise ActionRefused(ErrorCode.INVALID, "；".join(error.messages)) from None
        user.set_password(password)
        full_clean(user)
        user.save()
        Membership.objects.create(user=user, unit=locked, role=role)
        # An initial password is the administrator's: the person replaces it at first sign-in.
        Credential.objects.create(user=user, must_change=True)
        created.append(user)

    def snapshot(locked: Unit) -> dict[str, Any]:
        if not created:
            return {}
        return {"username": username, "full_name": user.first_name, "role": role}

    UNITS.run(
        actor=actor,
        pk=unit.pk,
        action=AdminAction.USER_CREATE,
        mutate=mutate,
        snapshot=snapshot,
        extra={"subject": user},
    )
    return user


def role_grant(*, actor: User, unit: Unit, user: User, role: str, reason: str = "") -> Membership:
    """Give a person of the unit another role in it (a person of another unit is not the
    administrator's to touch; a superuser may add anyone).  Never to oneself: a role comes from
    someone else (separation of duties, our rule; 等保2.0 三权分立 asks the same of administrators)."""
    granted: list[Membership] = []

    def mutate(locked: Unit) -> None:
        if user.pk == actor.pk:
            raise ActionRefused(
                ErrorCode.NOT_PERMITTED, "不能给自己授予角色：角色须由其他管理员授予（职责分离）"
            )
        if role not in Role.values:
            raise ActionRefused(ErrorCode.INVALID, f"不是可选的角色：{role}")
        held = set(Membership.objects.filter(user=user, unit=locked).values_list("role", flat=True))
        if not held and not actor.is_superuser:
            raise ActionRefused(ErrorCode.NOT_PERMITTED, f"{user}不是{locked.name}的人员")
        if role in held:
            raise ActionRefused(ErrorCode.INVALID, f"{user}已经是{locked.name}的{Role(role).label}")
        granted.append(Membership.objects.create(user=user, unit=locked, role=role))

    UNITS.run(
        actor=actor,
        pk=unit.pk,
        action=AdminAction.ROLE_GRANT,
        mutate=mutate,
        reason=reason,
        snapshot=lambda locked: _roles(user, locked),
        extra={"subject": user},
    )
    return granted[0]


def role_revoke(*, actor: User, membership: Membership | int, reason: str = "") -> None:
    """Take a role away.  Not one's own 单位管理员 role (the unit would lose its administrator
    by accident), and not what another app's guard refuses (``revoke_guards``: the 承办人 role of
    someone still handling open cases)."""
    pk = membership if isinstance(membership, int) else membership.pk
    found = Membership.objects.select_related("unit", "user").get(pk=pk)
    user = found.user

    def mutate(locked: Unit) -> None:
        current = Membership.objects.select_for_update().get(pk=pk)
        if user == actor and current.role == Role.ADMIN:
            raise ActionRefused(ErrorCode.INVALID, "不能撤销自己的单位管理员角色")
        for guard in revoke_guards:
            guard(current)
        current.delete()

    UNITS.run(
        actor=actor,
        pk=found.unit_id,
        action=AdminAction.ROLE_REVOKE,
        mutate=mutate,
        reason=reason,
        snapshot=lambda locked: _roles(user, locked),
        extra={"subject": user},
    )

"""Administration of a unit, its people and their roles (单位管理员), as named actions.

条例 §4 has each agency name its OGI office (政府信息公开工作机构); the unit's record carries that
office and its 索引号 前段码 (ogi-rules.md §6.2), which its 单位管理员 keeps up to date.  The same
administrator creates the unit's user accounts and grants or revokes their roles.  Like every role
(``accounts.scoping``), it acts on its own unit only: a 单位管理员 of one unit cannot touch another
unit's users or details; a superuser manages every unit.  Each action checks that permission,
validates, and writes one :class:`AdminEvent` in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise

from gongkai_platform.accounts.models import AdminAction, AdminEvent, Membership, Role, Unit
from gongkai_platform.accounts.scoping import managed_units
from gongkai_platform.applications.models import Application
from gongkai_platform.applications.states import State
from gongkai_platform.core.actions import changes, full_clean
from gongkai_platform.core.errors import ActionRefused, ErrorCode

ADMIN = frozenset({Role.ADMIN})
# What a 单位管理员 may change of their unit; its place in the tree is the superuser's (admin site).
UNIT_FIELDS = ("ogi_office", "index_prefix", "address", "phone")


def may_manage(actor: User, unit: Unit) -> bool:
    return managed_units(actor).filter(pk=unit.pk).exists()


def _require_manager(actor: User, unit: Unit, label: str | Promise) -> None:
    if not may_manage(actor, unit):
        raise ActionRefused(ErrorCode.NOT_PERMITTED, f"您不是{unit.name}的单位管理员，不能{label}")


def log(
    actor: User,
    action: AdminAction,
    *,
    before: dict[str, Any],
    after: dict[str, Any],
    unit: Unit | None = None,
    subject: User | None = None,
    reason: str = "",
) -> AdminEvent:
    """The one audit event of an administrative action (the fields it changed, before/after)."""
    changed_before, changed_after = changes(before, after)
    return AdminEvent.objects.create(
        action=action,
        actor=actor,
        unit=unit,
        subject=subject,
        before=changed_before,
        after=changed_after,
        reason=reason,
    )


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
) -> Unit:
    """Add a unit to the tree (a superuser's task: the first administrator of the new unit is
    then created on its page)."""
    if not actor.is_superuser:
        raise ActionRefused(ErrorCode.NOT_PERMITTED, "只有系统管理员可以新建单位")
    unit = Unit(
        name=name.strip(),
        kind=kind,
        parent=parent,
        ogi_office=ogi_office.strip(),
        index_prefix=index_prefix.strip(),
        address=address.strip(),
        phone=phone.strip(),
    )
    full_clean(unit, exclude=["path"])
    with transaction.atomic():
        unit.save()
        after = {name: getattr(unit, name) for name in ("name", "kind", *UNIT_FIELDS)}
        after["parent"] = parent.name if parent else ""
        log(actor, AdminAction.UNIT_CREATE, before={}, after=after, unit=unit)
    return unit


def unit_update(*, actor: User, unit: Unit | int, reason: str = "", **fields: str) -> Unit:
    """Change the unit's OGI office details and 索引号 前段码 (validated by ``Unit.clean``)."""
    unknown = set(fields) - set(UNIT_FIELDS)
    if unknown:
        raise ActionRefused(ErrorCode.INVALID, f"不能修改的单位字段：{'、'.join(sorted(unknown))}")
    pk = unit if isinstance(unit, int) else unit.pk
    with transaction.atomic():
        locked = Unit.objects.select_for_update().get(pk=pk)
        _require_manager(actor, locked, AdminAction.UNIT_UPDATE.label)
        before = {name: getattr(locked, name) for name in UNIT_FIELDS}
        for name, value in fields.items():
            setattr(locked, name, value.strip())
        full_clean(locked)
        locked.save()
        after = {name: getattr(locked, name) for name in UNIT_FIELDS}
        log(actor, AdminAction.UNIT_UPDATE, before=before, after=after, unit=locked, reason=reason)
    return locked


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
    """Create a person's account with a first role in the unit."""
    _require_manager(actor, unit, AdminAction.USER_CREATE.label)
    username = username.strip()
    if role not in Role.values:
        raise ActionRefused(ErrorCode.INVALID, f"不是可选的角色：{role}")
    if not username:
        raise ActionRefused(ErrorCode.INVALID, "应填写用户名")
    if User.objects.filter(username=username).exists():
        raise ActionRefused(ErrorCode.INVALID, f"用户名“{username}”已被使用")
    user = User(username=username, first_name=full_name.strip(), email=email.strip())
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ActionRefused(ErrorCode.INVALID, "；".join(error.messages)) from None
    with transaction.atomic():
        user.set_password(password)
        full_clean(user)
        user.save()
        Membership.objects.create(user=user, unit=unit, role=role)
        log(
            actor,
            AdminAction.USER_CREATE,
            before={},
            after={"username": username, "full_name": user.first_name, "role": role},
            unit=unit,
            subject=user,
        )
    return user


def role_grant(*, actor: User, unit: Unit, user: User, role: str, reason: str = "") -> Membership:
    """Give a person of the unit another role in it (a person of another unit is not the
    administrator's to touch; a superuser may add anyone)."""
    _require_manager(actor, unit, AdminAction.ROLE_GRANT.label)
    if role not in Role.values:
        raise ActionRefused(ErrorCode.INVALID, f"不是可选的角色：{role}")
    with transaction.atomic():
        members = Membership.objects.select_for_update().filter(user=user, unit=unit)
        held = set(members.values_list("role", flat=True))
        if not held and not actor.is_superuser:
            raise ActionRefused(ErrorCode.NOT_PERMITTED, f"{user}不是{unit.name}的人员")
        if role in held:
            raise ActionRefused(ErrorCode.INVALID, f"{user}已经是{unit.name}的{Role(role).label}")
        membership = Membership.objects.create(user=user, unit=unit, role=role)
        log(
            actor,
            AdminAction.ROLE_GRANT,
            before={"roles": sorted(held)},
            after={"roles": sorted(held | {role})},
            unit=unit,
            subject=user,
            reason=reason,
        )
    return membership


def role_revoke(*, actor: User, membership: Membership | int, reason: str = "") -> None:
    """Take a role away.  Not one's own 单位管理员 role (the unit would lose its administrator
    by accident), and not the 承办人 role of someone still handling open cases (reassign first)."""
    pk = membership if isinstance(membership, int) else membership.pk
    with transaction.atomic():
        locked = Membership.objects.select_for_update().select_related("unit", "user").get(pk=pk)
        unit, user, role = locked.unit, locked.user, Role(locked.role)
        _require_manager(actor, unit, AdminAction.ROLE_REVOKE.label)
        if user == actor and role == Role.ADMIN:
            raise ActionRefused(ErrorCode.INVALID, "不能撤销自己的单位管理员角色")
        if role == Role.HANDLER:
            handling = (
                Application.objects.filter(unit=unit, handler=user)
                .exclude(state=State.CLOSED)
                .count()
            )
            if handling:
                raise ActionRefused(
                    ErrorCode.INVALID,
                    f"{user}仍承办{handling}件未办结申请，请先指定其他承办人（条例第四十五条）",
                )
        held = set(Membership.objects.filter(user=user, unit=unit).values_list("role", flat=True))
        locked.delete()
        log(
            actor,
            AdminAction.ROLE_REVOKE,
            before={"roles": sorted(held)},
            after={"roles": sorted(held - {role})},
            unit=unit,
            subject=user,
            reason=reason,
        )

"""Passwords and accounts as named actions: a person changes their own password; a 单位管理员
resets the password of a person of their unit (who must then change it at the next sign-in) and
deactivates or reactivates their account.  OWASP ASVS 2.1 (password rules, through Django's
validators and ``accounts.passwords``), 2.5 (credential recovery by an administrator, a
temporary password the person must replace), 等保2.0 level 2 (身份鉴别, 访问控制).

Like every administrative action (``accounts.services``), the administrator's actions are scoped
to the units they manage: a person who holds no role in the unit is not theirs to touch.
"""

from __future__ import annotations

import secrets

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from gongkai_platform.accounts import throttle
from gongkai_platform.accounts.models import (
    AdminAction,
    Credential,
    Membership,
    SecurityAction,
    Unit,
)
from gongkai_platform.accounts.passwords import KINDS_REQUIRED, character_kinds
from gongkai_platform.accounts.security import security_event
from gongkai_platform.accounts.services import UNITS, revoke_guards
from gongkai_platform.core.errors import ActionRefused, ErrorCode

TEMPORARY_LENGTH = 16
# Without look-alikes (l 1 I, O 0), since the administrator reads it out to the person.
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def must_change(user: User) -> bool:
    return Credential.objects.filter(user=user, must_change=True).exists()


def require_change(user: User) -> None:
    """Mark ``user``'s password as one to be replaced at the next sign-in (an initial password)."""
    Credential.objects.update_or_create(user=user, defaults={"must_change": True})


def checked(password: str, user: User) -> str:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ActionRefused(ErrorCode.INVALID, "；".join(error.messages)) from None
    return password


def password_change(*, user: User, password: str, request: HttpRequest | None = None) -> None:
    """``user`` sets a new password of their own (the view has checked the old one)."""
    checked(password, user)
    if user.check_password(password):
        raise ActionRefused(ErrorCode.INVALID, "新密码不能与原密码相同")
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        Credential.objects.update_or_create(
            user=user, defaults={"must_change": False, "changed_at": timezone.now()}
        )
        security_event(SecurityAction.PASSWORD_CHANGE, actor=user, request=request)


def temporary_password() -> str:
    """A random password that passes every rule (three kinds of character, long)."""
    while True:
        candidate = "".join(secrets.choice(_ALPHABET) for _ in range(TEMPORARY_LENGTH - 1)) + "-"
        if character_kinds(candidate) >= KINDS_REQUIRED:
            return candidate


def _person(unit: Unit, user: User, actor: User) -> None:
    """``user`` must be a person of ``unit`` (the administrator's to manage), not the actor."""
    if not Membership.objects.filter(user=user, unit=unit).exists():
        raise ActionRefused(ErrorCode.NOT_PERMITTED, f"{user}不是{unit.name}的人员")
    if user.is_superuser and not actor.is_superuser:
        raise ActionRefused(ErrorCode.NOT_PERMITTED, "系统管理员的账户只能由系统管理员管理")


def password_reset(*, actor: User, unit: Unit, user: User, reason: str = "") -> str:
    """Give ``user`` a temporary password (returned, to be handed over in person and shown
    once); they must change it at the next sign-in, and a lockout of the account is lifted.
    One :class:`AdminEvent` on the unit's trail (never the password)."""
    if user == actor:
        raise ActionRefused(ErrorCode.INVALID, "请在“修改密码”页面修改自己的密码")
    password = temporary_password()

    def mutate(locked: Unit) -> None:
        _person(locked, user, actor)
        person = User.objects.select_for_update().get(pk=user.pk)
        person.set_password(password)
        person.save(update_fields=["password"])
        Credential.objects.update_or_create(
            user=person, defaults={"must_change": True, "changed_at": timezone.now()}
        )

    UNITS.run(
        actor=actor,
        pk=unit.pk,
        action=AdminAction.PASSWORD_RESET,
        mutate=mutate,
        reason=reason,
        snapshot=lambda locked: {"must_change": must_change(user)},
        extra={"subject": user},
    )
    throttle.login_reset(user.username)
    return password


def user_set_active(*, actor: User, unit: Unit, user: User, active: bool, reason: str = "") -> None:
    """Deactivate (or reactivate) a person's account: a deactivated account cannot sign in, its
    open sessions and API tokens stop working at their next request.  Not one's own account, and
    not while a role of theirs could not be revoked either (``services.revoke_guards``: someone
    still handling open cases must hand them over first, 条例 §45)."""
    action = AdminAction.USER_REACTIVATE if active else AdminAction.USER_DEACTIVATE
    if user == actor:
        raise ActionRefused(ErrorCode.INVALID, "不能停用自己的账户")

    def mutate(locked: Unit) -> None:
        _person(locked, user, actor)
        person = User.objects.select_for_update().get(pk=user.pk)
        if person.is_active == active:
            raise ActionRefused(
                ErrorCode.INVALID, f"{person}的账户已经{'启用' if active else '停用'}"
            )
        if not active:
            for membership in Membership.objects.filter(user=person).select_related("unit"):
                for guard in revoke_guards:
                    guard(membership)
        person.is_active = active
        person.save(update_fields=["is_active"])

    UNITS.run(
        actor=actor,
        pk=unit.pk,
        action=action,
        mutate=mutate,
        reason=reason,
        snapshot=lambda locked: {
            "active": User.objects.values_list("is_active", flat=True).get(pk=user.pk)
        },
        extra={"subject": user},
    )

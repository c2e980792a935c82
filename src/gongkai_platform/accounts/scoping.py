"""What a user may read and do, by unit and role: the one place every query is scoped from.

A role held in a unit acts on that unit's records only; 上级监督 reads every unit of its subtree
and acts on none.  Pages, the API, exports and file downloads all go through :func:`readable_units`
or :func:`roles_in`, so a user of one unit can neither read nor change another's records.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.utils.functional import Promise

from gongkai_platform.accounts.models import Membership, Role, Unit
from gongkai_platform.core.errors import ActionRefused, ErrorCode

AnyUser = User | AnonymousUser


def readable_units(user: AnyUser) -> QuerySet[Unit]:
    """Units whose records ``user`` may read."""
    if isinstance(user, AnonymousUser):
        return Unit.objects.none()
    memberships = list(Membership.objects.filter(user=user).select_related("unit"))
    condition = Q(pk__in=[m.unit_id for m in memberships if m.role != Role.SUPERVISOR])
    for m in memberships:
        if m.role == Role.SUPERVISOR:
            condition |= Q(path__startswith=m.unit.path)
    if not memberships:
        return Unit.objects.none()
    return Unit.objects.filter(condition)


def roles_in(user: AnyUser, unit: Unit) -> frozenset[Role]:
    """The roles ``user`` holds in ``unit`` itself (上级监督 of an ancestor is not a role here)."""
    if isinstance(user, AnonymousUser):
        return frozenset()
    return frozenset(
        Role(role)
        for role in Membership.objects.filter(user=user, unit=unit).values_list("role", flat=True)
    )


def managed_units(user: AnyUser) -> QuerySet[Unit]:
    """Units whose details, people and roles ``user`` may change: where they are 单位管理员 (each
    unit itself, not its subtree, as for every role), or every unit for a superuser."""
    if isinstance(user, AnonymousUser):
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    return acting_units(user, frozenset({Role.ADMIN}))


def acting_units(user: AnyUser, roles: frozenset[Role]) -> QuerySet[Unit]:
    """Units in which ``user`` holds one of ``roles`` (e.g. where they may register applications)."""
    if isinstance(user, AnonymousUser):
        return Unit.objects.none()
    return Unit.objects.filter(memberships__user=user, memberships__role__in=roles).distinct()


def authorize(actor: AnyUser, unit: Unit, label: str | Promise, roles: frozenset[Role]) -> None:
    """Refuse unless ``actor`` holds one of ``roles`` in ``unit`` for the action named ``label``."""
    if not roles_in(actor, unit) & roles:
        allowed = "、".join(str(role.label) for role in Role if role in roles)
        raise ActionRefused(
            ErrorCode.NOT_PERMITTED, f"您在{unit.name}没有“{label}”的权限（需要：{allowed}）"
        )


def is_national_admin(user: AnyUser) -> bool:
    """A superuser, or the 单位管理员 of a top-level unit: who may change what is national (the
    holiday calendar)."""
    if isinstance(user, AnonymousUser):
        return False
    return (
        user.is_superuser
        or Membership.objects.filter(user=user, role=Role.ADMIN, unit__parent__isnull=True).exists()
    )

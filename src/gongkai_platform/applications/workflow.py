"""What every named action of the platform shares, whatever it acts on (an application under
条例 §§27–45, a catalog item under §§20–26): a state machine's transition as data, the role check,
the before/after record of the audit event, and validation errors turned into refusals.

The actions themselves (``applications.services``, ``catalog.services``) lock their record, call
these, mutate and write one event; the pieces here are the same for both, so they are written once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise

from gongkai_platform.accounts.models import Role, Unit
from gongkai_platform.accounts.scoping import roles_in
from gongkai_platform.applications.errors import ActionRefused, ErrorCode

StateT = TypeVar("StateT", bound=str)


@dataclass(frozen=True)
class Transition(Generic[StateT]):
    sources: frozenset[StateT]
    target: StateT | None  # None: the state does not change (or the service decides)
    roles: frozenset[Role]
    basis: str  # the legal rule, cited in refusals and in the tests' names


def authorize(actor: User, unit: Unit, label: str | Promise, roles: frozenset[Role]) -> None:
    """Refuse unless ``actor`` holds one of ``roles`` in ``unit`` for the action named ``label``."""
    if not roles_in(actor, unit) & roles:
        allowed = "、".join(str(role.label) for role in Role if role in roles)
        raise ActionRefused(
            ErrorCode.NOT_PERMITTED, f"您在{unit.name}没有“{label}”的权限（需要：{allowed}）"
        )


def recorded(value: object) -> object:
    """A field value as the audit event's JSON keeps it (dates and times in ISO form)."""
    return value.isoformat() if isinstance(value, date) else value  # datetime is a date


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields an action changed: their values before and after."""
    changed = [key for key in after if before.get(key) != after[key]]
    return {key: before.get(key) for key in changed}, {key: after[key] for key in changed}


def full_clean(instance: models.Model, **kwargs: Any) -> None:
    """``instance.full_clean`` whose errors, every message of them, are one refusal for the page
    or API to show."""
    try:
        instance.full_clean(**kwargs)
    except ValidationError as error:
        messages = "；".join(m for ms in error.message_dict.values() for m in ms)
        raise ActionRefused(ErrorCode.INVALID, messages) from None

"""The one way a record of the platform changes: a named action run by :class:`Aggregate.run`.

Whatever it acts on (an application under 条例 §§27–45, a catalog item under §§17–26, an annual
report under §§49–50, a unit's people and roles, the holiday calendar), an action takes the same
steps in one transaction, in this order:

1. **lock** the record (``SELECT … FOR UPDATE``): :meth:`Aggregate.lock`;
2. **authorise**: :meth:`Aggregate.check` raises :class:`~.errors.ActionRefused` unless the actor
   may take the action on this record now (role in its unit, separation of duties).  Pages and
   the API ask the same question before offering an action (:meth:`Aggregate.may`), so they never
   offer what the service would refuse;
3. **version**: a form opened on an older version is refused as stale (``expected_version``);
4. **state**: the state machine (:class:`Transition` per action) must allow the action now;
5. **mutate**: the action's own validation and change (a callable the service passes);
6. **finish**: the aggregate's recomputation (the working-day clock through ``gongkai.workdays``,
   search tokens), model validation, save: :meth:`Aggregate.finish`;
7. **exactly one event**: :func:`.audit.record` with the fields that changed (before/after).

A service is then ``AGGREGATE.run(actor=…, pk=…, action=…, mutate=…, reason=…)``; creating a
record is ``AGGREGATE.create(actor=…, action=…, build=…)`` (check, build, finish, one event).
An aggregate without a state machine (``transitions`` empty) or without a ``version`` field skips
those steps.  Subclasses say how their record is locked, checked, snapshotted for the event and
finished, and which event table its trail is in (``events``, a :class:`.audit.AuditEvent`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from gongkai_platform.core.audit import AuditEvent, record
from gongkai_platform.core.errors import ActionRefused, ErrorCode

StateT = TypeVar("StateT", bound=str)
M = TypeVar("M")


@dataclass(frozen=True)
class Transition(Generic[StateT]):
    """One action of a state machine: from which states, to which (``None``: unchanged, or the
    service decides), by which roles, on which legal basis (cited in refusals and test names)."""

    sources: frozenset[StateT]
    target: StateT | None
    roles: frozenset[Any]  # the roles of ``accounts.models.Role`` that may take it
    basis: str


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


Mutation = Callable[[M], None]


class Aggregate(Generic[M]):
    """How the runner treats one kind of record.  Override what differs; ``run``/``create`` are
    the same for all."""

    model: type[Any]  # the Django model of the record, if it is one (``lock`` reads it)
    events: type[AuditEvent]
    transitions: Mapping[Any, Transition[Any]] = {}
    noun: str = "记录"  # in refusals: 该申请已被他人更新…

    # -- the steps a subclass fills in -------------------------------------------------------

    def lock(self, pk: int) -> M:
        return self.model._default_manager.select_for_update().get(pk=pk)  # type: ignore[no-any-return]

    def check(self, actor: Any, obj: M, action: str) -> None:
        """Refuse (``ActionRefused``) unless ``actor`` may take ``action`` on ``obj`` now."""
        raise NotImplementedError

    def snapshot(self, obj: M) -> dict[str, Any]:
        """The fields the event records before and after (personal data stays out)."""
        return {}

    def finish(self, obj: M) -> None:
        assert isinstance(obj, models.Model)
        full_clean(obj)
        obj.save()

    def subject(self, obj: M, state_before: str) -> dict[str, Any]:
        """The event's own fields: its subject (and, for state machines, the states)."""
        raise NotImplementedError

    def diff(
        self, before: dict[str, Any], after: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """What the event keeps of the two snapshots: the fields that changed."""
        return changes(before, after)

    def state_of(self, obj: M) -> str:
        return str(getattr(obj, "state", ""))

    def state_label(self, obj: M) -> str:
        display = getattr(obj, "get_state_display", None)
        return str(display()) if display else self.state_of(obj)

    def action_label(self, action: str) -> str:
        return str(getattr(action, "label", action))

    # -- asked by pages and the API ------------------------------------------------------------

    def may(self, actor: Any, obj: M, action: str) -> bool:
        """Whether ``check`` and the state machine would let ``actor`` take ``action`` now."""
        transition = self.transitions.get(action)
        if transition is not None and self.state_of(obj) not in transition.sources:
            return False
        try:
            self.check(actor, obj, action)
        except ActionRefused:
            return False
        return True

    def allowed(self, actor: Any, obj: M) -> list[str]:
        """The actions of the state machine ``actor`` may take on ``obj`` now, in table order."""
        return [action for action in self.transitions if self.may(actor, obj, action)]

    # -- the runner ----------------------------------------------------------------------------

    def run(
        self,
        *,
        actor: Any,
        pk: int,
        action: str,
        mutate: Mutation[M],
        reason: str | Callable[[], str] = "",
        expected_version: int | None = None,
        snapshot: Callable[[M], dict[str, Any]] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> M:
        """Lock → check → version → state → mutate → finish → one event, in one transaction.

        ``snapshot`` replaces the aggregate's for this action (an action on a unit's people
        records the person's roles, not the unit's fields); ``extra`` adds fields to the event
        (the person acted on); ``reason`` may be a callable asked after the mutation (a
        publication's reason counts the warnings it acknowledged)."""
        snap = snapshot or self.snapshot
        transition = self.transitions.get(action)
        with transaction.atomic():
            obj = self.lock(pk)
            self.check(actor, obj, action)
            versioned = hasattr(obj, "version")
            if expected_version is not None and versioned and obj.version != expected_version:  # type: ignore[attr-defined]
                raise ActionRefused(
                    ErrorCode.STALE,
                    f"该{self.noun}已被他人更新，请刷新页面查看最新情况后再操作",
                )
            state_before = self.state_of(obj)
            if transition is not None and state_before not in transition.sources:
                raise ActionRefused(
                    ErrorCode.WRONG_STATE,
                    f"{self.noun}处于“{self.state_label(obj)}”状态，"
                    f"不能{self.action_label(action)}（{transition.basis}）",
                )
            before = snap(obj)
            mutate(obj)
            if transition is not None and transition.target is not None:
                obj.state = transition.target  # type: ignore[attr-defined]
            if versioned:
                obj.version += 1  # type: ignore[attr-defined]
            self.finish(obj)
            said = reason() if callable(reason) else reason
            self.write(actor, obj, action, state_before, before, snap(obj), said, extra)
        return obj

    def create(
        self,
        *,
        actor: Any,
        action: str,
        build: Callable[[], M],
        check: Callable[[], None],
        reason: str = "",
        snapshot: Callable[[M], dict[str, Any]] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> M:
        """Check (the record does not exist yet: ``check`` asks about its future unit), build it,
        finish, one event whose ``before`` is empty."""
        check()
        with transaction.atomic():
            obj = build()
            self.finish(obj)
            after = (snapshot or self.snapshot)(obj)
            self.write(actor, obj, action, "", dict.fromkeys(after), after, reason, extra)
        return obj

    def write(
        self,
        actor: Any,
        obj: M,
        action: str,
        state_before: str,
        before: dict[str, Any],
        after: dict[str, Any],
        reason: str,
        extra: dict[str, Any] | None = None,
    ) -> AuditEvent:
        """The action's one event: the fields that changed, before and after."""
        changed_before, changed_after = self.diff(before, after)
        return record(
            self.events,
            actor=actor,
            action=action,
            before=changed_before,
            after=changed_after,
            reason=reason,
            **self.subject(obj, state_before),
            **(extra or {}),
        )

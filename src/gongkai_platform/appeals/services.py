"""Recording 行政复议 / 行政诉讼 cases and their results (条例 §51).

A case about an application is an action on that application: checked, locked and written to the
application's audit trail like any other step.  A case about another act of the unit (its
proactive disclosure, say) is its own record (:data:`APPEALS`, events in ``AppealEvent``), recorded
and decided by the same roles; both count in the unit's 表四."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from gongkai_platform.accounts.models import Unit
from gongkai_platform.accounts.scoping import authorize
from gongkai_platform.appeals.models import (
    Appeal,
    AppealAction,
    AppealEvent,
    AppealKind,
    AppealResult,
)
from gongkai_platform.applications.models import Application, Pause
from gongkai_platform.applications.services import act
from gongkai_platform.applications.states import TRANSITIONS, Action
from gongkai_platform.core.actions import Aggregate, recorded
from gongkai_platform.core.errors import ActionRefused, ErrorCode

# Whoever may record or decide a case on an application may do so for any case of the unit.
ROLES = {
    AppealAction.RECORD: TRANSITIONS[Action.RECORD_APPEAL].roles,
    AppealAction.DECIDE: TRANSITIONS[Action.DECIDE_APPEAL].roles,
}


class Appeals(Aggregate[Appeal]):
    """How the action runner treats a case not about an application: checked against the roles
    of the unit; its events in :class:`AppealEvent`, one stream per case."""

    model = Appeal
    events = AppealEvent
    noun = "复议诉讼案件"

    def lock(self, pk: int) -> Appeal:
        return Appeal.objects.select_for_update().select_related("unit").get(pk=pk)

    def check(self, actor: Any, obj: Appeal, action: str) -> None:
        authorize(actor, obj.unit, AppealAction(action).label, ROLES[AppealAction(action)])

    def snapshot(self, obj: Appeal) -> dict[str, Any]:
        fields = ("kind", "subject", "filed_on", "body", "case_number", "decided_on", "result")
        return {name: recorded(getattr(obj, name)) for name in fields}

    def subject(self, obj: Appeal, state_before: str) -> dict[str, Any]:
        return {"appeal": obj}


APPEALS = Appeals()


def _check_day(day: date, *, not_before: date, what: str) -> None:
    if day > timezone.localdate():
        raise ActionRefused(ErrorCode.INVALID, f"{what}不能晚于今天")
    if day < not_before:
        raise ActionRefused(ErrorCode.INVALID, f"{what}不能早于 {not_before}")


def _check_case(kind: str, body: str) -> None:
    if kind not in AppealKind.values:
        raise ActionRefused(ErrorCode.INVALID, f"未知的案件类型：{kind}")
    if not body.strip():
        raise ActionRefused(ErrorCode.INVALID, "应写明复议机关或人民法院")


def _decide(locked: Appeal, decided_on: date, result: str) -> None:
    if locked.decided_on is not None:
        raise ActionRefused(ErrorCode.INVALID, "该案件已登记审结结果")
    if result not in AppealResult.values:
        raise ActionRefused(ErrorCode.INVALID, f"未知的结果：{result}")
    _check_day(decided_on, not_before=locked.filed_on, what="审结日期")
    locked.decided_on = decided_on
    locked.result = result


def appeal_record_unit(
    *,
    actor: User,
    unit: Unit,
    subject: str,
    kind: str,
    filed_on: date,
    body: str,
    case_number: str = "",
    reason: str = "",
) -> Appeal:
    """条例 §51: a 复议 or 诉讼 about an act of the unit other than an application (e.g. its
    proactive disclosure, §19–§20); it counts in the unit's 表四 like any other."""

    def check() -> None:
        authorize(actor, unit, AppealAction.RECORD.label, ROLES[AppealAction.RECORD])
        _check_case(kind, body)
        if not subject.strip():
            raise ActionRefused(ErrorCode.INVALID, "应写明复议或诉讼所涉的行政行为")
        _check_day(filed_on, not_before=date(2008, 5, 1), what="申请复议或起诉日期")

    def build() -> Appeal:
        return Appeal(
            unit=unit, subject=subject.strip(), kind=kind, filed_on=filed_on,
            body=body.strip(), case_number=case_number.strip(),
        )  # fmt: skip

    return APPEALS.create(
        actor=actor, action=AppealAction.RECORD, build=build, check=check, reason=reason
    )


def appeal_record(
    *,
    actor: User,
    application: Application | int,
    kind: str,
    filed_on: date,
    body: str,
    case_number: str = "",
    reason: str = "",
    expected_version: int | None = None,
) -> Appeal:
    """条例 §51: the applicant applied for 行政复议 or sued over this application."""
    created: list[Appeal] = []

    def mutate(app: Application, pauses: list[Pause]) -> None:
        _check_case(kind, body)
        _check_day(filed_on, not_before=app.received_on, what="申请复议或起诉日期")
        created.append(
            Appeal.objects.create(
                unit=app.unit,
                application=app,
                kind=kind,
                filed_on=filed_on,
                body=body.strip(),
                case_number=case_number.strip(),
            )
        )

    act(
        actor=actor,
        application=application,
        action=Action.RECORD_APPEAL,
        mutate=mutate,
        reason=reason,
        expected_version=expected_version,
    )
    return created[0]


def appeal_decide(
    *,
    actor: User,
    appeal: Appeal | int,
    decided_on: date,
    result: str,
    reason: str = "",
    expected_version: int | None = None,
) -> Appeal:
    """The 复议决定 or judgment: 维持, 纠正 or 其他 (表四's result columns)."""
    pk = appeal if isinstance(appeal, int) else appeal.pk
    application_id = Appeal.objects.only("application_id").get(pk=pk).application_id
    if application_id is None:  # a case about another act: its own record and trail
        return APPEALS.run(
            actor=actor, pk=pk, action=AppealAction.DECIDE, reason=reason,
            mutate=lambda locked: _decide(locked, decided_on, result),
        )  # fmt: skip
    decided: list[Appeal] = []

    def mutate(app: Application, pauses: list[Pause]) -> None:
        locked = Appeal.objects.select_for_update().get(pk=pk, application=app)
        _decide(locked, decided_on, result)
        locked.save(update_fields=["decided_on", "result"])
        decided.append(locked)

    act(
        actor=actor,
        application=application_id,
        action=Action.DECIDE_APPEAL,
        mutate=mutate,
        reason=reason,
        expected_version=expected_version,
    )
    return decided[0]

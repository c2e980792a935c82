"""Recording 行政复议 / 行政诉讼 cases and their results, as actions on the application they arose
from: each is checked, locked and written to the application's audit trail like any other step."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.utils import timezone

from gongkai_platform.appeals.models import Appeal, AppealKind, AppealResult
from gongkai_platform.applications.models import Application, Pause
from gongkai_platform.applications.services import act
from gongkai_platform.applications.states import Action
from gongkai_platform.core.errors import ActionRefused, ErrorCode


def _check_day(day: date, *, not_before: date, what: str) -> None:
    if day > timezone.localdate():
        raise ActionRefused(ErrorCode.INVALID, f"{what}不能晚于今天")
    if day < not_before:
        raise ActionRefused(ErrorCode.INVALID, f"{what}不能早于 {not_before}")


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
        if kind not in AppealKind.values:
            raise ActionRefused(ErrorCode.INVALID, f"未知的案件类型：{kind}")
        _check_day(filed_on, not_before=app.received_on, what="申请复议或起诉日期")
        if not body.strip():
            raise ActionRefused(ErrorCode.INVALID, "应写明复议机关或人民法院")
        created.append(
            Appeal.objects.create(
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
    application_id = Appeal.objects.values_list("application_id", flat=True).get(pk=pk)
    decided: list[Appeal] = []

    def mutate(app: Application, pauses: list[Pause]) -> None:
        locked = Appeal.objects.select_for_update().get(pk=pk, application=app)
        if locked.decided_on is not None:
            raise ActionRefused(ErrorCode.INVALID, "该案件已登记审结结果")
        if result not in AppealResult.values:
            raise ActionRefused(ErrorCode.INVALID, f"未知的结果：{result}")
        _check_day(decided_on, not_before=locked.filed_on, what="审结日期")
        locked.decided_on = decided_on
        locked.result = result
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

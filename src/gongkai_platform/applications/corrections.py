"""条例 §41: requests to correct a record of government information about the requester,
registered and answered through the one action runner (``core.actions``), each step one event
in the request's own hash-chained trail.  The same roles as for applications: intake staff
register, the handler or the head answers."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from gongkai import law
from gongkai_platform.accounts.models import Unit
from gongkai_platform.accounts.scoping import authorize
from gongkai_platform.applications.models import CorrectionEvent, CorrectionReply, RecordCorrection
from gongkai_platform.applications.states import INTAKE, STAFF
from gongkai_platform.core.actions import Aggregate, recorded
from gongkai_platform.core.errors import ActionRefused, ErrorCode

REGISTER, REPLY = "register", "reply"
ROLES = {REGISTER: INTAKE, REPLY: STAFF}
LABELS = {REGISTER: "登记更正申请", REPLY: "答复更正申请"}
# Replies that name the agency that may correct the record (§41, second sentence).
ELSEWHERE = frozenset({CorrectionReply.TRANSFERRED, CorrectionReply.REFERRED})


class Corrections(Aggregate[RecordCorrection]):
    model = RecordCorrection
    events = CorrectionEvent
    noun = "更正申请"

    def check(self, actor: Any, obj: RecordCorrection, action: str) -> None:
        authorize(actor, obj.unit, LABELS[action], ROLES[action])

    def snapshot(self, obj: RecordCorrection) -> dict[str, Any]:
        # Personal data (name, ID, phone) stays out of the trail, as for applications.
        fields = ("received_on", "record", "reply", "other_agency", "replied_on")
        return {name: recorded(getattr(obj, name)) for name in fields}

    def subject(self, obj: RecordCorrection, state_before: str) -> dict[str, Any]:
        return {"correction": obj}


CORRECTIONS = Corrections()


def _not_future(day: date, what: str) -> None:
    if day > timezone.localdate():
        raise ActionRefused(ErrorCode.INVALID, f"{what}不能晚于今天")


def correction_register(
    *,
    actor: User,
    unit: Unit,
    received_on: date,
    requester_name: str,
    id_number: str,
    record: str,
    evidence: str,
    phone: str = "",
) -> RecordCorrection:
    def check() -> None:
        authorize(actor, unit, LABELS[REGISTER], ROLES[REGISTER])
        _not_future(received_on, "收到更正申请日期")
        if not evidence.strip():
            raise ActionRefused(
                ErrorCode.INVALID,
                f"应写明记录不准确的情况并提供证据（{law.ART_41.short()}）",
            )

    def build() -> RecordCorrection:
        return RecordCorrection(
            unit=unit, received_on=received_on, requester_name=requester_name.strip(),
            id_number=id_number.strip(), phone=phone.strip(), record=record.strip(),
            evidence=evidence.strip(),
        )  # fmt: skip

    return CORRECTIONS.create(actor=actor, action=REGISTER, check=check, build=build)


def correction_reply(
    *,
    actor: User,
    correction: RecordCorrection | int,
    reply: str,
    replied_on: date,
    other_agency: str = "",
    reason: str = "",
) -> RecordCorrection:
    """§41: corrected and told; or passed (or pointed) to the agency that may correct it, named."""

    def mutate(obj: RecordCorrection) -> None:
        if obj.reply:
            raise ActionRefused(ErrorCode.INVALID, "该更正申请已经答复")
        if reply not in CorrectionReply.values:
            raise ActionRefused(ErrorCode.INVALID, f"不是可选的处理结果：{reply}")
        _not_future(replied_on, "告知申请人日期")
        if replied_on < obj.received_on:
            raise ActionRefused(ErrorCode.INVALID, "告知申请人日期不能早于收到申请日期")
        if reply in ELSEWHERE and not other_agency.strip():
            raise ActionRefused(ErrorCode.INVALID, f"应写明有权更正的机关（{law.ART_41.short()}）")
        if reply == CorrectionReply.NOT_VERIFIED and not reason.strip():
            raise ActionRefused(ErrorCode.INVALID, "不予更正的，应当说明理由")
        obj.reply = reply
        obj.replied_on = replied_on
        obj.other_agency = other_agency.strip() if reply in ELSEWHERE else ""

    pk = correction if isinstance(correction, int) else correction.pk
    return CORRECTIONS.run(actor=actor, pk=pk, action=REPLY, mutate=mutate, reason=reason)

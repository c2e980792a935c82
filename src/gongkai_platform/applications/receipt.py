"""The date of receipt of an application by channel (条例 §31), which starts every clock.

(1) In person: the day it is handed in.  (2) By post: the day the agency signs for it; an ordinary
letter that needs no signature is confirmed with the applicant, and the confirmation date counts.
(3) Over the internet or by the OGI office's fax: the day both sides confirm.  Both the arrival
and the confirmation date are kept on the application.
"""

from __future__ import annotations

from datetime import date

from gongkai import law
from gongkai_platform.applications.models import Channel
from gongkai_platform.core.errors import ActionRefused, ErrorCode


def receipt_date(
    channel: Channel | str, arrived_on: date, confirmed_on: date | None, *, letter_signed: bool
) -> date:
    """The §31 date of receipt, or a refusal saying which date is missing or inconsistent."""
    if confirmed_on is not None and confirmed_on < arrived_on:
        raise ActionRefused(ErrorCode.INVALID, "确认日期不能早于到达日期")
    match Channel(channel):
        case Channel.IN_PERSON:
            return arrived_on  # §31(1)
        case Channel.LETTER if letter_signed:
            return arrived_on  # §31(2): the day the agency signs for it
        case Channel.LETTER:
            if confirmed_on is None:
                raise ActionRefused(
                    ErrorCode.INVALID,
                    f"平信无需签收的，应填写与申请人确认的日期，以确认之日为收到申请之日（{law.ART_31_2.short()}）",
                )
            return confirmed_on
        case Channel.FAX | Channel.ONLINE:
            if confirmed_on is None:
                raise ActionRefused(
                    ErrorCode.INVALID,
                    f"通过互联网或传真提交的，以双方确认之日为收到申请之日，请填写确认日期（{law.ART_31_3.short()}）",
                )
            return confirmed_on

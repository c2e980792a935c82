"""The statutory clock applied to an application: which date is due next and how it was reached.

All arithmetic is :mod:`gongkai.workdays` (the one clock).  This module only decides which period
applies in which state: the §33 reply period (restarted by a supplement under §30, extended under
§33 para. 2, with consultation and fee intervals not counted under §33 para. 3 and 109号); the
agency-set 补正 period (§30); the third party's or co-maker's 15 working days (§32, §34); the
applicant's 20 working days to pay (109号).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Protocol

from gongkai import law, workdays
from gongkai.workdays import Calendar, Deadline
from gongkai_platform.applications.models import (
    Application,
    DueKind,
    Pause,
    PauseKind,
)
from gongkai_platform.applications.states import State
from gongkai_platform.holiday_calendar.selectors import calendar


class ClockInput(Protocol):
    """What the clock reads of an application: a model instance, or a plain row in a recount."""

    @property
    def state(self) -> str: ...
    @property
    def received_on(self) -> date: ...
    @property
    def correction_sent_on(self) -> date | None: ...
    @property
    def correction_reply_by(self) -> date | None: ...
    @property
    def correction_received_on(self) -> date | None: ...
    @property
    def extension_days(self) -> int: ...
    @property
    def fee_notice_received_on(self) -> date | None: ...


@dataclass(frozen=True)
class Due:
    """The next date that matters, and how it was reached.  The explanation is built only when
    read (a page), never when due dates are stored or recounted in bulk."""

    kind: DueKind
    due: date
    provisional: bool
    deadline: Deadline | None  # None for a date the agency set itself (the §30 补正 period)
    note: str = ""

    @property
    def explanation(self) -> str:
        return self.deadline.explain() if self.deadline is not None else self.note


def _closed_pauses(pauses: list[Pause]) -> list[workdays.Pause]:
    return [
        workdays.Pause(p.started_on, p.ended_on, p.get_kind_display())
        for p in pauses
        if p.ended_on is not None
    ]


def pauses_until(pauses: list[Pause], day: date) -> list[Pause]:
    """The pauses as of ``day``: an open one taken to end on ``day`` ("if it ended today"), one
    that starts later left out."""
    return [
        p if p.ended_on is not None else Pause(kind=p.kind, started_on=p.started_on, ended_on=day)
        for p in pauses
        if p.started_on <= day
    ]


def reply_deadline(
    application: ClockInput,
    pauses: list[Pause],
    *,
    extension_days: int | None = None,
    cal: Calendar | None = None,
) -> Deadline:
    """The §33 reply deadline with the pauses that have ended (an open pause stops the clock)."""
    return _reply(
        cal or calendar(),
        application.received_on,
        application.correction_received_on,
        application.extension_days if extension_days is None else extension_days,
        tuple(_closed_pauses(pauses)),
    )


# Many applications share their dates (a recount of 100,000 cases meets a few hundred distinct
# inputs), and a Deadline is immutable: the clock's results are memoised per calendar object.
@lru_cache(maxsize=16384)
def _reply(
    cal: Calendar,
    received: date,
    restart: date | None,
    extension: int,
    pauses: tuple[workdays.Pause, ...],
) -> Deadline:
    return workdays.reply_deadline(
        received, pauses=pauses, restart_from=restart, extension_days=extension, calendar=cal
    )


@lru_cache(maxsize=4096)
def _period(cal: Calendar, kind: DueKind, start: date) -> Deadline:
    """The fixed periods: §32 third party, §34 co-maker, 109号 payment."""
    match kind:
        case DueKind.THIRD_PARTY_REPLY:
            return workdays.third_party_reply_deadline(start, calendar=cal)
        case DueKind.AGENCY_REPLY:
            return workdays.co_maker_reply_deadline(start, calendar=cal)
        case _:
            return workdays.fee_payment_deadline(start, calendar=cal)


def consulted_from(pause: Pause) -> date:
    """§32, §34: the party's 15 working days run from its receipt of the request; until that
    date is recorded, from the day it was sent (the earlier, so never a late reminder)."""
    return pause.party_received_on or pause.started_on


def consultation_deadline(pause: Pause, cal: Calendar | None = None) -> Deadline:
    kind = (
        DueKind.THIRD_PARTY_REPLY if pause.kind == PauseKind.THIRD_PARTY else DueKind.AGENCY_REPLY
    )
    return _period(cal or calendar(), kind, consulted_from(pause))


def correction_notice_deadline(application: Application) -> Deadline:
    """§30: the last day for the one 补正 notice."""
    return workdays.correction_notice_deadline(application.received_on, calendar=calendar())


def _from_deadline(kind: DueKind, deadline: Deadline) -> Due:
    return Due(kind, deadline.due, deadline.provisional, deadline)


def current_due(
    application: ClockInput, pauses: list[Pause], cal: Calendar | None = None
) -> Due | None:
    """The next date that matters for an open application; ``None`` once it is closed."""
    cal = cal or calendar()
    open_pause = next((p for p in reversed(pauses) if p.ended_on is None), None)
    match State(application.state):
        case State.CLOSED:
            return None
        case State.IN_PROGRESS | State.AWAITING_APPROVAL:  # approval does not stop the clock
            return _from_deadline(DueKind.REPLY, reply_deadline(application, pauses, cal=cal))
        case State.AWAITING_CORRECTION:
            assert application.correction_reply_by is not None
            return Due(
                DueKind.CORRECTION_REPLY,
                application.correction_reply_by,
                False,
                None,
                f"补正告知于 {application.correction_sent_on} 发出，行政机关确定的补正期限为 "
                f"{application.correction_reply_by}；答复期限自收到补正之日起重新计算（{law.ART_30.short()}）。",
            )
        case State.THIRD_PARTY:
            assert open_pause is not None and open_pause.kind == PauseKind.THIRD_PARTY
            kind = DueKind.THIRD_PARTY_REPLY
            return _from_deadline(kind, _period(cal, kind, consulted_from(open_pause)))
        case State.AGENCY:
            assert open_pause is not None and open_pause.kind == PauseKind.AGENCY
            kind = DueKind.AGENCY_REPLY
            return _from_deadline(kind, _period(cal, kind, consulted_from(open_pause)))
        case State.AWAITING_FEE:
            assert application.fee_notice_received_on is not None
            kind = DueKind.FEE_PAYMENT
            return _from_deadline(kind, _period(cal, kind, application.fee_notice_received_on))


def apply_due(application: Application, pauses: list[Pause], cal: Calendar | None = None) -> None:
    """Store the current due date on the application (not saved here)."""
    due = current_due(application, pauses, cal)
    application.due_on = due.due if due else None
    application.due_kind = due.kind if due else ""
    application.due_provisional = due.provisional if due else False

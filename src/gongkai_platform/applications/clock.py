"""The statutory clock applied to an application: which date is due next and how it was reached.

All arithmetic is :mod:`gongkai.workdays` (the one clock).  This module only decides which period
applies in which state: the §33 reply period (restarted by a supplement under §30, extended under
§33 para. 2, with consultation and fee intervals not counted under §33 para. 3 and 109号); the
agency-set 补正 period (§30); the third party's or co-maker's 15 working days (§32, §34), each
consultation on its own clock from the party's receipt, several at once; the applicant's 20
working days to pay (109号); the later deadline an agency set under §35.

Several consultations at once (docs/law.md §8): the reply clock stands still from the first one's
start to the last one's end; overlapping intervals are their union, each day left out once (the
one clock merges them and its trace says so).  While any is open, the next date that matters is
the earliest of their own deadlines.

§35: after asking for reasons, the agency may set a reasonable later deadline.  It is a date the
agency chose, not a count: the reply is due then if it is later than the statutory deadline (the
only point of setting it), and the statutory deadline governs if a later change (a consultation,
a calendar) moved it beyond the agency's date.
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
    @property
    def later_due_on(self) -> date | None: ...


@dataclass(frozen=True)
class Due:
    """The next date that matters, and how it was reached.  The explanation is built only when
    read (a page), never when due dates are stored or recounted in bulk."""

    kind: DueKind
    due: date
    provisional: bool
    # None for a date the agency set itself (the §30 补正 period); for the §35 later deadline,
    # the statutory deadline it was compared with.
    deadline: Deadline | None
    note: str = ""

    @property
    def explanation(self) -> str:
        parts = [self.deadline.explain()] if self.deadline is not None else []
        return "\n".join([*parts, self.note] if self.note else parts)


def _closed_pauses(pauses: list[Pause]) -> list[workdays.Pause]:
    return [
        workdays.Pause(p.started_on, p.ended_on, _reason(p))
        for p in pauses
        if p.ended_on is not None
    ]


def _reason(pause: Pause) -> str:
    """How the trace names a paused interval: its kind and, for a consultation, whom."""
    kind = pause.get_kind_display()
    return f"{kind}：{pause.party}" if pause.party and pause.kind != PauseKind.FEE else kind


def open_consultations(pauses: list[Pause]) -> list[Pause]:
    """The consultations (§32, §34) still waiting for an opinion."""
    return [p for p in pauses if p.ended_on is None and p.kind != PauseKind.FEE]


def consulting_state(pauses: list[Pause]) -> State:
    """The state a case is in given its open consultations: 征求第三方意见 while any third party
    is consulted, else 征求其他机关意见 while any agency is, else 办理中."""
    kinds = {p.kind for p in open_consultations(pauses)}
    if PauseKind.THIRD_PARTY in kinds:
        return State.THIRD_PARTY
    return State.AGENCY if PauseKind.AGENCY in kinds else State.IN_PROGRESS


def pauses_until(pauses: list[Pause], day: date) -> list[Pause]:
    """The pauses as of ``day``: an open one taken to end on ``day`` ("if it ended today"), one
    that starts later left out."""
    return [
        p
        if p.ended_on is not None
        else Pause(kind=p.kind, party=p.party, started_on=p.started_on, ended_on=day)
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


def consultation_kind(pause: Pause) -> DueKind:
    return (
        DueKind.THIRD_PARTY_REPLY if pause.kind == PauseKind.THIRD_PARTY else DueKind.AGENCY_REPLY
    )


def consultation_deadline(pause: Pause, cal: Calendar | None = None) -> Deadline:
    """§32, §34: this consultation's own 15 working days."""
    return _period(cal or calendar(), consultation_kind(pause), consulted_from(pause))


def reply_due(application: ClockInput, pauses: list[Pause], cal: Calendar | None = None) -> Due:
    """The reply's due date: the §33 deadline (:func:`reply_deadline`), or the later deadline
    the agency set under §35 when that is later."""
    statutory = reply_deadline(application, pauses, cal=cal)
    later = application.later_due_on
    if later is None:
        return _from_deadline(DueKind.REPLY, statutory)
    if later > statutory.due:
        note = (
            f"申请数量、频次明显超过合理范围，经要求申请人说明理由，本机关确定延迟答复的合理期限为 "
            f"{later}，晚于上述法定答复期限 {statutory.due}（{law.ART_35.short()}）。"
            f"\n期限届满日：{later}（本机关确定）"
        )
        return Due(DueKind.LATER_REPLY, later, False, statutory, note)
    note = (
        f"本机关依{law.ART_35.short()}确定的延迟答复期限 {later} 不晚于法定答复期限 "
        f"{statutory.due}，按法定答复期限计算。"
    )
    return Due(DueKind.REPLY, statutory.due, statutory.provisional, statutory, note)


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
    match State(application.state):
        case State.CLOSED:
            return None
        case State.IN_PROGRESS | State.AWAITING_APPROVAL:  # approval does not stop the clock
            return reply_due(application, pauses, cal)
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
        case State.THIRD_PARTY | State.AGENCY:
            # Several may be open (§32, §34): the earliest of their own deadlines comes next.
            open_ = open_consultations(pauses)
            assert open_, "a consulting case has an open consultation"
            deadlines = [(consultation_deadline(p, cal), p) for p in open_]
            deadline, pause = min(deadlines, key=lambda pair: (pair[0].due, pair[1].started_on))
            return _from_deadline(consultation_kind(pause), deadline)
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

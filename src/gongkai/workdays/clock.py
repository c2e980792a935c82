"""The statutory clock: every working-day period of the 条例 (国务院令第711号), with its trace.

Counting convention (docs/law.md §8; recommended practice, no national text defines it): day 0
is the starting date (receipt under §31, formation of the information under §26, …) and is never
counted, consistent with 民法典 §201; day 1 is the first working day after it; the period ends on
the N‑th working day, inclusive.  A start on a non-working day changes nothing: counting begins at
the next working day.

The periods and what modifies them:

- §26 proactive publication: 20 working days from formation or change.
- §30 补正: the notice asking for a supplement goes out within 7 working days of receipt; the reply
  period then runs afresh from receipt of the supplemented application (a *restart*).
- §32 / §34: a consulted third party, or a co-making agency, answers within 15 working days of
  its own receipt of the request; several may be consulted at once, each on its own clock.
- §33 para. 2 reply: 20 working days, extendable once by at most 20 (approved by the head of the
  OGI office and notified to the applicant).
- §33 para. 3: time spent consulting third parties or other agencies is not counted (a *pause*);
  so is the time from a 收费通知 to payment under 国办函〔2020〕109号, which gives the applicant
  20 working days to pay.  Paused intervals that overlap or touch are one pause, their union:
  the reply clock stands still from the first one's start to the last one's end and a day inside
  two of them is left out once (docs/law.md §8, our reading); the trace says which were merged.
- §35 (mass or repeated requests): the agency sets a reasonable later date itself; the platform
  stores it and compares it with the statutory deadline computed here (docs/law.md §8).

Every result is a :class:`Deadline` whose trace records each day examined (counted or not, and
why), pauses, restart and extension.  A result that relied on a year with no published holiday
schedule is ``provisional`` and its trace says which year must be recomputed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import cached_property
from typing import Any, NamedTuple

from gongkai import law
from gongkai.workdays.calendar import (
    WEEKDAY_NAMES,
    Calendar,
    DayInfo,
    DayKind,
    WorkdaysError,
    default_calendar,
    require_date,
)

# Statutory periods in working days (工作日), read from the statute's data in :mod:`gongkai.law`.
PUBLICATION_DAYS = law.PUBLICATION.length  # §26: publish within 20 working days
CORRECTION_NOTICE_DAYS = law.CORRECTION_NOTICE.length  # §30: one 补正 notice within 7 working days
THIRD_PARTY_REPLY_DAYS = law.THIRD_PARTY.length  # §32: the third party answers within 15
CO_MAKER_REPLY_DAYS = law.CO_MAKER.length  # §34: a co-making agency answers within 15
REPLY_DAYS = law.REPLY.length  # §33 para. 2: reply within 20 working days of receipt
MAX_EXTENSION_DAYS = law.EXTENSION.length  # §33 para. 2: an extension adds at most 20
FEE_PAYMENT_DAYS = law.FEE_PAYMENT.length  # 109号: pay within 20 working days of the 收费通知

ONE_DAY = timedelta(days=1)


class EventKind(StrEnum):
    """Trace steps that are events rather than days being counted (days use :class:`DayKind`)."""

    START = "start"  # day 0
    RESTART = "restart"  # §30: day 0 again, at receipt of the supplemented application
    PAUSE = "pause"  # §33 para. 3 / 109号: a day inside a paused interval
    # Several paused intervals overlapping or touching (consultations at once): one pause, the
    # union, whose days are left out once each (docs/law.md §8).
    MERGED = "merged"
    EXTENSION = "extension"  # §33 para. 2
    UNPUBLISHED_YEAR = "unpublished_year"  # the count entered a year with no published schedule


class TraceStep(NamedTuple):
    """One line of a deadline's trace: what happened on ``day`` and whether it counted.

    A named tuple rather than a frozen dataclass: one is built per day examined, and a named
    tuple is several times cheaper to build.
    """

    day: date
    kind: DayKind | EventKind
    counted: bool
    note: str  # Chinese, for people
    ordinal: int | None = None  # the working day's number, for counted days

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "kind": self.kind.value,
            "counted": self.counted,
            "ordinal": self.ordinal,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class Pause:
    """An inclusive interval whose working days do not count (§33 para. 3; 109号 fee notice)."""

    start: date
    end: date
    reason: str = "依法不计入期限的期间"

    def __post_init__(self) -> None:
        require_date(self.start, what="暂停开始日期")
        require_date(self.end, what="暂停结束日期")
        if self.end < self.start:
            raise WorkdaysError(f"暂停期间的结束日期 {self.end} 早于开始日期 {self.start}")


@dataclass(frozen=True)
class Deadline:
    """The last day of a period, whether it is final, and how it was reached.

    ``record`` is what the clock saw, in order: event steps, and the calendar's :class:`DayInfo`
    for each ordinary day.  ``trace`` turns it into :class:`TraceStep` lines on first use, so
    recomputing many due dates after a calendar change does not pay for text nobody reads.
    """

    due: date
    provisional: bool
    record: tuple[TraceStep | DayInfo, ...] = field(repr=False)

    @cached_property
    def trace(self) -> tuple[TraceStep, ...]:
        """Every step from day 0 to the due date, counted or not, with the reason."""
        steps: list[TraceStep] = []
        ordinal = 0
        for entry in self.record:
            if isinstance(entry, TraceStep):
                steps.append(entry)
            elif entry.working:
                ordinal += 1
                note = f"第{ordinal}个工作日"
                if entry.kind is DayKind.MAKEUP_WORKDAY:
                    note += f"：{entry.reason}"
                steps.append(TraceStep(entry.day, entry.kind, True, note, ordinal))
            else:
                steps.append(TraceStep(entry.day, entry.kind, False, f"{entry.reason}，不计入"))
        return tuple(steps)

    def to_json(self) -> dict[str, Any]:
        """The shape printed by ``gongkai deadline --json``."""
        return {
            "due": self.due.isoformat(),
            "provisional": self.provisional,
            "trace": [step.to_json() for step in self.trace],
        }

    def explain(self) -> str:
        """The trace as Chinese text, one line per step, ending with the due date."""
        lines = [
            f"{step.day.isoformat()}（{WEEKDAY_NAMES[step.day.weekday()]}）{step.note}"
            for step in self.trace
        ]
        if self.provisional:
            lines.append(f"期限届满日：{self.due.isoformat()}（暂定）")
            lines.append("注意：计算涉及节假日安排尚未公布的年份，通知公布后必须重新计算。")
        else:
            lines.append(f"期限届满日：{self.due.isoformat()}")
        return "\n".join(lines)


def describe_day(day: date, calendar: Calendar | None = None) -> DayInfo:
    """Classify ``day`` (kind, festival, notice, provisional; ``.reason`` says why in Chinese)."""
    return _calendar(calendar).describe(require_date(day, what="日期"))


def is_working_day(day: date, calendar: Calendar | None = None) -> bool:
    """Whether ``day`` is a 工作日; :func:`describe_day` gives the reason."""
    return describe_day(day, calendar).working


def add_working_days(
    start: date,
    n: int,
    *,
    calendar: Calendar | None = None,
    pauses: Iterable[Pause] = (),
    start_note: str = "起算日（第0日，不计入）",
) -> Deadline:
    """The ``n``-th working day after ``start`` (day 0, not counted), skipping paused days."""
    start = require_date(start, what="起算日")
    first = TraceStep(start, EventKind.START, False, start_note)
    return _run(_calendar(calendar), [first], start, n, pauses)


def reply_deadline(
    received: date,
    *,
    days: int = REPLY_DAYS,
    pauses: Iterable[Pause] = (),
    restart_from: date | None = None,
    extension_days: int = 0,
    calendar: Calendar | None = None,
) -> Deadline:
    """The §33 reply deadline of an application received (§31) on ``received``.

    ``restart_from``: receipt of the supplemented application after a 补正 notice (§30); the
    count starts again from that date.  ``extension_days``: the approved extension (§33 para. 2).
    ``pauses``: consultation (§33 para. 3) and fee-notice-to-payment intervals (109号).
    """
    received = require_date(received, what="收到申请日期")
    _check_count(extension_days, what="延长天数")
    if extension_days > MAX_EXTENSION_DAYS:
        raise WorkdaysError(
            f"延长答复期限最长不得超过{MAX_EXTENSION_DAYS}个工作日"
            f"（{law.EXTENSION.article.cite()}），收到：{extension_days}"
        )
    if restart_from is None:
        day0 = received
        lead = [TraceStep(received, EventKind.START, False, "收到申请（第0日，不计入）")]
    else:
        day0 = require_date(restart_from, what="收到补正申请日期")
        if day0 < received:
            raise WorkdaysError(f"收到补正申请的日期 {day0} 早于原申请收到日期 {received}")
        restart_note = (
            f"收到补正后的申请：答复期限自此重新起算（{law.ART_30.cite()}；第0日，不计入）"
        )
        lead = [TraceStep(received, EventKind.START, False, "收到申请（因补正另行起算）")]
        pauses, dropped = _pauses_after_restart(pauses, received, day0)
        lead += dropped
        lead.append(TraceStep(day0, EventKind.RESTART, False, restart_note))
    extension_note = (
        f"经政府信息公开工作机构负责人同意，延长答复期限{extension_days}个工作日"
        f"（{law.EXTENSION.article.cite()}）"
    )
    return _run(
        _calendar(calendar),
        lead,
        day0,
        days,
        pauses,
        extension_days=extension_days,
        extension_note=extension_note,
    )


def correction_notice_deadline(received: date, *, calendar: Calendar | None = None) -> Deadline:
    """§30: the last day to send the one-time 补正 notice, counted from the original receipt."""
    return add_working_days(
        received,
        CORRECTION_NOTICE_DAYS,
        calendar=calendar,
        start_note=f"收到申请（第0日，不计入；补正告知期限依{law.CORRECTION_NOTICE.article.cite()}）",
    )


def publication_deadline(formed_on: date, *, calendar: Calendar | None = None) -> Deadline:
    """§26: the last day to publish proactive information formed or changed on ``formed_on``."""
    return add_working_days(
        formed_on,
        PUBLICATION_DAYS,
        calendar=calendar,
        start_note=f"信息形成或者变更（第0日，不计入；{law.PUBLICATION.article.cite()}）",
    )


def third_party_reply_deadline(
    request_received: date, *, calendar: Calendar | None = None
) -> Deadline:
    """§32: the last day for a third party to answer a consultation it received."""
    return add_working_days(
        request_received,
        THIRD_PARTY_REPLY_DAYS,
        calendar=calendar,
        start_note=f"第三方收到征求意见书（第0日，不计入；{law.THIRD_PARTY.article.cite()}）",
    )


def co_maker_reply_deadline(
    request_received: date, *, calendar: Calendar | None = None
) -> Deadline:
    """§34: the last day for a co-making agency to answer; silence counts as consent."""
    return add_working_days(
        request_received,
        CO_MAKER_REPLY_DAYS,
        calendar=calendar,
        start_note=(
            f"被征求意见机关收到征求意见书（第0日，不计入；{law.CO_MAKER.article.cite()}）"
        ),
    )


def fee_payment_deadline(notice_received: date, *, calendar: Calendar | None = None) -> Deadline:
    """109号: the last day to pay after receiving a 收费通知; unpaid means the request lapses."""
    return add_working_days(
        notice_received,
        FEE_PAYMENT_DAYS,
        calendar=calendar,
        start_note=f"申请人收到收费通知（第0日，不计入；{law.FEE_PAYMENT.article.cite()}）",
    )


def _calendar(calendar: Calendar | None) -> Calendar:
    return default_calendar() if calendar is None else calendar


def _check_count(value: int, *, what: str) -> None:
    # bool is an int subclass; True as "1 working day" is a bug, not an input.
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise WorkdaysError(f"{what}必须是不小于0的整数，收到：{value!r}")


def _pauses_after_restart(
    pauses: Iterable[Pause], received: date, day0: date
) -> tuple[list[Pause], list[TraceStep]]:
    """§30: the reply period runs afresh from receipt of the supplemented application, so a pause
    (consultation, fee notice) before that day no longer affects it.  A pause still running on the
    restart day keeps its part after it.  Returns the pauses that still count and a trace step for
    each pause dropped or cut."""
    kept: list[Pause] = []
    steps: list[TraceStep] = []
    for pause in pauses:
        if pause.start < received:
            raise WorkdaysError(
                f"暂停期间（{pause.start}至{pause.end}）开始于收到申请日期 {received} 之前，请核对日期"
            )
        if pause.end <= day0:
            note = (
                f"暂停期间（{pause.start}至{pause.end}，{pause.reason}）在补正后重新起算之前，"
                f"不再影响答复期限（{law.ART_30.short()}）"
            )
            steps.append(TraceStep(pause.start, EventKind.PAUSE, False, note))
        elif pause.start <= day0:
            note = (
                f"暂停期间（{pause.start}至{pause.end}，{pause.reason}）跨越重新起算日，"
                f"仅其后部分不计入答复期限（{law.ART_30.short()}）"
            )
            steps.append(TraceStep(pause.start, EventKind.PAUSE, False, note))
            kept.append(Pause(day0 + ONE_DAY, pause.end, pause.reason))
        else:
            kept.append(pause)
    return kept, steps


class _Span(NamedTuple):
    """A paused interval after merging, with the intervals it was made of."""

    start: date
    end: date
    parts: tuple[Pause, ...]

    @property
    def reason(self) -> str:
        return "；".join(dict.fromkeys(part.reason for part in self.parts))

    def merged_note(self) -> str:
        """Why several intervals count as one (said once, on the union's first day examined)."""
        parts = "、".join(f"{p.reason}（{p.start}至{p.end}）" for p in self.parts)
        return (
            f"以下期间相互重叠或相接：{parts}；合并为 {self.start} 至 {self.end} 一个暂停期间，"
            f"自最早开始之日至最晚结束之日不计入答复期限，同一日只扣除一次（{law.ART_33_3.short()}）"
        )


def _merge_pauses(pauses: Iterable[Pause], day0: date, calendar: Calendar) -> list[_Span]:
    """Sorted, disjoint spans: overlapping or touching pauses merged into their union, since
    several consultations may run at once (条例 §32, §34) and a day is paused or not."""
    spans: list[_Span] = []
    for pause in sorted(pauses, key=lambda pause: (pause.start, pause.end)):
        if pause.start < day0:
            raise WorkdaysError(
                f"暂停期间（{pause.start}至{pause.end}）开始于起算日 {day0} 之前，请核对日期"
            )
        # Validates the range: a typo like 2204 should fail here, not be silently ignored.
        calendar.describe(pause.end)
        if spans and pause.start <= spans[-1].end + ONE_DAY:
            last = spans[-1]
            spans[-1] = _Span(last.start, max(last.end, pause.end), (*last.parts, pause))
        else:
            spans.append(_Span(pause.start, pause.end, (pause,)))
    return spans


def _unpublished_note(day: date, year: int) -> str:
    if day.year == year:
        return (
            f"{year}年节假日安排尚未公布：暂按周末和《全国年节及纪念日放假办法》规定的节日计算，"
            "本期限为暂定，通知公布后必须重新计算"
        )
    return (
        f"{year}年节假日安排尚未公布，其元旦安排可能调整{day.year}年12月下旬：本期限为暂定，"
        "通知公布后必须重新计算"
    )


def _run(
    calendar: Calendar,
    lead: list[TraceStep],
    day0: date,
    n: int,
    pauses: Iterable[Pause],
    *,
    extension_days: int = 0,
    extension_note: str = "",
) -> Deadline:
    """Count ``n`` (+ ``extension_days``) working days after ``day0``, recording every day."""
    _check_count(n, what="工作日天数")
    calendar.describe(day0)  # refuses a start outside the calendar's range
    paused = _merge_pauses(pauses, day0, calendar)
    record: list[TraceStep | DayInfo] = list(lead)
    unpublished: set[int] = set()
    total = n + extension_days
    extension = TraceStep(day0, EventKind.EXTENSION, False, extension_note)
    if extension_days and n == 0:
        record.append(extension)
    counted = 0
    day = day0
    next_pause = 0
    announced: set[int] = set()  # the merged spans already explained
    # Kept lean on purpose: ordinary days are recorded as the calendar's shared DayInfo, and the
    # trace text is only built when someone reads it (see Deadline.trace).
    for info in calendar.days_after(day0) if total else ():
        day = info.day
        if info.unpublished_year is not None and info.unpublished_year not in unpublished:
            unpublished.add(info.unpublished_year)
            note = _unpublished_note(day, info.unpublished_year)
            record.append(TraceStep(day, EventKind.UNPUBLISHED_YEAR, False, note))
        if paused:
            while next_pause < len(paused) and paused[next_pause].end < day:
                next_pause += 1
            if next_pause < len(paused) and paused[next_pause].start <= day:
                span = paused[next_pause]
                if len(span.parts) > 1 and next_pause not in announced:
                    announced.add(next_pause)
                    record.append(TraceStep(day, EventKind.MERGED, False, span.merged_note()))
                note = f"暂停计算（{span.reason}），不计入：{info.reason}"
                record.append(TraceStep(day, EventKind.PAUSE, False, note))
                continue
        record.append(info)
        if info.working:
            counted += 1
            if counted == total:
                break
            if counted == n:
                # The base period ends here (§33 para. 2); the extension runs on from it.
                record.append(extension._replace(day=day))
    return Deadline(day, bool(unpublished), tuple(record))

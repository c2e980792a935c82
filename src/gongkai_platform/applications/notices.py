"""Every written notice (书面告知) an application produces, at the step it belongs to.

The 条例 has the agency tell people in writing at each step; each notice is a text template
(``templates/applications/notices/<kind>.txt``, one paragraph a line) filled with the case's facts
and printed by the one builder (``documents``), like the reply (``letters``):

- 受理回执: the application is registered, with its 查询码 and the §33 reply deadline;
- 补正告知书 (§30): what to supplement, by when, and that not supplementing abandons it;
- 延期告知书 (§33 para. 2): why, and the new deadline;
- 延迟答复告知书 (§35): reasons asked and found reasonable, the statutory deadline that cannot be
  met, the later deadline the agency set and why;
- 征求意见函 to a third party (§32) or another agency (§33 para. 3, §34), one per consultation,
  with its 15 working days and what silence means;
- 第三方告知书 (§32): disclosing over the third party's objection, with the content and reasons;
- 收费通知书 (条例 §42, 国办函〔2020〕109号): method, standard, amount, how and by when to pay;
- 答复书 (§36–§39; ``letters``), a §36(5) one as 告知书 naming the responsible agency;
- 送达回证: the recorded 送达 of one of them (``Delivery``).

Citations and periods come from :mod:`gongkai.law`, dates from the one clock.  A notice is known
by its key: the kind, and for the ones a case may have several of, the record's id
(``consultation-7``, ``service-3``).  Only the applicant's own notices are listed on the portal
(:attr:`Entry.applicant`): a consultation names a third party, a 送达回证 is the office's record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from gongkai import fees, law, workdays
from gongkai.fees import FeeMethod
from gongkai.workdays import Deadline
from gongkai_platform.applications import clock, letters
from gongkai_platform.applications.documents import (
    Document,
    cn_date,
    contact_line,
    document_number,
)
from gongkai_platform.applications.models import (
    FEE_METHOD_CHOICES,
    Application,
    Delivery,
    Opinion,
    Pause,
    PauseKind,
)
from gongkai_platform.applications.states import Action
from gongkai_platform.holiday_calendar.selectors import calendar

# What only the handler knows and has not recorded: a marked blank, never a silent gap.
BLANK = "【待填写】"
CONSULTATIONS = (PauseKind.THIRD_PARTY, PauseKind.AGENCY)

# Citations and periods every template may use.
LAW = {
    "ogi": law.OGI,
    "art_30": law.ART_30,
    "art_32": law.ART_32,
    "art_33_2": law.ART_33_2,
    "art_33_3": law.ART_33_3,
    "art_34": law.ART_34,
    "art_35": law.ART_35,
    "art_42": law.ART_42,
    "fees": law.FEES_109,
    "reply": law.REPLY,
    "extension": law.EXTENSION,
    "payment_period": law.FEE_PAYMENT,
}


@dataclass(frozen=True)
class Entry:
    """One notice of a case as listed: its key, its title, the day it was issued, whether the
    applicant may download it, and to whom it is delivered."""

    key: str
    title: str
    issued_on: date | None
    applicant: bool
    recipient: str


def _consultations(app: Application) -> list[Pause]:
    """The case's consultations in the order they were opened (their letters' numbers)."""
    return sorted((p for p in app.pauses.all() if p.kind in CONSULTATIONS), key=lambda p: p.pk)


def _extension_day(app: Application) -> date:
    """The day the extension was approved (for one approved before that was recorded, the day
    of its event)."""
    if app.extended_on is not None:
        return app.extended_on
    event = app.events.filter(action=Action.EXTEND).last()
    return timezone.localdate(event.at) if event is not None else app.received_on


def _later_day(app: Application) -> date | None:
    """The day the §35 later deadline was decided."""
    return app.later_decided_on


def _fee_day(app: Application) -> date | None:
    return next((p.started_on for p in app.pauses.all() if p.kind == PauseKind.FEE), None)


def entries(app: Application, *, applicant: bool = False) -> list[Entry]:
    """The notices the case has produced so far, in the order of its steps; ``applicant``: only
    those the applicant receives (the portal's list)."""
    name = app.applicant_name
    found = [Entry("acknowledgement", "受理回执", app.received_on, True, name)]
    if app.correction_sent_on:
        found.append(Entry("correction", "补正告知书", app.correction_sent_on, True, name))
    consultations = _consultations(app)
    for pause in consultations:
        found.append(
            Entry(f"consultation-{pause.pk}", f"征求意见函（{pause.party}）",
                  pause.started_on, False, pause.party)
        )  # fmt: skip
    for pause in consultations:
        if pause.opinion == Opinion.OBJECT and pause.party_notified_on:
            found.append(
                Entry(f"objection-{pause.pk}", f"第三方告知书（{pause.party}）",
                      pause.party_notified_on, False, pause.party)
            )  # fmt: skip
    if app.extension_days:
        found.append(Entry("extension", "延期告知书", _extension_day(app), True, name))
    if app.later_due_on:
        found.append(Entry("later", "延迟答复告知书", _later_day(app), True, name))
    if app.fee_method:
        found.append(Entry("fee", "收费通知书", _fee_day(app), True, name))
    if app.outcome:
        found.append(Entry("reply", letters.letter_for(app).title, app.closed_on, True, name))
    if not applicant:
        titles = {entry.key: entry.title for entry in found}
        for delivery in app.deliveries.all():
            found.append(
                Entry(f"service-{delivery.pk}",
                      f"送达回证（{titles.get(delivery.document, delivery.document)}）",
                      delivery.delivered_on, False, delivery.recipient)
            )  # fmt: skip
    return [entry for entry in found if entry.applicant or not applicant]


def entry(app: Application, key: str, *, applicant: bool = False) -> Entry:
    """The listed notice ``key``; :class:`LookupError` if the case has none such (yet)."""
    for found in entries(app, applicant=applicant):
        if found.key == key:
            return found
    raise LookupError(key)


def _last_day(deadline: Deadline) -> str:
    """A deadline's last day as a notice prints it; one counted over days the State Council has
    not yet scheduled is said to be provisional (docs/law.md §8)."""
    return cn_date(deadline.due) + (
        "（暂定，以国务院公布的节假日安排为准）" if deadline.provisional else ""
    )


def _paragraphs(kind: str, app: Application, **context: Any) -> list[str]:
    text = render_to_string(
        f"applications/notices/{kind}.txt",
        {**LAW, "app": app, "received": cn_date(app.received_on), "blank": BLANK, **context},
    )
    return [line.strip() for line in text.splitlines() if line.strip()]


def _notice(
    app: Application,
    title: str,
    code: str,
    paragraphs: list[str],
    *,
    addressee: str,
    day: date | None,
    serial: str = "",
) -> Document:
    return Document(
        title=title,
        number=document_number(app.unit, code, app.year, serial or app.serial),
        addressee=f"{addressee}：",
        paragraphs=paragraphs,
        signature=app.unit.name,
        date=cn_date(day) if day else BLANK,
        contact=contact_line(app.unit),
    )


def _acknowledgement(app: Application, _: str) -> Document:
    due = workdays.reply_deadline(app.received_on, calendar=calendar())
    paragraphs = _paragraphs("acknowledgement", app, due=_last_day(due))
    return _notice(app, "政府信息公开申请受理回执", "受", paragraphs,
                   addressee=app.applicant_name, day=app.received_on)  # fmt: skip


def _correction(app: Application, _: str) -> Document:
    assert app.correction_reply_by is not None
    paragraphs = _paragraphs("correction", app, reply_by=cn_date(app.correction_reply_by))
    return _notice(app, "政府信息公开申请补正告知书", "补", paragraphs,
                   addressee=app.applicant_name, day=app.correction_sent_on)  # fmt: skip


def _extension(app: Application, _: str) -> Document:
    event = app.events.filter(action=Action.EXTEND).last()
    day = _extension_day(app)
    pauses = clock.pauses_until(list(app.pauses.all()), day)
    due = clock.reply_deadline(app, pauses)
    reason = event.reason.strip().rstrip("。") if event is not None and event.reason else BLANK
    paragraphs = _paragraphs("extension", app, reason=reason, due=_last_day(due))
    return _notice(app, "政府信息公开申请延期答复告知书", "延", paragraphs,
                   addressee=app.applicant_name, day=day)  # fmt: skip


def _later(app: Application, _: str) -> Document:
    assert app.later_due_on is not None and app.reasons_asked_on is not None
    decision = app.events.filter(action=Action.SET_LATER_DEADLINE).last()
    statutory = clock.reply_deadline(app, list(app.pauses.all())).due
    reason = decision.reason.strip().rstrip("。") if decision is not None else ""
    paragraphs = _paragraphs(
        "later", app, asked=cn_date(app.reasons_asked_on), statutory=cn_date(statutory),
        later=cn_date(app.later_due_on), reason=reason,
    )  # fmt: skip
    return _notice(app, "政府信息公开申请延迟答复告知书", "迟", paragraphs,
                   addressee=app.applicant_name, day=_later_day(app))  # fmt: skip


def _pause(app: Application, key: str) -> tuple[Pause, int]:
    """The consultation a ``consultation-<id>`` or ``objection-<id>`` key names, with its
    place among the case's consultations (its letters' number)."""
    pk = int(key.rsplit("-", 1)[1])
    consultations = _consultations(app)
    place = next(i for i, p in enumerate(consultations, start=1) if p.pk == pk)
    return consultations[place - 1], place


def _consultation(app: Application, key: str) -> Document:
    pause, place = _pause(app, key)
    agency = pause.kind == PauseKind.AGENCY
    due = clock.consultation_deadline(pause) if pause.party_received_on else None
    paragraphs = _paragraphs(
        "consultation", app, agency=agency,
        period=law.CO_MAKER if agency else law.THIRD_PARTY,
        due=_last_day(due) if due else "",
        party_received=cn_date(pause.party_received_on) if pause.party_received_on else "",
    )  # fmt: skip
    title = "政府信息公开申请征求意见函" if agency else "政府信息公开征求第三方意见书"
    return _notice(app, title, "征", paragraphs, addressee=pause.party, day=pause.started_on,
                   serial=f"{app.serial}-{place}")  # fmt: skip


def _objection(app: Application, key: str) -> Document:
    pause, place = _pause(app, key)
    paragraphs = _paragraphs(
        "objection", app, started=cn_date(pause.started_on), note=pause.note.rstrip("。"),
        remedy=letters.remedies("granted", app.unit, act="本决定"),
    )  # fmt: skip
    return _notice(app, "政府信息公开决定告知书（第三方）", "告", paragraphs,
                   addressee=pause.party, day=pause.party_notified_on,
                   serial=f"{app.serial}-{place}")  # fmt: skip


def _fee(app: Application, _: str) -> Document:
    per_piece = app.fee_method == FeeMethod.PER_PIECE
    received = app.fee_notice_received_on
    due = workdays.fee_payment_deadline(received, calendar=calendar()) if received else None
    paragraphs = _paragraphs(
        "fee", app,
        method=dict(FEE_METHOD_CHOICES)[app.fee_method],
        standard=fees.standard(app.fee_method),
        standard_basis=law.FEES_ART_4 if per_piece else law.FEES_ART_5,
        units=f"{app.fee_units}{'件' if per_piece else '页'}",
        payment=app.unit.payment_instructions.rstrip("。"),
        due=_last_day(due) if due else "",
        notice_received=cn_date(received) if received else "",
    )  # fmt: skip
    return _notice(app, "政府信息公开信息处理费收费通知书", "费", paragraphs,
                   addressee=app.applicant_name, day=_fee_day(app))  # fmt: skip


def _reply(app: Application, _: str) -> Document:
    return letters.letter_for(app)


def _service(app: Application, key: str) -> Document:
    """送达回证: the document delivered and its 送达 as recorded; a line for the recipient's
    signature where a person received it on paper."""
    delivery: Delivery = app.deliveries.get(pk=int(key.rsplit("-", 1)[1]))
    served = build(app, delivery.document)
    how = delivery.get_method_display()
    if delivery.tracking_number:
        how += f"（邮寄单号：{delivery.tracking_number}）"
    fields = [
        f"送达文书：{served.title}" + (f"（{served.number}）" if served.number else ""),
        f"受送达人：{delivery.recipient}",
        *(
            [f"送达地址：{app.address}"]
            if app.address and entry(app, delivery.document).applicant
            else []
        ),
        f"送达方式：{how}",
        f"送达日期：{cn_date(delivery.delivered_on)}",
        f"送达人：{delivery.delivered_by}",
        "受送达人签收：" + "　" * 8 + "年　　月　　日",
    ]
    if delivery.note:
        fields.append(f"备注：{delivery.note}")
    return Document(
        title="送达回证",
        number="",
        addressee="",
        paragraphs=[],
        fields=fields,
        signature=app.unit.name,
        date=cn_date(delivery.delivered_on),
        contact=contact_line(app.unit),
    )


BUILDERS: dict[str, Callable[[Application, str], Document]] = {
    "acknowledgement": _acknowledgement,
    "correction": _correction,
    "extension": _extension,
    "later": _later,
    "consultation": _consultation,
    "objection": _objection,
    "fee": _fee,
    "reply": _reply,
    "service": _service,
}


def build(app: Application, key: str, *, applicant: bool = False) -> Document:
    """The notice ``key`` of the case; :class:`LookupError` if it has none such (yet), or, with
    ``applicant``, none the applicant may see."""
    entry(app, key, applicant=applicant)
    return BUILDERS[key.split("-", 1)[0]](app, key)

"""Every change to an application, as a named action (办理过程留痕, 条例 §45).

Each service is the platform's one action runner (``core.actions``; :data:`APPLICATIONS`) with
its own mutation: it locks the row (``select_for_update``), checks that the actor holds a role
that may take the action in the application's unit (and the separation of duties: the approver
of a reply is not its submitter), that the form is not stale and that the state machine
(``states.TRANSITIONS``) allows it now, validates its input against the rule it implements,
recomputes the due date through the one clock, and writes exactly one hash-chained :class:`Event`
(actor, time, before, after, reason) in the same transaction.  Nothing else writes these rows.  A refusal is an :class:`ActionRefused` with a
code and a Chinese message naming the article.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Max
from django.utils import timezone

from gongkai import law, workdays
from gongkai.fees import FeeError, FeeMethod, fee, pieces_before, require_notice_in_time
from gongkai.workdays import WorkdaysError
from gongkai_platform.accounts.models import Membership, Role, Unit
from gongkai_platform.accounts.scoping import authorize, roles_in
from gongkai_platform.applications import applicant_notices, clock, notices
from gongkai_platform.applications.clock import open_consultations
from gongkai_platform.applications.models import (
    Application,
    Delivery,
    DeliveryMethod,
    Event,
    Opinion,
    Pause,
    PauseKind,
    ReplyAttachment,
)
from gongkai_platform.applications.outcomes import (
    CLOSING_CHOICES,
    DEFAULT_BASIS,
    EXCESSIVE,
    GROUND_BASIS,
    GROUNDS,
    OVERDUE_CORRECTION,
    OVERDUE_FEE,
    REASONS_REQUIRED,
    UNCLEAR_AFTER_CORRECTION,
    WITHDRAWN,
    Ground,
)
from gongkai_platform.applications.receipt import receipt_date
from gongkai_platform.applications.states import TRANSITIONS, Action, State, allowed_actions
from gongkai_platform.applications.uploads import check_upload
from gongkai_platform.core.actions import Aggregate, full_clean, recorded
from gongkai_platform.core.errors import ActionRefused, ErrorCode
from gongkai_platform.holiday_calendar import selectors as holidays

QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone
QUERY_CODE_LENGTH = 10
# The replies that provide information, and so may carry it as attachments (§36(2), §37).
PROVIDING = frozenset({"granted", "partially_granted"})

# The workflow fields an Event records before and after; personal data stays out of the log.
TRACKED = (
    "state",
    "handler_id",
    "correction_sent_on",
    "correction_reply_by",
    "correction_received_on",
    "extension_days",
    "extension_requested_days",
    "extended_on",
    "reasons_asked_on",
    "later_due_on",
    "later_decided_on",
    "fee_method",
    "fee_units",
    "fee_amount",
    "fee_notice_received_on",
    "fee_paid_on",
    "reply_outcome",
    "reply_basis",
    "ground",
    "responsible_agency",
    "responsible_contact",
    "pieces",
    "reply_returned",
    "reply_submitted_on",
    "reply_submitted_by_id",
    "outcome",
    "legal_basis",
    "closed_on",
    "due_on",
    "due_kind",
)

Mutation = Callable[[Application, list[Pause]], None]


def _today() -> date:
    return timezone.localdate()


def _snapshot(application: Application, pauses: list[Pause]) -> dict[str, Any]:
    data = {name: recorded(getattr(application, name)) for name in TRACKED}
    # Appeals (the appeals app) are part of the case's record; read through the reverse relation.
    data["appeals"] = (
        [
            [a.kind, recorded(a.filed_on), recorded(a.decided_on), a.result]
            for a in application.appeals.all()
        ]
        if application.pk
        else []
    )
    # The notices' 送达 and the reply's attachments (条例 §36) belong to the record as well.
    data["deliveries"] = (
        [
            [d.document, recorded(d.delivered_on), d.method, d.tracking_number, d.delivered_by]
            for d in application.deliveries.all()
        ]
        if application.pk
        else []
    )
    data["attachments"] = (
        [[a.name, recorded(a.uploaded_on)] for a in application.attachments.all()]
        if application.pk
        else []
    )
    # Each consultation by its id (several may run at once), with the party's receipt, its opinion
    # and the written notice of an overridden objection (§32, §34), so the trail shows when and
    # how each one started, was received and ended.
    data["pauses"] = [
        [
            p.pk, p.kind, recorded(p.started_on), recorded(p.ended_on), p.party,
            recorded(p.party_received_on), p.opinion, recorded(p.party_notified_on),
        ]
        for p in pauses
    ]  # fmt: skip
    return data


def _day(value: date | None, application: Application, *, what: str) -> date:
    """An action's date: today by default, never in the future, never before receipt."""
    day = _today() if value is None else value
    if day > _today():
        raise ActionRefused(ErrorCode.INVALID, f"{what}不能晚于今天")
    if day < application.received_on:
        raise ActionRefused(
            ErrorCode.INVALID, f"{what}不能早于收到申请日期 {application.received_on}"
        )
    return day


class Applications(Aggregate[Application]):
    """How the action runner (``core.actions``) treats an application: locked with its unit;
    checked against ``TRANSITIONS`` and the separation of duties; snapshotted without personal
    data; finished by the one clock; its events in :class:`Event`, one stream per case."""

    model = Application
    events = Event
    transitions = TRANSITIONS
    noun = "申请"

    def lock(self, pk: int) -> Application:
        locked = Application.objects.select_for_update().select_related("unit").get(pk=pk)
        locked.pause_list = list(locked.pauses.all())  # type: ignore[attr-defined]
        return locked

    def check(self, actor: Any, obj: Application, action: str) -> None:
        transition = TRANSITIONS[Action(action)]
        authorize(actor, obj.unit, Action(action).label, transition.roles)
        _duties(actor, obj, action)

    def allowed(self, actor: Any, obj: Application) -> list[Any]:
        """What the case page offers: the same role and duty checks, the roles read once."""
        offered = allowed_actions(State(obj.state), roles_in(actor, obj.unit))
        applicable = _applicable(obj, offered)
        return [a for a in offered if _duty_free(actor, obj, a) and applicable.get(a, True)]

    def snapshot(self, obj: Application) -> dict[str, Any]:
        return _snapshot(obj, getattr(obj, "pause_list", []))

    def finish(self, obj: Application) -> None:
        pauses = list(obj.pauses.all()) if obj.pk else []
        obj.pause_list = pauses  # type: ignore[attr-defined]
        _save(obj, pauses)

    def subject(self, obj: Application, state_before: str) -> dict[str, Any]:
        return {"application": obj, "state_before": state_before, "state_after": obj.state}


APPLICATIONS = Applications()


def _duties(actor: Any, obj: Application, action: str) -> None:
    """Separation of duties.  Four eyes on a reply: the approver is not its submitter (our rule,
    not the 条例's words: §36 has the agency reply; the approval step exists so that someone other
    than the drafter reads it)."""
    if action == Action.APPROVE_REPLY and obj.reply_submitted_by_id == actor.pk:
        raise ActionRefused(
            ErrorCode.NOT_PERMITTED,
            "答复须由提交人以外的审核人审核：您提交了该答复，不能自己审核通过（职责分离）",
        )


def _applicable(obj: Application, offered: list[Action]) -> dict[Action, bool]:
    """Whether an action the state allows has something to act on: a consultation to end, to
    record the receipt of or to tell of an overridden objection (§32, §34); reasons asked and no
    later deadline yet, and no extension once there is one (§35).  The page offers only those;
    the services refuse the rest."""
    per_consultation = {
        Action.END_AGENCY, Action.END_THIRD_PARTY, Action.RECEIVE_CONSULTATION,
        Action.NOTIFY_THIRD_PARTY,
    }  # fmt: skip
    pauses = list(obj.pauses.all()) if per_consultation & set(offered) else []
    consulting = open_consultations(pauses)
    return {
        Action.END_AGENCY: any(p.kind == PauseKind.AGENCY for p in consulting),
        Action.END_THIRD_PARTY: any(p.kind == PauseKind.THIRD_PARTY for p in consulting),
        Action.RECEIVE_CONSULTATION: bool(consulting),  # recorded, or corrected with a reason
        Action.NOTIFY_THIRD_PARTY: any(_overridable(p) for p in pauses),
        Action.SET_LATER_DEADLINE: obj.reasons_asked_on is not None and obj.later_due_on is None,
        # §35: the agency's later date is its reasonable period; no extension on top of it.
        Action.EXTEND: obj.later_due_on is None,
        Action.REQUEST_EXTENSION: obj.later_due_on is None,
    }


def _overridable(pause: Pause) -> bool:
    """A third party that objected and has not yet been told in writing of disclosure (§32)."""
    return (
        pause.kind == PauseKind.THIRD_PARTY
        and pause.opinion == Opinion.OBJECT
        and pause.party_notified_on is None
    )


def _duty_free(actor: Any, obj: Application, action: str) -> bool:
    try:
        _duties(actor, obj, action)
    except ActionRefused:
        return False
    return True


def _save(application: Application, pauses: list[Pause]) -> None:
    with _clock_errors():
        clock.apply_due(application, pauses)
    full_clean(application)
    application.save()


def act(
    *,
    actor: User,
    application: Application | int,
    action: Action,
    mutate: Mutation,
    reason: str = "",
    expected_version: int | None = None,
) -> Application:
    """Run ``action`` on the application through the one runner (``APPLICATIONS.run``); the
    mutation receives the case's pauses as well.  Other apps' actions on an application
    (``appeals.services``) come through here too."""

    def change(app: Application) -> None:
        with _clock_errors():
            mutate(app, app.pause_list)  # type: ignore[attr-defined]
        # Discarded with the transaction if the action fails after this point.
        applicant_notices.after_action(app, action)

    return APPLICATIONS.run(
        actor=actor,
        pk=application if isinstance(application, int) else application.pk,
        action=action,
        mutate=change,
        reason=reason,
        expected_version=expected_version,
    )


@contextmanager
def _clock_errors() -> Iterator[None]:
    """A date the calendar cannot count from (a typo like 2205) is the user's to fix."""
    try:
        yield
    except WorkdaysError as error:
        raise ActionRefused(ErrorCode.INVALID, str(error)) from None


def _new_query_code() -> str:
    while True:
        code = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))
        if not Application.objects.filter(query_code=code).exists():
            return code


def _require_handler(unit: Unit, handler: User | None) -> None:
    if (
        handler is not None
        and not Membership.objects.filter(user=handler, unit=unit, role=Role.HANDLER).exists()
    ):
        raise ActionRefused(ErrorCode.INVALID, f"{handler}不是{unit.name}的承办人")


def application_register(
    *,
    actor: User,
    unit: Unit,
    channel: str,
    arrived_on: date,
    confirmed_on: date | None = None,
    letter_signed: bool = True,
    applicant_type: str,
    applicant_name: str,
    id_number: str,
    description: str,
    phone: str = "",
    address: str = "",
    email: str = "",
    form_wanted: str = "",
    oral: bool = False,
    identity_proof: UploadedFile | None = None,
    handler: User | None = None,
    pieces: int | None = None,
    query_code: str | None = None,
    special_needs: str = "",
) -> Application:
    """Register an application received by the unit (条例 §29 contents, §31 date of receipt).

    Every application gets a 查询码 the applicant tracks it with on the portal, whatever the
    channel; one submitted online keeps the code the portal gave at submission (``query_code``).
    ``pieces``: the 件 it is split into under 109号 §4 (blank: one)."""

    def check() -> None:
        authorize(actor, unit, Action.REGISTER.label, TRANSITIONS[Action.REGISTER].roles)
        if received_on > _today():
            raise ActionRefused(ErrorCode.INVALID, "收到申请日期不能晚于今天")
        if not description.strip():
            raise ActionRefused(
                ErrorCode.INVALID,
                f"应写明所需政府信息的名称、文号或者便于查询的其他特征性描述（{law.ART_29.short()}）",
            )
        _require_handler(unit, handler)
        if identity_proof is not None:
            check_upload(identity_proof)

    def build() -> Application:
        # Serial numbers are per unit and year; locking the unit row makes allocation race-free.
        Unit.objects.select_for_update().get(pk=unit.pk)
        year = received_on.year
        last = Application.objects.filter(unit=unit, year=year).aggregate(m=Max("serial"))["m"]
        application = Application(
            unit=unit,
            year=year,
            serial=(last or 0) + 1,
            query_code=query_code or _new_query_code(),
            pieces=pieces,
            special_needs=special_needs.strip(),
            channel=channel,
            letter_signed=letter_signed,
            arrived_on=arrived_on,
            confirmed_on=confirmed_on,
            received_on=received_on,
            oral=oral,
            applicant_type=applicant_type,
            applicant_name=applicant_name.strip(),
            id_number=id_number.strip(),
            phone=phone.strip(),
            address=address.strip(),
            email=email.strip(),
            description=description.strip(),
            form_wanted=form_wanted.strip(),
            handler=handler,
            state=State.IN_PROGRESS,
        )
        if identity_proof is not None:
            application.identity_proof = identity_proof
        return application

    received_on = receipt_date(channel, arrived_on, confirmed_on, letter_signed=letter_signed)
    return APPLICATIONS.create(actor=actor, action=Action.REGISTER, check=check, build=build)


def application_assign(
    *,
    actor: User,
    application: Application | int,
    handler: User,
    reason: str = "",
    expected_version: int | None = None,
) -> Application:
    def mutate(app: Application, pauses: list[Pause]) -> None:
        _require_handler(app.unit, handler)
        app.handler = handler

    return act(
        actor=actor,
        application=application,
        action=Action.ASSIGN,
        mutate=mutate,
        reason=reason,
        expected_version=expected_version,
    )


def application_request_correction(
    *,
    actor: User,
    application: Application | int,
    items: str,
    reply_by: date,
    sent_on: date | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Application:
    """§30: one notice, within 7 working days of receipt, with a reasonable period to supplement."""

    def mutate(app: Application, pauses: list[Pause]) -> None:
        day = _day(sent_on, app, what="补正告知发出日期")
        if app.correction_sent_on is not None:
            raise ActionRefused(
                ErrorCode.INVALID,
                f"补正告知应当一次性发出，本申请已经发出过补正告知（{law.ART_30.short()}）",
            )
        deadline = clock.correction_notice_deadline(app)
        if day > deadline.due:
            raise ActionRefused(
                ErrorCode.TOO_LATE,
                f"补正告知应当自收到申请之日起{law.CORRECTION_NOTICE.text}内发出，期限已于 {deadline.due} 届满（{law.ART_30.short()}）",
            )
        if not items.strip():
            raise ActionRefused(ErrorCode.INVALID, f"应写明需要补正的事项（{law.ART_30.short()}）")
        if reply_by <= day:
            raise ActionRefused(ErrorCode.INVALID, "补正期限应当晚于补正告知发出日期")
        app.correction_sent_on = day
        app.correction_reply_by = reply_by
        app.correction_items = items.strip()

    return act(
        actor=actor,
        application=application,
        action=Action.REQUEST_CORRECTION,
        mutate=mutate,
        reason=reason,
        expected_version=expected_version,
    )


def application_receive_correction(
    *,
    actor: User,
    application: Application | int,
    received_on: date | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Application:
    """§30: the supplement arrives; the reply period runs afresh from this date."""

    def mutate(app: Application, pauses: list[Pause]) -> None:
        day = _day(received_on, app, what="收到补正日期")
        assert app.correction_sent_on is not None
        if day < app.correction_sent_on:
            raise ActionRefused(ErrorCode.INVALID, "收到补正日期不能早于补正告知发出日期")
        app.correction_received_on = day

    return act(
        actor=actor,
        application=application,
        action=Action.RECEIVE_CORRECTION,
        mutate=mutate,
        reason=reason,
        expected_version=expected_version,
    )


def _close(app: Application, outcome: str, basis: str, day: date, pauses: list[Pause]) -> None:
    for pause in pauses:
        if pause.ended_on is None:
            pause.ended_on = day
            pause.save(update_fields=["ended_on"])
    app.outcome = outcome
    app.legal_basis = basis
    app.closed_on = day
    _clear_reply(app)
    if outcome not in GROUNDS:  # a draft's ground does not outlive it (a withdrawal, a lapse)
        _clear_ground(app)
    app.reply_returned = False


def _clear_ground(app: Application) -> None:
    app.ground = ""
    app.responsible_agency = ""
    app.responsible_contact = ""


def _clear_reply(app: Application) -> None:
    app.reply_outcome = ""
    app.reply_basis = ""
    app.reply_submitted_on = None
    app.reply_submitted_by = None


def application_close_overdue_correction(
    *,
    actor: User,
    application: Application | int,
    on: date | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Application:
    """§30: no supplement within the period set → deemed abandoned (表三 其他处理 1)."""

    def mutate(app: Application, pauses: list[Pause]) -> None:
        day = _day(on, app, what="办结日期")
        assert app.correction_reply_by is not None
        if day <= app.correction_reply_by:
            raise ActionRefused(
                ErrorCode.TOO_EARLY,
                f"补正期限至 {app.correction_reply_by} 届满，届满前不能按逾期不补正处理（{law.ART_30.short()}）",
            )
        _close(app, OVERDUE_CORRECTION, DEFAULT_BASIS[OVERDUE_CORRECTION], day, pauses)

    return act(
        actor=actor,
        application=application,
        action=Action.CLOSE_OVERDUE_CORRECTION,
        mutate=mutate,
        reason=reason,
        expected_version=expected_version,
    )


def _start_pause(
    kind: PauseKind, party: str, started_on: date | None, party_received_on: date | None = None
) -> Mutation:
    """§32, §34: one more consultation, whether or not others are open; each has its own party,
    receipt and 15 working days, and the reply clock stands still while any is open."""

    def mutate(app: Application, pauses: list[Pause]) -> None:
        day = _day(started_on, app, what="开始日期")
        if not party.strip():
            raise ActionRefused(ErrorCode.INVALID, "应写明征求意见的对象")
        if party_received_on is not None:
            _check_received(party_received_on, day)
        if any(p.kind == kind and p.party == party.strip() for p in open_consultations(pauses)):
            raise ActionRefused(ErrorCode.INVALID, f"正在征求{party.strip()}的意见，请勿重复登记")
        pauses.append(
            Pause.objects.create(
                application=app, kind=kind, party=party.strip(), started_on=day,
                party_received_on=party_received_on,
            )
        )  # fmt: skip
        app.state = clock.consulting_state(pauses)

    return mutate


def _check_received(received: date, started: date) -> None:
    if received < started:
        raise ActionRefused(ErrorCode.INVALID, "对方收到征求意见书的日期不能早于发出日期")
    if received > _today():
        raise ActionRefused(ErrorCode.INVALID, "对方收到征求意见书的日期不能晚于今天")


def _open_pause(kind: PauseKind, day: date, pauses: list[Pause]) -> Pause:
    pause = next(p for p in pauses if p.kind == kind and p.ended_on is None)
    if day < pause.started_on:
        raise ActionRefused(ErrorCode.INVALID, f"结束日期不能早于开始日期 {pause.started_on}")
    return pause


def _consultation(
    pauses: list[Pause], chosen: Pause | int | None, candidates: list[Pause], what: str
) -> Pause:
    """The consultation an action is about: the one chosen (by record or id) among
    ``candidates``, or the only candidate when none is chosen."""
    if chosen is None:
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise ActionRefused(ErrorCode.INVALID, f"没有{what}")
        raise ActionRefused(ErrorCode.INVALID, f"有{len(candidates)}项{what}，请选择其中一项")
    pk = chosen if isinstance(chosen, int) else chosen.pk
    found = next((p for p in candidates if p.pk == pk), None)
    if found is None:
        raise ActionRefused(ErrorCode.INVALID, f"所选记录不是本申请的{what}")
    return found


def _end_pause(kind: PauseKind, ended_on: date | None, note: str) -> Mutation:
    def mutate(app: Application, pauses: list[Pause]) -> None:
        day = _day(ended_on, app, what="结束日期")
        pause = _open_pause(kind, day, pauses)
        pause.ended_on = day
        pause.note = note.strip()
        pause.save(update_fields=["ended_on", "note"])

    return mutate


def _end_consultation(
    kind: PauseKind,
    chosen: Pause | int | None,
    ended_on: date | None,
    note: str,
    opinion: str,
    party_received_on: date | None = None,
    party_notified_on: date | None = None,
) -> Mutation:
    """§32, §34: one consultation ends with the party's opinion on record; silence only once its
    15 working days (from its receipt of the request) ran out; a third party's objection
    overridden only with the day it was told so in writing.  The case returns to 办理中 when no
    other consultation is open."""

    def mutate(app: Application, pauses: list[Pause]) -> None:
        day = _day(ended_on, app, what="结束日期")
        what = "进行中的" + str(PauseKind(kind).label)
        candidates = [p for p in open_consultations(pauses) if p.kind == kind]
        pause = _consultation(pauses, chosen, candidates, what)
        if day < pause.started_on:
            raise ActionRefused(ErrorCode.INVALID, f"结束日期不能早于开始日期 {pause.started_on}")
        if party_received_on is not None:
            _check_received(party_received_on, pause.started_on)
            pause.party_received_on = party_received_on
        if opinion not in Opinion.values:
            raise ActionRefused(ErrorCode.INVALID, "应记录对方的意见：同意、不同意或逾期未提出意见")
        article = law.ART_32 if kind == PauseKind.THIRD_PARTY else law.ART_34
        if opinion == Opinion.SILENT:
            due = clock.consultation_deadline(pause).due
            if day <= due:
                raise ActionRefused(
                    ErrorCode.TOO_EARLY,
                    f"对方提出意见的期限至 {due} 届满（自收到征求意见书之日起{law.THIRD_PARTY.text}，"
                    f"{article.short()}），届满前不能记为逾期未提出意见",
                )
        if party_notified_on is not None:
            if kind != PauseKind.THIRD_PARTY or opinion != Opinion.OBJECT:
                raise ActionRefused(
                    ErrorCode.INVALID, "只有第三方不同意公开而决定公开的，才书面告知第三方"
                )
            _check_notified(party_notified_on, pause)
        pause.ended_on = day
        pause.note = note.strip()
        pause.opinion = opinion
        pause.party_notified_on = party_notified_on
        pause.save(
            update_fields=["ended_on", "note", "opinion", "party_received_on", "party_notified_on"]
        )
        app.state = clock.consulting_state(pauses)

    return mutate


def _check_notified(notified: date, pause: Pause) -> None:
    if notified < pause.started_on:
        raise ActionRefused(ErrorCode.INVALID, "书面告知第三方的日期不能早于征求意见日期")
    if notified > _today():
        raise ActionRefused(ErrorCode.INVALID, "书面告知第三方的日期不能晚于今天")


def application_consult_third_party(
    *,
    actor: User,
    application: Application | int,
    party: str,
    started_on: date | None = None,
    party_received_on: date | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Application:
    """§32: ask a third party in writing; it has 15 working days from its receipt of the request
    (``party_received_on``, when known); the reply clock pauses (§33)."""
    return act(
        actor=actor,
        application=application,
        action=Action.START_THIRD_PARTY,
        mutate=_start_pause(PauseKind.THIRD_PARTY, party, started_on, party_received_on),
        reason=reason,
        expected_version=expected_version,
    )


def application_end_third_party(
    *,
    actor: User,
    application: Application | int,
    opinion: str,
    consultation: Pause | int | None = None,
    ended_on: date | None = None,
    note: str = "",
    party_received_on: date | None = None,
    party_notified_on: date | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Application:
    """§32: the third party of ``consultation`` (needed when several are open) answered, or its
    15 days ran out (no objection, recorded); the reply clock runs again once no consultation is
    open.  Disclosing over its objection records the day it was told in writing, now or later
    (:func:`application_notify_third_party`)."""
    return act(
        actor=actor,
        application=application,
        action=Action.END_THIRD_PARTY,
        mutate=_end_consultation(
            PauseKind.THIRD_PARTY,
            consultation,
            ended_on,
            note,
            opinion,
            party_received_on,
            party_notified_on,
        ),
        reason=reason,
        expected_version=expected_version,
    )


def application_consult_agency(
    *,
    actor: User,
    application: Application | int,
    party: str,
    started_on: date | None = None,
    party_received_on: date | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Application:
    """§33 para. 3, §34: consult another agency; it has 15 working days from its receipt of the
    request; the reply clock pauses meanwhile."""
    return act(
        actor=actor,
        application=application,
        action=Action.START_AGENCY,
        mutate=_start_pause(PauseKind.AGENCY, party, started_on, party_received_on),
        reason=reason,
        expected_version=expected_version,
    )


def application_end_agency(
    *,
    actor: User,
    application: Application | int,
    opinion: str,
    consultation: Pause | int | None = None,
    ended_on: date | None = None,
    note: str = "",
    party_received_on: date | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Application:
    """§34: the other agency answered, or its 15 working days ran out (视为同意, recorded)."""
    return act(
        actor=actor,
        application=application,
        action=Action.END_AGENCY,
        mutate=_end_consultation(
            PauseKind.AGENCY, consultation, ended_on, note, opinion, party_received_on
        ),
        reason=reason,
        expected_version=expected_version,
    )


def application_receive_consultation(
    *,
    actor: User,
    application: Application | int,
    received_on: date,
    consultation: Pause | int | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Application:
    """§32, §34: record the day the party of an open ``consultation`` received the request (its
    15 working days run from then; until it is known, from the day the request went out).  A
    day already recorded may be corrected (a wrong date would move the party's deadline and the
    reply's), with the reason required; the event keeps both days."""

    def mutate(app: Application, pauses: list[Pause]) -> None:
        # Unnamed, it is the one whose receipt is not yet recorded; a correction names its own.
        consulting = open_consultations(pauses)
        unrecorded = [p for p in consulting if p.party_received_on is None]
        candidates = consulting if consultation is not None else unrecorded
        pause = _consultation(pauses, consultation, candidates, "尚未登记收到日期的征求意见")
        _check_received(received_on, pause.started_on)
        if pause.party_received_on is not None:
            if pause.party_received_on == received_on:
                raise ActionRefused(
                    ErrorCode.INVALID, f"已登记对方于 {received_on} 收到征求意见书，无需更改"
                )
            if not reason.strip():
                raise ActionRefused(
                    ErrorCode.INVALID,
                    f"更正已登记的收到日期 {pause.party_received_on} 应当说明理由",
                )
        pause.party_received_on = received_on
        pause.save(update_fields=["party_received_on"])

    return act(
        actor=actor,
        application=application,
        action=Action.RECEIVE_CONSULTATION,
        mutate=mutate,
        reason=reason,
        expected_version=expected_version,
    )


def application_notify_third_party(
    *,
    actor: User,
    application: Application | int,
    notified_on: date,
    reason: str,
    consultation: Pause | int | None = None,
    expected_version: int | None = None,
) -> Application:
    """§32: the third party objected, the agency decided that withholding would seriously affect
    the public interest and discloses: it tells the third party in writing what it discloses and
    why (``reason``, required).  Recorded per consultation, once."""

    def mutate(app: Application, pauses: list[Pause]) -> None:
        candidates = [p for p in pauses if _overridable(p)]
        pause = _consultation(pauses, consultation, candidates, "不同意公开且尚未书面告知的第三方")
        if not reason.strip():
            raise ActionRefused(
                ErrorCode.INVALID,
                f"应写明决定予以公开的内容和理由（{law.ART_32.short()}）",
            )
        _check_notified(notified_on, pause)
        pause.party_notified_on = notified_on
        pause.save(update_fields=["party_notified_on"])

    return act(
        actor=actor,
        application=application,
        action=Action.NOTIFY_THIRD_PARTY,
        mutate=mutate,
        reason=reason,
        expected_version=expected_version,
    )


def _earlier_pieces(app: Application, month_of: date) -> int:
    """How many 件 the same applicant filed with the unit earlier in the month (109号 §4): each
    earlier application counts as the 件 it was split into (``fees.pieces_before``)."""
    earlier = (
        Application.objects.filter(
            unit=app.unit,
            id_number=app.id_number,
            received_on__year=month_of.year,
            received_on__month=month_of.month,
            received_on__lte=app.received_on,
        )
        .exclude(pk=app.pk)
        .exclude(received_on=app.received_on, serial__gt=app.serial)
        .only("pieces", "fee_units", "fee_method")
    )
    return pieces_before(row.counted_pieces for row in earlier)


def application_issue_fee_notice(
    *,
    actor: User,
    application: Application | int,
    method: str,
    units: int,
    sent_on: date | None = None,
    notice_received_on: date | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Application:
    """条例 §42, 109号: a 收费通知 by one method (按件 or 按量); the reply clock pauses until paid."""

    def mutate(app: Application, pauses: list[Pause]) -> None:
        day = _day(sent_on, app, what="收费通知发出日期")
        received = _day(notice_received_on or day, app, what="申请人收到收费通知日期")
        if received < day:
            raise ActionRefused(ErrorCode.INVALID, "申请人收到收费通知的日期不能早于发出日期")
        if app.fee_method:
            raise ActionRefused(ErrorCode.INVALID, "本申请已经发出过收费通知")
        # 条例 §33, 109号: within the reply period as it stands on the day the notice goes out.
        try:
            require_notice_in_time(day, clock.reply_due(app, clock.pauses_until(pauses, day)).due)
        except FeeError as error:
            raise ActionRefused(ErrorCode.TOO_LATE, str(error)) from None
        try:
            earlier = _earlier_pieces(app, app.received_on) if method == FeeMethod.PER_PIECE else 0
            amount = fee(method, units, earlier_pieces=earlier)
        except FeeError as error:
            raise ActionRefused(ErrorCode.INVALID, str(error)) from None
        if amount == 0:
            raise ActionRefused(
                ErrorCode.INVALID,
                f"按所选计费方式，本申请在免费额度内，不应收费（{law.FEES_109_WHOLE.short()}）",
            )
        app.fee_method = method
        app.fee_units = units
        app.fee_amount = amount
        app.fee_notice_received_on = received
        Pause.objects.create(
            application=app, kind=PauseKind.FEE, party=app.applicant_name, started_on=day
        )

    return act(
        actor=actor,
        application=application,
        action=Action.ISSUE_FEE_NOTICE,
        mutate=mutate,
        reason=reason,
        expected_version=expected_version,
    )


def application_record_fee_payment(
    *,
    actor: User,
    application: Application | int,
    paid_on: date | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Application:
    def mutate(app: Application, pauses: list[Pause]) -> None:
        day = _day(paid_on, app, what="缴费日期")
        _end_pause(PauseKind.FEE, day, "")(app, pauses)
        app.fee_paid_on = day

    return act(
        actor=actor,
        application=application,
        action=Action.RECORD_FEE_PAYMENT,
        mutate=mutate,
        reason=reason,
        expected_version=expected_version,
    )


def application_close_overdue_fee(
    *,
    actor: User,
    application: Application | int,
    on: date | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Application:
    """109号: not paid within 20 working days of receiving the notice → the agency stops."""

    def mutate(app: Application, pauses: list[Pause]) -> None:
        day = _day(on, app, what="办结日期")
        assert app.fee_notice_received_on is not None
        deadline = workdays.fee_payment_deadline(
            app.fee_notice_received_on, calendar=holidays.calendar()
        )
        if day <= deadline.due:
            raise ActionRefused(
                ErrorCode.TOO_EARLY,
                f"缴费期限至 {deadline.due} 届满，届满前不能按逾期未缴费处理（{law.FEES_109_WHOLE.short()}）",
            )
        _close(app, OVERDUE_FEE, DEFAULT_BASIS[OVERDUE_FEE], day, pauses)

    return act(
        actor=actor,
        application=application,
        action=Action.CLOSE_OVERDUE_FEE,
        mutate=mutate,
        reason=reason,
        expected_version=expected_version,
    )


def application_ask_reasons(
    *,
    actor: User,
    application: Application | int,
    reason: str,
    asked_on: date | None = None,
    expected_version: int | None = None,
) -> Application:
    """§35: the number or frequency of requests is plainly beyond reason: ask the applicant why
    (``reason``: what was asked and on what grounds).  Only then may the reply decline to process
    the request for that reason (表三 不予处理·4)."""

    def mutate(app: Application, pauses: list[Pause]) -> None:
        day = _day(asked_on, app, what="要求说明理由日期")
        if not reason.strip():
            raise ActionRefused(ErrorCode.INVALID, "应写明要求申请人说明的事项和理由")
        app.reasons_asked_on = day

    return act(
        actor=actor,
        application=application,
        action=Action.ASK_REASONS,
        mutate=mutate,
        reason=reason,
        expected_version=expected_version,
    )


def application_set_later_deadline(
    *,
    actor: User,
    application: Application | int,
    later_due_on: date,
    reason: str,
    decided_on: date | None = None,
    expected_version: int | None = None,
) -> Application:
    """§35: the applicant, asked for reasons (:func:`application_ask_reasons`), gave reasonable
    ones, but the requests cannot be answered within the statutory period: the OGI office head
    sets a reasonable later deadline (``reason``: why this date, required), later than the
    statutory deadline as it stands on ``decided_on``, decided before that deadline ran out (a
    prudent reading, docs/law.md §8), once.  The clock and the recount then count to it."""

    def mutate(app: Application, pauses: list[Pause]) -> None:
        day = _day(decided_on, app, what="确定延迟答复期限日期")
        cite = law.ART_35.short()
        if app.reasons_asked_on is None:
            raise ActionRefused(
                ErrorCode.INVALID, f"应当先要求申请人说明理由，才能确定延迟答复的期限（{cite}）"
            )
        if app.later_due_on is not None:
            raise ActionRefused(
                ErrorCode.INVALID, f"本申请已确定延迟答复期限为 {app.later_due_on}（{cite}）"
            )
        if day < app.reasons_asked_on:
            raise ActionRefused(
                ErrorCode.INVALID,
                f"确定延迟答复期限的日期不能早于要求说明理由日期 {app.reasons_asked_on}",
            )
        if not reason.strip():
            raise ActionRefused(ErrorCode.INVALID, f"确定延迟答复期限应当说明理由（{cite}）")
        statutory = clock.reply_deadline(app, clock.pauses_until(pauses, day)).due
        if day > statutory:
            raise ActionRefused(
                ErrorCode.TOO_LATE,
                f"法定答复期限已于 {statutory} 届满，应在届满前确定延迟答复期限（{cite}）",
            )
        if later_due_on <= statutory:
            raise ActionRefused(
                ErrorCode.INVALID,
                f"延迟答复期限应晚于法定答复期限 {statutory}（{cite}）",
            )
        app.later_due_on = later_due_on
        app.later_decided_on = day

    return act(
        actor=actor,
        application=application,
        action=Action.SET_LATER_DEADLINE,
        mutate=mutate,
        reason=reason,
        expected_version=expected_version,
    )


def _check_extension(app: Application, days: int) -> None:
    if app.later_due_on is not None:
        raise ActionRefused(
            ErrorCode.INVALID,
            f"已依{law.ART_35.short()}确定延迟答复期限为 {app.later_due_on}，不再延长答复期限",
        )
    if app.extension_days:
        raise ActionRefused(
            ErrorCode.INVALID, f"本申请已经延长过答复期限（{law.ART_33_2.short()}）"
        )
    if isinstance(days, bool) or not 1 <= days <= workdays.MAX_EXTENSION_DAYS:
        raise ActionRefused(
            ErrorCode.INVALID,
            f"延长的期限最长不得超过{law.EXTENSION.text}（{law.ART_33_2.short()}）",
        )


def application_request_extension(
    *,
    actor: User,
    application: Application | int,
    days: int,
    reason: str,
    expected_version: int | None = None,
) -> Application:
    """§33 para. 2: the handler asks the OGI office head for an extension, saying why; the head's
    list shows it until it is approved (:func:`application_extend`)."""

    def mutate(app: Application, pauses: list[Pause]) -> None:
        _check_extension(app, days)
        if not reason.strip():
            raise ActionRefused(ErrorCode.INVALID, "申请延长答复期限应当说明理由")
        app.extension_requested_days = days

    return act(
        actor=actor,
        application=application,
        action=Action.REQUEST_EXTENSION,
        mutate=mutate,
        reason=reason,
        expected_version=expected_version,
    )


def application_extend(
    *,
    actor: User,
    application: Application | int,
    days: int,
    reason: str,
    on: date | None = None,
    expected_version: int | None = None,
) -> Application:
    """§33 para. 2: the OGI office head approves an extension of at most 20 working days, once,
    before the base deadline runs out (docs/law.md §8: prudent reading)."""

    def mutate(app: Application, pauses: list[Pause]) -> None:
        day = _day(on, app, what="批准延期日期")
        _check_extension(app, days)
        if not reason.strip():
            raise ActionRefused(ErrorCode.INVALID, "延长答复期限应当说明理由")
        # An open consultation counts as paused up to the day of approval.
        base = clock.reply_deadline(app, clock.pauses_until(pauses, day), extension_days=0)
        if day > base.due:
            raise ActionRefused(
                ErrorCode.TOO_LATE,
                f"答复期限已于 {base.due} 届满，不能再延长；延长应在期限届满前批准（{law.ART_33_2.short()}）",
            )
        app.extension_days = days
        app.extended_on = day
        app.extension_requested_days = None  # a request, if any, is answered

    return act(
        actor=actor,
        application=application,
        action=Action.EXTEND,
        mutate=mutate,
        reason=reason,
        expected_version=expected_version,
    )


def _check_reply(
    app: Application, outcome: str, ground: str, agency: str, contact: str, reason: str
) -> None:
    """What a reply must say before it may go to approval (条例 §36, §37, §30; docs/law.md §4.3)."""
    allowed = GROUNDS.get(outcome, ())
    if allowed and ground not in allowed:
        choices = "或".join(str(Ground(g).label) for g in allowed)
        raise ActionRefused(ErrorCode.INVALID, f"应选择答复情形：{choices}")
    if not allowed and ground:
        raise ActionRefused(ErrorCode.INVALID, "该办理结果不区分答复情形，请勿选择")
    if ground == Ground.NOT_OURS and not (agency.strip() and contact.strip()):
        raise ActionRefused(
            ErrorCode.INVALID,
            "不属于本机关负责公开的，应当告知申请人负责公开该信息的机关及其联系方式"
            f"（{law.ART_36_5.short()}）",
        )
    if ground == Ground.ALREADY_PUBLIC and not reason.strip():
        raise ActionRefused(
            ErrorCode.INVALID,
            f"已经主动公开的，应当在说明中告知获取该政府信息的方式、途径（{law.ART_36_1.short()}）",
        )
    if outcome in REASONS_REQUIRED and not reason.strip():
        article = law.ART_37 if outcome == "partially_granted" else law.ART_36_3
        raise ActionRefused(
            ErrorCode.INVALID, f"应当在说明中写明不予公开的理由（{article.short()}）"
        )
    if outcome == EXCESSIVE and app.reasons_asked_on is None:
        raise ActionRefused(
            ErrorCode.INVALID,
            f"应当先要求申请人说明理由，理由不合理的才能不予处理（{law.ART_35.short()}）",
        )
    if outcome == UNCLEAR_AFTER_CORRECTION and app.correction_received_on is None:
        raise ActionRefused(
            ErrorCode.INVALID,
            "只有告知补正并收到补正后申请内容仍不明确的，才能以此答复；"
            f"未补正的，按逾期未补正处理（{law.ART_30.short()}）",
        )


def application_submit_reply(
    *,
    actor: User,
    application: Application | int,
    outcome: str,
    legal_basis: str = "",
    ground: str = "",
    responsible_agency: str = "",
    responsible_contact: str = "",
    submitted_on: date | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Application:
    """The handler drafts the reply with exactly one 表三 outcome (§36–§39; docs/law.md §4.3) and
    its basis, and submits it to the head of the OGI office; the reason is the letter's own text
    (its 理由 or 说明).  The case stays open and its §33 clock keeps running until approval."""

    def mutate(app: Application, pauses: list[Pause]) -> None:
        day = _day(submitted_on, app, what="提交审核日期")
        if outcome not in dict(CLOSING_CHOICES):
            raise ActionRefused(ErrorCode.INVALID, f"不是可选的办理结果：{outcome}")
        _check_reply(app, outcome, ground, responsible_agency, responsible_contact, reason)
        basis = (
            legal_basis.strip()
            or (GROUND_BASIS[Ground(ground)] if ground else "")
            or DEFAULT_BASIS.get(outcome, "")
        )
        if not basis:
            raise ActionRefused(ErrorCode.INVALID, "应写明答复的法律依据")
        app.ground = ground
        app.reply_returned = False
        app.responsible_agency = responsible_agency.strip() if ground == Ground.NOT_OURS else ""
        app.responsible_contact = responsible_contact.strip() if ground == Ground.NOT_OURS else ""
        app.reply_outcome = outcome
        app.reply_basis = basis
        app.reply_submitted_on = day
        app.reply_submitted_by = actor

    return act(
        actor=actor,
        application=application,
        action=Action.SUBMIT_REPLY,
        mutate=mutate,
        reason=reason,
        expected_version=expected_version,
    )


def application_approve_reply(
    *,
    actor: User,
    application: Application | int,
    approved_on: date | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Application:
    """The head of the OGI office approves the submitted reply: the letter is issued and the case
    closes on the day of approval with the submitted outcome and basis (§36)."""

    def mutate(app: Application, pauses: list[Pause]) -> None:
        day = _day(approved_on, app, what="审核通过日期")
        assert app.reply_submitted_on is not None
        if day < app.reply_submitted_on:
            raise ActionRefused(
                ErrorCode.INVALID, f"审核通过日期不能早于提交审核日期 {app.reply_submitted_on}"
            )
        _close(app, app.reply_outcome, app.reply_basis, day, pauses)

    return act(
        actor=actor,
        application=application,
        action=Action.APPROVE_REPLY,
        mutate=mutate,
        reason=reason,
        expected_version=expected_version,
    )


def application_return_reply(
    *,
    actor: User,
    application: Application | int,
    reason: str,
    expected_version: int | None = None,
) -> Application:
    """The head returns the draft reply to the handler, saying why; the case is 办理中 again."""

    def mutate(app: Application, pauses: list[Pause]) -> None:
        if not reason.strip():
            raise ActionRefused(ErrorCode.INVALID, "退回答复应当说明理由")
        _clear_reply(app)
        _clear_ground(app)
        app.reply_returned = True  # flagged on the handler's list until they submit again

    return act(
        actor=actor,
        application=application,
        action=Action.RETURN_REPLY,
        mutate=mutate,
        reason=reason,
        expected_version=expected_version,
    )


def application_withdraw(
    *,
    actor: User,
    application: Application | int,
    reason: str,
    on: date | None = None,
    expected_version: int | None = None,
) -> Application:
    """The applicant withdraws; counted under 表三 （六）其他处理 3.其他 (docs/law.md §4.3)."""

    def mutate(app: Application, pauses: list[Pause]) -> None:
        day = _day(on, app, what="撤回日期")
        if not reason.strip():
            raise ActionRefused(ErrorCode.INVALID, "应记录申请人撤回申请的方式和理由")
        _close(app, WITHDRAWN, "申请人撤回申请", day, pauses)

    return act(
        actor=actor,
        application=application,
        action=Action.WITHDRAW,
        mutate=mutate,
        reason=reason,
        expected_version=expected_version,
    )


def application_attach(
    *,
    actor: User,
    application: Application | int,
    upload: UploadedFile,
    reason: str = "",
    expected_version: int | None = None,
) -> Application:
    """Attach a file to the reply: the information it provides (条例 §36(2), §37), checked like
    every upload (``uploads.check_upload``: type by content, size by setting).  Only a reply that
    provides information has any (a closed case's, if it granted in whole or part)."""

    def mutate(app: Application, pauses: list[Pause]) -> None:
        if app.outcome and app.outcome not in PROVIDING:
            raise ActionRefused(
                ErrorCode.INVALID, "只有予以公开或者部分公开的答复才附送所公开的政府信息"
            )
        mime = check_upload(upload)
        name = (upload.name or "附件").rsplit("/", 1)[-1][:200]
        attachment = ReplyAttachment(
            application=app, name=name, content_type=mime, uploaded_on=_today()
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()

    return act(
        actor=actor,
        application=application,
        action=Action.ATTACH,
        mutate=mutate,
        reason=reason,
        expected_version=expected_version,
    )


def application_record_delivery(
    *,
    actor: User,
    application: Application | int,
    document: str,
    method: str,
    delivered_on: date | None = None,
    tracking_number: str = "",
    recipient: str = "",
    delivered_by: str = "",
    note: str = "",
    reason: str = "",
    expected_version: int | None = None,
) -> Application:
    """Record the 送达 of one of the case's notices (``notices.entries``): when, how (邮寄 with
    its 邮寄单号, 电子邮件, 当面, 网上获取), to whom (the notice's addressee unless said) and by
    whom (the actor unless said); printed on the 送达回证.  The reply delivered 网上获取 opens
    its attachments to the applicant on the portal."""

    def mutate(app: Application, pauses: list[Pause]) -> None:
        try:
            entry = notices.entry(app, document)
        except LookupError:
            raise ActionRefused(ErrorCode.INVALID, "本申请没有该文书，不能记录送达") from None
        if entry.key.startswith("service-"):
            raise ActionRefused(ErrorCode.INVALID, "送达回证不另行送达")
        if method not in DeliveryMethod.values:
            raise ActionRefused(ErrorCode.INVALID, "应选择送达方式")
        day = _day(delivered_on, app, what="送达日期")
        if entry.issued_on is not None and day < entry.issued_on:
            raise ActionRefused(
                ErrorCode.INVALID, f"送达日期不能早于文书的成文日期 {entry.issued_on}"
            )
        if method == DeliveryMethod.POST and not tracking_number.strip():
            raise ActionRefused(ErrorCode.INVALID, "邮寄送达应当填写邮寄单号")
        if method == DeliveryMethod.ONLINE and not entry.applicant:
            raise ActionRefused(ErrorCode.INVALID, "只有申请人的文书可以网上获取")
        Delivery.objects.create(
            application=app,
            document=entry.key,
            delivered_on=day,
            method=method,
            tracking_number=tracking_number.strip(),
            recipient=recipient.strip() or entry.recipient,
            delivered_by=delivered_by.strip() or actor.get_full_name() or actor.get_username(),
            note=note.strip(),
        )

    return act(
        actor=actor,
        application=application,
        action=Action.RECORD_DELIVERY,
        mutate=mutate,
        reason=reason,
        expected_version=expected_version,
    )


def handler_still_handling(membership: Membership) -> None:
    """Refuse to revoke the 承办人 role of someone still handling open cases (reassign first);
    asked by ``accounts.services.role_revoke`` (registered in ``apps``)."""
    if membership.role != Role.HANDLER:
        return
    handling = (
        Application.objects.filter(unit_id=membership.unit_id, handler_id=membership.user_id)
        .exclude(state=State.CLOSED)
        .count()
    )
    if handling:
        raise ActionRefused(
            ErrorCode.INVALID,
            f"{membership.user}仍承办{handling}件未办结申请，请先指定其他承办人（{law.ART_45.short()}）",
        )

"""The rules each action enforces, one test per rule with its article in the name."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from platform_world import RECEIVED, World

from gongkai import workdays
from gongkai_platform.applications import clock, selectors, services
from gongkai_platform.applications.models import Application, Channel, DueKind, Event
from gongkai_platform.applications.receipt import receipt_date
from gongkai_platform.applications.states import State
from gongkai_platform.core.errors import ActionRefused, ErrorCode

D = date.fromisoformat


def explain(app: Application) -> str:
    """The case page's explanation of the current due date, recomputed from the record."""
    due = clock.current_due(app, list(app.pauses.all()))
    assert due is not None
    return due.explanation


def refused(code: ErrorCode) -> pytest.RaisesExc[ActionRefused]:
    return pytest.raises(ActionRefused, check=lambda e: e.code is code)


# §31 date of receipt ----------------------------------------------------------------------------


def test_receipt_in_person_is_day_handed_in_条例第三十一条第一项() -> None:
    assert receipt_date(Channel.IN_PERSON, D("2025-03-03"), None, letter_signed=True) == D(
        "2025-03-03"
    )


def test_receipt_signed_letter_is_day_signed_for_条例第三十一条第二项() -> None:
    assert receipt_date(Channel.LETTER, D("2025-03-03"), D("2025-03-05"), letter_signed=True) == D(
        "2025-03-03"
    )


def test_receipt_ordinary_letter_is_confirmation_day_条例第三十一条第二项() -> None:
    assert receipt_date(Channel.LETTER, D("2025-03-03"), D("2025-03-04"), letter_signed=False) == D(
        "2025-03-04"
    )
    with refused(ErrorCode.INVALID):
        receipt_date(Channel.LETTER, D("2025-03-03"), None, letter_signed=False)


@pytest.mark.parametrize("channel", [Channel.ONLINE, Channel.FAX])
def test_receipt_online_and_fax_is_day_both_confirm_条例第三十一条第三项(channel: Channel) -> None:
    assert receipt_date(channel, D("2025-03-01"), D("2025-03-03"), letter_signed=True) == D(
        "2025-03-03"
    )
    with refused(ErrorCode.INVALID):
        receipt_date(channel, D("2025-03-01"), None, letter_signed=True)
    with refused(ErrorCode.INVALID):
        receipt_date(channel, D("2025-03-03"), D("2025-03-01"), letter_signed=True)


def test_register_keeps_arrival_and_confirmation_and_counts_from_receipt_条例第三十三条(
    world: World,
) -> None:
    app = world.register(
        channel=Channel.ONLINE, arrived_on=D("2025-02-28"), confirmed_on=D("2025-03-03")
    )
    assert (app.arrived_on, app.confirmed_on, app.received_on) == (
        D("2025-02-28"),
        D("2025-03-03"),
        RECEIVED,
    )
    assert app.due_kind == DueKind.REPLY
    assert app.due_on == workdays.reply_deadline(RECEIVED).due == D("2025-03-31")
    assert "期限届满日：2025-03-31" in explain(app)
    assert len(app.query_code) == 10 and app.number == "2025-0001"
    assert world.register().number == "2025-0002"


def test_register_requires_a_description_条例第二十九条(world: World) -> None:
    with refused(ErrorCode.INVALID):
        world.register(description="  ")


def test_register_refuses_a_future_date(world: World) -> None:
    with refused(ErrorCode.INVALID):
        world.register(arrived_on=date(2999, 1, 1))


def test_register_refuses_a_handler_of_another_unit(world: World) -> None:
    with refused(ErrorCode.INVALID):
        world.register(handler=world.other_handler)


# §30 补正 ----------------------------------------------------------------------------------------


def test_correction_notice_only_within_7_working_days_条例第三十条(world: World) -> None:
    app = world.register()
    last_day = workdays.correction_notice_deadline(RECEIVED).due  # 2025-03-12
    with refused(ErrorCode.TOO_LATE):
        services.application_request_correction(
            actor=world.handler,
            application=app,
            items="年份",
            reply_by=D("2025-04-01"),
            sent_on=last_day + (D("2025-03-13") - D("2025-03-12")),
        )
    services.application_request_correction(
        actor=world.handler,
        application=app,
        items="年份",
        reply_by=D("2025-04-01"),
        sent_on=last_day,
    )


def test_correction_notice_only_once_条例第三十条(world: World) -> None:
    app = world.register()
    services.application_request_correction(
        actor=world.handler,
        application=app,
        items="年份",
        reply_by=D("2025-03-14"),
        sent_on=D("2025-03-04"),
    )
    services.application_receive_correction(
        actor=world.registrar, application=app, received_on=D("2025-03-10")
    )
    with refused(ErrorCode.INVALID):
        services.application_request_correction(
            actor=world.handler,
            application=app,
            items="再补",
            reply_by=D("2025-03-20"),
            sent_on=D("2025-03-11"),
        )


def test_supplement_restarts_the_reply_clock_条例第三十条(world: World) -> None:
    app = world.register()
    app = services.application_request_correction(
        actor=world.handler,
        application=app,
        items="年份",
        reply_by=D("2025-03-14"),
        sent_on=D("2025-03-04"),
    )
    assert (app.due_kind, app.due_on) == (DueKind.CORRECTION_REPLY, D("2025-03-14"))
    app = services.application_receive_correction(
        actor=world.registrar, application=app, received_on=D("2025-03-10")
    )
    assert (
        app.due_on
        == workdays.reply_deadline(RECEIVED, restart_from=D("2025-03-10")).due
        == D("2025-04-08")
    )
    assert "重新起算" in explain(app)


def test_no_supplement_in_time_closes_as_overdue_correction_条例第三十条(world: World) -> None:
    app = world.register()
    services.application_request_correction(
        actor=world.handler,
        application=app,
        items="年份",
        reply_by=D("2025-03-14"),
        sent_on=D("2025-03-04"),
    )
    with refused(ErrorCode.TOO_EARLY):
        services.application_close_overdue_correction(
            actor=world.handler, application=app, on=D("2025-03-14")
        )
    app = services.application_close_overdue_correction(
        actor=world.handler, application=app, on=D("2025-03-17")
    )
    assert (app.state, app.outcome, app.closed_on) == (
        State.CLOSED,
        "other.overdue_correction",
        D("2025-03-17"),
    )
    assert "第三十条" in app.legal_basis and app.due_on is None


# §32 / §33 para. 3 consultations pause the clock --------------------------------------------------


def test_third_party_consultation_pauses_the_reply_clock_条例第三十二条_第三十三条第三款(
    world: World,
) -> None:
    app = world.register()
    app = services.application_consult_third_party(
        actor=world.handler, application=app, party="某公司", started_on=D("2025-03-10")
    )
    assert app.due_kind == DueKind.THIRD_PARTY_REPLY
    assert app.due_on == workdays.third_party_reply_deadline(D("2025-03-10")).due == D("2025-03-31")
    app = services.application_end_third_party(
        actor=world.handler, application=app, ended_on=D("2025-03-14"), opinion="agree"
    )
    pause = workdays.Pause(D("2025-03-10"), D("2025-03-14"))
    assert app.due_on == workdays.reply_deadline(RECEIVED, pauses=[pause]).due == D("2025-04-08")


def test_agency_consultation_pauses_the_reply_clock_条例第三十三条第三款(world: World) -> None:
    app = world.register()
    services.application_consult_agency(
        actor=world.handler, application=app, party="县局", started_on=D("2025-03-10")
    )
    app = services.application_end_agency(
        actor=world.handler, application=app, ended_on=D("2025-03-11"), opinion="agree"
    )
    assert app.due_on == D("2025-04-02")


# §33 para. 2 extension ------------------------------------------------------------------------------


def test_extension_adds_at_most_20_working_days_条例第三十三条第二款(world: World) -> None:
    app = world.register()
    with refused(ErrorCode.INVALID):
        services.application_extend(
            actor=world.approver, application=app, days=21, reason="档案", on=D("2025-03-20")
        )
    app = services.application_extend(
        actor=world.approver, application=app, days=20, reason="档案", on=D("2025-03-20")
    )
    assert (
        app.due_on == workdays.reply_deadline(RECEIVED, extension_days=20).due == D("2025-04-28")
    )  # 4-4 清明 off, 4-27 调休 on
    assert "延长答复期限20个工作日" in explain(app)


def test_extension_only_once_条例第三十三条第二款(world: World) -> None:
    app = world.register()
    services.application_extend(
        actor=world.approver, application=app, days=5, reason="档案", on=D("2025-03-20")
    )
    with refused(ErrorCode.INVALID):
        services.application_extend(
            actor=world.approver, application=app, days=5, reason="再延", on=D("2025-03-21")
        )


def test_extension_only_before_the_base_deadline_条例第三十三条第二款(world: World) -> None:
    app = world.register()
    with refused(ErrorCode.TOO_LATE):
        services.application_extend(
            actor=world.approver, application=app, days=5, reason="晚了", on=D("2025-04-01")
        )
    services.application_extend(
        actor=world.approver, application=app, days=5, reason="当天", on=D("2025-03-31")
    )


def test_extension_needs_a_reason_and_the_approver_条例第三十三条第二款(world: World) -> None:
    app = world.register()
    with refused(ErrorCode.INVALID):
        services.application_extend(
            actor=world.approver, application=app, days=5, reason=" ", on=D("2025-03-20")
        )
    with refused(ErrorCode.NOT_PERMITTED):
        services.application_extend(
            actor=world.handler, application=app, days=5, reason="档案", on=D("2025-03-20")
        )


# 109号 fees ------------------------------------------------------------------------------------------


def test_fee_notice_per_page_pauses_until_paid_国办函2020_109号(world: World) -> None:
    app = world.register()
    app = services.application_issue_fee_notice(
        actor=world.handler,
        application=app,
        method="per_page",
        units=120,
        sent_on=D("2025-03-05"),
        notice_received_on=D("2025-03-06"),
    )
    assert app.fee_amount == 70 * 10 + 20 * 20
    assert (app.due_kind, app.due_on) == (
        DueKind.FEE_PAYMENT,
        workdays.fee_payment_deadline(D("2025-03-06")).due,
    )
    app = services.application_record_fee_payment(
        actor=world.registrar, application=app, paid_on=D("2025-03-07")
    )
    pause = workdays.Pause(D("2025-03-05"), D("2025-03-07"))
    assert app.due_on == workdays.reply_deadline(RECEIVED, pauses=[pause]).due


def test_fee_per_piece_counts_the_applicants_month_国办函2020_109号第四条(world: World) -> None:
    apps = [world.register() for _ in range(11)]
    with refused(ErrorCode.INVALID):  # the 10th 件 of the month is still free
        services.application_issue_fee_notice(
            actor=world.handler,
            application=apps[9],
            method="per_piece",
            units=1,
            sent_on=D("2025-03-05"),
        )
    app = services.application_issue_fee_notice(
        actor=world.handler,
        application=apps[10],
        method="per_piece",
        units=1,
        sent_on=D("2025-03-05"),
    )
    assert app.fee_amount == 100


def test_unpaid_fee_closes_as_overdue_fee_after_20_working_days_国办函2020_109号(
    world: World,
) -> None:
    app = world.register()
    services.application_issue_fee_notice(
        actor=world.handler, application=app, method="per_page", units=31, sent_on=D("2025-03-05")
    )
    last_day = workdays.fee_payment_deadline(D("2025-03-05")).due
    with refused(ErrorCode.TOO_EARLY):
        services.application_close_overdue_fee(actor=world.handler, application=app, on=last_day)
    app = services.application_close_overdue_fee(
        actor=world.handler, application=app, on=D("2025-04-03")
    )
    assert app.outcome == "other.overdue_fee" and app.pauses.get().ended_on == D("2025-04-03")


# Closing (§36–§39) ------------------------------------------------------------------------------------


def test_reply_takes_exactly_one_表三_outcome_with_its_basis_条例第三十六条(world: World) -> None:
    app = world.register()
    with refused(ErrorCode.INVALID):
        services.application_submit_reply(
            actor=world.handler, application=app, outcome="carried_forward"
        )
    with refused(ErrorCode.INVALID):  # reached only through its own step (§30)
        services.application_submit_reply(
            actor=world.handler, application=app, outcome="other.overdue_correction"
        )
    app = world.close(app, "partially_granted")
    assert (app.outcome, app.legal_basis) == (
        "partially_granted",
        "《中华人民共和国政府信息公开条例》第三十七条",
    )


def test_reply_needs_a_basis_where_none_is_known(world: World) -> None:
    app = world.register()
    with refused(ErrorCode.INVALID):
        services.application_submit_reply(
            actor=world.handler, application=app, outcome="not_processed.confirm_or_reissue"
        )


def test_submitted_reply_awaits_the_审核人_and_the_clock_keeps_running_条例第三十六条(
    world: World,
) -> None:
    app = world.register()
    due = app.due_on
    app = services.application_submit_reply(
        actor=world.handler,
        application=app,
        outcome="partially_granted",
        submitted_on=D("2025-03-20"),
        reason="第3页涉及个人隐私，已作区分处理",
    )
    assert (app.state, app.reply_outcome, app.reply_submitted_on) == (
        State.AWAITING_APPROVAL,
        "partially_granted",
        D("2025-03-20"),
    )
    # Still open: no outcome, no closing date, the §33 deadline unchanged.
    assert (app.outcome, app.closed_on, app.due_on, app.due_kind) == ("", None, due, "reply")
    assert app.is_open
    with refused(ErrorCode.NOT_PERMITTED):  # the handler cannot approve their own reply
        services.application_approve_reply(actor=world.handler, application=app)
    with refused(ErrorCode.INVALID):
        services.application_approve_reply(
            actor=world.approver, application=app, approved_on=D("2025-03-19")
        )
    app = services.application_approve_reply(
        actor=world.approver, application=app, approved_on=D("2025-03-24")
    )
    assert (app.state, app.outcome, app.legal_basis, app.closed_on, app.reply_outcome) == (
        State.CLOSED,
        "partially_granted",
        "《中华人民共和国政府信息公开条例》第三十七条",
        D("2025-03-24"),  # the reply is issued on the day the head approves it
        "",
    )
    assert app.due_on is None
    event = app.events.last()
    assert event is not None and (event.action, event.actor) == ("approve_reply", world.approver)
    assert event.after["outcome"] == "partially_granted" and event.before["state"] == (
        "awaiting_approval"
    )


def test_returned_reply_needs_a_reason_and_reopens_the_case_条例第三十六条(world: World) -> None:
    app = world.register()
    services.application_submit_reply(
        actor=world.handler, application=app, outcome="granted", ground="36_2"
    )
    with refused(ErrorCode.INVALID):
        services.application_return_reply(actor=world.approver, application=app, reason=" ")
    app = services.application_return_reply(
        actor=world.approver, application=app, reason="应为部分公开，第3页含个人信息"
    )
    assert (app.state, app.reply_outcome, app.reply_basis, app.reply_submitted_on) == (
        State.IN_PROGRESS,
        "",
        "",
        None,
    )
    event = app.events.last()
    assert event is not None and event.reason == "应为部分公开，第3页含个人信息"
    assert event.before["reply_outcome"] == "granted" and event.after["reply_outcome"] == ""
    app = world.close(app, "partially_granted", D("2025-03-25"))
    assert (app.state, app.outcome) == (State.CLOSED, "partially_granted")


def test_withdrawal_while_awaiting_approval_drops_the_draft(world: World) -> None:
    app = world.register()
    services.application_submit_reply(
        actor=world.handler, application=app, outcome="granted", ground="36_2"
    )
    app = services.application_withdraw(
        actor=world.registrar, application=app, reason="申请人书面撤回", on=D("2025-03-20")
    )
    assert (app.state, app.outcome, app.reply_outcome) == (State.CLOSED, "other.other", "")


def test_withdrawal_counts_as_other(world: World) -> None:
    app = world.register()
    services.application_consult_third_party(
        actor=world.handler, application=app, party="某公司", started_on=D("2025-03-05")
    )
    app = services.application_withdraw(
        actor=world.registrar, application=app, reason="电话撤回", on=D("2025-03-07")
    )
    assert app.outcome == "other.other" and app.pauses.get().ended_on == D("2025-03-07")


# Audit trail (§45) ------------------------------------------------------------------------------------


def test_each_action_writes_one_event_with_before_and_after_条例第四十五条(world: World) -> None:
    app = world.register()
    app = services.application_extend(
        actor=world.approver, application=app, days=5, reason="档案", on=D("2025-03-20")
    )
    event = Event.objects.filter(application=app).last()
    assert event is not None
    assert (event.actor, event.reason) == (world.approver, "档案")
    assert event.before == {"extension_days": 0, "extended_on": None, "due_on": "2025-03-31"}
    assert event.after == {"extension_days": 5, "extended_on": "2025-03-20", "due_on": "2025-04-08"}
    assert "110101" not in str(Event.objects.filter(application=app).values_list("before", "after"))


def test_a_refused_action_changes_nothing(world: World) -> None:
    app = world.register()
    with refused(ErrorCode.INVALID):
        services.application_issue_fee_notice(
            actor=world.handler, application=app, method="per_page", units=10,
            sent_on=D("2025-03-05"),  # within the reply period: refused as free, not as late
        )  # fmt: skip
    app.refresh_from_db()
    assert app.state == State.IN_PROGRESS and app.version == 1 and not app.pauses.exists()
    assert Event.objects.filter(application=app).count() == 1


def test_a_stale_form_is_refused(world: World) -> None:
    app = world.register()
    services.application_assign(actor=world.approver, application=app, handler=world.handler)
    with refused(ErrorCode.STALE):
        services.application_extend(
            actor=world.approver,
            application=app,
            days=5,
            reason="x",
            on=D("2025-03-20"),
            expected_version=1,
        )


# Uploads ------------------------------------------------------------------------------------------------


def test_identity_proof_is_checked_by_content_and_size(world: World, settings: object) -> None:
    with refused(ErrorCode.INVALID):
        world.register(identity_proof=SimpleUploadedFile("id.pdf", b"MZ\x90\x00 not a pdf"))
    with refused(ErrorCode.INVALID):
        world.register(identity_proof=SimpleUploadedFile("id.exe", b"%PDF-1.7 ..."))
    settings.UPLOAD_MAX_BYTES = 10
    with refused(ErrorCode.INVALID):
        world.register(identity_proof=SimpleUploadedFile("id.pdf", b"%PDF-1.7 0123456789"))
    settings.UPLOAD_MAX_BYTES = 1000
    app = world.register(identity_proof=SimpleUploadedFile("id.pdf", b"%PDF-1.7 ok"))
    assert app.identity_proof.name.startswith("identity/")


# Scoping ------------------------------------------------------------------------------------------------


def test_a_user_of_one_unit_cannot_read_or_change_anothers_records(world: World) -> None:
    theirs = world.register()
    assert not selectors.application_list(world.other_handler).filter(pk=theirs.pk).exists()
    with pytest.raises(Application.DoesNotExist):
        selectors.application_get(world.other_handler, theirs.pk)
    with refused(ErrorCode.NOT_PERMITTED):
        services.application_submit_reply(
            actor=world.other_handler, application=theirs, outcome="granted", ground="36_2"
        )
    with refused(ErrorCode.NOT_PERMITTED):
        world.register(actor=world.other_handler)  # registering into town A


def test_supervisor_reads_the_subtree_and_changes_nothing(world: World) -> None:
    a = world.register()
    b = world.register(unit=world.town_b, actor=world.other_handler, handler=world.other_handler)
    visible = set(selectors.application_list(world.supervisor).values_list("pk", flat=True))
    assert visible == {a.pk, b.pk}
    with refused(ErrorCode.NOT_PERMITTED):
        services.application_submit_reply(
            actor=world.supervisor, application=a, outcome="granted", ground="36_2"
        )


def test_due_flags(world: World) -> None:
    app = world.register()
    assert app.due_on is not None
    soon = selectors.soon_limit(D("2025-03-26"))
    assert selectors.flag(app, D("2025-03-26"), soon) == "soon"
    assert selectors.flag(app, D("2025-04-01"), selectors.soon_limit(D("2025-04-01"))) == "overdue"
    assert selectors.flag(app, D("2025-03-04"), selectors.soon_limit(D("2025-03-04"))) == ""

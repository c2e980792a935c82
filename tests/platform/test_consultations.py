"""Consulting a third party (条例第三十二条) or another agency (第三十四条): the 15 working days
run from the party's receipt of the request; the opinion is recorded, silence only once the
period ran out; disclosing over a third party's objection records the written notice to it.
Several consultations run at once, each on its own clock, the reply clock paused over their
union (docs/law.md §8).  And the later deadline an agency sets under 第三十五条."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core import mail
from platform_world import World

from gongkai import workdays
from gongkai_platform.applications import clock, notices, services
from gongkai_platform.applications.models import DueKind, Opinion
from gongkai_platform.applications.states import State
from gongkai_platform.core.errors import ActionRefused, ErrorCode
from gongkai_platform.oversight import selectors as oversight

D = date.fromisoformat


def refused(code: ErrorCode, match: str | None = None) -> pytest.RaisesExc[ActionRefused]:
    return pytest.raises(ActionRefused, match=match, check=lambda e: e.code is code)


def test_the_15_days_run_from_the_third_partys_receipt_条例第三十二条(world: World) -> None:
    app = services.application_consult_third_party(
        actor=world.handler, application=world.register(), party="某公司",
        started_on=D("2025-03-05"), party_received_on=D("2025-03-10"),
    )  # fmt: skip
    assert app.due_kind == DueKind.THIRD_PARTY_REPLY
    assert app.due_on == workdays.third_party_reply_deadline(D("2025-03-10")).due
    assert app.due_on > workdays.third_party_reply_deadline(D("2025-03-05")).due


def test_receipt_learned_at_the_end_is_recorded_条例第三十二条(world: World) -> None:
    app = services.application_consult_third_party(
        actor=world.handler,
        application=world.register(),
        party="某公司",
        started_on=D("2025-03-05"),
    )
    assert app.due_on == workdays.third_party_reply_deadline(D("2025-03-05")).due  # until known
    app = services.application_end_third_party(
        actor=world.handler, application=app, opinion=Opinion.AGREE, ended_on=D("2025-03-12"),
        party_received_on=D("2025-03-07"),
    )  # fmt: skip
    assert app.pauses.get().party_received_on == D("2025-03-07")


def test_silence_is_recorded_only_after_the_period_条例第三十二条_第三十四条(world: World) -> None:
    app = services.application_consult_agency(
        actor=world.handler, application=world.register(), party="县财政局",
        started_on=D("2025-03-05"), party_received_on=D("2025-03-06"),
    )  # fmt: skip
    last = workdays.co_maker_reply_deadline(D("2025-03-06")).due
    with refused(ErrorCode.TOO_EARLY, "第三十四条"):
        services.application_end_agency(
            actor=world.handler, application=app, opinion=Opinion.SILENT, ended_on=last
        )
    app = services.application_end_agency(
        actor=world.handler, application=app, opinion=Opinion.SILENT,
        ended_on=workdays.co_maker_reply_deadline(last).due,
    )  # fmt: skip
    assert app.pauses.get().opinion == Opinion.SILENT


def test_an_opinion_must_be_recorded_条例第三十二条(world: World) -> None:
    app = services.application_consult_third_party(
        actor=world.handler,
        application=world.register(),
        party="某公司",
        started_on=D("2025-03-05"),
    )
    with refused(ErrorCode.INVALID, "应记录对方的意见"):
        services.application_end_third_party(
            actor=world.handler, application=app, opinion="", ended_on=D("2025-03-12")
        )


def test_overriding_an_objection_records_the_written_notice_条例第三十二条(world: World) -> None:
    app = services.application_consult_third_party(
        actor=world.handler,
        application=world.register(),
        party="某公司",
        started_on=D("2025-03-05"),
    )
    with refused(ErrorCode.INVALID, "不同意公开"):
        services.application_end_third_party(
            actor=world.handler, application=app, opinion=Opinion.AGREE,
            ended_on=D("2025-03-12"), party_notified_on=D("2025-03-12"),
        )  # fmt: skip
    app = services.application_end_third_party(
        actor=world.handler, application=app, opinion=Opinion.OBJECT, ended_on=D("2025-03-12"),
        note="涉及商业秘密，但不公开会对公共利益造成重大影响", party_notified_on=D("2025-03-13"),
    )  # fmt: skip
    pause = app.pauses.get()
    assert (pause.opinion, pause.party_notified_on) == (Opinion.OBJECT, D("2025-03-13"))
    event = app.events.order_by("id").last()
    assert event is not None  # the trail keeps the opinion and the notice day
    assert event.after["pauses"][0][-2:] == [Opinion.OBJECT, "2025-03-13"]


# --- several consultations at once --------------------------------------------------------------


def test_several_consultations_at_once_each_on_its_own_clock_条例第三十二条_第三十四条(
    world: World,
) -> None:
    app = world.register()
    services.application_consult_third_party(
        actor=world.handler, application=app, party="甲公司", started_on=D("2025-03-04"),
        party_received_on=D("2025-03-05"),
    )  # fmt: skip
    app = services.application_consult_agency(
        actor=world.handler, application=app, party="县财政局", started_on=D("2025-03-06")
    )
    assert app.state == State.THIRD_PARTY  # a third party is among those consulted
    # The next date that matters is the earlier of the two own deadlines.
    own = {p.party: clock.consultation_deadline(p).due for p in app.pauses.all()}
    assert own == {
        "甲公司": workdays.third_party_reply_deadline(D("2025-03-05")).due,
        "县财政局": workdays.co_maker_reply_deadline(D("2025-03-06")).due,
    }
    assert app.due_on == min(own.values())
    # The agency's receipt is learned later: its own 15 days now run from it.
    app = services.application_receive_consultation(
        actor=world.handler, application=app, received_on=D("2025-03-10")
    )
    agency = app.pauses.get(party="县财政局")
    assert agency.party_received_on == D("2025-03-10")
    assert (
        clock.consultation_deadline(agency).due
        == workdays.co_maker_reply_deadline(D("2025-03-10")).due
    )
    # The third party answers first: the case still waits for the agency.
    app = services.application_end_third_party(
        actor=world.handler, application=app, opinion=Opinion.AGREE, ended_on=D("2025-03-12")
    )
    assert (app.state, app.due_kind) == (State.AGENCY, DueKind.AGENCY_REPLY)
    app = services.application_end_agency(
        actor=world.handler, application=app, opinion=Opinion.AGREE, ended_on=D("2025-03-18")
    )
    assert (app.state, app.due_kind) == (State.IN_PROGRESS, DueKind.REPLY)
    # Paused from the first start to the last end, overlapping days once: 03-04 … 03-18.
    union = workdays.Pause(D("2025-03-04"), D("2025-03-18"))
    assert app.due_on == workdays.reply_deadline(app.received_on, pauses=[union]).due
    explanation = clock.current_due(app, list(app.pauses.all()))
    assert explanation is not None
    assert "合并为 2025-03-04 至 2025-03-18" in explanation.explanation
    assert "甲公司" in explanation.explanation and "县财政局" in explanation.explanation
    # Each step is one event on the case's timeline.
    steps = list(app.events.order_by("id").values_list("action", flat=True))
    assert steps[-5:] == [
        "start_third_party", "start_agency", "receive_consultation", "end_third_party",
        "end_agency",
    ]  # fmt: skip


def test_a_recorded_receipt_day_is_corrected_with_a_reason_条例第三十二条(world: World) -> None:
    """The party's receipt starts its 15 working days (§32): a wrong day moves its deadline and
    the reply's, so it may be corrected, with the reason, and the trail keeps both days."""
    app = services.application_consult_third_party(
        actor=world.handler, application=world.register(), party="甲公司",
        started_on=D("2025-03-05"), party_received_on=D("2025-03-07"),
    )  # fmt: skip
    pause = app.pauses.get()
    with refused(ErrorCode.INVALID, "应当说明理由"):
        services.application_receive_consultation(
            actor=world.handler, application=app, received_on=D("2025-03-10"), consultation=pause
        )
    with refused(ErrorCode.INVALID, "无需更改"):
        services.application_receive_consultation(
            actor=world.handler, application=app, received_on=D("2025-03-07"),
            consultation=pause, reason="核对",
        )  # fmt: skip
    app = services.application_receive_consultation(
        actor=world.handler, application=app, received_on=D("2025-03-10"), consultation=pause,
        reason="邮寄回执显示3月10日签收",
    )  # fmt: skip
    pause.refresh_from_db()
    assert pause.party_received_on == D("2025-03-10")
    assert app.due_on == workdays.third_party_reply_deadline(D("2025-03-10")).due
    event = app.events.latest("id")
    assert event.reason == "邮寄回执显示3月10日签收"
    before = {tuple(p[:2]): p for p in event.before["pauses"]}
    after = {tuple(p[:2]): p for p in event.after["pauses"]}
    key = (pause.pk, "third_party")
    assert "2025-03-07" in before[key] and "2025-03-10" in after[key]


def test_ending_one_of_several_names_which_条例第三十二条(world: World) -> None:
    app = world.register()
    for party in ("甲公司", "乙公司"):
        app = services.application_consult_third_party(
            actor=world.handler, application=app, party=party, started_on=D("2025-03-04")
        )
    with refused(ErrorCode.INVALID, "有2项进行中的征求第三方意见"):
        services.application_end_third_party(
            actor=world.handler, application=app, opinion=Opinion.AGREE, ended_on=D("2025-03-07")
        )
    with refused(ErrorCode.INVALID, "请勿重复登记"):
        services.application_consult_third_party(
            actor=world.handler, application=app, party="甲公司", started_on=D("2025-03-05")
        )
    second = app.pauses.get(party="乙公司")
    app = services.application_end_third_party(
        actor=world.handler, application=app, opinion=Opinion.OBJECT, ended_on=D("2025-03-07"),
        consultation=second,
    )  # fmt: skip
    assert app.state == State.THIRD_PARTY  # 甲公司 still consulted
    assert app.pauses.get(party="甲公司").opinion == ""
    with refused(ErrorCode.INVALID, "没有进行中的征求其他机关意见"):
        services.application_end_agency(
            actor=world.handler, application=app, opinion=Opinion.AGREE, ended_on=D("2025-03-07")
        )


def test_silence_of_each_party_after_its_own_period_条例第三十二条_第三十四条(world: World) -> None:
    app = world.register()
    services.application_consult_third_party(
        actor=world.handler, application=app, party="甲公司", started_on=D("2025-03-04"),
        party_received_on=D("2025-03-04"),
    )  # fmt: skip
    services.application_consult_agency(
        actor=world.handler, application=app, party="县财政局", started_on=D("2025-03-04"),
        party_received_on=D("2025-03-11"),
    )  # fmt: skip
    third_party_last = workdays.third_party_reply_deadline(D("2025-03-04")).due
    agency_last = workdays.co_maker_reply_deadline(D("2025-03-11")).due
    day_after = workdays.add_working_days(third_party_last, 1).due
    assert day_after <= agency_last  # the third party's period ran out, the agency's has not
    app = services.application_end_third_party(
        actor=world.handler, application=app, opinion=Opinion.SILENT, ended_on=day_after
    )
    with refused(ErrorCode.TOO_EARLY, str(agency_last)):
        services.application_end_agency(
            actor=world.handler, application=app, opinion=Opinion.SILENT, ended_on=day_after
        )


def test_an_overridden_objection_is_told_to_each_third_party_in_writing_条例第三十二条(
    world: World,
) -> None:
    app = world.register()
    for party in ("甲公司", "乙公司"):
        app = services.application_consult_third_party(
            actor=world.handler, application=app, party=party, started_on=D("2025-03-04")
        )
    first, second = app.pauses.order_by("id")
    app = services.application_end_third_party(
        actor=world.handler, application=app, opinion=Opinion.OBJECT, ended_on=D("2025-03-07"),
        consultation=first,
    )  # fmt: skip
    app = services.application_end_third_party(
        actor=world.handler, application=app, opinion=Opinion.AGREE, ended_on=D("2025-03-07"),
        consultation=second,
    )  # fmt: skip
    with refused(ErrorCode.INVALID, "内容和理由"):
        services.application_notify_third_party(
            actor=world.handler, application=app, notified_on=D("2025-03-10"), reason=""
        )
    with refused(ErrorCode.INVALID, "不同意公开且尚未书面告知的第三方"):
        services.application_notify_third_party(
            actor=world.handler, application=app, notified_on=D("2025-03-10"),
            reason="公共利益", consultation=second,
        )  # fmt: skip
    app = services.application_notify_third_party(
        actor=world.handler, application=app, notified_on=D("2025-03-10"),
        reason="不公开会对公共利益造成重大影响，决定公开",
    )  # fmt: skip
    first.refresh_from_db()
    assert first.party_notified_on == D("2025-03-10")
    event = app.events.order_by("id").last()
    assert event is not None and event.action == "notify_third_party"
    assert event.after["pauses"][0][0] == first.pk and event.after["pauses"][0][-1] == "2025-03-10"
    with refused(ErrorCode.INVALID, "不同意公开且尚未书面告知的第三方"):  # once
        services.application_notify_third_party(
            actor=world.handler, application=app, notified_on=D("2025-03-11"), reason="再次"
        )


# --- §35: the agency-set later deadline -----------------------------------------------------------


def test_a_later_deadline_needs_reasons_asked_a_reason_and_a_later_date_条例第三十五条(
    world: World,
) -> None:
    app = world.register()
    statutory = workdays.reply_deadline(app.received_on).due
    later = D("2025-05-30")
    with refused(ErrorCode.INVALID, "应当先要求申请人说明理由"):
        services.application_set_later_deadline(
            actor=world.approver, application=app, later_due_on=later, reason="理由合理",
            decided_on=D("2025-03-06"),
        )  # fmt: skip
    app = services.application_ask_reasons(
        actor=world.handler, application=app, reason="一周内申请120项", asked_on=D("2025-03-04")
    )
    with refused(ErrorCode.NOT_PERMITTED):  # the OGI office head decides, as for an extension
        services.application_set_later_deadline(
            actor=world.handler, application=app, later_due_on=later, reason="理由合理",
            decided_on=D("2025-03-06"),
        )  # fmt: skip
    with refused(ErrorCode.INVALID, "应当说明理由（条例第三十五条）"):
        services.application_set_later_deadline(
            actor=world.approver, application=app, later_due_on=later, reason=" ",
            decided_on=D("2025-03-06"),
        )  # fmt: skip
    with refused(ErrorCode.INVALID, f"应晚于法定答复期限 {statutory}"):
        services.application_set_later_deadline(
            actor=world.approver, application=app, later_due_on=statutory, reason="理由合理",
            decided_on=D("2025-03-06"),
        )  # fmt: skip
    with refused(ErrorCode.TOO_LATE, "届满前确定"):
        services.application_set_later_deadline(
            actor=world.approver, application=app, later_due_on=later, reason="理由合理",
            decided_on=workdays.add_working_days(statutory, 1).due,
        )  # fmt: skip
    app = services.application_set_later_deadline(
        actor=world.approver, application=app, later_due_on=later,
        reason="申请人说明理由合理，120项需逐项检索", decided_on=D("2025-03-06"),
    )  # fmt: skip
    assert (app.due_on, app.due_kind, app.later_due_on) == (later, DueKind.LATER_REPLY, later)
    due = clock.current_due(app, [])
    assert due is not None
    assert f"确定延迟答复的合理期限为 {later}" in due.explanation
    assert f"晚于上述法定答复期限 {statutory}（条例第三十五条）" in due.explanation
    assert f"期限届满日：{statutory}" in due.explanation  # the statutory count is shown too
    event = app.events.order_by("id").last()
    assert event is not None and event.action == "set_later_deadline"
    assert event.after["later_due_on"] == "2025-05-30" and "逐项检索" in event.reason
    with refused(ErrorCode.INVALID, "已确定延迟答复期限"):
        services.application_set_later_deadline(
            actor=world.approver, application=app, later_due_on=D("2025-06-30"),
            reason="再延", decided_on=D("2025-03-07"),
        )  # fmt: skip


def test_a_consultation_after_the_later_deadline_leaves_the_agencys_date_条例第三十五条(
    world: World,
) -> None:
    """A consultation moves the statutory deadline, not the agency's date; once the statutory
    deadline passes the agency's date, the statutory one governs (and says why)."""
    app = world.register()
    services.application_ask_reasons(
        actor=world.handler, application=app, reason="频次过高", asked_on=D("2025-03-04")
    )
    statutory = workdays.reply_deadline(app.received_on).due
    later = workdays.add_working_days(statutory, 2).due
    services.application_set_later_deadline(
        actor=world.approver, application=app, later_due_on=later, reason="理由合理",
        decided_on=D("2025-03-05"),
    )  # fmt: skip
    services.application_consult_agency(
        actor=world.handler, application=app, party="县财政局", started_on=D("2025-03-06")
    )
    app = services.application_end_agency(
        actor=world.handler, application=app, opinion=Opinion.AGREE, ended_on=D("2025-03-12")
    )
    moved = workdays.reply_deadline(
        app.received_on, pauses=[workdays.Pause(D("2025-03-06"), D("2025-03-12"))]
    ).due
    assert moved > later
    assert (app.due_on, app.due_kind) == (moved, DueKind.REPLY)
    due = clock.current_due(app, list(app.pauses.all()))
    assert due is not None and f"延迟答复期限 {later} 不晚于法定答复期限" in due.explanation


def test_no_extension_on_top_of_a_later_deadline_条例第三十五条(world: World) -> None:
    app = world.register()
    services.application_ask_reasons(
        actor=world.handler, application=app, reason="频次过高", asked_on=D("2025-03-04")
    )
    services.application_set_later_deadline(
        actor=world.approver, application=app, later_due_on=D("2025-05-30"), reason="理由合理",
        decided_on=D("2025-03-05"),
    )  # fmt: skip
    with refused(ErrorCode.INVALID, "不再延长答复期限"):
        services.application_extend(
            actor=world.approver, application=app, days=10, reason="档案", on=D("2025-03-06")
        )


def test_the_applicant_is_told_of_the_later_deadline_and_the_letter_says_why_条例第三十五条(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.GONGKAI_NOTIFIERS = ["gongkai_platform.applications.notify.EmailNotifier"]
    app = world.register(email="zhang@example.com")
    services.application_ask_reasons(
        actor=world.handler, application=app, reason="一周内申请120项", asked_on=D("2025-03-04")
    )
    with pytest.raises(LookupError):  # no 延迟答复告知书 before the later deadline is set
        notices.build(app, "later")
    with django_capture_on_commit_callbacks(execute=True):
        app = services.application_set_later_deadline(
            actor=world.approver, application=app, later_due_on=D("2025-05-30"),
            reason="120项信息需逐项检索、审查", decided_on=D("2025-03-05"),
        )  # fmt: skip
    (message,) = mail.outbox
    assert "延迟答复" in message.subject
    assert "2025年05月30日" in message.body and "第三十五条" in message.body
    text = notices.build(app, "later").paragraphs[0]
    statutory = workdays.reply_deadline(app.received_on).due
    assert "于2025年3月4日要求您说明理由" in text
    assert (
        f"无法在{statutory.year}年{statutory.month}月{statutory.day}日（法定答复期限）前答复"
        in text
    )
    assert "《中华人民共和国政府信息公开条例》第三十五条" in text
    assert "延迟答复的合理期限为2025年5月30日" in text and text.endswith(
        "120项信息需逐项检索、审查。"
    )


def test_a_reply_by_the_later_deadline_is_on_time_in_oversight_条例第三十五条(
    world: World,
) -> None:
    """Oversight's on-time rate measures each reply against its due date, the §35 date included:
    five replies after the statutory deadline, all by the agency's later date."""
    apps = []
    for _ in range(oversight.MIN_COUNT):
        app = world.register()
        services.application_ask_reasons(
            actor=world.handler, application=app, reason="频次过高", asked_on=D("2025-03-04")
        )
        services.application_set_later_deadline(
            actor=world.approver, application=app, later_due_on=D("2025-05-30"),
            reason="理由合理", decided_on=D("2025-03-05"),
        )  # fmt: skip
        apps.append(world.close(app, "granted", on=D("2025-05-20")))
    assert all(a.closed_on > workdays.reply_deadline(a.received_on).due for a in apps)
    assert oversight.metrics(apps, {}).on_time_rate == 1.0

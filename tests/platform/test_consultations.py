"""Consulting a third party (条例第三十二条) or another agency (第三十四条): the 15 working days
run from the party's receipt of the request; the opinion is recorded, silence only once the
period ran out; disclosing over a third party's objection records the written notice to it."""

from __future__ import annotations

from datetime import date

import pytest
from platform_world import World

from gongkai import workdays
from gongkai_platform.applications import services
from gongkai_platform.applications.models import DueKind, Opinion
from gongkai_platform.core.errors import ActionRefused, ErrorCode

D = date.fromisoformat


def refused(code: ErrorCode, match: str = "") -> pytest.RaisesExc[ActionRefused]:
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

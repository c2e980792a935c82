"""The fee rules of 国办函〔2020〕109号 as the platform applies them (the pure functions are
``gongkai.fees``, tested in tests/): the month's running count with split applications, and a
收费通知 only within the reply period (条例第三十三条)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from platform_world import World

from gongkai import workdays
from gongkai.fees import piece_rate
from gongkai_platform.applications import services
from gongkai_platform.applications.forms import IntakeForm
from gongkai_platform.applications.models import Application
from gongkai_platform.core.errors import ActionRefused, ErrorCode

D = date.fromisoformat


def per_piece(world: World, app: Application, units: int = 1) -> Application:
    return services.application_issue_fee_notice(
        actor=world.handler, application=app, method="per_piece", units=units,
        sent_on=D("2025-03-05"),
    )  # fmt: skip


def test_a_split_application_counts_as_its_pieces_in_the_month_国办函2020_109号第四条(
    world: World,
) -> None:
    world.register(pieces=9)  # one application split into 9 件, none charged (all free)
    world.register()  # the 10th 件
    app = per_piece(world, world.register())  # the 11th 件 of the month: charged
    assert app.fee_amount == piece_rate(11) > 0


def test_without_the_split_the_same_month_stays_free_国办函2020_109号第四条(world: World) -> None:
    world.register()
    world.register()
    with pytest.raises(ActionRefused, check=lambda e: e.code is ErrorCode.INVALID):
        per_piece(world, world.register())  # the 3rd 件: free, so no notice


def test_a_per_piece_fee_notice_counts_its_pieces_for_later_applications_国办函2020_109号第四条(
    world: World,
) -> None:
    first = per_piece(world, world.register(), units=12)  # 件 1–12: 11 and 12 charged
    assert first.fee_amount == piece_rate(11) + piece_rate(12)
    later = per_piece(world, world.register())  # the 13th 件, not the 2nd
    assert later.fee_amount == piece_rate(13)


def test_another_applicants_pieces_do_not_count_国办函2020_109号第四条(world: World) -> None:
    world.register(pieces=20, id_number="110101198001011111")
    with pytest.raises(ActionRefused, check=lambda e: e.code is ErrorCode.INVALID):
        per_piece(world, world.register())


def test_intake_form_records_the_pieces_国办函2020_109号第四条(world: World) -> None:
    form = IntakeForm(
        {
            "unit": world.town_a.pk,
            "channel": "in_person",
            "arrived_on": "2025-03-03",
            "applicant_type": "natural_person",
            "applicant_name": "张三",
            "id_number": "110101199003071234",
            "description": "三项信息",
            "pieces": "3",
        },
        units=type(world.town_a).objects.filter(pk=world.town_a.pk),
    )
    assert form.is_valid(), form.errors
    assert form.register(world.registrar).pieces == 3
    assert not IntakeForm({"pieces": "0"}, units=type(world.town_a).objects.none()).is_valid()


def test_fee_notice_only_within_the_reply_period_条例第三十三条_国办函2020_109号(
    world: World,
) -> None:
    app = world.register()  # received 2025-03-03
    due = workdays.reply_deadline(app.received_on).due
    with pytest.raises(ActionRefused, check=lambda e: e.code is ErrorCode.TOO_LATE) as refusal:
        services.application_issue_fee_notice(
            actor=world.handler, application=app, method="per_page", units=120,
            sent_on=due + timedelta(days=1),
        )  # fmt: skip
    assert "答复期限内" in refusal.value.message
    app = services.application_issue_fee_notice(
        actor=world.handler, application=app, method="per_page", units=120, sent_on=due
    )
    assert app.fee_amount and app.fee_amount > 0

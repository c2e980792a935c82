"""条例第四十一条: a request to correct a record about the requester is registered and answered
(corrected; passed or pointed to the agency that may correct it, named; or not verified, with
reasons), each step one event of its own chain, personal data out of the trail and masked."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from platform_world import World

from gongkai_platform.applications.corrections import correction_register, correction_reply
from gongkai_platform.applications.models import CorrectionEvent, RecordCorrection
from gongkai_platform.core.audit import verify
from gongkai_platform.core.errors import ActionRefused, ErrorCode

D = date.fromisoformat


def register(world: World, **overrides: object) -> RecordCorrection:
    fields: dict[str, object] = {
        "actor": world.registrar,
        "unit": world.town_a,
        "received_on": D("2025-04-01"),
        "requester_name": "张三",
        "id_number": "110101199003071234",
        "record": "2024年低保名单中本人的家庭人口数",
        "evidence": "户口簿显示家庭人口为4人，名单记为3人",
    }
    fields.update(overrides)
    return correction_register(**fields)  # type: ignore[arg-type]


def test_register_and_correct_条例第四十一条(world: World) -> None:
    correction = register(world)
    answered = correction_reply(
        actor=world.handler, correction=correction, reply="corrected", replied_on=D("2025-04-10")
    )
    assert (answered.reply, answered.replied_on) == ("corrected", D("2025-04-10"))
    events = list(CorrectionEvent.objects.filter(correction=correction).order_by("id"))
    assert [e.action for e in events] == ["register", "reply"]
    assert "张三" not in str(events[0].after) and "110101" not in str(events[0].after)
    assert list(verify([CorrectionEvent])) == []
    with pytest.raises(ActionRefused, match="已经答复"):
        correction_reply(
            actor=world.handler, correction=correction, reply="corrected",
            replied_on=D("2025-04-11"),
        )  # fmt: skip


def test_another_agencys_record_names_that_agency_条例第四十一条(world: World) -> None:
    with pytest.raises(ActionRefused, match="有权更正的机关"):
        correction_reply(
            actor=world.handler, correction=register(world), reply="transferred",
            replied_on=D("2025-04-10"),
        )  # fmt: skip
    answered = correction_reply(
        actor=world.handler, correction=register(world), reply="referred",
        replied_on=D("2025-04-10"), other_agency="示例县民政局",
    )  # fmt: skip
    assert answered.other_agency == "示例县民政局"


def test_refusing_to_correct_needs_reasons_and_evidence_is_required_条例第四十一条(
    world: World,
) -> None:
    with pytest.raises(ActionRefused, match="说明理由"):
        correction_reply(
            actor=world.handler, correction=register(world), reply="not_verified",
            replied_on=D("2025-04-10"),
        )  # fmt: skip
    with pytest.raises(ActionRefused, match="证据"):
        register(world, evidence=" ")


def test_roles_of_the_unit_条例第四十一条(world: World) -> None:
    for actor in (world.approver, world.admin, world.supervisor, world.other_handler):
        with pytest.raises(ActionRefused, check=lambda e: e.code is ErrorCode.NOT_PERMITTED):
            register(world, actor=actor)
    correction = register(world)
    with pytest.raises(ActionRefused, check=lambda e: e.code is ErrorCode.NOT_PERMITTED):
        correction_reply(
            actor=world.registrar, correction=correction, reply="corrected",
            replied_on=D("2025-04-10"),
        )  # fmt: skip


def test_the_corrections_page_registers_and_answers(client: Client, world: World) -> None:
    url = reverse("record_corrections")
    assert client.login(username="handler", password="pw-handler")
    response = client.post(
        url,
        {
            "register": "1", "register-unit": world.town_a.pk,
            "register-received_on": "2025-04-01", "register-requester_name": "李四",
            "register-id_number": "110101199003075678", "register-record": "补贴发放记录",
            "register-evidence": "银行流水显示未到账",
        },
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "补贴发放记录" in page and "待答复" in page
    assert "110***********5678" in page and "110101199003075678" not in page  # masked
    correction = RecordCorrection.objects.get()
    client.post(
        url,
        {"reply": "1", "reply-correction": correction.pk, "reply-reply": "corrected",
         "reply-replied_on": "2025-04-08"},
    )  # fmt: skip
    correction.refresh_from_db()
    assert correction.reply == "corrected"
    assert client.login(username="admin", password="pw-admin")
    assert client.get(url).status_code == 403
    assert client.login(username="other", password="pw-other")
    assert "补贴发放记录" not in client.get(url).content.decode()  # another unit's

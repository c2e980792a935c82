"""条例第五十一条: a 行政复议 or 行政诉讼 about an act other than an application (here the unit's
proactive disclosure) is recorded, decided through the action runner with its own audit trail,
counted in the unit's 表四, and listed on the appeals page."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from platform_world import World

from gongkai_platform.appeals.models import AppealEvent
from gongkai_platform.appeals.services import appeal_decide, appeal_record_unit
from gongkai_platform.core.audit import verify
from gongkai_platform.core.errors import ActionRefused, ErrorCode
from gongkai_platform.reports.services import appeal_records, report_compile

D = date.fromisoformat


def record(world: World, **overrides: object) -> object:
    fields: dict[str, object] = {
        "actor": world.handler,
        "unit": world.town_a,
        "subject": "主动公开的征收补偿方案",
        "kind": "review",
        "filed_on": D("2025-04-01"),
        "body": "示例县人民政府",
    }
    fields.update(overrides)
    return appeal_record_unit(**fields)  # type: ignore[arg-type]


def test_a_case_about_proactive_disclosure_counts_in_table_4_条例第五十一条(world: World) -> None:
    appeal = record(world)
    report = report_compile(actor=world.approver, unit=world.town_a, year=2025)
    assert report.document["cells"]["t4.review.pending"] == 1
    appeal_decide(actor=world.approver, appeal=appeal, decided_on=D("2025-06-01"), result="upheld")  # type: ignore[arg-type]
    report = report_compile(actor=world.approver, unit=world.town_a, year=2025)
    cells = report.document["cells"]
    assert cells["t4.review.upheld"] == 1 and cells["t4.review.pending"] == 0
    assert report.sources["t4.review.upheld"] == [f"appeal-{appeal.pk}"]  # type: ignore[attr-defined]
    assert appeal_records(world.town_b, 2025) == []  # not another unit's case


def test_each_step_is_one_event_in_the_cases_own_chain_条例第四十五条(world: World) -> None:
    appeal = record(world)
    appeal_decide(
        actor=world.handler, appeal=appeal, decided_on=D("2025-06-01"), result="corrected"
    )  # type: ignore[arg-type]
    events = list(AppealEvent.objects.filter(appeal=appeal).order_by("id"))  # type: ignore[misc]
    assert [e.action for e in events] == ["record", "decide"]
    assert events[1].before == {"decided_on": None, "result": ""}
    assert events[1].after == {"decided_on": "2025-06-01", "result": "corrected"}
    assert list(verify([AppealEvent])) == []  # the chain holds


def test_only_handlers_and_approvers_of_the_unit_record_and_decide_条例第五十一条(
    world: World,
) -> None:
    for actor in (world.registrar, world.admin, world.supervisor, world.other_handler):
        with pytest.raises(ActionRefused, check=lambda e: e.code is ErrorCode.NOT_PERMITTED):
            record(world, actor=actor)
    appeal = record(world)
    with pytest.raises(ActionRefused, check=lambda e: e.code is ErrorCode.NOT_PERMITTED):
        appeal_decide(
            actor=world.other_handler, appeal=appeal, decided_on=D("2025-06-01"), result="upheld"
        )  # type: ignore[arg-type]
    with pytest.raises(ActionRefused, match="所涉的行政行为"):
        record(world, subject=" ")


def test_the_appeals_page_records_and_decides_a_case(client: Client, world: World) -> None:
    assert client.login(username="handler", password="pw-handler")
    url = reverse("appeals:list")
    response = client.post(
        url,
        {
            "record": "1",
            "record-unit": world.town_a.pk,
            "record-subject": "未主动公开财政预算",
            "record-kind": "lit_direct",
            "record-filed_on": "2025-05-06",
            "record-body": "示例县人民法院",
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "未主动公开财政预算" in page and "尚未审结" in page and "登记审结结果" in page
    appeal = world.town_a.appeals.get()
    client.post(
        url,
        {"decide": "1", "decide-appeal": appeal.pk, "decide-decided_on": "2025-09-01",
         "decide-result": "upheld"},
    )  # fmt: skip
    appeal.refresh_from_db()
    assert appeal.result == "upheld"
    assert client.login(username="registrar", password="pw-registrar")
    assert client.get(url).status_code == 403
    assert client.login(username="other", password="pw-other")
    assert "未主动公开财政预算" not in client.get(url).content.decode()  # another unit's case

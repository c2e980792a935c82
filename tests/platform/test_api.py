"""The JSON API: token authentication, the same scoping as the pages, masking, OpenAPI."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.test import Client
from platform_world import World

from gongkai_platform.api.models import ApiToken
from gongkai_platform.api.services import api_token_issue
from gongkai_platform.applications.models import Application, Event
from gongkai_platform.reports.services import report_compile


def auth(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Token {token}"}


def test_token_is_required_and_stored_only_as_a_digest(client: Client, world: World) -> None:
    assert client.get("/api/applications/").status_code == 401
    assert client.get("/api/applications/", **auth("wrong")).status_code == 401
    out = StringIO()
    call_command("create_api_token", "handler", stdout=out)
    token = out.getvalue().strip()
    assert not ApiToken.objects.filter(key_digest=token).exists()
    assert client.get("/api/applications/", **auth(token)).status_code == 200


def test_lists_are_scoped_and_masked(client: Client, world: World) -> None:
    mine = world.register()
    theirs = world.register(
        unit=world.town_b, actor=world.other_handler, handler=world.other_handler
    )
    _, token = api_token_issue(actor=world.handler, user=world.handler, name="测试")
    body = client.get("/api/applications/", **auth(token)).json()
    assert [r["id"] for r in body["results"]] == [mine.pk]
    assert body["results"][0]["id_number"] == "110***********1234"
    assert body["results"][0]["phone"] == "138****8000"
    assert body["results"][0]["due_on"] == "2025-03-31"
    assert client.get(f"/api/applications/{theirs.pk}/", **auth(token)).status_code == 404
    detail = client.get(f"/api/applications/{mine.pk}/", **auth(token)).json()
    assert [e["action"] for e in detail["events"]] == ["register"]


def test_reports_are_served_as_the_interchange_document(client: Client, world: World) -> None:
    world.register()
    report = report_compile(actor=world.approver, unit=world.town_a, year=2025)
    _, token = api_token_issue(actor=world.supervisor, user=world.supervisor, name="监督")
    listing = client.get("/api/reports/", **auth(token)).json()
    assert listing["results"] == [
        {"id": report.pk, "unit": "甲镇人民政府", "year": 2025, "state": "draft"}
    ]
    document = client.get(f"/api/reports/{report.pk}/", **auth(token)).json()
    assert document["schema"] == "gongkai/annual-report@1"
    assert document["cells"]["t3.new_received.natural_person"] == 1
    _, other = api_token_issue(actor=world.other_handler, user=world.other_handler, name="乙镇")
    assert client.get(f"/api/reports/{report.pk}/", **auth(other)).status_code == 404


def test_openapi_document_describes_every_route(client: Client, db: None) -> None:
    from django.urls import get_resolver

    document = client.get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    routes = {
        "/api/" + str(p.pattern).replace("<int:pk>", "{pk}")
        for p in get_resolver("gongkai_platform.api.urls").url_patterns
        if "openapi" not in str(p.pattern)
    }
    assert set(document["paths"]) == routes
    assert (
        "natural_person"
        in document["components"]["schemas"]["ApplicationSummary"]["properties"]["applicant_type"][
            "enum"
        ]
    )


INTAKE = {
    "channel": "letter",
    "arrived_on": "2025-03-03",
    "applicant_type": "natural_person",
    "applicant_name": "赵六",
    "id_number": "110101199003071234",
    "phone": "13800138000",
    "description": "本镇2024年道路硬化工程验收报告",
}


def post(client: Client, token: str, body: object) -> Any:
    return client.post(
        "/api/applications/",
        data=json.dumps(body),
        content_type="application/json",
        **auth(token),
    )


def test_intake_through_the_api_is_the_register_action_条例第二十九条_第三十一条(
    client: Client, world: World
) -> None:
    _, token = api_token_issue(actor=world.registrar, user=world.registrar, name="窗口")
    enforce = Client(enforce_csrf_checks=True)  # a token, not a cookie: no CSRF token needed
    response = post(enforce, token, {**INTAKE, "handler": world.handler.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    app = Application.objects.get(pk=body["id"])
    assert response["Location"] == f"/api/applications/{app.pk}/"
    assert (app.unit, app.received_on, app.handler, app.letter_signed) == (
        world.town_a,  # the registrar's one unit
        date(2025, 3, 3),
        world.handler,
        True,
    )
    assert body["query_code"] == app.query_code and body["id_number"] == "110***********1234"
    event = Event.objects.get(application=app)
    assert (event.action, event.actor) == ("register", world.registrar)


def test_api_intake_errors_are_chinese_json(client: Client, world: World) -> None:
    _, token = api_token_issue(actor=world.registrar, user=world.registrar, name="窗口")
    response = post(client, token, {**INTAKE, "applicant_name": "", "channel": "pigeon"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and set(error["fields"]) == {"applicant_name", "channel"}
    assert "申请人姓名或名称" in error["message"] and "这个字段是必填项" in error["message"]
    # The §31 rule, as on the intake page: an online application needs its confirmation date.
    response = post(client, token, {**INTAKE, "channel": "online"})
    assert response.status_code == 400 and "第三十一条" in response.json()["error"]["message"]
    response = client.post(
        "/api/applications/", data="{", content_type="application/json", **auth(token)
    )
    assert response.status_code == 400 and "JSON" in response.json()["error"]["message"]
    assert not Application.objects.exists()


def test_api_intake_is_scoped_to_the_token_users_units(client: Client, world: World) -> None:
    _, registrar = api_token_issue(actor=world.registrar, user=world.registrar, name="甲镇")
    response = post(client, registrar, {**INTAKE, "unit": world.town_b.pk})
    assert response.status_code == 400 and "unit" in response.json()["error"]["fields"]
    _, approver = api_token_issue(
        actor=world.approver, user=world.approver, name="审核"
    )  # no intake role anywhere
    response = post(client, approver, INTAKE)
    assert response.status_code == 403 and response.json()["error"]["code"] == "not_permitted"
    assert (
        client.post("/api/applications/", data="{}", content_type="application/json").status_code
        == 401
    )
    assert not Application.objects.exists()


def test_openapi_documents_the_intake(client: Client, db: None) -> None:
    document = client.get("/api/openapi.json").json()
    post_op = document["paths"]["/api/applications/"]["post"]
    assert set(post_op["responses"]) == {"201", "400", "401", "403"}
    intake = document["components"]["schemas"]["ApplicationIntake"]
    assert (
        "description" in intake["required"] and "letter" in intake["properties"]["channel"]["enum"]
    )

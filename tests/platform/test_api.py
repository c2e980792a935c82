"""The JSON API: token authentication, the same scoping as the pages, masking, OpenAPI."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import Client
from platform_world import World

from gongkai_platform.api.models import ApiToken
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
    _, token = ApiToken.issue(world.handler, "测试")
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
    _, token = ApiToken.issue(world.supervisor, "监督")
    listing = client.get("/api/reports/", **auth(token)).json()
    assert listing["results"] == [
        {"id": report.pk, "unit": "甲镇人民政府", "year": 2025, "state": "draft"}
    ]
    document = client.get(f"/api/reports/{report.pk}/", **auth(token)).json()
    assert document["schema"] == "gongkai/annual-report@1"
    assert document["cells"]["t3.new_received.natural_person"] == 1
    _, other = ApiToken.issue(world.other_handler, "乙镇")
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

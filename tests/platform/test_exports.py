"""Exports of the application list (CSV, XLSX): the same rows as the list page, scoped to the
user's units by ``accounts.scoping`` and filtered the same way, with identity numbers and phone
numbers masked (个人信息保护法第五十一条)."""

from __future__ import annotations

import csv
import io

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from platform_world import World

from gongkai_platform.applications.exports import HEADER

FULL_ID = "110101199003071234"
FULL_PHONE = "13800138000"


def login(client: Client, username: str) -> Client:
    assert client.login(username=username, password="pw-" + username)
    return client


def csv_rows(client: Client, **query: str) -> list[list[str]]:
    response = client.get(reverse("applications_export", args=["csv"]), query)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_rows(client: Client, **query: str) -> list[list[object]]:
    response = client.get(reverse("applications_export", args=["xlsx"]), query)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_csv_export_is_scoped_and_masked(client: Client, world: World) -> None:
    mine = world.register()
    theirs = world.register(
        unit=world.town_b, actor=world.other_handler, handler=world.other_handler
    )
    header, *rows = csv_rows(login(client, "handler"))
    assert tuple(header) == HEADER
    assert [row[0] for row in rows] == [mine.number] and rows[0][1] == "甲镇人民政府"
    assert rows[0][6] == "110***********1234" and rows[0][7] == "138****8000"
    assert rows[0][3] == "2025-03-03" and rows[0][9] == "办理中"
    _, *rows = csv_rows(login(client, "other"))
    assert [row[1] for row in rows] == ["乙镇人民政府"] and theirs.number == rows[0][0]
    _, *rows = csv_rows(login(client, "supervisor"))  # 上级监督 reads the subtree
    assert sorted(row[1] for row in rows) == ["乙镇人民政府", "甲镇人民政府"]
    for username in ("handler", "other", "supervisor"):
        body = str(csv_rows(login(client, username)))
        assert FULL_ID not in body and FULL_PHONE not in body


def test_export_uses_the_list_filters(client: Client, world: World) -> None:
    open_one = world.register()
    closed = world.close(world.register(), "granted")
    login(client, "handler")
    _, *rows = csv_rows(client, state="closed")
    assert [row[0] for row in rows] == [closed.number]
    assert rows[0][10].endswith("予以公开") and rows[0][11]
    _, *rows = csv_rows(client, due="overdue")  # March 2025 is long past
    assert [row[0] for row in rows] == [open_one.number]


def test_xlsx_export_is_scoped_and_masked(client: Client, world: World) -> None:
    mine = world.register()
    world.register(unit=world.town_b, actor=world.other_handler, handler=world.other_handler)
    header, *rows = xlsx_rows(login(client, "handler"))
    assert tuple(header) == HEADER
    assert [row[0] for row in rows] == [mine.number]
    assert rows[0][6] == "110***********1234" and rows[0][7] == "138****8000"
    assert FULL_ID not in str(rows) and FULL_PHONE not in str(rows)


def test_export_needs_login_and_a_known_format(client: Client, world: World) -> None:
    response = client.get(reverse("applications_export", args=["csv"]))
    assert response.status_code == 302 and "/login/" in response["Location"]
    login(client, "handler")
    assert client.get(reverse("applications_export", args=["pdf"])).status_code == 404
    assert "export.csv" in client.get(reverse("applications")).content.decode()

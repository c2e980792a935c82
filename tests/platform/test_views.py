"""Pages: scoped reads (404 outside the unit), intake, actions through forms, masking, downloads."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from platform_world import World

from gongkai_platform.applications import services
from gongkai_platform.applications.models import Application
from gongkai_platform.applications.states import State


def login(client: Client, username: str) -> Client:
    assert client.login(username=username, password="pw-" + username)
    return client


def test_pages_need_login(client: Client, world: World) -> None:
    response = client.get(reverse("home"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_login_page_is_chinese(client: Client, db: None) -> None:
    html = client.get(reverse("login")).content.decode()
    assert 'lang="zh-Hans"' in html and "用户名" in html and 'for="id_password"' in html


def test_another_units_user_gets_404_everywhere(client: Client, world: World) -> None:
    app = world.register(identity_proof=SimpleUploadedFile("id.png", b"\x89PNG\r\n\x1a\nrest"))
    login(client, "other")
    assert client.get(reverse("application", args=[app.pk])).status_code == 404
    assert client.get(reverse("identity_proof", args=[app.pk])).status_code == 404
    response = client.post(
        reverse("act", args=[app.pk, "submit_reply"]),
        {"submit_reply-version": 1, "submit_reply-outcome": "granted"},
    )
    assert response.status_code == 404
    assert Application.objects.get(pk=app.pk).state == State.IN_PROGRESS
    assert app.number not in client.get(reverse("applications")).content.decode()


def test_identity_proof_served_only_to_the_unit(client: Client, world: World) -> None:
    app = world.register(identity_proof=SimpleUploadedFile("id.png", b"\x89PNG\r\n\x1a\nrest"))
    response = login(client, "handler").get(reverse("identity_proof", args=[app.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == b"\x89PNG\r\n\x1a\nrest"  # type: ignore[attr-defined]


def test_lists_mask_id_numbers_and_the_case_page_explains_the_due_date(
    client: Client, world: World
) -> None:
    app = world.register()
    login(client, "handler")
    listing = client.get(reverse("applications")).content.decode()
    assert "110***********1234" in listing and "110101199003071234" not in listing
    page = client.get(reverse("application", args=[app.pk])).content.decode()
    assert "期限届满日：2025-03-31" in page and "第20个工作日" in page
    assert "已逾期" in client.get(reverse("home")).content.decode()  # March 2025 is long past


def test_intake_form_registers_a_letter(client: Client, world: World) -> None:
    login(client, "registrar")
    response = client.post(
        reverse("intake"),
        {
            "unit": world.town_a.pk,
            "channel": "letter",
            "letter_signed": "on",
            "arrived_on": "2025-03-03",
            "applicant_type": "org_legal_service",
            "applicant_name": "某律师事务所",
            "id_number": "31110000MD0123456X",
            "description": "某项目环评批复",
            "handler": world.handler.pk,
        },
    )
    app = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "application", args=[app.pk]
    )
    assert (app.received_on, app.applicant_type, app.handler) == (
        date(2025, 3, 3),
        "org_legal_service",
        world.handler,
    )


def test_intake_shows_the_rule_when_refused(client: Client, world: World) -> None:
    login(client, "registrar")
    response = client.post(
        reverse("intake"),
        {
            "unit": world.town_a.pk,
            "channel": "online",
            "arrived_on": "2025-03-03",
            "applicant_type": "natural_person",
            "applicant_name": "李四",
            "id_number": "x",
            "description": "y",
        },
    )
    assert response.status_code == 200 and "第三十一条" in response.content.decode()


@pytest.mark.parametrize("username", ["approver", "supervisor"])
def test_intake_needs_an_intake_role(client: Client, world: World, username: str) -> None:
    """A page the role may not use is a Chinese 403 page naming what is missing (not a 404)."""
    response = login(client, username).get(reverse("intake"))
    html = response.content.decode()
    assert response.status_code == 403 and "无权访问" in html and "登记员或承办人" in html
    assert 'lang="zh-Hans"' in html and "Page not found" not in html and "URLconf" not in html


def test_reply_is_submitted_then_approved_and_pages_offer_only_allowed_actions(
    client: Client, world: World
) -> None:
    """条例第三十六条 with the 审核人's approval: the handler submits, the approver approves."""
    app = world.register()
    login(client, "handler")
    page = client.get(reverse("application", args=[app.pk])).content.decode()
    assert "提交答复审核" in page and "act/extend/" not in page  # extension is the approver's
    assert "申请延长答复期限" in page  # the handler asks for it (条例第三十三条第二款)
    assert "审核通过，办结答复" not in page
    response = client.post(
        reverse("act", args=[app.pk, "extend"]),
        {"extend-version": app.version, "extend-days": 5, "extend-reason": "x"},
        follow=True,
    )
    assert "没有“延长答复期限”的权限" in response.content.decode()
    client.post(
        reverse("act", args=[app.pk, "submit_reply"]),
        {
            "submit_reply-version": app.version,
            "submit_reply-outcome": "partially_granted",
            "submit_reply-submitted_on": "2025-03-20",
            "submit_reply-reason": "第3页含个人信息，已删除",
        },
    )
    app.refresh_from_db()
    assert (app.state, app.reply_outcome, app.outcome) == (
        State.AWAITING_APPROVAL,
        "partially_granted",
        "",
    )
    page = client.get(reverse("application", args=[app.pk])).content.decode()
    assert "待审核" in page and "答复书送审稿" in page
    assert reverse("act", args=[app.pk, "approve_reply"]) not in page
    draft = client.get(reverse("letter", args=[app.pk, "docx"]))
    assert draft.status_code == 200 and quote("送审稿") in draft["Content-Disposition"]
    response = client.post(
        reverse("act", args=[app.pk, "approve_reply"]),
        {"approve_reply-version": app.version},
        follow=True,
    )
    assert "没有“审核通过，办结答复”的权限" in response.content.decode()

    login(client, "approver")
    home = client.get(reverse("home")).content.decode()
    assert "待我审核的答复" in home and f">{app.number}<" in home
    page = client.get(reverse("application", args=[app.pk])).content.decode()
    offered = {a for a in ("submit_reply", "approve_reply", "return_reply", "extend", "withdraw")
               if reverse("act", args=[app.pk, a]) in page}  # fmt: skip
    assert offered == {"approve_reply", "return_reply", "extend", "withdraw"}
    client.post(
        reverse("act", args=[app.pk, "approve_reply"]),
        {"approve_reply-version": app.version, "approve_reply-approved_on": "2025-03-21"},
    )
    app.refresh_from_db()
    assert (app.state, app.outcome, app.closed_on) == (
        State.CLOSED,
        "partially_granted",
        date(2025, 3, 21),
    )
    page = client.get(reverse("application", args=[app.pk])).content.decode()
    assert "待审核 → 已办结" in page and "办理中 → 待审核" in page


def test_returning_a_reply_needs_a_reason_on_the_page(client: Client, world: World) -> None:
    app = world.register()
    services.application_submit_reply(
        actor=world.handler, application=app, outcome="granted", ground="36_2"
    )
    app.refresh_from_db()
    login(client, "approver")
    response = client.post(
        reverse("act", args=[app.pk, "return_reply"]),
        {"return_reply-version": app.version, "return_reply-reason": ""},
        follow=True,
    )
    assert "退回理由" in response.content.decode()
    app.refresh_from_db()
    assert app.state == State.AWAITING_APPROVAL
    client.post(
        reverse("act", args=[app.pk, "return_reply"]),
        {"return_reply-version": app.version, "return_reply-reason": "依据有误"},
    )
    app.refresh_from_db()
    assert app.state == State.IN_PROGRESS


def test_every_action_has_a_form() -> None:
    from gongkai_platform.applications.forms import ACTION_FORMS
    from gongkai_platform.applications.states import Action

    assert set(ACTION_FORMS) == set(Action) - {Action.REGISTER, Action.RECOMPUTE}


def test_appeal_recorded_and_decided_from_the_case_page(client: Client, world: World) -> None:
    app = world.register()
    login(client, "handler")
    client.post(
        reverse("act", args=[app.pk, "record_appeal"]),
        {
            "record_appeal-version": 1,
            "record_appeal-kind": "review",
            "record_appeal-filed_on": "2025-04-10",
            "record_appeal-body": "示例县人民政府",
        },
    )
    appeal = app.appeals.get()  # type: ignore[attr-defined]
    client.post(
        reverse("act", args=[app.pk, "decide_appeal"]),
        {
            "decide_appeal-version": 2,
            "decide_appeal-appeal": appeal.pk,
            "decide_appeal-decided_on": "2025-06-10",
            "decide_appeal-result": "corrected",
        },
    )
    appeal.refresh_from_db()
    assert (appeal.decided_on, appeal.result) == (date(2025, 6, 10), "corrected")
    assert list(app.events.values_list("action", flat=True)) == [
        "register",
        "record_appeal",
        "decide_appeal",
    ]  # type: ignore[attr-defined]


def test_due_lists_show_overdue_and_due_soon(client: Client, world: World) -> None:
    overdue = world.register()  # due 2025-03-31, long past
    today = timezone.localdate()
    fresh = world.register(arrived_on=today)  # due in 20 working days
    login(client, "handler")
    listing = client.get(reverse("applications"), {"due": "overdue"}).content.decode()
    assert f">{overdue.number}<" in listing and f">{fresh.number}<" not in listing
    assert "已逾期的申请" in listing
    soon = client.get(reverse("applications"), {"due": "soon"}).content.decode()
    assert f">{overdue.number}<" not in soon and f">{fresh.number}<" not in soon
    home = client.get(reverse("home")).content.decode()
    assert "已逾期 1 件" in home


def test_masking() -> None:
    from gongkai_platform.applications.masking import mask_id, mask_phone

    assert mask_id("110101199003071234") == "110***********1234"
    assert mask_id("91330000MA27XXXX1X") == "913***********XX1X"
    assert mask_phone("13800138000") == "138****8000"
    assert mask_phone("123") == "***"

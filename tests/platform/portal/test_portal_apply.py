"""Applying online (条例 §29), the §31(3) date of receipt, tracking by 查询码, online 补正 (§30)
and withdrawal, and the abuse guard."""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

import pytest
from catalog_world import CatalogWorld
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from portal_forms import PNG, form_data
from pytest_django.fixtures import Settings as SettingsWrapper

from gongkai_platform.applications import services as applications
from gongkai_platform.applications.models import Application, Channel, Event
from gongkai_platform.applications.states import Action, State
from gongkai_platform.portal import guard, services
from gongkai_platform.portal.models import FollowUp, OnlineApplication, Submission

D = date.fromisoformat


@pytest.fixture(autouse=True)
def no_wait(settings: SettingsWrapper) -> None:
    """Tests submit at once; the minimum fill time is tested on its own below."""
    settings.PORTAL_LIMITS = {"min_fill_seconds": 0}


def submit(client: Client, unit_pk: int, **overrides: Any) -> Any:
    return client.post(
        reverse("portal:apply", args=[unit_pk]), form_data(client, unit_pk, **overrides)
    )


def test_apply_online_gives_a_query_code_and_waits_for_confirmation(
    client: Client, cw: CatalogWorld
) -> None:
    response = submit(client, cw.w.town_a.pk)
    assert response.status_code == 302 and response["Location"] == reverse("portal:received")
    online = OnlineApplication.objects.get()
    page = client.get(reverse("portal:received")).content.decode()
    assert online.query_code in page and "第三十一条" in page
    assert online.state == Submission.PENDING and online.application is None
    assert online.form_wanted == "电子；电子邮件"
    assert not Application.objects.exists()  # nothing is received until both sides confirm


def test_confirmation_email_with_the_query_code_and_tracking_link(
    client: Client, cw: CatalogWorld, caplog: pytest.LogCaptureFixture, mailoutbox: list[Any]
) -> None:
    """With an e-mail address, the applicant gets the 查询码 and the tracking link by mail (locmem
    outbox in tests); the log names the address masked, and never the 查询码."""
    caplog.set_level(logging.INFO, logger="gongkai_platform.portal.services")
    submit(client, cw.w.town_a.pk, email="lisi.applicant@example.cn")
    online = OnlineApplication.objects.get()
    [mail] = mailoutbox
    assert mail.to == ["lisi.applicant@example.cn"]
    assert cw.w.town_a.name in mail.subject
    assert f"查询码：{online.query_code}" in mail.body
    assert "http://testserver" + reverse("portal:track") in mail.body
    assert "第三十一条" in mail.body and online.id_number not in mail.body
    logged = caplog.text
    assert "li************@example.cn" in logged
    assert "lisi.applicant" not in logged and online.query_code not in logged


def test_no_email_address_no_mail(client: Client, cw: CatalogWorld, mailoutbox: list[Any]) -> None:
    submit(client, cw.w.town_a.pk, email="")
    assert OnlineApplication.objects.count() == 1 and mailoutbox == []


def test_a_mail_server_failure_leaves_the_submission_standing(
    client: Client, cw: CatalogWorld, settings: SettingsWrapper, caplog: pytest.LogCaptureFixture
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    response = submit(client, cw.w.town_a.pk, email="lisi.applicant@example.cn")
    assert response.status_code == 302 and OnlineApplication.objects.count() == 1
    assert "查询码确认邮件发送失败：li************@example.cn" in caplog.text


def test_required_contents_of_article_29(client: Client, cw: CatalogWorld) -> None:
    """条例第二十九条: name, identity proof, contact, a description, the form wanted; and consent."""
    for field in (
        "applicant_name",
        "id_number",
        "identity_proof",
        "phone",
        "description",
        "medium",
        "delivery",
        "consent",
    ):
        response = submit(client, cw.w.town_a.pk, **{field: ""})
        assert response.status_code == 200, field
        assert 'class="errorlist"' in response.content.decode(), field
    response = submit(
        client, cw.w.town_a.pk, identity_proof=SimpleUploadedFile("id.png", b"GIF89a....")
    )
    assert "只接受 PDF、JPEG 或 PNG" in response.content.decode()
    assert not OnlineApplication.objects.exists()


def test_honeypot_and_speed_guard(
    client: Client, cw: CatalogWorld, settings: SettingsWrapper
) -> None:
    response = submit(client, cw.w.town_a.pk, website="http://spam.example")
    assert "未通过校验" in response.content.decode()
    response = submit(client, cw.w.town_a.pk, started="forged")
    assert "页面已失效" in response.content.decode()
    settings.PORTAL_LIMITS = {"min_fill_seconds": 60}
    response = submit(client, cw.w.town_a.pk)
    assert "提交过快" in response.content.decode()
    assert not OnlineApplication.objects.exists()


def test_rate_limits_per_address_and_per_identity(
    client: Client, cw: CatalogWorld, settings: SettingsWrapper
) -> None:
    settings.PORTAL_LIMITS = {
        "min_fill_seconds": 0,
        "applications_per_client_hour": 2,
        "applications_per_identity_day": 3,
    }
    for _ in range(2):
        assert submit(client, cw.w.town_a.pk).status_code == 302
    assert "提交过于频繁" in submit(client, cw.w.town_a.pk).content.decode()
    other = Client(REMOTE_ADDR="10.0.0.9")  # another address, the same person
    assert submit(other, cw.w.town_a.pk).status_code == 302
    assert "已达上限" in submit(other, cw.w.town_a.pk).content.decode()
    assert submit(other, cw.w.town_a.pk, id_number="110101199001011111").status_code == 302
    assert OnlineApplication.objects.count() == 4
    assert all(
        len(o.client_key) == 64 and "127.0.0.1" not in o.client_key
        for o in OnlineApplication.objects.all()
    )


def _confirmed(cw: CatalogWorld, *, submitted: datetime, confirmed_on: date) -> OnlineApplication:
    online = services.online_application_submit(
        unit=cw.w.town_a,
        applicant=services.Applicant(
            applicant_type="natural_person", applicant_name="李四", id_number="110101199003075678",
            phone="13900001111", description="危房改造补助名单", medium="paper", delivery="post",
        ),
        identity_proof=SimpleUploadedFile("id.png", PNG),
        client_key="k",
    )  # fmt: skip
    OnlineApplication.objects.filter(pk=online.pk).update(submitted_at=submitted)
    services.online_application_confirm(
        actor=cw.w.registrar, online=online.pk, confirmed_on=confirmed_on
    )
    online.refresh_from_db()
    return online


def test_receipt_is_the_day_both_sides_confirm(cw: CatalogWorld) -> None:
    """条例第三十一条第（三）项: submitted on Saturday 1 March 2025, confirmed on Monday 3 March →
    received 3 March; the §33 reply is due 20 working days later, 31 March."""
    saturday = timezone.make_aware(datetime(2025, 3, 1, 21, 30))
    online = _confirmed(cw, submitted=saturday, confirmed_on=D("2025-03-03"))
    app = online.application
    assert app is not None and online.state == Submission.REGISTERED
    assert app.channel == Channel.ONLINE
    assert (app.arrived_on, app.confirmed_on, app.received_on) == (
        D("2025-03-01"),
        D("2025-03-03"),
        D("2025-03-03"),
    )
    assert app.due_on == D("2025-03-31")
    assert (
        app.identity_proof
        and app.description == "危房改造补助名单"
        and app.form_wanted == "纸质；邮寄"
    )
    assert Event.objects.get(application=app).actor == cw.w.registrar
    with pytest.raises(applications.ActionRefused):
        services.online_application_confirm(actor=cw.w.registrar, online=online.pk)


def test_only_intake_staff_of_the_unit_confirm(cw: CatalogWorld, client: Client) -> None:
    online = services.online_application_submit(
        unit=cw.w.town_a,
        applicant=services.Applicant(
            applicant_type="natural_person", applicant_name="李四", id_number="110101199003075678",
            phone="13900001111", description="名单", medium="paper", delivery="post",
        ),
        identity_proof=SimpleUploadedFile("id.png", PNG),
        client_key="k",
    )  # fmt: skip
    with pytest.raises(applications.ActionRefused):
        services.online_application_confirm(actor=cw.w.other_handler, online=online.pk)
    assert client.login(username="other", password="pw-other")
    assert client.post(reverse("portal:staff_confirm", args=[online.pk])).status_code == 404
    assert "李四" not in client.get(reverse("portal:staff_inbox")).content.decode()
    client.logout()
    assert client.login(username="registrar", password="pw-registrar")
    assert "李四" in client.get(reverse("portal:staff_inbox")).content.decode()
    response = client.post(reverse("portal:staff_confirm", args=[online.pk]))
    app = Application.objects.get()
    assert response["Location"] == reverse("application", args=[app.pk])
    assert app.received_on == timezone.localdate()


def track(client: Client, code: str, suffix: str) -> Any:
    page = client.get(reverse("portal:track")).content.decode()
    started = page.split('name="started" value="', 1)[1].split('"', 1)[0]
    return client.post(
        reverse("portal:track"), {"started": started, "query_code": code, "suffix": suffix}
    )


def test_tracking_needs_the_code_and_a_suffix(
    client: Client, cw: CatalogWorld, settings: SettingsWrapper
) -> None:
    online = _confirmed(
        cw, submitted=timezone.make_aware(datetime(2025, 3, 3, 9)), confirmed_on=D("2025-03-03")
    )
    assert "不正确" in track(client, online.query_code, "0000").content.decode()
    assert "不正确" in track(client, "WRONGCODE2", "1111").content.decode()
    assert track(client, online.query_code.lower(), "1111").status_code == 302  # phone suffix
    page = client.get(reverse("portal:status")).content.decode()
    assert "2025-03-03" in page and "办理中" in page and "2025-03-31" in page
    assert track(Client(), online.query_code, "5678").status_code == 302  # ID-number suffix
    settings.PORTAL_LIMITS = {"min_fill_seconds": 0, "tracking_failures_per_client_hour": 3}
    blocked = Client(REMOTE_ADDR="10.1.1.1")
    for _ in range(3):
        track(blocked, online.query_code, "9999")
    assert "失败次数过多" in track(blocked, online.query_code, "1111").content.decode()


def test_online_correction_article_30(client: Client, cw: CatalogWorld) -> None:
    """条例第三十条: the notice is shown on the tracking page, the applicant answers online, staff
    confirm receipt, and the reply period restarts from that day."""
    online = _confirmed(
        cw, submitted=timezone.make_aware(datetime(2025, 3, 3, 9)), confirmed_on=D("2025-03-03")
    )
    app = online.application
    assert app is not None
    applications.application_request_correction(
        actor=cw.w.handler,
        application=app,
        items="请写明所需名单的年份",
        reply_by=D("2025-03-20"),
        sent_on=D("2025-03-05"),
    )
    track(client, online.query_code, "1111")
    page = client.get(reverse("portal:status")).content.decode()
    assert "请写明所需名单的年份" in page and "2025-03-20" in page and "提交补正" in page
    started = page.split('name="correction-started" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        reverse("portal:follow_up", args=["correction"]),
        {"correction-started": started, "correction-text": "需要2025年度的名单"},
    )
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert follow_up.confirmed_at is None
    assert "提交补正" not in client.get(reverse("portal:status")).content.decode()  # once only
    applications_app = services.follow_up_confirm(
        actor=cw.w.registrar, follow_up=follow_up, on=D("2025-03-10")
    )
    assert applications_app.state == State.IN_PROGRESS
    assert applications_app.correction_received_on == D("2025-03-10")
    assert applications_app.due_on == D(
        "2025-04-08"
    )  # 20 working days from 10 March, 清明 4 April off
    event = Event.objects.filter(application=app).last()
    assert event is not None and event.action == Action.RECEIVE_CORRECTION
    assert "需要2025年度的名单" in event.reason


def test_correction_is_refused_when_none_was_asked(cw: CatalogWorld) -> None:
    online = _confirmed(
        cw, submitted=timezone.make_aware(datetime(2025, 3, 3, 9)), confirmed_on=D("2025-03-03")
    )
    with pytest.raises(applications.ActionRefused, match="不需要补正"):
        services.follow_up_submit(
            online=online, kind=services.FollowUpKind.CORRECTION, text="x", client_key="k"
        )


def test_withdrawal_before_and_after_confirmation(cw: CatalogWorld) -> None:
    pending = services.online_application_submit(
        unit=cw.w.town_a,
        applicant=services.Applicant(
            applicant_type="natural_person", applicant_name="李四", id_number="110101199003075678",
            phone="13900001111", description="名单", medium="paper", delivery="post",
        ),
        identity_proof=SimpleUploadedFile("id.png", PNG),
        client_key="k",
    )  # fmt: skip
    services.follow_up_submit(
        online=pending, kind=services.FollowUpKind.WITHDRAWAL, text="不需要了", client_key="k"
    )
    pending.refresh_from_db()
    assert pending.state == Submission.WITHDRAWN
    with pytest.raises(applications.ActionRefused):
        services.online_application_confirm(actor=cw.w.registrar, online=pending.pk)
    online = _confirmed(
        cw, submitted=timezone.make_aware(datetime(2025, 3, 3, 9)), confirmed_on=D("2025-03-03")
    )
    follow_up = services.follow_up_submit(
        online=online, kind=services.FollowUpKind.WITHDRAWAL, text="已自行获取", client_key="k"
    )
    app = services.follow_up_confirm(actor=cw.w.registrar, follow_up=follow_up, on=D("2025-03-06"))
    assert (
        app.state == State.CLOSED
        and app.outcome == "other.other"
        and app.closed_on == D("2025-03-06")
    )
    assert "已自行获取" in app.events.last().reason  # type: ignore[union-attr]


def test_client_key_is_a_keyed_hash(rf: Any) -> None:
    request = rf.get("/", REMOTE_ADDR="203.0.113.7")
    key = guard.client_key(request)
    assert len(key) == 64 and "203.0.113.7" not in key and key == guard.client_key(request)


def test_tracking_shows_the_reply_letter_once_closed(client: Client, cw: CatalogWorld) -> None:
    """条例第三十六条: the applicant reads the 答复书 on the tracking page and downloads it."""
    online = _confirmed(
        cw, submitted=timezone.make_aware(datetime(2025, 3, 3, 9)), confirmed_on=D("2025-03-03")
    )
    track(client, online.query_code, "1111")
    assert "答复书" not in client.get(reverse("portal:status")).content.decode()
    assert client.get(reverse("portal:letter", args=["docx"])).status_code == 404
    assert online.application is not None
    applications.application_submit_reply(
        actor=cw.w.handler,
        application=online.application,
        outcome="granted",
        ground="36_2",
        submitted_on=D("2025-03-20"),
    )
    # The draft awaiting the 审核人's approval is not the applicant's to read.
    assert "答复书" not in client.get(reverse("portal:status")).content.decode()
    assert client.get(reverse("portal:letter", args=["docx"])).status_code == 404
    applications.application_approve_reply(
        actor=cw.w.approver, application=online.application, approved_on=D("2025-03-20")
    )
    page = client.get(reverse("portal:status")).content.decode()
    assert "政府信息公开申请答复书" in page and "李四：" in page and "2025年3月20日" in page
    letter = client.get(reverse("portal:letter", args=["docx"]))
    assert letter.content.startswith(b"PK")
    assert Client().get(reverse("portal:letter", args=["docx"])).status_code == 404  # not tracked


# 查询码 for every channel (issue 12) ---------------------------------------------------------------


def test_an_online_application_keeps_the_applicants_query_code_条例第二十九条(
    cw: CatalogWorld,
) -> None:
    """Staff see the code the applicant holds, not a second one made at registration."""
    online = _confirmed(
        cw, submitted=timezone.make_aware(datetime(2025, 3, 3, 9)), confirmed_on=D("2025-03-03")
    )
    assert online.application is not None
    assert online.application.query_code == online.query_code


@pytest.mark.parametrize("channel", [Channel.IN_PERSON, Channel.LETTER, Channel.FAX])
def test_a_paper_letter_or_fax_application_is_tracked_by_its_query_code_条例第二十九条_第三十一条(
    client: Client, cw: CatalogWorld, channel: Channel
) -> None:
    app = cw.w.register(channel=channel, confirmed_on=D("2025-03-03"), phone="13700002222")
    assert len(app.query_code) == applications.QUERY_CODE_LENGTH
    assert "不正确" in track(client, app.query_code, "0000").content.decode()
    assert track(client, app.query_code, "2222").status_code == 302  # phone suffix
    page = client.get(reverse("portal:status")).content.decode()
    assert app.query_code in page and "2025-03-03" in page and "办理中" in page
    assert "办理过程" in page and "登记申请" in page  # the steps so far
    assert "提交补正" not in page and "撤回申请" not in page  # paper applicants do that on paper
    assert track(Client(), app.query_code, "1234").status_code == 302  # ID-number suffix


def test_the_tracking_page_lists_the_steps_and_marks_an_overdue_deadline(
    client: Client, cw: CatalogWorld
) -> None:
    """条例第三十条, 第三十三条: the applicant sees the 补正 notice and, once the agency-set 补正
    window has passed, the deadline marked 已逾期."""
    app = cw.w.register(channel=Channel.LETTER, confirmed_on=D("2025-03-03"))
    applications.application_request_correction(
        actor=cw.w.handler, application=app, items="请写明年度", reply_by=D("2025-03-14"),
        sent_on=D("2025-03-04"),
    )  # fmt: skip
    track(client, app.query_code, "8000")
    page = client.get(reverse("portal:status")).content.decode()
    assert "发出补正告知" in page and "请写明年度" in page and "2025-03-14" in page
    assert "已逾期" in page
    # Staff's and the other applicant's internal steps stay out: assignment is not listed.
    applications.application_assign(actor=cw.w.approver, application=app, handler=cw.w.handler)
    assert "指定承办人" not in client.get(reverse("portal:status")).content.decode()


def test_every_public_submission_leaves_a_chained_event_without_personal_data(
    cw: CatalogWorld,
) -> None:
    """No write without an event (issue 13): what the public submits on the portal is in the
    unit's hash-chained trail, named by id and 查询码, with no name, ID number or phone."""
    from gongkai_platform.core.audit import verify
    from gongkai_platform.portal.models import SubmissionEvent

    withdrawn = services.online_application_submit(
        unit=cw.w.town_a,
        applicant=services.Applicant(
            applicant_type="natural_person", applicant_name="李四", id_number="110101199003075678",
            phone="13900001111", description="名单", medium="paper", delivery="post",
        ),
        identity_proof=SimpleUploadedFile("id.png", PNG),
        client_key="k",
    )  # fmt: skip
    services.follow_up_submit(
        online=withdrawn, kind=services.FollowUpKind.WITHDRAWAL, text="不需要了", client_key="k"
    )
    online = _confirmed(
        cw, submitted=timezone.make_aware(datetime(2025, 3, 3, 9)), confirmed_on=D("2025-03-03")
    )
    follow_up = services.follow_up_submit(
        online=online, kind=services.FollowUpKind.WITHDRAWAL, text="已自行获取", client_key="k"
    )
    services.follow_up_confirm(actor=cw.w.registrar, follow_up=follow_up, on=D("2025-03-06"))

    events = SubmissionEvent.objects.filter(unit=cw.w.town_a).order_by("id")
    assert [(e.after["online"], e.action, e.actor_id) for e in events] == [
        (withdrawn.pk, "online_submitted", None),
        (withdrawn.pk, "follow_up_submitted", None),
        (withdrawn.pk, "online_withdrawn", None),
        (online.pk, "online_submitted", None),
        (online.pk, "online_confirmed", cw.w.registrar.pk),
        (online.pk, "follow_up_submitted", None),
        (online.pk, "follow_up_confirmed", cw.w.registrar.pk),
    ]
    assert events[2].before == {"state": "pending"} and events[2].after["state"] == "withdrawn"
    trail = " ".join(str(e.before) + str(e.after) for e in events)
    assert not any(secret in trail for secret in ("李四", "110101199003075678", "13900001111"))
    assert not [b for b in verify() if b.table == SubmissionEvent._meta.db_table]

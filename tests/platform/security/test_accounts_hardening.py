"""Accounts, sessions, tokens, the client address behind the proxy, retention: the rules of
issue 13 items 4, 6 and 9 one by one (OWASP ASVS 2.1, 2.2, 3.3, 3.5; 等保2.0 身份鉴别, 安全审计;
个人信息保护法第十九条 on how long personal data is kept)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from platform_world import World
from pytest_django.fixtures import Settings

from gongkai_platform.accounts import credentials, throttle
from gongkai_platform.accounts.models import AdminEvent, Credential, SecurityAction, SecurityEvent
from gongkai_platform.api.models import ApiToken, TokenEvent
from gongkai_platform.api.services import api_token_issue
from gongkai_platform.applications import services
from gongkai_platform.core.audit import verify
from gongkai_platform.core.errors import ActionRefused
from gongkai_platform.portal import services as portal
from gongkai_platform.portal.models import OnlineApplication, Submission

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def actions(user: User) -> list[str]:
    return list(SecurityEvent.objects.filter(subject=user).values_list("action", flat=True))


# The client address ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("remote", "header", "expected"),
    [
        ("10.0.0.1", "203.0.113.5", "203.0.113.5"),  # from the proxy: the header
        ("10.0.0.1", "1.2.3.4, 203.0.113.5", "203.0.113.5"),  # a claimed hop is ignored
        ("10.0.0.1", "203.0.113.5, 10.0.0.2", "203.0.113.5"),  # two trusted proxies
        ("203.0.113.9", "1.2.3.4", "203.0.113.9"),  # not from the proxy: header ignored
        ("10.0.0.1", "", "10.0.0.1"),
    ],
)
def test_client_address_behind_a_trusted_proxy(
    settings: Settings, remote: str, header: str, expected: str
) -> None:
    settings.GONGKAI_PROXY_HEADER = "X-Forwarded-For"
    settings.GONGKAI_TRUSTED_PROXIES = ["10.0.0.0/30"]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=header)
    assert throttle.client_address(request) == expected


def test_without_a_configured_header_the_connection_address_counts(settings: Settings) -> None:
    settings.GONGKAI_PROXY_HEADER = ""
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert throttle.client_address(request) == "10.0.0.1"


# Sign-in ---------------------------------------------------------------------------------------


def test_sign_in_and_out_and_failures_are_recorded(world: World) -> None:
    client = Client()
    client.post(reverse("login"), {"username": "handler", "password": "wrong-password"})
    client.post(reverse("login"), {"username": "nobody", "password": "wrong-password"})
    client.post(reverse("login"), {"username": "handler", "password": "pw-handler"})
    client.post(reverse("logout"))
    assert actions(world.handler) == ["login_failed", "login", "logout"]
    unknown = SecurityEvent.objects.get(subject=None)
    assert unknown.action == "login_failed" and unknown.after == {"known_account": False}
    assert len(unknown.client) == 64 and "127.0.0.1" not in unknown.client
    assert list(verify([SecurityEvent])) == []


def test_a_lockout_ends_after_its_time_or_an_administrator_reset(
    world: World, settings: Settings
) -> None:
    settings.GONGKAI_LOGIN_FAILURES_PER_ACCOUNT = 3
    client = Client()
    for _ in range(3):
        client.post(reverse("login"), {"username": "handler", "password": "wrong-password"})
    assert throttle.login_locked("handler", "127.0.0.1")
    assert throttle.login_locked("HANDLER ", "127.0.0.1")  # the same account however typed
    temporary = credentials.password_reset(actor=world.admin, unit=world.town_a, user=world.handler)
    assert not throttle.login_locked("handler", "127.0.0.1")
    response = client.post(reverse("login"), {"username": "handler", "password": temporary})
    assert response.status_code == 302


# Passwords -------------------------------------------------------------------------------------


def test_changing_ones_password_checks_the_old_one_and_the_rules(world: World) -> None:
    client = Client()
    client.force_login(world.handler)
    url = reverse("password_change")
    wrong_old = client.post(
        url,
        {"old_password": "x", "new_password1": "New-pass-2026", "new_password2": "New-pass-2026"},
    )
    assert wrong_old.status_code == 200 and "旧密码" in wrong_old.content.decode()
    weak = client.post(
        url,
        {
            "old_password": "pw-handler",
            "new_password1": "1234567890",
            "new_password2": "1234567890",
        },
    )
    assert "全都是数字" in weak.content.decode()
    done = client.post(
        url,
        {
            "old_password": "pw-handler",
            "new_password1": "New-pass-2026",
            "new_password2": "New-pass-2026",
        },
    )
    assert done.status_code == 302
    assert client.get(reverse("home")).status_code == 200  # still signed in
    world.handler.refresh_from_db()
    assert world.handler.check_password("New-pass-2026")
    assert "password_change" in actions(world.handler)


def test_an_administrator_resets_only_people_of_their_own_unit(world: World) -> None:
    with pytest.raises(ActionRefused):  # admin of town A, handler of town B
        credentials.password_reset(actor=world.admin, unit=world.town_a, user=world.other_handler)
    with pytest.raises(ActionRefused):  # not their unit at all
        credentials.password_reset(actor=world.admin, unit=world.town_b, user=world.other_handler)
    with pytest.raises(ActionRefused):  # their own password goes through the password page
        credentials.password_reset(actor=world.admin, unit=world.town_a, user=world.admin)
    client = Client()
    client.force_login(world.admin)
    foreign = reverse("accounts:member", args=[world.town_b.pk, world.other_handler.pk])
    assert client.post(foreign, {"action": "reset"}).status_code == 404
    mine = reverse("accounts:member", args=[world.town_a.pk, world.handler.pk])
    response = client.post(mine, {"action": "reset", "reason": "忘记密码"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert Credential.objects.get(user=world.handler).must_change
    event = AdminEvent.objects.get(action="password_reset")
    assert event.subject == world.handler and event.reason == "忘记密码"
    assert "pw-" not in str(event.after) and response.context["password"] not in str(event.after)


def test_deactivation_stops_sessions_and_tokens_but_not_open_cases(world: World) -> None:
    world.register()  # handler has an open case
    with pytest.raises(ActionRefused, match="请先指定其他承办人"):
        credentials.user_set_active(
            actor=world.admin, unit=world.town_a, user=world.handler, active=False
        )
    with pytest.raises(ActionRefused):
        credentials.user_set_active(
            actor=world.admin, unit=world.town_a, user=world.admin, active=False
        )
    session = Client()
    session.force_login(world.registrar)
    _, token = api_token_issue(actor=world.registrar, user=world.registrar, name="对接")
    credentials.user_set_active(
        actor=world.admin, unit=world.town_a, user=world.registrar, active=False, reason="离职"
    )
    assert session.get(reverse("home")).status_code == 302  # signed out
    api = Client().get(reverse("api_applications"), HTTP_AUTHORIZATION=f"Token {token}")
    assert api.status_code == 401
    assert AdminEvent.objects.filter(action="user_deactivate", subject=world.registrar).exists()
    credentials.user_set_active(
        actor=world.admin, unit=world.town_a, user=world.registrar, active=True
    )
    assert User.objects.get(pk=world.registrar.pk).is_active


# API tokens -----------------------------------------------------------------------------------


def test_tokens_expire_and_are_revoked_on_the_token_page(world: World) -> None:
    _, token = api_token_issue(actor=world.registrar, user=world.registrar, name="对接", days=1)
    header = {"HTTP_AUTHORIZATION": f"Token {token}"}
    url = reverse("api_applications")
    assert Client().get(url, **header).status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = Client().get(url, **header)
    assert expired.status_code == 401 and "过期" in expired.json()["error"]["message"]
    with pytest.raises(ActionRefused, match="365"):
        api_token_issue(actor=world.registrar, user=world.registrar, name="太长", days=366)

    page = Client()
    page.force_login(world.registrar)
    created = page.post(reverse("api_tokens"), {"name": "档案系统", "days": "30"})
    shown = created.context["issued"]
    assert shown and shown in created.content.decode() and created["Cache-Control"] == "no-store"
    row = ApiToken.objects.get(name="档案系统")
    assert Client().get(url, HTTP_AUTHORIZATION=f"Token {shown}").status_code == 200
    other = Client()
    other.force_login(world.handler)  # someone else's token is not theirs to revoke here
    assert other.post(reverse("api_token_revoke", args=[row.pk])).status_code == 404
    page.post(reverse("api_token_revoke", args=[row.pk]))
    assert Client().get(url, HTTP_AUTHORIZATION=f"Token {shown}").status_code == 401
    trail = TokenEvent.objects.filter(holder=world.registrar).values_list("action", flat=True)
    assert list(trail) == ["token_issue", "token_issue", "token_revoke"]


def test_create_api_token_command_sets_the_expiry(world: World, capsys: Any) -> None:
    call_command("create_api_token", "registrar", "--name", "批量", "--days", "7")
    token = capsys.readouterr().out.strip()
    assert (
        Client().get(reverse("api_applications"), HTTP_AUTHORIZATION=f"Token {token}").status_code
        == 200
    )
    row = ApiToken.objects.get(name="批量")
    assert round((row.expires_at - row.created_at).total_seconds() / 86400) == 7


# Downloads of personal data ---------------------------------------------------------------------


def test_identity_proof_downloads_are_recorded(world: World) -> None:
    app = world.register(identity_proof=SimpleUploadedFile("id.png", PNG))
    client = Client()
    client.force_login(world.handler)
    response = client.get(reverse("identity_proof", args=[app.pk]))
    assert response.status_code == 200
    event = SecurityEvent.objects.get(action=SecurityAction.DOWNLOAD_PROOF)
    assert event.actor == world.handler and event.after["number"] == app.number


def test_staff_downloads_of_reply_attachments_are_recorded(world: World) -> None:
    app = services.application_attach(
        actor=world.handler, application=world.register(),
        upload=SimpleUploadedFile("名单.png", PNG, "image/png"),
    )  # fmt: skip
    attachment = app.attachments.get()
    client = Client()
    client.force_login(world.handler)
    response = client.get(reverse("reply_attachment", args=[app.pk, attachment.pk]))
    assert response.status_code == 200
    event = SecurityEvent.objects.get(action=SecurityAction.DOWNLOAD_ATTACHMENT)
    assert event.actor == world.handler and event.after["attachment"] == "名单.png"
    assert event.after["number"] == app.number


# Retention of unconfirmed online applications ------------------------------------------------------


def _online(world: World, days_ago: int, state: str = Submission.PENDING) -> OnlineApplication:
    online = portal.online_application_submit(
        unit=world.town_a,
        applicant=portal.Applicant(
            applicant_type="natural_person", applicant_name="李四", id_number="110101199003075678",
            phone="13900001111", description="危房改造补助名单", medium="paper", delivery="post",
        ),
        identity_proof=SimpleUploadedFile("id.png", PNG),
        client_key=f"k{days_ago}{state}",
    )  # fmt: skip
    OnlineApplication.objects.filter(pk=online.pk).update(
        submitted_at=timezone.now() - timedelta(days=days_ago), state=state
    )
    return online


def test_unconfirmed_online_applications_are_purged_with_their_scans(
    world: World, capsys: Any
) -> None:
    old = _online(world, 31)
    withdrawn = _online(world, 40, Submission.WITHDRAWN)
    recent = _online(world, 5)
    confirmed = _online(world, 60)
    portal.online_application_confirm(actor=world.registrar, online=confirmed)
    files = {o.pk: Path(settings.MEDIA_ROOT) / o.identity_proof.name for o in (old, recent)}
    assert all(path.exists() for path in files.values())

    call_command("purge_unconfirmed")
    assert "已删除 2 件" in capsys.readouterr().out
    remaining = set(OnlineApplication.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, confirmed.pk} and withdrawn.pk not in remaining
    assert not files[old.pk].exists() and files[recent.pk].exists()
    event = SecurityEvent.objects.get(action=SecurityAction.PURGE)
    assert event.actor is None and event.after["applications"] == 2
    assert "李四" not in str(event.after)  # no personal data in the event

    call_command("purge_unconfirmed", "--days", "1")
    assert set(OnlineApplication.objects.values_list("pk", flat=True)) == {confirmed.pk}
    assert SecurityEvent.objects.filter(action=SecurityAction.PURGE).count() == 2

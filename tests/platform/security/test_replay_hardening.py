"""Replays of every finding of issue 13 in the hardening scope (accounts and sessions, exports,
the portal behind a proxy, settings, bad input, published reports); each test fails if its
finding comes back.  The probes are the ones of the issue: 40 wrong passwords then the right one;
a digits-only password; an initial password never changed; a 14-day session without idle
timeout; ``=HYPERLINK(...)`` from the portal into the staff's spreadsheet; one proxy address for
every citizen; counters in per-process memory; a replayed form token; DEBUG on by default in
``wsgi.py``; no HSTS or CSP; a short secret key; ``?year=²`` and friends answered with a 500;
JSON nested 50,000 deep; an 80 MB one-line text; a PDF re-rendered for every anonymous download.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from catalog_world import CatalogWorld
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from platform_world import World
from portal_forms import PNG, form_data
from pytest_django.fixtures import Settings as SettingsWrapper

from gongkai.ingest.containers import MAX_TEXT_BYTES, open_bytes
from gongkai.ingest.source import IngestError
from gongkai_platform.accounts import services as accounts
from gongkai_platform.accounts.middleware import SEEN_AT
from gongkai_platform.accounts.models import Role, SecurityAction, SecurityEvent
from gongkai_platform.portal import services as portal
from gongkai_platform.portal.models import OnlineApplication

ROOT = Path(__file__).resolve().parents[3]
STRONG_KEY = "k9$Qv2!xLr7@pZt4#mWc8^nYb3&hJd6*gFs1(eUa5)oTi0_Rq-Ve+Wx=Yz"


@pytest.fixture(autouse=True)
def no_wait(settings: SettingsWrapper) -> None:
    settings.PORTAL_LIMITS = {"min_fill_seconds": 0}


def sign_in(client: Client, username: str, password: str, **extra: Any) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


# Accounts and sessions (item 4) -------------------------------------------------------------


def test_forty_wrong_passwords_then_the_right_one_is_refused(world: World) -> None:
    client = Client()
    for _ in range(40):
        sign_in(client, "handler", "wrong-password")
    response = sign_in(client, "handler", "pw-handler")
    assert response.status_code == 200  # the form again, not a redirect into the platform
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    kinds = SecurityEvent.objects.filter(subject=world.handler).values_list("action", flat=True)
    assert SecurityAction.LOGIN_FAILED in kinds and SecurityAction.LOGIN_LOCKED in kinds


def test_one_client_guessing_many_accounts_is_stopped(
    world: World, settings: SettingsWrapper
) -> None:
    settings.GONGKAI_LOGIN_FAILURES_PER_CLIENT = 6
    client = Client(REMOTE_ADDR="198.51.100.20")
    for name in ("registrar", "approver", "admin", "supervisor", "all", "other"):
        sign_in(client, name, "wrong-password")
    response = sign_in(client, "handler", "pw-handler")  # a sixth account, right password
    assert "登录失败次数过多" in response.content.decode()
    assert sign_in(Client(REMOTE_ADDR="198.51.100.21"), "handler", "pw-handler").status_code == 302


def test_a_digits_only_or_short_password_is_refused() -> None:
    for weak in ("12345678901234", "Ab1-xyz", "abcdefghijkl", "abcdefgh1234"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Gongkai-2025-xl")


def test_an_initial_password_must_be_changed_at_first_sign_in(world: World) -> None:
    accounts.user_create(
        actor=world.admin,
        unit=world.town_a,
        username="xiaoli",
        password="Gongkai-2025-xl",
        role=Role.HANDLER,
    )
    client = Client()
    assert sign_in(client, "xiaoli", "Gongkai-2025-xl").status_code == 302
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    page = client.get(reverse("password_change")).content.decode()
    assert "初始密码或重置密码" in page
    client.post(
        reverse("password_change"),
        {
            "old_password": "Gongkai-2025-xl",
            "new_password1": "Mine-own-2026!",
            "new_password2": "Mine-own-2026!",
        },
    )
    assert client.get(reverse("home")).status_code == 200
    assert User.objects.get(username="xiaoli").check_password("Mine-own-2026!")


def test_no_fourteen_day_session_and_an_idle_timeout(world: World) -> None:
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.GONGKAI_IDLE_SECONDS == 30 * 60
    client = Client()
    sign_in(client, "handler", "pw-handler")
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[SEEN_AT] = time.time() - 31 * 60  # 31 minutes without a request
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


# Exports (item 5) -------------------------------------------------------------------------------

FORMULA = '=HYPERLINK("http://203.0.113.9/x","点击查看")'


def _apply_online(client: Client, unit_pk: int, **overrides: Any) -> Any:
    data = form_data(client, unit_pk, **overrides)
    return data, client.post(reverse("portal:apply", args=[unit_pk]), data)


def test_a_formula_from_the_portal_reaches_the_exports_as_text(cw: CatalogWorld) -> None:
    _, response = _apply_online(
        Client(), cw.w.town_a.pk, applicant_name=FORMULA, description="+cmd|' /C calc'!A0"
    )
    assert response.status_code == 302
    online = OnlineApplication.objects.get()
    portal.online_application_confirm(actor=cw.w.registrar, online=online)
    staff = Client()
    staff.force_login(cw.w.registrar)
    text = b"".join(
        staff.get(reverse("applications_export", args=["csv"])).streaming_content  # type: ignore[attr-defined]
    ).decode("utf-8")
    _, row = list(csv.reader(io.StringIO(text[1:])))
    assert row[5] == "'" + FORMULA and row[8].startswith("'+cmd")
    workbook = load_workbook(
        io.BytesIO(staff.get(reverse("applications_export", args=["xlsx"])).content)
    )
    sheet = workbook.active
    assert sheet is not None
    name, description = sheet.cell(row=2, column=6), sheet.cell(row=2, column=9)
    assert name.data_type == "s" and name.value == "'" + FORMULA
    assert description.data_type == "s" and str(description.value).startswith("'+")
    assert (
        SecurityEvent.objects.filter(actor=cw.w.registrar, action=SecurityAction.EXPORT).count()
        == 2
    )


# The portal behind a proxy (item 6) ---------------------------------------------------------


@pytest.fixture
def behind_proxy(settings: SettingsWrapper) -> None:
    settings.GONGKAI_PROXY_HEADER = "X-Forwarded-For"
    settings.GONGKAI_TRUSTED_PROXIES = ["10.0.0.1"]


def _track_failures(client: Client, times: int) -> Any:
    response = None
    for _ in range(times):
        page = client.get(reverse("portal:track")).content.decode()
        started = page.split('name="started" value="', 1)[1].split('"', 1)[0]
        response = client.post(
            reverse("portal:track"),
            {"started": started, "query_code": "ABCD2345", "suffix": "0000"},
        )
    return response


def test_one_citizen_behind_the_proxy_does_not_lock_out_the_others(
    cw: CatalogWorld, behind_proxy: None
) -> None:
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    attacker = Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.50")
    citizen = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.51")
    assert "查询失败次数过多" in _track_failures(attacker, 21).content.decode()
    answer = _track_failures(citizen, 1).content.decode()
    assert "查询码或后4位不正确" in answer and "查询失败次数过多" not in answer


def test_the_proxy_header_is_ignored_from_anyone_but_the_proxy(
    cw: CatalogWorld, behind_proxy: None
) -> None:
    # An attacker connecting directly cannot pick a fresh address for every guess.
    for forged in range(21):
        response = _track_failures(
            Client(REMOTE_ADDR="203.0.113.60", HTTP_X_FORWARDED_FOR=f"192.0.2.{forged}"), 1
        )
    assert "查询失败次数过多" in response.content.decode()


def test_counters_are_shared_by_every_process(db: None) -> None:
    from gongkai_platform.accounts import throttle

    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    throttle.note("probe", 60)
    throttle.note("probe", 60)
    other_process = caches.create_connection("default")  # a cache object of its own
    assert other_process.get("gk-count:probe") == 2


def test_a_replayed_application_form_is_refused(cw: CatalogWorld) -> None:
    client = Client()
    data, first = _apply_online(client, cw.w.town_a.pk)
    assert first.status_code == 302
    data["identity_proof"] = SimpleUploadedFile("id.png", PNG, content_type="image/png")
    replay = client.post(reverse("portal:apply", args=[cw.w.town_a.pk]), data)
    assert replay.status_code == 200 and "该表单已经提交过" in replay.content.decode()
    assert OnlineApplication.objects.count() == 1


def test_an_anonymous_report_download_is_never_rendered(
    cw: CatalogWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gongkai.synth import consistent_report
    from gongkai_platform.reports.models import AnnualReport, ReportRendering, ReportState

    document = consistent_report("cn2021", 2024)
    report = AnnualReport.objects.create(
        unit=cw.w.town_a,
        year=2024,
        state=ReportState.PUBLISHED,
        document=document.to_json(),
        compiled_at=timezone.now(),
    )
    url = reverse("portal:annual_report", args=[report.pk, "pdf"])
    assert Client().get(url).status_code == 404  # not rendered yet: a 404, not a render
    ReportRendering.objects.create(report=report, fmt="pdf", content=b"%PDF-1.7 stored")

    def no_rendering(*args: object) -> bytes:
        raise AssertionError("rendered per request")

    import gongkai.render
    import gongkai.render.pdf

    monkeypatch.setattr(gongkai.render, "render", no_rendering)
    monkeypatch.setattr(gongkai.render.pdf, "render_pdf", no_rendering)
    started = time.process_time()
    response = Client().get(url)
    assert response.status_code == 200 and response.content == b"%PDF-1.7 stored"
    assert time.process_time() - started < 0.5


# Settings fail closed (item 7) --------------------------------------------------------------


def _python(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    clean.update({"GONGKAI_DATA_DIR": str(tmp_path)}, **env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


PRODUCTION = {"DJANGO_SECRET_KEY": STRONG_KEY, "DATABASE_URL": "sqlite:///:memory:"}


@pytest.mark.parametrize("entry", ["wsgi", "asgi"])
def test_the_server_entry_points_default_to_production(entry: str, tmp_path: Path) -> None:
    code = (
        f"import gongkai_platform.{entry}; from django.conf import settings; "
        "print(settings.DEBUG, settings.SECURE_HSTS_SECONDS > 0, settings.SESSION_COOKIE_SECURE)"
    )
    unconfigured = _python(code, tmp_path)
    assert unconfigured.returncode != 0 and "DJANGO_SECRET_KEY" in unconfigured.stderr
    configured = _python(code, tmp_path, **PRODUCTION)
    assert configured.stdout.split() == ["False", "True", "True"], configured.stderr


@pytest.mark.parametrize(
    "key",
    ["short-key", "gongkai-development-only-not-secret", "a" * 60, "django-insecure-" + "x1" * 30],
)
def test_a_weak_secret_key_is_refused_at_start(key: str, tmp_path: Path) -> None:
    result = _python(
        "import gongkai_platform.wsgi", tmp_path, **{**PRODUCTION, "DJANGO_SECRET_KEY": key}
    )
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_check_deploy_under_production_settings_is_clean(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
            **PRODUCTION,
            "DJANGO_SETTINGS_MODULE": "gongkai_platform.settings.production",
            "GONGKAI_DATA_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_pages_carry_a_content_security_policy_without_inline_code(
    client: Client, cw: CatalogWorld
) -> None:
    for url in (reverse("portal:index"), reverse("login"), reverse("portal:apply_choose")):
        response = client.get(url)
        assert response["Content-Security-Policy"].startswith("default-src 'self'")
        html = response.content.decode()
        assert "<style" not in html and " style=" not in html and "<script" not in html


def test_no_template_has_inline_script_or_style() -> None:
    """What the policy would refuse (and break): an inline ``<script>`` (one without ``src``; a
    script file from the site itself is what the policy allows), a ``<style>`` element, a style
    attribute or an event-handler attribute in any page template of the platform."""
    import re

    inline = re.compile(r"<script(?![^>]*\ssrc=)|<style|\sstyle=|\son[a-z]+=", re.I)
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "src" / "gongkai_platform").rglob("*.html")
        if inline.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


# Bad input (item 8) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["year=²", "category=²", "year=99999999999999", "page=99999999999999999999999"]
)
def test_odd_numbers_in_portal_queries_are_not_a_500(
    client: Client, cw: CatalogWorld, query: str
) -> None:
    unit = cw.w.town_a.pk
    for name in ("portal:statutory", "portal:rules", "portal:reports"):
        assert client.get(f"{reverse(name, args=[unit])}?{query}").status_code == 200
    assert client.get(f"{reverse('portal:search')}?q=危房&{query}").status_code == 200


def test_a_huge_record_number_in_a_url_is_a_404(client: Client, cw: CatalogWorld) -> None:
    huge = "9" * 30
    for path in (f"/gk/u/{huge}/", f"/gk/item/{huge}/", f"/gk/apply/{huge}/"):
        assert client.get(path).status_code == 404
    assert client.get(f"/gk/search/?unit={huge}").status_code == 200


def test_deeply_nested_json_to_the_api_is_a_400_in_chinese(world: World) -> None:
    from gongkai_platform.api.services import api_token_issue

    _, token = api_token_issue(actor=world.registrar, user=world.registrar, name="probe")
    body = "[" * 50_000 + "]" * 50_000
    response = Client().post(
        reverse("api_applications"),
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert response.status_code == 400
    assert "嵌套过深" in response.json()["error"]["message"]


def test_gongkai_check_on_deep_json_prints_a_chinese_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gongkai.cli import main

    path = tmp_path / "deep.json"
    path.write_text('{"a":' * 50_000 + "1" + "}" * 50_000, encoding="utf-8")
    assert main(["check", str(path)]) != 0
    err = capsys.readouterr().err
    assert "嵌套过深" in err and "Traceback" not in err


def test_an_eighty_megabyte_one_line_text_is_refused_quickly() -> None:
    data = b"a" * (80 * 1024 * 1024)
    started = time.process_time()
    with pytest.raises(IngestError, match="上限"):
        open_bytes(data, "huge.txt")
    assert time.process_time() - started < 1.0
    assert len(data) > MAX_TEXT_BYTES


def test_api_page_numbers_beyond_any_list_are_a_400(world: World) -> None:
    from gongkai_platform.api.services import api_token_issue

    _, token = api_token_issue(actor=world.registrar, user=world.registrar, name="probe")
    for page in ("²", "9" * 30, "0"):
        response = Client().get(
            reverse("api_applications"), {"page": page}, HTTP_AUTHORIZATION=f"Token {token}"
        )
        assert (
            response.status_code == 400
            and "page" in json.loads(response.content)["error"]["message"]
        )


@pytest.mark.parametrize("value", ["²", "99999999999999999999999"])
def test_odd_numbers_in_staff_queries_are_not_a_500(
    client: Client, world: World, value: str
) -> None:
    """The staff pages read their query numbers the portal's way (core.requests.query_number)."""
    assert client.login(username="admin", password="pw-admin")
    assert client.get(f"{reverse('catalog:directory')}?year={value}").status_code == 200
    assert client.get(f"{reverse('holiday_calendar:calendar')}?year={value}").status_code == 200
    assert client.login(username="supervisor", password="pw-supervisor")
    statistics = reverse("oversight:statistics", args=[world.county.pk, 2024])
    assert client.get(f"{statistics}?handler={value}").status_code == 200

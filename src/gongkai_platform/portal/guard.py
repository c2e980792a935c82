"""Abuse guard for the public forms, without a CAPTCHA (which shuts out people using screen
readers, 条例 §43): a honeypot field people never see, a minimum time between showing a form and
submitting it, and rate limits per client address and per identity.

Client addresses are kept only as a keyed hash (HMAC with the site's secret key), enough to count
submissions, useless to recover the address (个人信息保护法 §51: 去标识化).  Behind the reverse
proxy the address is the one the trusted proxy reports, and the counters are in the shared cache
(``accounts.throttle``), so one citizen's failures do not lock out everyone and every process
counts together.  Each form token is single-use: a replayed submission is refused.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.http import HttpRequest

from gongkai_platform.accounts import throttle

HONEYPOT_FIELD = "website"  # a plausible name, so that form-filling robots fill it in
_SALT = "gongkai.portal.form-started"


@dataclass(frozen=True)
class Limits:
    applications_per_client_hour: int = 5
    applications_per_identity_day: int = 10
    follow_ups_per_client_hour: int = 10
    tracking_failures_per_client_hour: int = 20
    min_fill_seconds: float = 3.0
    max_form_age_seconds: float = 6 * 3600.0


def limits() -> Limits:
    """The limits in force; a deployment overrides them with ``PORTAL_LIMITS = {...}``."""
    return Limits(**getattr(settings, "PORTAL_LIMITS", {}))


def client_key(request: HttpRequest) -> str:
    return throttle.client_key(request)


def form_token() -> str:
    """A signed timestamp and a random nonce put in every public form when it is shown."""
    return signing.dumps([time.time(), secrets.token_urlsafe(12)], salt=_SALT)


def _token(data: Mapping[str, object]) -> tuple[float, str]:
    started, nonce = signing.loads(str(data.get("started", "")), salt=_SALT)
    return float(started), str(nonce)


def check_form(data: Mapping[str, object]) -> str | None:
    """Why a submitted form looks automated (a Chinese message), or ``None``."""
    if data.get(HONEYPOT_FIELD):
        return "提交未通过校验，请刷新页面后重新填写"
    try:
        started, _ = _token(data)
    except (signing.BadSignature, TypeError, ValueError):
        return "页面已失效，请刷新页面后重新填写"
    elapsed = time.time() - started
    if elapsed < limits().min_fill_seconds:
        return "提交过快，请核对填写内容后再提交"
    if elapsed > limits().max_form_age_seconds:
        return "页面打开时间过长，请刷新页面后重新填写"
    return None


def use_form(data: Mapping[str, object]) -> str | None:
    """Spend the form's token (after ``check_form`` accepted it, just before the submission is
    stored): a Chinese message if it was spent already, i.e. the submission is a replay."""
    _, nonce = _token(data)
    if throttle.use_once(f"portal-form:{nonce}", int(limits().max_form_age_seconds) + 60):
        return None
    return "该表单已经提交过，请勿重复提交；如需再次提交，请刷新页面后重新填写"


def note_tracking_failure(key: str) -> None:
    throttle.note(f"portal-track-fail:{key}", 3600)


def tracking_blocked(key: str) -> bool:
    return throttle.count(f"portal-track-fail:{key}") >= limits().tracking_failures_per_client_hour

"""Abuse guard for the public forms, without a CAPTCHA (which shuts out people using screen
readers, 条例 §43): a honeypot field people never see, a minimum time between showing a form and
submitting it, and rate limits per client address and per identity.

Client addresses are kept only as a keyed hash (HMAC with the site's secret key), enough to count
submissions, useless to recover the address (个人信息保护法 §51: 去标识化).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

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
    address = request.META.get("REMOTE_ADDR", "")
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def form_token() -> str:
    """A signed timestamp put in every public form when it is shown."""
    return signing.dumps(time.time(), salt=_SALT)


def check_form(data: Mapping[str, object]) -> str | None:
    """Why a submitted form looks automated (a Chinese message), or ``None``."""
    if data.get(HONEYPOT_FIELD):
        return "提交未通过校验，请刷新页面后重新填写"
    try:
        started = float(signing.loads(str(data.get("started", "")), salt=_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return "页面已失效，请刷新页面后重新填写"
    elapsed = time.time() - started
    if elapsed < limits().min_fill_seconds:
        return "提交过快，请核对填写内容后再提交"
    if elapsed > limits().max_form_age_seconds:
        return "页面打开时间过长，请刷新页面后重新填写"
    return None


def note_tracking_failure(key: str) -> None:
    name = f"portal-track-fail:{key}"
    cache.add(name, 0, timeout=3600)
    cache.incr(name)


def tracking_blocked(key: str) -> bool:
    return (
        int(cache.get(f"portal-track-fail:{key}", 0)) >= limits().tracking_failures_per_client_hour
    )

"""Session rules of the staff pages (OWASP ASVS 3.3, 等保2.0 “登录连接超时自动退出”):

- signed out after ``GONGKAI_IDLE_SECONDS`` without a request (30 minutes by default), and after
  ``SESSION_COOKIE_AGE`` from signing in whatever the activity (8 hours);
- a person whose password was set by an administrator (initial or reset) is sent to the password
  page until they have chosen their own.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai_platform.accounts.credentials import must_change

SIGNED_IN_AT = "gk_signed_in_at"
SEEN_AT = "gk_seen_at"
MUST_CHANGE = "gk_must_change"
SEEN_RESOLUTION = 60  # seconds: the session is written at most once a minute for the idle clock


def signed_in(request: HttpRequest, user: User) -> None:
    """Start the session clocks and note whether the password must be changed (on sign-in; a
    later reset changes the password, which ends the session anyway)."""
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[SEEN_AT] = now
    request.session[MUST_CHANGE] = must_change(user)


class SessionPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        now = time.time()
        session = request.session
        started = float(session.get(SIGNED_IN_AT, now))
        seen = float(session.get(SEEN_AT, now))
        if (
            now - seen > settings.GONGKAI_IDLE_SECONDS
            or now - started > settings.SESSION_COOKIE_AGE
        ):
            logout(request)
            messages.info(request, _("长时间未操作或登录时间已到，已自动退出，请重新登录"))
            return redirect_to_login(request.get_full_path())
        if SIGNED_IN_AT not in session:
            session[SIGNED_IN_AT] = now
        if now - seen >= SEEN_RESOLUTION or SEEN_AT not in session:
            session[SEEN_AT] = now
        if session.get(MUST_CHANGE) and request.path not in (
            reverse("password_change"),
            reverse("logout"),
        ):
            messages.info(request, _("您的密码是管理员设置的初始密码或重置密码，请先修改密码"))
            return redirect("password_change")
        return self.get_response(request)

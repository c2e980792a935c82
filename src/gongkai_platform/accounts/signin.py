"""Signing in and a person's own password (OWASP ASVS 2.2, 2.1; 等保2.0 身份鉴别).

Sign-in is Django's, with the throttle in front (``accounts.throttle``): after
``GONGKAI_LOGIN_FAILURES_PER_ACCOUNT`` failures the account, and after
``GONGKAI_LOGIN_FAILURES_PER_CLIENT`` failures the client address, is refused for
``GONGKAI_LOGIN_LOCKOUT_SECONDS`` even with the right password, with a Chinese message saying so.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai_platform.accounts import credentials, throttle
from gongkai_platform.accounts.middleware import MUST_CHANGE
from gongkai_platform.accounts.models import SecurityAction
from gongkai_platform.accounts.security import security_event
from gongkai_platform.core.errors import ActionRefused
from gongkai_platform.core.requests import user_of


class LoginForm(AuthenticationForm):
    error_messages = {  # noqa: RUF012  (Django's own declaration is a plain attribute)
        "invalid_login": gettext_lazy("用户名或密码不正确"),
        "inactive": gettext_lazy("该账户已停用，请联系单位管理员"),
        "locked": gettext_lazy(
            "登录失败次数过多，已暂时锁定，请 %(minutes)s 分钟后再试，或请单位管理员重置密码"
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = str(self.cleaned_data.get("username") or "")
        address = throttle.client_address(self.request) if self.request else ""
        account = User.objects.filter(username=username).first()
        if throttle.login_locked(username, address):
            security_event(
                SecurityAction.LOGIN_LOCKED, actor=None, subject=account, request=self.request
            )
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": settings.GONGKAI_LOGIN_LOCKOUT_SECONDS // 60},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.login_failed(username, address)
            security_event(
                SecurityAction.LOGIN_FAILED,
                actor=None,
                subject=account,
                request=self.request,
                known_account=account is not None,
            )
            raise
        throttle.login_reset(username)
        return cleaned


class LoginView(auth_views.LoginView):
    form_class = LoginForm


class OwnPasswordForm(PasswordChangeForm):
    """Django's form (old password, the new one twice, the validators of the settings)."""


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = OwnPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            credentials.password_change(
                user=user, password=form.cleaned_data["new_password1"], request=request
            )
        except ActionRefused as refusal:
            form.add_error("new_password1", refusal.message)
        else:
            update_session_auth_hash(request, user)  # this session stays signed in
            request.session[MUST_CHANGE] = False
            messages.success(request, _("已修改密码"))
            return redirect("home")
    forced = bool(request.session.get(MUST_CHANGE))
    return render(request, "accounts/password_change.html", {"form": form, "forced": forced})

"""The token page of a signed-in person: their API tokens (purpose, created, expiry, last use),
a new token (shown once), and revocation.  A person sees and revokes only their own tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai_platform.api.models import DEFAULT_DAYS, MAX_DAYS, ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("用途"), max_length=100)
    days = forms.IntegerField(
        label=gettext_lazy("有效期（天）"),
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
        help_text=gettext_lazy("最长365天；到期后令牌自动失效"),
    )


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def token_create(*, user: User, name: str, days: int) -> tuple[ApiToken, str]:
    return ApiToken.issue(user, name.strip(), days)


def token_revoke(*, user: User, token: ApiToken) -> None:
    if token.user_id != user.pk:
        raise Http404
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        _, issued = token_create(user=user, **form.cleaned_data)
        form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "tokens": ApiToken.objects.filter(user=user).order_by("-created_at"),
            "form": form,
            "issued": issued,
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=pk, user=_user(request)).first()
    if token is None:
        raise Http404(_("没有找到该令牌"))
    token_revoke(user=_user(request), token=token)
    messages.success(request, _("已撤销令牌“%(name)s”") % {"name": token.name})
    return redirect("api_tokens")

"""The token page of a signed-in person: their API tokens (purpose, created, expiry, last use),
a new token (shown once), and revocation.  A person sees and revokes only their own tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai_platform.accounts.models import SecurityAction
from gongkai_platform.accounts.security import security_event
from gongkai_platform.api.models import DEFAULT_DAYS, MAX_DAYS, ApiToken
from gongkai_platform.core.requests import user_of


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("用途"), max_length=100)
    days = forms.IntegerField(
        label=gettext_lazy("有效期（天）"),
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
        help_text=gettext_lazy("最长365天；到期后令牌自动失效"),
    )


def token_create(
    *, user: User, name: str, days: int, request: HttpRequest | None = None
) -> tuple[ApiToken, str]:
    """A new token of ``user``'s own, with its event (the digest's first characters name it)."""
    with transaction.atomic():
        token, text = ApiToken.issue(user, name.strip(), days)
        security_event(
            SecurityAction.TOKEN_CREATE,
            actor=user,
            request=request,
            token=token.pk,
            name=token.name,
            expires_at=token.expires_at,
        )
    return token, text


def token_revoke(*, user: User, token: ApiToken, request: HttpRequest | None = None) -> None:
    """Revoke one of ``user``'s own tokens (someone else's is not found)."""
    if token.user_id != user.pk:
        raise Http404
    with transaction.atomic():
        revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if revoked:
            security_event(
                SecurityAction.TOKEN_REVOKE,
                actor=user,
                request=request,
                token=token.pk,
                name=token.name,
            )


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        _, issued = token_create(user=user, request=request, **form.cleaned_data)
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
    token = ApiToken.objects.filter(pk=pk, user=user_of(request)).first()
    if token is None:
        raise Http404(_("没有找到该令牌"))
    token_revoke(user=user_of(request), token=token, request=request)
    messages.success(request, _("已撤销令牌“%(name)s”") % {"name": token.name})
    return redirect("api_tokens")

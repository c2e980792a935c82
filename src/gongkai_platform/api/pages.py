"""The token page of a signed-in person: their API tokens (purpose, created, expiry, last use),
a new token (shown once), and revocation, through the token actions (``api.services``, each with
its :class:`~gongkai_platform.api.models.TokenEvent`).  A person sees and revokes only their own
tokens here."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai_platform.api.models import DEFAULT_DAYS, MAX_DAYS, ApiToken
from gongkai_platform.api.services import api_token_issue, api_token_revoke
from gongkai_platform.core.errors import ActionRefused
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


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            _, issued = api_token_issue(actor=user, user=user, **form.cleaned_data)
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            form = TokenForm()
    response = render(
        request,
        "api/tokens.html",
        {
            "tokens": ApiToken.objects.filter(user=user).order_by("-created_at"),
            "form": form,
            "issued": issued,
        },
    )
    response["Cache-Control"] = "no-store"  # the new token is on this page only
    return response


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=pk, user=user_of(request)).first()
    if token is None:
        raise Http404(_("没有找到该令牌"))
    api_token_revoke(actor=user_of(request), token=token)
    messages.success(request, _("已撤销令牌“%(name)s”") % {"name": token.name})
    return redirect("api_tokens")

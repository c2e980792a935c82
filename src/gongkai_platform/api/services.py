"""API tokens as named actions: issued and revoked through the one runner (``core.actions``),
each with one :class:`TokenEvent` on the token owner's trail (who issued or revoked which token,
by its purpose and id; never the token).  A person issues their own tokens; a 单位管理员 may
revoke the tokens of the people of their unit; a superuser any."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from gongkai_platform.accounts.models import Membership
from gongkai_platform.accounts.scoping import managed_units
from gongkai_platform.api.models import ApiToken, TokenAction, TokenEvent, digest
from gongkai_platform.core.actions import Aggregate
from gongkai_platform.core.errors import ActionRefused, ErrorCode


class Holders(Aggregate[User]):
    """The runner's view of a token holder: their tokens' events in one stream per person."""

    model = User
    events = TokenEvent
    noun = "用户"

    def check(self, actor: Any, obj: User, action: str) -> None:
        if actor.pk == obj.pk or actor.is_superuser:
            return
        if (
            action == TokenAction.REVOKE
            and Membership.objects.filter(user=obj, unit__in=managed_units(actor)).exists()
        ):
            return
        raise ActionRefused(ErrorCode.NOT_PERMITTED, f"您不能管理{obj}的接口令牌")

    def snapshot(self, obj: User) -> dict[str, Any]:
        tokens = ApiToken.objects.filter(user=obj).order_by("pk").values_list("pk", "name")
        return {"tokens": [[pk, name] for pk, name in tokens]}

    def finish(self, obj: User) -> None:
        return None  # the tokens are written by the mutation; the person is unchanged

    def subject(self, obj: User, state_before: str) -> dict[str, Any]:
        return {"holder": obj}


HOLDERS = Holders()


def api_token_issue(*, actor: User, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the token text (shown once, never stored:
    only its SHA-256 digest is)."""
    token = secrets.token_urlsafe(32)
    made: list[ApiToken] = []

    def mutate(holder: User) -> None:
        if not name.strip():
            raise ActionRefused(ErrorCode.INVALID, "应写明令牌用途")
        made.append(
            ApiToken.objects.create(user=holder, name=name.strip()[:100], key_digest=digest(token))
        )

    HOLDERS.run(actor=actor, pk=user.pk, action=TokenAction.ISSUE, mutate=mutate)
    return made[0], token


def api_token_revoke(*, actor: User, token: ApiToken | int, reason: str = "") -> None:
    """Revoke a token: it stops working at once (its row is removed; the event keeps its id
    and purpose)."""
    pk = token if isinstance(token, int) else token.pk
    with transaction.atomic():
        holder = ApiToken.objects.values_list("user_id", flat=True).get(pk=pk)

        def mutate(user: User) -> None:
            ApiToken.objects.filter(pk=pk, user=user).delete()

        HOLDERS.run(actor=actor, pk=holder, action=TokenAction.REVOKE, mutate=mutate, reason=reason)

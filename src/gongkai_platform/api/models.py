"""API tokens.  Only a SHA-256 digest is stored; the token itself is shown once when created.

A token expires (``expires_at``; at most :data:`MAX_DAYS` days, OWASP ASVS 3.5) and its owner can
revoke it on the token page (``api.pages``); an expired or revoked token, or one whose user is
deactivated, is refused.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_DAYS = 90
MAX_DAYS = 365


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("用途"), max_length=100)
    key_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("有效期至"), null=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")

    @classmethod
    def issue(cls, user: object, name: str, days: int = DEFAULT_DAYS) -> tuple[ApiToken, str]:
        """A new token for ``user``, valid ``days`` days; the row and the token text (not
        stored)."""
        if not 1 <= days <= MAX_DAYS:
            raise ValueError(f"令牌有效期应为 1 至 {MAX_DAYS} 天")
        token = secrets.token_urlsafe(32)
        row = cls.objects.create(
            user=user,
            name=name,
            key_digest=digest(token),
            expires_at=timezone.now() + timedelta(days=days),
        )
        return row, token

    @property
    def usable(self) -> bool:
        return self.revoked_at is None and (
            self.expires_at is not None and self.expires_at > timezone.now()
        )


def usable_tokens() -> QuerySet[ApiToken]:
    """Tokens that may authenticate a request now."""
    return ApiToken.objects.filter(
        Q(revoked_at__isnull=True), expires_at__gt=timezone.now(), user__is_active=True
    )

"""API tokens and their trail.  Only a SHA-256 digest is stored; the token itself is shown once
when issued (``services.api_token_issue``)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai_platform.core.audit import AuditEvent


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

    class Meta:
        verbose_name = _("接口令牌")


class TokenAction(models.TextChoices):
    ISSUE = "token_issue", _("生成接口令牌")
    REVOKE = "token_revoke", _("撤销接口令牌")


class TokenEvent(AuditEvent):
    """One token issued or revoked (``services``): whose, by whom, which (id and purpose; the
    token itself is never kept); one hash-chained stream per token holder."""

    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    action = models.CharField(_("操作"), max_length=40, choices=TokenAction.choices)

    stream_field = "holder_id"

    class Meta(AuditEvent.Meta):
        verbose_name = _("接口令牌记录")
        indexes = (models.Index(fields=["holder", "id"], name="token_event_stream"),)

"""Writing the security audit trail (:class:`~gongkai_platform.accounts.models.SecurityEvent`)
through the one ``core.audit.record``: the signals of Django's sign-in and sign-out, and the
actions that use personal data or credentials (exports, identity-proof downloads, tokens,
password changes, purges) call :func:`security_event`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest

from gongkai_platform.accounts.models import SecurityAction, SecurityEvent
from gongkai_platform.accounts.throttle import client_key
from gongkai_platform.core.audit import record


def security_event(
    action: SecurityAction,
    *,
    actor: User | None,
    subject: User | None = None,
    request: HttpRequest | None = None,
    reason: str = "",
    **after: Any,
) -> SecurityEvent:
    """One event; ``subject`` defaults to the actor (whose account the stream is)."""
    with transaction.atomic():
        return record(
            SecurityEvent,
            actor=actor,
            action=action,
            after=after,
            reason=reason,
            subject=subject if subject is not None else actor,
            client=client_key(request) if request is not None else "",
        )

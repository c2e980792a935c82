"""How the platform names a person on its pages: by real name (the name their unit's
administrator entered), the login name only when none was entered, and 系统 for the system's own
scheduled work (an audit event without an actor)."""

from __future__ import annotations

from typing import Any


def person_name(user: Any) -> str:
    if user is None:
        return "系统"
    # The unit's administrator enters the whole name as one field (``first_name``, see
    # accounts.services); a family name kept apart goes first, as Chinese names are written.
    return f"{user.last_name}{user.first_name}".strip() or str(user.get_username())

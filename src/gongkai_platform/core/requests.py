"""Helpers of the views of every app: what a request carries, read one way."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest


def user_of(request: HttpRequest) -> User:
    """The logged-in user of a ``login_required`` view."""
    assert isinstance(request.user, User)
    return request.user


MAX_ID = 2**63 - 1  # the largest primary key a database holds


def query_number(request: HttpRequest, name: str, low: int, high: int) -> int | None:
    """The query parameter ``name`` as a number within [low, high], or None.  ASCII digits
    only: ``"²".isdigit()`` is true but ``int("²")`` fails, and a huge number overflows the
    database's integers; both were answered with a 500."""
    value = request.GET.get(name, "")
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(high)):
        return None
    number = int(value)
    return number if low <= number <= high else None

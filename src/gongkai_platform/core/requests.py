"""Helpers of the views of every app: what a request carries, read one way."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest


def user_of(request: HttpRequest) -> User:
    """The logged-in user of a ``login_required`` view."""
    assert isinstance(request.user, User)
    return request.user

"""How reminders reach people: pluggable notifiers.

``settings.GONGKAI_NOTIFIERS`` lists dotted paths of classes with ``notify(user, subject, text)``;
each one tries to reach the user and says whether it did.  E-mail (Django's e-mail backend) is
built in.  An SMS gateway is a class of the same shape, added to the setting, that looks up the
user's mobile number and calls the gateway; nothing else changes.
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.utils.module_loading import import_string


class Notifier(Protocol):
    def notify(self, user: User, subject: str, text: str) -> bool: ...


class EmailNotifier:
    def notify(self, user: User, subject: str, text: str) -> bool:
        if not user.email:
            return False
        return send_mail(subject, text, None, [user.email]) == 1


def notifiers() -> list[Notifier]:
    paths: list[str] = getattr(
        settings, "GONGKAI_NOTIFIERS", ["gongkai_platform.applications.notify.EmailNotifier"]
    )
    return [import_string(path)() for path in paths]

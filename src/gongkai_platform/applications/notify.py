"""How messages reach people: pluggable notifiers, for staff and for applicants alike.

``settings.GONGKAI_NOTIFIERS`` lists dotted paths of classes with
``notify(recipient, subject, text) -> bool``; each one tries to reach the :class:`Recipient` its
own way and says whether it did.  Two are built in:

- :class:`EmailNotifier`: Django's e-mail backend, to ``recipient.email``;
- :class:`SmsNotifier`: the shape of an SMS channel, to ``recipient.phone``.  Its ``send`` is the
  one method a deployment writes for its gateway (a subclass added to the setting); the class
  itself has no gateway to call, so it is not in the default setting.

Staff get their daily reminders (``tasks.send_due_reminders``); applicants are told of each step
that concerns them (:mod:`.applicant_notices`).  Addresses and numbers are masked in logs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from gongkai_platform.applications.masking import mask_email, mask_phone
from gongkai_platform.core.people import person_name

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    """Whom a message is for and how they can be reached (either may be blank)."""

    name: str
    email: str = ""
    phone: str = ""

    @classmethod
    def of_user(cls, user: Any) -> Recipient:
        """A member of staff: by e-mail (the platform keeps no phone number of its users)."""
        return cls(person_name(user), email=user.email or "")


class Notifier(Protocol):
    def notify(self, recipient: Recipient, subject: str, text: str) -> bool: ...


class EmailNotifier:
    def notify(self, recipient: Recipient, subject: str, text: str) -> bool:
        if not recipient.email:
            return False
        sent = send_mail(subject, text, None, [recipient.email]) == 1
        logger.info("邮件%s：%s", "已发送" if sent else "未发送", mask_email(recipient.email))
        return sent


class SmsNotifier:
    """An SMS channel: subclass it with ``send`` calling the deployment's gateway."""

    def notify(self, recipient: Recipient, subject: str, text: str) -> bool:
        if not recipient.phone:
            return False
        sent = self.send(recipient.phone, f"【{subject}】{text}")
        logger.info("短信%s：%s", "已发送" if sent else "未发送", mask_phone(recipient.phone))
        return sent

    def send(self, phone: str, message: str) -> bool:
        raise NotImplementedError("短信网关未配置：请在部署中实现 SmsNotifier.send")


def notifiers() -> list[Notifier]:
    paths: list[str] = getattr(
        settings, "GONGKAI_NOTIFIERS", ["gongkai_platform.applications.notify.EmailNotifier"]
    )
    return [import_string(path)() for path in paths]

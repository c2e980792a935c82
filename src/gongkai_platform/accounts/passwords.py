"""The password rule Django lacks (its validators in settings cover length, common passwords,
likeness to the user's name and digits-only): at least three of four kinds of character, as
等保2.0 level 2 asks of passwords (“口令应具有复杂度要求”) and OWASP ASVS 2.1 allows."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

KINDS_REQUIRED = 3


def character_kinds(password: str) -> int:
    return sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )


class CharacterKindsValidator:
    def validate(self, password: str, user: AbstractBaseUser | None = None) -> None:
        if character_kinds(password) < KINDS_REQUIRED:
            raise ValidationError(
                _("密码应包含小写字母、大写字母、数字、符号中的至少三种"),
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("密码应包含小写字母、大写字母、数字、符号中的至少三种")

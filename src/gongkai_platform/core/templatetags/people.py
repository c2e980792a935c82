"""``{{ user|person }}``: a person by real name (:func:`gongkai_platform.core.people.person_name`)."""

from __future__ import annotations

from typing import Any

from django import template

from gongkai_platform.core.people import person_name

register = template.Library()


@register.filter
def person(user: Any) -> str:
    return person_name(user)

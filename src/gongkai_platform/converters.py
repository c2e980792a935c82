"""The ``<id:…>`` path converter of every URL that names a record: at most 18 digits, so that a
huge number in a URL is a 404 instead of an integer overflow in the database (a 500)."""

from __future__ import annotations

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"  # below 2**63, the largest key PostgreSQL and SQLite hold

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")

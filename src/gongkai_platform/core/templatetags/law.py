"""``{% load law %}``: the statute's citations and periods in templates, from :mod:`gongkai.law`
(the law in one place; docs/law.md §4.1), so a page never types "条例第…条" or "20个工作日".

A citation goes into the sentence as a placeholder, so the sentence stays one translatable
string::

    {% cite "ART_26" as art %}{% period "PUBLICATION" as days %}
    {% blocktranslate %}发布期限（{{ art }}：{{ days }}内公开）{% endblocktranslate %}

``{% cite "ART_32" "ART_34" %}`` cites several articles at once (条例第三十二条、第三十四条);
``form="full"`` cites by the act's title (《中华人民共和国政府信息公开条例》第三十一条) and
``form="abbreviated"`` by its short name in book-title marks (《条例》第三十一条), for a page that
has said "以下简称《条例》".  ``{% report_by "DEPARTMENT" as by %}`` gives a §49 publication date
as (month, day); ``{% act "OGI" as ogi %}`` an act, for its ``{{ ogi.title }}`` and
``{{ ogi.number }}`` in running text.
"""

from __future__ import annotations

from typing import TypeVar, get_args

from django import template

from gongkai import law

register = template.Library()
T = TypeVar("T")


def _named(name: str, kind: type[T]) -> T:
    """An article or period of gongkai.law by its name; a misspelt name fails the page's test."""
    value = getattr(law, name, None)
    if not isinstance(value, kind):
        raise template.TemplateSyntaxError(f"gongkai.law has no {kind.__name__} named {name!r}")
    return value


@register.simple_tag
def cite(*names: str, form: law.CiteForm = "short") -> str:
    if form not in get_args(law.CiteForm):
        raise template.TemplateSyntaxError(f"no citation form {form!r}")
    return law.citation(*(_named(name, law.Article) for name in names), form=form)


@register.simple_tag
def period(name: str) -> str:
    return _named(name, law.Period).text


@register.simple_tag
def report_by(name: str) -> tuple[int, int]:
    """A §49 publication date as (month, day): ``{% report_by "DEPARTMENT" as by %}{{ by.0 }}``."""
    return _named(f"{name}_REPORT_BY", tuple)


@register.simple_tag
def act(name: str) -> law.Act:
    return _named(name, law.Act)

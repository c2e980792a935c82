"""The annual report as printable, accessible HTML5 (条例 §50; 国办公开办函〔2021〕30号).

The page prints the document of :func:`gongkai.render.document` on A4 in 公文 typography
(GB/T 9704: title 方正小标宋简体 二号, body 仿宋_GB2312 三号, with Noto CJK as the fallback).
Tables keep the official merged cells (``rowspan``/``colspan`` from :mod:`gongkai.render.layout`),
carry ``<caption>`` and ``<th scope>``, and every figure's ``<td>`` names its cell key in
``data-key``.  Agency names and narratives are untrusted text: the template autoescapes them.
The PDF renderer (Typst) prints the same document.
"""

from __future__ import annotations

from functools import cache

import jinja2

from gongkai.render import ANNEX, PrintedTable, document
from gongkai.report import Report

TEMPLATE = "report.html.j2"


def column_percentages(table: PrintedTable) -> list[float]:
    """Column widths of ``table`` in per cent of the text width."""
    total = sum(table.widths)
    return [round(100 * w / total, 2) for w in table.widths]


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("gongkai.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )
    env.globals.update(widths=column_percentages, annex=ANNEX)
    return env


def render_html(report: Report) -> str:
    """``report`` as a complete HTML5 document."""
    return _environment().get_template(TEMPLATE).render(doc=document(report)) + "\n"


def render_html_bytes(report: Report) -> bytes:
    return render_html(report).encode("utf-8")

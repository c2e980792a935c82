"""Reading a printed table cell as a figure (ingest of published 政府信息公开工作年度报告).

Reports published under 条例 §50 (国办公开办函〔2021〕30号 and earlier formats) print figures in
many forms: full-width digits ("１２"), thousands separators ("3,020.782"), explicit signs
("+1036"), dashes and words for "none" ("/", "—", "无"), amounts with their unit ("543900元").
:func:`parse_number` returns the figure when the text is a number and keeps the printed text as
``raw`` whenever it is not a plain number (report-json.md "Cell values"); a blank stays blank and
never becomes 0.  Unit conversion (元 → 万元) is a later step of ingest.
"""

from __future__ import annotations

import re
import unicodedata

from gongkai.report import Number

Reading = tuple[Number | None, str | None]

# ASCII digits only: ``\d`` would also take full-width "１２", which is not the plain form.
_PLAIN = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_NUMBER = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
_MINUS = str.maketrans({"−": "-", "–": "-"})  # U+2212 MINUS SIGN, U+2013 EN DASH before digits


def parse_number(text: str) -> Reading:
    """``(value, raw)`` of a printed cell: ``raw`` is the printed text unless it is a plain number.

    >>> parse_number("3,020.782")
    (3020.782, '3,020.782')
    >>> parse_number("/")
    (None, '/')
    """
    printed = text.strip()
    if not printed:
        return None, None
    normal = unicodedata.normalize("NFKC", printed).translate(_MINUS)
    if not _NUMBER.fullmatch(normal):
        return None, printed
    digits = normal.replace(",", "")
    value: Number = float(digits) if "." in digits else int(digits)
    return value, None if _PLAIN.fullmatch(printed) else printed

"""Full-text search over catalog items: tokens, matching per database, highlighting.

Chinese is written without spaces, so words cannot be cut at whitespace.  Until a word segmenter
(jieba) is a dependency of the project, text is indexed as the overlapping character **bigrams**
of each run of Chinese characters (a run of one character is kept whole) and as lower-cased runs
of Latin letters and digits; full-width forms are folded (NFKC) and traditional characters are
converted to simplified (OpenCC), so "住房" finds "住房保障" and "住房" typed in any form.  A
query word of two or more characters matches an item holding all of its bigrams; a one-character
query falls back to a substring search of title and summary.

The tokens are kept in ``CatalogItem.search_tokens`` as `` tok1 tok2 … `` by the services.
PostgreSQL matches them through a stored ``search_vector`` column with a GIN index (migration
0002, with a pg_trgm index on titles for short words), choosing between the index and a walk over
the newest items by how frequent the query's bigrams are; other databases (SQLite, used for
development) match ``LIKE '% tok %'`` per token.  Both return the same rows.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import TypeVar

import opencc
from django.db import connection, transaction
from django.db.models import BooleanField, Model, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(rf"[{_CJK}]+|[0-9a-z]+")
_T = TypeVar("_T", bound=Model)
MAX_QUERY_TOKENS = 32  # a pasted paragraph is cut, not turned into a huge query


@cache
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def normalise(text: str) -> str:
    """Full-width folded, lower-case, simplified characters."""
    return str(_to_simplified().convert(unicodedata.normalize("NFKC", text).lower()))


def tokens(text: str) -> list[str]:
    """The distinct tokens of ``text`` in order of first appearance."""
    seen: dict[str, None] = {}
    for run in _RUNS.findall(normalise(text)):
        if run[0].isascii() or len(run) == 1:
            seen.setdefault(run)
        else:
            for i in range(len(run) - 1):
                seen.setdefault(run[i : i + 2])
    return list(seen)


def index_text(parts: Iterable[str]) -> str:
    """The value stored in ``search_tokens``: space-delimited, with a space at both ends."""
    found: dict[str, None] = {}
    for part in parts:
        for token in tokens(part):
            found.setdefault(token)
    return f" {' '.join(found)} " if found else ""


def matching(items: QuerySet[_T], query: str) -> QuerySet[_T]:
    """``items`` narrowed to those matching every word of ``query``; unchanged for an empty query."""
    wanted = tokens(query)[:MAX_QUERY_TOKENS]
    if not wanted:
        return items
    if all(len(t) == 1 and not t.isascii() for t in wanted):
        condition = Q()
        for token in wanted:
            condition &= Q(title__icontains=token) | Q(summary__icontains=token)
        return items.filter(condition)
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"'{t}'" for t in wanted)
        column = f'"{items.model._meta.db_table}"."search_vector"'
        sql = f"{column} @@ to_tsquery('simple', %s)"
        return items.filter(RawSQL(sql, (tsquery,), output_field=BooleanField()))
    condition = Q()
    for token in wanted:
        condition &= Q(search_tokens__contains=f" {token} ")
    return items.filter(condition)


def results(items: QuerySet[_T], query: str, start: int, stop: int) -> list[_T]:
    """Rows ``start:stop`` of ``matching(items, query)`` in the queryset's order.

    On PostgreSQL, when every bigram of the query is frequent the word very likely is too; the
    planner multiplies the bigrams' frequencies as if they were independent (they are not: they
    come from one word), expects a handful of matches, and fetches all of them (through the GIN
    index, or by scanning the table) to sort them.  For such queries the index walk in the
    queryset's order is forced instead (``SET LOCAL`` in the query's own transaction), which stops
    after one page.  Rare words keep the GIN index.
    """
    page = matching(items, query)[start:stop]
    wanted = tokens(query)[:MAX_QUERY_TOKENS]
    if connection.vendor != "postgresql" or not wanted or not _all_common(wanted):
        return list(page)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        return list(page)


COMMON_SHARE = 0.005  # a bigram in at least 0.5 % of the items counts as common
_STATS_SECONDS = 600.0
_stats: tuple[float, dict[str, float]] = (0.0, {})


def _token_shares() -> dict[str, float]:
    """The share of items holding each frequent token, from PostgreSQL's statistics of the
    ``search_vector`` column (``ANALYZE``), re-read every ten minutes."""
    global _stats
    read_at, shares = _stats
    if time.monotonic() - read_at > _STATS_SECONDS:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE tablename = 'catalog_catalogitem' AND attname = 'search_vector'"
            )
            row = cursor.fetchone()
        shares = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
        _stats = (time.monotonic(), shares)
    return shares


def _all_common(wanted: list[str]) -> bool:
    shares = _token_shares()
    return all(shares.get(token, 0.0) >= COMMON_SHARE for token in wanted)


def _terms(query: str) -> list[str]:
    return sorted({t for t in re.split(r"\s+", query.strip()) if t}, key=len, reverse=True)


def highlight(text: str, query: str) -> SafeString:
    """``text`` escaped, with each word of ``query`` marked (``<mark>``)."""
    terms = _terms(query)
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    out: list[str] = []
    last = 0
    for m in pattern.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(f"<mark>{escape(m.group())}</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # every piece was escaped above


def snippet(text: str, query: str, *, width: int = 60) -> str:
    """About ``2 * width`` characters of ``text`` around the first word of ``query`` found."""
    flat = " ".join(text.split())
    lowered = flat.lower()
    at = min((i for t in _terms(query) if (i := lowered.find(t.lower())) >= 0), default=-1)
    if at < 0:
        return ""
    start = max(0, at - width)
    end = min(len(flat), at + width)
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")

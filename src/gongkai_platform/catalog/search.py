"""Full-text search over catalog items: tokens, matching per database, highlighting.

Chinese is written without spaces, so words cannot be cut at whitespace.  Text is cut into words
by **jieba** in its search mode (``cut_for_search``: each word and the shorter dictionary words
inside it, so "危房改造" gives 危房改造, 危房, 房改, 改造).  Besides jieba's words, every Chinese
character and every pair of neighbouring characters (bigram) is a token, and runs of Latin
letters and digits are lower-cased words.  Full-width forms are folded (NFKC) and traditional
characters converted to simplified (OpenCC) on both sides, so a query typed in any form finds the
same items.

A query is cut by jieba in its precise mode; every word must match:

- a word of one or two characters matches its token — short words are found wherever they stand,
  also inside a longer word jieba cut differently ("政预" in "财政预算", "居" in "居住");
- a longer word matches an item holding it as a jieba token, or holding all of its bigrams (a
  word jieba cut differently in the item's context than in the query).

So every query is one boolean expression over tokens.  The tokens are kept in
``CatalogItem.search_tokens`` as `` tok1 tok2 … `` by the services.  PostgreSQL matches them
through a stored ``search_vector`` column (``to_tsvector('simple', …)``) with a GIN index
(migration 0002): the whole query is one ``tsquery``, answered by the index without a recheck,
and for a query whose words are all frequent the walk over the newest items is forced instead
(see :func:`results`).  pg_trgm is not used (migration 0003 drops its index): a trigram index
cannot serve a Chinese substring shorter than three characters (``show_trgm('住房')`` holds only
space-padded trigrams, so ``ILIKE '%住房%'`` is a sequential scan, 0.4 s per 100,000 titles
measured on PostgreSQL 15), and that is exactly the short word it was meant for; the character
and bigram tokens in the GIN index do that job.  Other databases (SQLite, used for development)
match ``LIKE '% tok %'`` per token.  Both return the same rows.

jieba builds its prefix dictionary once per process (about a second; it caches the result in the
temporary directory), on first use: :func:`segmenter`.
"""

from __future__ import annotations

import logging
import re
import time
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import TypeVar

import jieba
import opencc
from django.db import connection, connections, transaction
from django.db.models import BooleanField, Model, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(rf"[{_CJK}]+|[0-9a-z]+")
_T = TypeVar("_T", bound=Model)
MAX_QUERY_TOKENS = 32  # a pasted paragraph is cut, not turned into a huge query
# PostgreSQL refuses a tsvector over 1 MB; the distinct tokens of a long attachment (a few hundred
# pages) stay well under it at this count.
MAX_INDEX_TOKENS = 60_000


@cache
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def segmenter() -> jieba.Tokenizer:
    """jieba's tokenizer with its dictionary loaded: built once per process."""
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def normalise(text: str) -> str:
    """Full-width folded, lower-case, simplified characters."""
    return str(_to_simplified().convert(unicodedata.normalize("NFKC", text).lower()))


def _is_cjk(run: str) -> bool:
    return not run[0].isascii()


def tokens(text: str) -> list[str]:
    """The distinct index tokens of ``text`` in order of first appearance: jieba's search-mode
    words, every Chinese character and bigram, and Latin/digit words."""
    seen: dict[str, None] = {}
    for run in _RUNS.findall(normalise(text)):
        if _is_cjk(run):
            for word in segmenter().cut_for_search(run):
                seen.setdefault(word)
            for token in (*run, *_bigrams(run)):
                seen.setdefault(token)
        else:
            seen.setdefault(run)
    return list(seen)


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def words(query: str) -> list[str]:
    """The distinct words of a query (jieba's precise mode), at most ``MAX_QUERY_TOKENS``."""
    seen: dict[str, None] = {}
    for run in _RUNS.findall(normalise(query)):
        for word in segmenter().cut(run) if _is_cjk(run) else (run,):
            seen.setdefault(word)
    return list(seen)[:MAX_QUERY_TOKENS]


def index_text(parts: Iterable[str]) -> str:
    """The value stored in ``search_tokens``: space-delimited, with a space at both ends; at most
    ``MAX_INDEX_TOKENS`` tokens, the first ones (title and summary come first)."""
    found: dict[str, None] = {}
    for part in parts:
        for token in tokens(part):
            found.setdefault(token)
    return f" {' '.join(list(found)[:MAX_INDEX_TOKENS])} " if found else ""


# A query as data: every word (AND) is one of its alternatives (OR), each a set of tokens (AND).
Alternatives = list[list[str]]


def _alternatives(word: str) -> Alternatives:
    if _is_cjk(word) and len(word) > 2:
        return [[word], _bigrams(word)]
    return [[word]]


def _condition(items: QuerySet[_T], wanted: list[str]) -> Q:
    if connection.vendor == "postgresql":
        tsquery = " & ".join(
            "(" + " | ".join("(" + " & ".join(f"'{t}'" for t in alt) + ")" for alt in alts) + ")"
            for alts in map(_alternatives, wanted)
        )
        column = f'"{items.model._meta.db_table}"."search_vector"'
        sql = f"{column} @@ to_tsquery('simple', %s)"
        return Q(RawSQL(sql, (tsquery,), output_field=BooleanField()))
    condition = Q()
    for word in wanted:
        either = Q(pk__in=[])
        for alternative in _alternatives(word):
            every = Q()
            for token in alternative:
                every &= Q(search_tokens__contains=f" {token} ")
            either |= every
        condition &= either
    return condition


def matching(items: QuerySet[_T], query: str) -> QuerySet[_T]:
    """``items`` narrowed to those matching every word of ``query``; unchanged for an empty query."""
    wanted = words(query)
    return items.filter(_condition(items, wanted)) if wanted else items


def results(items: QuerySet[_T], query: str, start: int, stop: int) -> list[_T]:
    """Rows ``start:stop`` of ``matching(items, query)`` in the queryset's order.

    On PostgreSQL the planner estimates how many items match by multiplying the frequencies of
    the query's tokens as if they were independent; for frequent words (say 住房 and 补贴 in 5 %
    of the items each) it expects a handful of matches, fetches all of them through the GIN index
    (tens of thousands of rows) and sorts them.  When every word of the query is frequent, the
    walk over the items in the queryset's order is forced instead (``SET LOCAL`` in the query's
    own transaction, on the connection that runs the query), which stops after one page; rare
    words keep the GIN index.  JIT compilation is off for these queries: it costs more than a page
    of results takes.
    """
    page = matching(items, query)[start:stop]
    wanted = words(query)
    if connection.vendor != "postgresql" or not wanted:
        return list(page)
    db = page.db  # the read replica for the portal's pages when one is configured
    with transaction.atomic(using=db), connections[db].cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        if _all_common(wanted):
            for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
                cursor.execute(f"SET LOCAL {setting} = off")
        return list(page)


COMMON_SHARE = 0.005  # a word in at least 0.5 % of the items counts as common
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
    """What to mark: the query's whitespace-separated terms as typed and its words (a lone
    character only when the query has nothing longer), longest first."""
    typed = {t for t in re.split(r"\s+", query.strip()) if t}
    found = words(query)
    longer = [w for w in found if len(w) > 1]
    return sorted(typed | set(longer or found), key=len, reverse=True)


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

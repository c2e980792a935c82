"""Matching printed captions of published annual reports to the labels of a format.

Reports under 条例 §50 print the captions of 国办公开办函〔2021〕30号 (and of the earlier formats)
with many small differences: traditional characters (繁體), full-width forms, "1、" or "1．" for
"1.", spaces inside captions, line breaks in the middle of a caption, and typos such as
"其他法律行政止公开" (docs/law.md §1.4).  This module normalises text so that such captions compare
equal, and keeps, for every character of the normalised text, the position of the printed
character it came from, so that whatever is read there can point back to its line (provenance).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache

import opencc
from rapidfuzz.distance import Levenshtein

from gongkai.ingest.source import Line

# Quotes and dashes that differ between reports but never between labels.
_FOLD = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "〔": "[", "〕": "]", "－": "-"})
# A caption's numbering: 1. 1、 1． (一) 一、 and the "其中：" of a part row.
NUMBERING = re.compile(
    r"^(?:其中[:：]?)?(?:\d{1,2}[.、．]|[(（][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)"
)


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def _char(ch: str) -> str:
    """One character in comparable form: NFKC (full-width → ASCII), folded."""
    return unicodedata.normalize("NFKC", ch).translate(_FOLD)


def _simplified_chars(text: str) -> str:
    """``text`` in simplified characters, position for position.

    The whole text is converted at once, so that phrases convert as phrases (反覆 → 反复); in
    the rare case the conversion changes the length, characters are converted one by one.
    Text that GB2312 can encode holds no traditional-only character and is returned as it is:
    the check costs far less than the converter, and most reports are simplified.
    """
    try:
        text.encode("gb2312")
        return text
    except UnicodeEncodeError:
        pass
    converted = str(_t2s().convert(text))
    if len(converted) == len(text):
        return converted
    return "".join(_t2s().convert(ch)[:1] or ch for ch in text)


class _Forms(dict[int, "str | None"]):
    """A ``str.translate`` table filled on demand: each character's comparable form.

    ``single`` keeps one character per character (so positions survive); whitespace is
    dropped when ``drop_space``.
    """

    def __init__(self, *, drop_space: bool, single: bool) -> None:
        super().__init__()
        self.drop_space = drop_space
        self.single = single

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        form: str | None
        if ch.isspace():
            form = None if self.drop_space else ch
        else:
            form = _char(ch)
            if self.single:
                form = form[:1] or ch
        self[code] = form
        return form


_COMPARABLE = _Forms(drop_space=True, single=False)
_SAME_LENGTH = _Forms(drop_space=False, single=True)

# Characters that are their own comparable form: ASCII graphic characters, the CJK unified
# ideographs and the Chinese punctuation NFKC leaves alone (a test proves each one).  Only the
# others are looked up in the tables above, once per distinct character: ``str.translate``
# looks every character up (≈ 0.2 µs each), while a report holds a dozen distinct characters
# that change (，（）：；“”) and they are replaced in C by ``str.replace``.
STABLE = "\x21-\x7e\u4e00-\u9fff\u3001\u3002\u3008-\u3011\u2014\u00b7"
_UNCHANGING = re.compile(f"[\\s{STABLE}]+")
_PRINTED_RUN = re.compile(r"\S+")


def _replace_changing(text: str, forms: _Forms) -> str:
    # Each form is its own form (NFKC is idempotent, the folds give ASCII), so the order of the
    # replacements does not matter.
    for ch in set(_UNCHANGING.sub("", text)):
        text = text.replace(ch, forms[ord(ch)] or "")
    return text


def _comparable(text: str) -> str:
    return _replace_changing("".join(text.split()), _COMPARABLE)


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """``text`` as compared with labels: simplified, half-width, no whitespace."""
    return _comparable(_simplified_chars(text))


def core(text: str) -> str:
    """A caption without its numbering ("1.属于国家秘密" → "属于国家秘密")."""
    norm = normalise(text)
    return NUMBERING.sub("", norm) or norm


@dataclass
class Stream:
    """The whole running text of a source, normalised, with a map back to printed positions.

    ``text`` is the normalised text (no whitespace); ``origin[i]`` is the offset in ``printed``
    of the character that gave ``text[i]``; ``printed`` is the lines joined with newlines.
    """

    printed: str
    text: str
    origin: list[int]
    lines: list[Line]
    starts: list[int]  # offset in ``printed`` where each line starts

    @classmethod
    def of(cls, lines: list[Line]) -> Stream:
        printed = "\n".join(line.text for line in lines)
        starts: list[int] = []
        offset = 0
        for line in lines:
            starts.append(offset)
            offset += len(line.text) + 1
        simple = _simplified_chars(printed)
        text = _comparable(simple)
        # Positions of the non-space characters, run by run: a report has 10^4–10^5 of them
        # in a few thousand runs.
        origin: list[int] = []
        extend = origin.extend
        for start, end in map(re.Match.span, _PRINTED_RUN.finditer(simple)):
            extend(range(start, end))
        if len(origin) == len(text):
            return cls(printed, text, origin, lines, starts)  # one character for one
        out: list[str] = []
        origin = []
        for i, ch in enumerate(simple):
            if ch.isspace():
                continue
            norm = _char(ch)
            out.append(norm)
            origin.extend([i] * len(norm))
        return cls(printed, "".join(out), origin, lines, starts)

    def printed_at(self, start: int, end: int) -> str:
        """The printed text behind normalised positions ``start:end`` (whitespace kept)."""
        if start >= end or start >= len(self.origin):
            return ""
        first = self.origin[start]
        last = self.origin[min(end, len(self.origin)) - 1] + 1
        return self.printed[first:last]

    def line_at(self, pos: int) -> Line | None:
        """The printed line holding normalised position ``pos``."""
        if pos >= len(self.origin):
            return None
        return self.line_of(self.origin[pos])

    def line_of(self, offset: int) -> Line | None:
        """The printed line holding offset ``offset`` of ``printed``."""
        if not self.lines or not 0 <= offset < len(self.printed):
            return None
        return self.lines[bisect_right(self.starts, offset) - 1]


def tolerance(form: str) -> int:
    """Typos tolerated in a caption: one per eight characters, none in short captions."""
    return len(form) // 8


def fuzzy_find(text: str, form: str, start: int, end: int) -> tuple[int, int] | None:
    """The first window of ``text[start:end]`` within :func:`tolerance` edits of ``form``.

    Returns ``(position, length)``.  Only windows that begin and end with the caption's own first
    and last characters are tried, which keeps the search cheap and the matches meaningful.
    """
    limit = tolerance(form)
    if limit == 0 or not form:
        return None
    n = len(form)
    best: tuple[int, int, int] | None = None
    for pos in range(start, max(start, end - n + limit) + 1):
        if text[pos : pos + 1] not in (form[0], form[1:2]):
            continue
        for length in range(n - limit, n + limit + 1):
            window = text[pos : pos + length]
            if len(window) < length:
                break
            d = Levenshtein.distance(window, form, score_cutoff=limit)  # limit + 1 beyond
            if d <= limit and (best is None or d < best[2]):
                best = (pos, length, d)
        if best is not None:
            return best[0], best[1]
    return None


def simplified(text: str) -> str:
    """``text`` simplified and half-width, character for character (whitespace kept), so that
    positions in the result are positions in ``text``."""
    return _replace_changing(_simplified_chars(text), _SAME_LENGTH)

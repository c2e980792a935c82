"""Normalisation of printed captions (docs/law.md §1.4): the fast paths of
``gongkai.ingest.labels`` give exactly the per-character forms of its tables."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.ingest import labels

# Report-like text: CJK, full-width and ASCII punctuation, digits, compatibility characters,
# traditional characters and every kind of whitespace.
_ALPHABET = st.sampled_from(
    list("政府信息公開申請件數０１２３４５，（）：；“”〔〕！．、。《》【】①②…㈠ｶ　\u00a0\t\n -—·%")
) | st.characters(codec="utf-8", exclude_categories=("Cs",))


def test_every_stable_character_is_its_own_form() -> None:
    stable = re.compile(f"[{labels.STABLE}]")
    for code in range(0x10000):
        ch = chr(code)
        if stable.fullmatch(ch):
            assert labels._char(ch) == ch, hex(code)


def test_every_form_is_its_own_form() -> None:
    # The fast path replaces distinct characters one after another (whitespace is never
    # replaced); that is order-free only because no character of a form changes again.
    for code in range(0x30000):
        if 0xD800 <= code <= 0xDFFF or chr(code).isspace():
            continue
        for table in (labels._COMPARABLE, labels._SAME_LENGTH):
            form = table[code]
            assert form is not None
            for x in form:
                assert x.isspace() or table[ord(x)] == x, hex(code)


@settings(max_examples=300)
@given(st.text(_ALPHABET, max_size=80))
def test_fast_normalisation_equals_the_character_tables(text: str) -> None:
    simple = labels._simplified_chars(text)
    assert labels.normalise(text) == simple.translate(labels._COMPARABLE)
    assert labels.simplified(text) == simple.translate(labels._SAME_LENGTH)
    assert len(labels.simplified(text)) == len(text)

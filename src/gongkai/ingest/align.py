"""Aligning what a report prints for a table row with the cells the format expects there.

The tables of 条例 §50 reports (国办公开办函〔2021〕30号 and its predecessors) reach ingest through
many hands: PDF layout text where a merged label cell leaves an empty slot, markdown from a
converter with a cell too many or too few, web pages scraped one cell per line with an empty line
between every two, OCR with ``O`` for ``0``.  Counting the cells of a printed row and giving up
when the count is off loses rows whose figures are plain; trusting the count shifts every figure
by one.  This module reads the printed figures and the places where a blank cell may be
(:class:`Piece`) and lists every *alignment* of them with the expected cells that the printing
allows: the literal one first, then the ones that drop spurious empty slots, a stray figure, or
add a missing one, or cut run-together digits.  Which one is right is not decided here: the
identities of the tables (:mod:`gongkai.ingest.segment`) choose, and when they cannot the cells
stay blank with the candidates listed (never a guess).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from gongkai.ingest.numbers import parse_number
from gongkai.ingest.segment import MAX_CANDIDATES, splits
from gongkai.ingest.source import Line

MAX_ALIGNMENTS = 400  # per row; more means the printing carries too little structure
MAX_PIECES = 120  # figures and gaps of one row (表四 has 15 cells, a row with lost labels a few 7s)
MAX_LOST = 2  # blank cells that may have vanished from a row
MAX_STRAY = 2  # figures too many that may be dropped (a page number, a stray cell)
# OCR's usual misreadings of digits (O for 0, l for 1), taken only inside a run of digits or
# alone in a cell: "lO" is 10, but "Ol" inside a word is no number.
OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "〇": "0", "○": "0", "l": "1", "I": "1", "|": "1"})
OCR_TOKEN = re.compile(r"[0-9Oo〇○lI]+")
MONEY = re.compile(r"^(.+?)(万元|元)$")
LEADING_ZERO = re.compile(r"^[+-]?0\d")  # "00", "012": digits of several cells, not one figure


@dataclass(frozen=True)
class Piece:
    """A printed figure or blank mark (``text``), or a gap where blank cells may be.

    A gap's ``single`` is the number of blank cells it literally shows (empty cells between
    separators, empty lines in a one-cell-per-line page), ``double`` what it shows when every
    line is followed by an empty line (a genuine blank is then one more empty line), ``most``
    the most blank cells it may stand for.  ``edge``: the gap lies between the label and the
    first figure or after the last one, where an empty slot is often a merged label cell.
    """

    text: str = ""
    line: Line | None = None
    gap: bool = False
    single: int = 0
    double: int = 0
    most: int = 0
    edge: bool = False
    ocr: bool = False  # the figure was read through OCR_DIGITS
    shown: str = ""  # the figure as printed, when ``text`` is its OCR reading


def figure(text: str, line: Line | None) -> Piece:
    """A printed figure, with OCR's letter-for-digit confusions undone where unambiguous."""
    plain = unicodedata.normalize("NFKC", text.strip())
    if OCR_TOKEN.fullmatch(plain) and not plain.isdigit():
        return Piece(plain.translate(OCR_DIGITS), line, ocr=True, shown=text.strip())
    return Piece(text.strip(), line)


def gap(single: int, double: int, most: int, *, edge: bool = False) -> Piece:
    return Piece(gap=True, single=single, double=double, most=most, edge=edge)


def is_figure_text(text: str) -> bool:
    """Whether a printed token is a figure (a number, maybe with a money unit) or an OCR form."""
    plain = unicodedata.normalize("NFKC", text.strip())
    if not plain:
        return False
    if parse_number(plain)[0] is not None:
        return True
    m = MONEY.match(plain)
    if m and parse_number(m.group(1))[0] is not None:
        return True
    # A cell of OCR letters alone ("O", "l", "〇") is a figure: no word of a table is spelled so.
    return bool(OCR_TOKEN.fullmatch(plain))


# One alignment: for each expected cell, the printed piece it reads (its index and the text of
# the cell: a whole figure, or a part of run-together digits) or None for a blank.
Cell = tuple[int, str] | None
Alignment = tuple[Cell, ...]


@dataclass(frozen=True)
class Alignments:
    """The alignments of one printed row and how they were found."""

    options: list[Alignment]
    how: str  # "literal", "gaps", "stray", "missing" or "digits"
    # The print was changed to fit (an empty slot dropped, a figure dropped or cut, a blank
    # added), and a misprint beyond that would look the same: a reading is taken only with more
    # of the report's identities for it than against it, never as the least bad one.
    needs_evidence: bool = False


def _bounded(ranges: Sequence[tuple[int, int]], total: int) -> Iterator[tuple[int, ...]]:
    """Every choice of one count per range (inclusive) that adds up to ``total``."""
    if not ranges:
        if total == 0:
            yield ()
        return
    rest_most = sum(hi for _, hi in ranges[1:])
    lo, hi = ranges[0]
    for first in range(max(lo, total - rest_most), min(hi, total) + 1):
        for tail in _bounded(ranges[1:], total - first):
            yield (first, *tail)


def _place(pieces: Sequence[Piece], counts: Sequence[int]) -> Alignment:
    """The alignment reading each figure as one cell and gap ``i`` as ``counts[i]`` blanks."""
    out: list[Cell] = []
    g = 0
    for i, piece in enumerate(pieces):
        if piece.gap:
            out.extend([None] * counts[g])
            g += 1
        else:
            out.append((i, piece.text))
    return tuple(out)


def _by_gaps(pieces: Sequence[Piece], n: int, ranges: list[tuple[int, int]]) -> list[Alignment]:
    figures = sum(1 for p in pieces if not p.gap)
    out: list[Alignment] = []
    for counts in _bounded(ranges, n - figures):
        out.append(_place(pieces, counts))
        if len(out) > MAX_ALIGNMENTS:
            return []
    return out


def _unique(options: Sequence[Alignment]) -> list[Alignment]:
    return list(dict.fromkeys(options))


MIN_PAIRS = 8  # neighbouring lines (label or figure, figure) a page must show to be judged


def blank_line_per_blank(rows: Iterable[Sequence[Piece]]) -> bool:
    """Whether a page printed one cell per line with an empty line after each, and a blank cell
    as *one* more empty line (a scrape that drops empty cells but keeps their line break).

    Such a page shows an empty line between every two neighbouring figures, and somewhere an
    even run of them between two figures: where a blank cell is two more empty lines (the cell's
    own line and the one after it) the runs between figures are always odd.  ``rows``: the
    pieces of the rows printed without cell borders.
    """
    pairs = 0
    even = False
    for pieces in rows:
        between: Piece | None = None
        seen = False  # a figure of this row read
        for piece in pieces:
            if piece.gap:
                between = piece
                continue
            if seen:
                if between is None:
                    return False  # two figures with no empty line between them
                pairs += 1
                even = even or (between.single >= 2 and between.single % 2 == 0)
            elif between is not None:
                pairs += 1  # the label, an empty line, the first figure
            seen = True
            between = None
    return pairs >= MIN_PAIRS and even


def alignments(
    pieces: Sequence[Piece], n: int, *, digits: bool, blank_line: bool = False
) -> Alignments:
    """The ways ``pieces`` may fill ``n`` cells, most literal first.

    ``digits``: the row was printed without visible cell boundaries, so a run of digits may
    hold several cells.  ``blank_line``: the page prints a blank cell as one more empty line
    after the empty line that follows every cell (:func:`blank_line_per_blank`).
    """
    if len(pieces) > MAX_PIECES:
        return Alignments([], "none")  # no table row prints so much: nothing to align
    gaps = [p for p in pieces if p.gap]
    figures = [(i, p) for i, p in enumerate(pieces) if not p.gap]
    # Literal: every gap as printed (one blank line per blank, or one in two lines), except
    # that an empty slot beside the label or after the last figure may be no cell at all.
    literal: list[Alignment] = []
    modes = {tuple(g.single for g in gaps), tuple(g.double for g in gaps)}
    if blank_line:
        modes = {tuple(max(g.single - 1, 0) for g in gaps)}
    for mode in modes:
        ranges = [(0, c) if g.edge else (c, c) for g, c in zip(gaps, mode, strict=True)]
        literal += _by_gaps(pieces, n, ranges)
    if literal:
        return Alignments(_unique(literal), "literal")
    if gaps:
        loose = _by_gaps(pieces, n, [(0, g.most) for g in gaps])
        if loose:
            return Alignments(_unique(loose), "gaps", needs_evidence=True)
    if len(figures) > n and len(figures) - n <= MAX_STRAY and len(figures) <= 40:
        options: list[Alignment] = []
        for dropped in itertools.combinations(range(len(figures)), len(figures) - n):
            kept: list[Cell] = [(i, p.text) for k, (i, p) in enumerate(figures) if k not in dropped]
            options.append(tuple(kept))
        return Alignments(_unique(options), "stray", needs_evidence=True)
    if len(figures) < n and not any(g.most for g in gaps):
        options = _split(figures, n) if digits else []
        how = "digits" if options else "missing"
        whole = all(not LEADING_ZERO.match(p.text) for _, p in figures)
        lost = n - len(figures)
        if lost <= MAX_LOST and whole and figures:
            # Cells too few: the blanks may be anywhere (a blank cell vanishes from text that
            # separates figures by spaces); only the identities can tell where.  This holds for
            # a single run of digits as well: "收费 20" in two cells is 2 | 0 with the borders
            # lost, or 20 beside a blank that left no trace.  Not when a printed run starts
            # with 0 ("00", 平潭 "条00"): that is no one figure, so it is cut, not padded.
            base: list[Cell] = [(i, p.text) for i, p in figures]
            for blanks in itertools.combinations(range(n), lost):
                cells = iter(base)
                options.append(tuple(None if k in blanks else next(cells) for k in range(n)))
        if options:
            # One run of digits cut into cells is how pages that lost their cell borders print:
            # its cuttings and paddings compete on the evidence as they are (several readings
            # with no evidence stay blank); figures visibly apart that are too few may have lost
            # blanks as well as borders, and a reading of them needs more evidence for than against.
            return Alignments(_unique(options), how, needs_evidence=len(figures) > 1)
    return Alignments([], "none")


def _split(figures: list[tuple[int, Piece]], n: int) -> list[Alignment]:
    """Run-together digits cut into ``n`` cells (every cutting :func:`splits` allows)."""
    texts = [p.text for _, p in figures]
    if not texts or any(parse_number(t)[0] is None for t in texts):
        return []
    out: list[Alignment] = []
    found = splits(texts, n)
    if len(found) > MAX_CANDIDATES:
        return []  # cut short: the reading that is right may not be among them
    if len(figures) == 1:  # the common case: one run of digits holds the whole row
        index = figures[0][0]
        return [tuple((index, str(v)) for v in values) for values in found]
    ends = list(itertools.accumulate(_digits(t) for t in texts))
    for values in found:
        # Which printed piece each value came from: values are in order and the digits of
        # the values fill the pieces one after the other.
        cells: list[Cell] = []
        k = 0
        used = 0
        for v in values:
            text = str(v)
            cells.append((figures[k][0], text))
            used += _digits(text)
            if k < len(ends) - 1 and used >= ends[k]:
                k += 1
        out.append(tuple(cells))
    return out


def _digits(text: str) -> int:
    return len(text.lstrip("+-").replace(",", "").replace(".", ""))

"""Splitting run-together digits into table cells, by the identities of the report, never by guess.

Scraped report pages lose the cell borders of their tables: 平潭综合实验区 2015 prints the row
主动公开文件数 as "294981916", which is 2949 (this year) and 81916 (cumulative).  A row's digits
admit many splits into the expected number of cells; the identities of the table (row totals,
column sums — docs/law.md §1.6 I1–I3 —, parts of a "其中" total, a cumulative figure not below the
year's), the figures the narrative states (条例 §50: text and table report the same facts) and the
previous year's report (cross-year identities) are the evidence that picks one.  A split is taken
only when it is the single one with the most evidence for it net of the evidence against it;
otherwise the cells stay blank and the candidates are reported (``ingest.ambiguous_digits``).
The same choice serves every other ambiguous alignment of a printed row with its cells
(:mod:`gongkai.ingest.align`); a reading may leave a cell blank, and a blank cell counts neither
for nor against it.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import cast

from gongkai.report import Number

Values = tuple[Number | None, ...]  # None: a cell the reading leaves blank
Figures = tuple[Number, ...]
Lookup = Callable[[str], Number | None]

# A printed piece of a row: digits, maybe a sign, a decimal part and thousands separators.
PIECE = re.compile(r"[+-]?\d[\d,]*(?:\.\d+)?")
MAX_CANDIDATES = 20000  # per row; more means the row carries too little structure to split
MAX_CUTS = 200_000  # ways to cut the digits before the leading-zero test


@dataclass(frozen=True)
class Constraint:
    """An identity over cells: ``test`` gets their values in ``keys`` order.

    ``hard`` constraints hold by the meaning of the cells (a cumulative figure includes the
    year's); a split that breaks one is impossible.  The others are evidence: published reports
    do break them, which the audit reports, so they rank splits rather than exclude them.
    """

    keys: tuple[str, ...]
    test: Callable[[Sequence[Number]], bool]
    what: str
    hard: bool = False
    # The cells are held to a figure printed elsewhere (the text, last year's report), not only
    # to other cells of the table, where a blank cell may hide any figure.
    outside: bool = False


def sum_of(total: str, parts: Sequence[str], what: str) -> Constraint:
    return Constraint((total, *parts), lambda v: v[0] == sum(v[1:]), what)


def equals(key: str, value: Number, what: str) -> Constraint:
    return Constraint((key,), lambda v: v[0] == value, what, outside=True)


def at_most(part: str, whole: str, what: str, *, hard: bool = False) -> Constraint:
    return Constraint((part, whole), lambda v: v[0] <= v[1], what, hard)


def _pieces(token: str, k: int) -> Iterator[Figures]:
    """Every way to cut one printed run of digits into ``k`` numbers (no leading zeros, no cut
    next to a decimal point), in the order of the cut positions.  Cuts are chosen left to right
    and a piece that cannot be a number ends the search along it: runs of 10+ digits have
    thousands of cuttings, and this is the inner loop of reading the Pingtan reports."""
    sign = token[0] if token[0] in "+-" else ""
    body = token[len(sign) :].replace(",", "")
    n = len(body)

    def cut(start: int, left: int) -> Iterator[tuple[Number, ...]]:
        if left == 1:
            piece = body[start:]
            if piece.count(".") <= 1 and not (
                len(piece) > 1 and piece[0] == "0" and piece[1] != "."
            ):
                yield (float(piece) if "." in piece else int(piece),)
            return
        for end in range(start + 1, n - left + 2):
            piece = body[start:end]
            if piece.count(".") > 1 or (len(piece) > 1 and piece[0] == "0" and piece[1] != "."):
                break  # a longer piece from here is no number either
            if body[end - 1] == "." or body[end] == ".":
                continue  # no cut next to a decimal point
            first = float(piece) if "." in piece else int(piece)
            for rest in cut(end, left - 1):
                yield (first, *rest)

    for values in cut(0, k):
        yield (-values[0], *values[1:]) if sign == "-" else values


def splits(tokens: Sequence[str], n: int) -> list[Figures]:
    """Every reading of the printed ``tokens`` (whitespace-separated runs) as ``n`` numbers."""
    lengths = [len(t.lstrip("+-").replace(",", "").replace(".", "")) for t in tokens]
    if not tokens or sum(lengths) < n or len(tokens) > n:
        return []
    out: list[Figures] = []
    for counts in _compositions(n, [min(m, n) for m in lengths]):
        ways = math.prod(math.comb(m - 1, c - 1) for m, c in zip(lengths, counts, strict=True))
        if ways > MAX_CUTS:
            return []  # far too many readings to weigh: the row is reported, not split
        per_token = [list(_pieces(t, c)) for t, c in zip(tokens, counts, strict=True)]
        for combo in itertools.product(*per_token):
            out.append(tuple(v for part in combo for v in part))
            if len(out) > MAX_CANDIDATES:
                return out
    return out


def _compositions(n: int, caps: list[int]) -> Iterator[tuple[int, ...]]:
    if not caps:
        if n == 0:
            yield ()
        return
    rest_cap = sum(caps[1:])
    for first in range(max(1, n - rest_cap), min(caps[0], n - len(caps) + 1) + 1):
        for tail in _compositions(n - first, caps[1:]):
            yield (first, *tail)


@dataclass
class Slot:
    """One printed row whose cells ``keys`` are to be read from ``candidates``."""

    keys: tuple[str, ...]
    printed: str
    candidates: list[Values]
    chosen: Values | None = None
    evidence: list[str] = field(default_factory=list)
    readings: list[Values] = field(default_factory=list)  # every candidate, before solving

    def __post_init__(self) -> None:
        self.readings = list(self.candidates)


def _best(
    slots: Sequence[Slot],
    options: Sequence[Sequence[Values]],
    constraints: Sequence[Constraint],
    known: Lookup,
) -> tuple[list[tuple[Values, ...]], list[str]]:
    """The assignments of ``slots`` with the most evidence (all of them when they tie).

    Only constraints over at least one of the slots' cells and otherwise known cells can tell
    assignments apart; their known cells are looked up once.
    """
    variable = {k for slot in slots for k in slot.keys}
    relevant: list[tuple[Constraint, list[Number | None]]] = []
    for c in constraints:
        if variable.isdisjoint(c.keys):
            continue
        fixed = [None if k in variable else known(k) for k in c.keys]
        if all(f is not None for k, f in zip(c.keys, fixed, strict=True) if k not in variable):
            relevant.append((c, fixed))
    # Where each constraint finds its values: (slot, position, _) of a cell being read, or
    # (-1, 0, value) of a known one; worked out once, not per assignment (there are thousands).
    where = {k: (i, j) for i, slot in enumerate(slots) for j, k in enumerate(slot.keys)}
    plans = [
        (
            c,
            [
                (*where[k], 0) if f is None else (-1, 0, f)
                for k, f in zip(c.keys, fixed, strict=True)
            ],
        )
        for c, fixed in relevant
    ]

    def met_by(combo: tuple[Values, ...]) -> tuple[int, int, list[str]] | None:
        """How many soft constraints ``combo`` breaks, how many constraints it meets and the
        names of the soft ones, or None when it breaks a hard one.  A constraint over a blank
        cell is neither met nor broken: a reading that leaves a cell blank is not blamed for
        what the blank might be, nor supported by it."""
        broken = 0
        met = 0
        names: list[str] = []
        for c, plan in plans:
            values = [combo[i][j] if i >= 0 else v for i, j, v in plan]
            if None in values:
                continue
            ok = c.test(cast(list[Number], values))
            if c.hard and not ok:
                return None
            if ok:
                met += 1
                if not c.hard:
                    names.append(c.what)
            else:
                broken += 1
        return broken, met, names

    best: list[tuple[Values, ...]] = []
    best_rank: tuple[int, int] | None = None
    for combo in itertools.product(*options):
        found = met_by(combo)
        if found is None:
            continue
        # Net evidence: a blank cell escapes the constraints over it, so a reading is not
        # preferred for breaking fewer of them, only for having more for it than against it.
        rank = (found[0] - found[1], found[0])
        if best_rank is None or rank < best_rank:
            best, best_rank = [combo], rank
        elif rank == best_rank:
            best.append(combo)
    best_names = (met_by(best[0]) or (0, 0, []))[2] if best else []
    return best, best_names


JOINT_LIMIT = 50000


def solve(slots: Sequence[Slot], constraints: Sequence[Constraint], known: Lookup) -> None:
    """Choose each slot's split where the evidence singles one out; leave the others unchosen.

    First each row on its own (the constraints over its cells and already known cells), then
    the rows still undecided together, as long as their combinations stay few.
    """
    for slot in slots:
        if len(slot.candidates) == 1:
            slot.chosen = slot.candidates[0]
    for slot in slots:
        if slot.chosen is not None or not slot.candidates:
            continue
        best, names = _best([slot], [slot.candidates], constraints, _fixed_lookup(slots, known))
        slot.candidates = [combo[0] for combo in best]
        if len(slot.candidates) == 1:
            slot.chosen = slot.candidates[0]
            slot.evidence = names
    open_slots = [s for s in slots if s.chosen is not None or s.candidates]
    for group in _linked([s for s in open_slots if s.chosen is None], constraints):
        size = 1
        for s in group:
            size *= len(s.candidates)
        if size > JOINT_LIMIT:
            continue
        lookup = _fixed_lookup(slots, known)
        best, names = _best(group, [s.candidates for s in group], constraints, lookup)
        if len(best) == 1:
            for slot, vals in zip(group, best[0], strict=True):
                slot.chosen = vals
                slot.evidence = names


def standing(
    slot: Slot, slots: Sequence[Slot], constraints: Sequence[Constraint], known: Lookup
) -> list[Values]:
    """The readings of ``slot`` that break no more of the constraints than its chosen one, with
    every other row as decided, and leave blank no figure that meets one: readings the evidence
    cannot rule out.  A cell on which they disagree with the chosen reading is not known,
    whatever the chosen reading says."""
    if slot.chosen is None:
        return []
    others = [s for s in slots if s is not slot]
    lookup = _fixed_lookup(others, known)
    limit = _broken(slot, slot.chosen, constraints, lookup)
    if limit is None:
        return []
    out = []
    for values in slot.readings:
        if values != slot.chosen:
            broken = _broken(slot, values, constraints, lookup)
            if (
                broken is not None
                and broken <= limit
                and not _confirmed_against(slot, slot.chosen, values, constraints, lookup)
            ):
                out.append(values)
    return out


def _confirmed_against(
    slot: Slot, chosen: Values, rival: Values, constraints: Sequence[Constraint], lookup: Lookup
) -> bool:
    """Whether a figure printed outside the table (:attr:`Constraint.outside`) that the chosen
    reading meets falls on a cell other than 0 that the rival leaves blank (the text's "制发88件"
    met by 88 where the rival has no figure): the rival then goes against that evidence, though
    a blank breaks no identity.  Identities within the table give no such evidence (a blank cell
    may hide the very figure a shifted reading put there), nor does a zero (it changes no sum)."""
    blanked = {k for k, a, b in zip(slot.keys, chosen, rival, strict=True) if a and b is None}
    if not blanked:
        return False
    mine = dict(zip(slot.keys, chosen, strict=True))
    for c in constraints:
        if not c.outside or blanked.isdisjoint(c.keys):
            continue
        got = [mine[k] if k in mine else lookup(k) for k in c.keys]
        if None not in got and c.test(cast(list[Number], got)):
            return True
    return False


def _broken(
    slot: Slot, values: Values, constraints: Sequence[Constraint], lookup: Lookup
) -> int | None:
    """How many soft constraints over the slot's cells ``values`` break (None: a hard one)."""
    mine = dict(zip(slot.keys, values, strict=True))
    broken = 0
    for c in constraints:
        if all(k not in mine for k in c.keys):
            continue
        got = [mine[k] if k in mine else lookup(k) for k in c.keys]
        if None in got:
            continue
        if not c.test(cast(list[Number], got)):
            if c.hard:
                return None
            broken += 1
    return broken


def _linked(slots: Sequence[Slot], constraints: Sequence[Constraint]) -> list[list[Slot]]:
    """The undecided rows in groups that share a constraint: independent groups are decided
    apart, so that an undecidable row elsewhere in the report does not block a decidable one."""
    owner = {k: i for i, s in enumerate(slots) for k in s.keys}
    parent = list(range(len(slots)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for c in constraints:
        linked = {root(owner[k]) for k in c.keys if k in owner}
        ordered = sorted(linked)
        for other in ordered[1:]:
            parent[other] = ordered[0]
    groups: dict[int, list[Slot]] = {}
    for i, s in enumerate(slots):
        groups.setdefault(root(i), []).append(s)
    return list(groups.values())


def _fixed_lookup(slots: Sequence[Slot], known: Lookup) -> Lookup:
    fixed = {
        k: v for s in slots if s.chosen is not None for k, v in zip(s.keys, s.chosen, strict=True)
    }

    def lookup(key: str) -> Number | None:
        return fixed[key] if key in fixed else known(key)

    return lookup

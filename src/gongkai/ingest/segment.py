"""Splitting run-together digits into table cells, by the identities of the report, never by guess.

Scraped report pages lose the cell borders of their tables: 平潭综合实验区 2015 prints the row
主动公开文件数 as "294981916", which is 2949 (this year) and 81916 (cumulative).  A row's digits
admit many splits into the expected number of cells; the identities of the table (row totals,
column sums — docs/law.md §1.6 I1–I3 —, parts of a "其中" total, a cumulative figure not below the
year's), the figures the narrative states (条例 §50: text and table report the same facts) and the
previous year's report (cross-year identities) are the evidence that picks one.  A split is taken
only when it is the single one that agrees with the most evidence; otherwise the cells stay blank
and the candidates are reported (rule ``ingest.ambiguous_digits``).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from gongkai.report import Number

Values = tuple[Number, ...]
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


def sum_of(total: str, parts: Sequence[str], what: str) -> Constraint:
    return Constraint((total, *parts), lambda v: v[0] == sum(v[1:]), what)


def equals(key: str, value: Number, what: str) -> Constraint:
    return Constraint((key,), lambda v: v[0] == value, what)


def at_most(part: str, whole: str, what: str, *, hard: bool = False) -> Constraint:
    return Constraint((part, whole), lambda v: v[0] <= v[1], what, hard)


def _pieces(token: str, k: int) -> Iterator[Values]:
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


def splits(tokens: Sequence[str], n: int) -> list[Values]:
    """Every reading of the printed ``tokens`` (whitespace-separated runs) as ``n`` numbers."""
    lengths = [len(t.lstrip("+-").replace(",", "").replace(".", "")) for t in tokens]
    if not tokens or sum(lengths) < n or len(tokens) > n:
        return []
    out: list[Values] = []
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

    def met_by(combo: tuple[Values, ...]) -> list[str] | None:
        """The soft constraints ``combo`` meets, or None when it breaks a hard one."""
        names: list[str] = []
        for c, plan in plans:
            ok = c.test([combo[i][j] if i >= 0 else v for i, j, v in plan])
            if c.hard and not ok:
                return None
            if ok and not c.hard:
                names.append(c.what)
        return names

    best: list[tuple[Values, ...]] = []
    best_met = -1
    for combo in itertools.product(*options):
        names = met_by(combo)
        if names is None:
            continue
        if len(names) > best_met:
            best, best_met = [combo], len(names)
        elif len(names) == best_met:
            best.append(combo)
    best_names = (met_by(best[0]) or []) if best else []
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

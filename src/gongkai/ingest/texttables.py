"""Reading the tables of an annual report out of its running text, row label by row label.

The tables of 条例 §50 reports (表二–表四 of 国办公开办函〔2021〕30号 and 〔2019〕60号, the 2014
统计表, the local tables before it) reach ingest as text in many shapes: markdown rows, tab-separated
rows with header cells broken across lines, one cell per line, or the whole table run together on
one line with no separator at all.  This module finds each row by its printed label (in the order
of the format, so a repeated header, a page footer or a stray paragraph between two rows does not
matter), takes the printed figures that follow it, and says how sure the cell boundaries are:
separated cells map one to one, run-together digits go to :mod:`gongkai.ingest.segment`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from gongkai.formats import Format, Row, Table
from gongkai.ingest.labels import Stream, core, fuzzy_find, normalise
from gongkai.ingest.source import Line

WINDOW = 900  # normalised characters searched for the next row's label
UNITS = frozenset({"条", "件", "次", "篇", "个", "人", "人次", "万元", "元", "份", "项"})
BLANK_MARKS = frozenset({"/", "／", "—", "——", "-", "－", "\\", "无", "空"})
NUMERIC = re.compile(r"(?:[+-]?\d[\d,]*(?:\.\d+)?)+")
PIECE = re.compile(r"[+-]?\d[\d,]*(?:\.\d+)?")
MONEY_UNIT = re.compile(r"^(万元|元)")
ITEM_NUMBER = re.compile(r"^(\d{1,2})[.、．]")


@dataclass
class RowText:
    """What is printed for one table row after its label.

    ``cells`` are the printed cells when their boundaries are visible (``separated``), else the
    whitespace-separated runs of digits, which may hold several cells each.
    """

    keys: tuple[str, ...]
    label: str  # the printed label as found
    line: Line | None
    printed: str  # label and figures as printed, for provenance
    cells: list[str]
    separated: bool
    unit: str | None = None  # a money unit printed after the figures (元, 万元)
    typo: str | None = None  # the label form matched despite a typo
    lost: bool = False  # the label is not printed: the row was placed by its position


@dataclass
class TableText:
    table_id: str
    rows: list[RowText] = field(default_factory=list)
    missing: list[Row] = field(default_factory=list)  # rows whose label was not found
    start: int = -1
    end: int = -1  # normalised positions spanned by the table
    subtotal: bool = False  # a printed 小计 column was left out

    @property
    def found(self) -> bool:
        return bool(self.rows)


@cache  # a format's rows are few and fixed: worked out once, not per report
def forms(row: Row) -> tuple[str, ...]:
    """The normalised spellings of a row label, without numbering, longest first."""
    if row.label is None:
        return ()
    out = {core(s) for s in row.label.spellings()} | {normalise(s) for s in row.label.spellings()}
    found = sorted((f for f in out if f), key=lambda f: (-len(f), f))
    if len(found) > 1 and len(found[-1]) < 3:
        # "其他" alone is in every other caption: a short caption counts with its number only.
        found = [f for f in found if len(f) >= 3]
    return tuple(found)


def _find(stream: Stream, options: tuple[str, ...], start: int, end: int) -> tuple[int, int] | None:
    """The earliest occurrence of any form in ``stream.text[start:end]``, longest form there."""
    best: tuple[int, int] | None = None
    for form in options:
        pos = stream.text.find(form, start, end)
        if pos >= 0 and (best is None or pos < best[0] or (pos == best[0] and len(form) > best[1])):
            best = (pos, len(form))
    return best


def _strip_numbering(region: str, next_label: str | None) -> str:
    """Drop the next row's item number ("2." of "2.重复申请") printed right after the figures."""
    if not next_label:
        return region
    m = ITEM_NUMBER.match(next_label)
    if not m:
        return region
    return re.sub(rf"{m.group(1)}\s*[.、．]\s*$", "", region)


def region_cells(region: str, expect: int = 0) -> tuple[list[str], bool, str | None, int]:
    """The printed cells of a row from the text after its label.

    ``expect`` is the number of cells the format expects there: printed one per line, blank
    lines are blank cells, and blank lines beyond it separate rather than stand for cells.
    Returns (cells, separated, money unit, characters of ``region`` read).
    """
    first, _, rest = region.partition("\n")
    if "|" in first:
        cells = [c.strip() for c in first.strip().strip("|").split("|")]
        return [c for c in cells if c not in UNITS], True, None, len(first)
    if "\t" in first:
        cells = [c.strip() for c in first.split("\t")]
        while cells and not cells[0]:
            cells.pop(0)
        while cells and not cells[-1]:
            cells.pop()
        return [c for c in cells if c not in UNITS], True, None, len(first)
    if not first.strip() and rest.strip():
        cells = []
        used = len(first) + 1
        consumed = used
        for t in rest.split("\n"):
            t_strip = t.strip()
            if t_strip and not NUMERIC.fullmatch(t_strip) and t_strip not in BLANK_MARKS:
                break
            cells.append(t_strip)
            used += len(t) + 1
            if t_strip:
                consumed = used
        while cells and not cells[-1] and len(cells) > expect:
            cells.pop()
        if len([c for c in cells if c]) > 1 or any(not c for c in cells):
            return cells, True, None, consumed
    tokens: list[str] = []
    unit = None
    consumed = 0
    for m_tok in re.finditer(r"\S+", region):
        token = m_tok.group()
        if token in UNITS and not tokens:
            consumed = m_tok.end()
            continue  # a unit column (2014 统计表) before the figure
        if token in BLANK_MARKS:
            tokens.append(token)
            consumed = m_tok.end()
            continue
        m = NUMERIC.match(token)
        if not m:
            break
        tokens.extend(PIECE.findall(m.group()))
        rest_of = token[m.end() :]
        consumed = m_tok.start() + m.end()
        money = MONEY_UNIT.match(rest_of)
        if money:
            unit = money.group(1)
            consumed += len(unit)
        if rest_of:
            break
    return tokens, False, unit, consumed


def read_table(stream: Stream, table: Table, start: int, *, anchored: bool = False) -> TableText:
    """Find ``table``'s rows in order from ``start`` and read what is printed after each label.

    ``anchored``: the table's caption or header was found at ``start``, so a single row found
    is a row of the table; otherwise it takes three.
    """
    out = TableText(table.id)
    rows = table.data_rows()
    anchors: list[tuple[int, int, int, str | None]] = []
    cursor = start
    for index, row in enumerate(rows):
        window = WINDOW if anchors else len(stream.text)
        end = min(len(stream.text), cursor + window)
        options = forms(row)
        hit = _find(stream, options, cursor, end)
        typo = None
        if hit is None and anchors:
            # A typo (其他法律行政止公开): the earliest caption form within a few edits, searched
            # only near the row before, where the row must be.
            near = [
                f for f in (fuzzy_find(stream.text, form, cursor, end) for form in options) if f
            ]
            if near:
                hit = min(near)
                typo = stream.text[hit[0] : hit[0] + hit[1]]
        if hit is None:
            out.missing.append(row)
            continue
        anchors.append((index, hit[0], hit[0] + hit[1], typo))
        cursor = hit[0] + hit[1]
    if not anchors or (not anchored and len(anchors) < min(3, len(rows))):
        # One caption alone is no table: a sentence may quote it ("结转下年度继续办理1件").
        out.missing = list(rows)
        return out
    out.start = anchors[0][1]
    width = len(table.columns)
    for n, (index, pos, label_end, typo) in enumerate(anchors):
        row = rows[index]
        if n + 1 < len(anchors):
            next_index, next_pos = anchors[n + 1][0], anchors[n + 1][1]
            next_row = rows[next_index]
            next_label = next_row.label.text if next_row.label else None
        else:
            next_index = len(rows)
            next_pos = min(len(stream.text), label_end + 120 + 40 * width * (next_index - index))
            next_label = None
        lost = list(rows[index + 1 : next_index])
        printed_from = stream.origin[label_end - 1] + 1
        printed_to = (
            stream.origin[next_pos] if next_pos < len(stream.origin) else len(stream.printed)
        )
        region = _strip_numbering(stream.printed[printed_from:printed_to], next_label)
        cells, separated, unit, used = region_cells(region, width * (1 + len(lost)))
        label_printed = stream.printed_at(pos, label_end)
        line = stream.line_at(pos)
        if lost and separated and len(cells) == width * (1 + len(lost)):
            # Row labels lost (one cell per line, labels dropped): the figures of the rows
            # that follow are placed by their position in the template.
            for k, placed in enumerate((row, *lost)):
                chunk = cells[k * width : (k + 1) * width]
                keys = tuple(table.key(placed, col) for col in table.columns)
                text = (label_printed if k == 0 else "") + " " + " ".join(chunk)
                out.rows.append(
                    RowText(keys, label_printed if k == 0 else "", line, text.strip(), chunk,
                            True, unit, typo if k == 0 else None, lost=k > 0)
                )  # fmt: skip
                if k > 0:
                    out.missing.remove(placed)
        else:
            keys = tuple(table.key(row, col) for col in table.columns)
            printed = (label_printed + " " + " ".join(c for c in cells)).strip()
            out.rows.append(
                RowText(keys, label_printed, line, printed, cells, separated, unit, typo)
            )
        out.end = max(out.end, label_end + len(normalise(region[:used])))
    return out


def read_headerless_row(stream: Stream, table: Table, anchor: str, start: int) -> TableText:
    """A one-row table whose row has no label (表四): the figures after its last header."""
    out = TableText(table.id)
    pos = stream.text.find(normalise(anchor), start)
    if pos < 0:
        return out
    out.start = pos
    tail = stream.text[pos : pos + 400]
    m = re.search(r"[0-9]", tail)
    if not m:
        return out
    digit = pos + m.start()
    printed_from = stream.origin[digit]
    line_end = stream.printed.find("\n", printed_from)
    if line_end < 0:
        line_end = len(stream.printed)
    line_text = stream.printed[printed_from:line_end]
    region = line_text if ("\t" in line_text or "|" in line_text) else stream.printed[printed_from:]
    cells, separated, unit, used = region_cells(region[:600])
    keys = tuple(table.key(row, col) for row in table.data_rows() for col in table.columns)
    out.rows.append(
        RowText(keys, "", stream.line_at(digit), " ".join(cells), cells, separated, unit)
    )
    out.end = digit + len(normalise(region[:used]))
    return out


SUBTOTAL = "小计"
SUBTOTAL_AT = 6  # after 自然人 and the five 法人或其他组织 columns, before 总计


def drop_subtotal(found: TableText, header: str) -> None:
    """表三 printed with a 法人或其他组织小计 column, which the format does not have (docs/law.md
    §1.4: accept it on ingest): its figures are left out of rows of eight separated cells."""
    if SUBTOTAL not in header:
        return
    for row in found.rows:
        if row.separated and len(row.cells) == len(row.keys) + 1:
            del row.cells[SUBTOTAL_AT]
            found.subtotal = True


def tables_of(stream: Stream, fmt: Format) -> list[TableText]:
    """Every table of ``fmt`` found in the text, each searched after the one before."""
    out: list[TableText] = []
    cursor = 0
    for table in fmt.tables:
        if table.id == "t4":
            found = read_headerless_row(stream, table, "复议后起诉", cursor)
        else:
            begin = cursor
            anchored = False
            if table.caption:
                cap = stream.text.find(normalise(table.caption), cursor)
                if cap < 0:
                    out.append(TableText(table.id, missing=list(table.data_rows())))
                    continue
                begin, anchored = cap, True
            elif table.corner:
                corner = stream.text.find(normalise(table.corner[0])[:8], cursor)
                begin, anchored = (corner, True) if corner >= 0 else (cursor, False)
            found = read_table(stream, table, begin, anchored=anchored)
            if found.found and table.id == "t3":
                drop_subtotal(found, stream.text[begin : found.start])
        out.append(found)
        if found.found:
            cursor = max(cursor, found.start + 1)
    return out

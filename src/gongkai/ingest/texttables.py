"""Reading the tables of an annual report out of its running text, row label by row label.

The tables of 条例 §50 reports (表二–表四 of 国办公开办函〔2021〕30号 and 〔2019〕60号, the 2014
统计表, the local tables before it) reach ingest as text in many shapes: markdown rows, tab-separated
rows, a label on its own line, one cell per line, a small table per row, 表四 as three stacked
tables, or the whole table run together on one line with no separator at all.  This module finds
each row by its printed label (in the order of the format, so a repeated header, a page footer or a
stray paragraph between two rows does not matter) and reads what follows it, across line breaks,
as figures and the gaps where blank cells may be (:class:`gongkai.ingest.align.Piece`); which
figure goes to which cell is decided by :mod:`gongkai.ingest.align` and the identities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from gongkai.formats import Format, Row, Table
from gongkai.ingest.align import Piece, figure, gap, is_figure_text
from gongkai.ingest.labels import Stream, core, fuzzy_find, normalise, simplified
from gongkai.ingest.source import Line

WINDOW = 900  # normalised characters searched for the next row's label
UNITS = frozenset({"条", "件", "次", "篇", "个", "人", "人次", "万元", "元", "份", "项"})
BLANK_MARKS = frozenset({"/", "／", "—", "——", "-", "－", "\\", "无", "空"})
NUMERIC = re.compile(r"(?:[+-]?\d[\d,]*(?:\.\d+)?)+")
PIECE = re.compile(r"[+-]?\d[\d,]*(?:\.\d+)?")
ITEM_NUMBER = re.compile(r"^(\d{1,2})[.、．]")
# The item number of a caption that follows the figures ("7." of "7.属于行政执法案卷", all that is
# left of it where a page or an excerpt is cut): text that ends the row, no figure.
ITEM_FRAGMENT = re.compile(r"^[1-9]\d?[.、．](?:$|[^\d\s])")


@dataclass
class RowText:
    """What is printed for one table row (and the rows after it whose labels are lost).

    ``pieces`` are the printed figures and the gaps where blank cells may be, in order, read
    across line breaks; ``digits``: no cell boundary was visible, so a run of digits may hold
    several cells.  ``lost`` are the keys of following rows whose labels were not found: their
    figures may be printed here too.  ``skip`` is a printed column the format lacks (小计).
    """

    keys: tuple[str, ...]
    label: str  # the printed label as found
    line: Line | None
    printed: str  # label and figures as printed, for provenance
    pieces: list[Piece]
    digits: bool
    unit: str | None = None  # a money unit printed after the figures (元, 万元)
    typo: str | None = None  # the label form matched despite a typo
    lost: tuple[tuple[str, ...], ...] = ()
    skip: int | None = None


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


# Lines that are no part of a table printed across pages: page numbers ("— 3 —", "第3页 共5页",
# "3/5") and generic column headers of converted tables ("数据1", "列2").
PAGE_MARK = re.compile(
    r"^\s*(?:[—\-－–─]+\s*\d{1,4}\s*[—\-－–─]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|共\s*\d{1,4}\s*页)\s*$"
)
GENERIC_HEADER = re.compile(r"^(?:数据|列|栏|第)\s*\d{1,2}(?:列|栏)?$")
FIGURE_UNIT = re.compile(r"^(.*?\d)(万元|元|人次|条|件|次|篇|个|人|份|项)$")
PUNCTUATION = re.compile(r"[()（）、.:：/\-—\[\]]")
RULE = re.compile(
    r":?-{2,}:?"
)  # a markdown table's header rule  # characters of a text fragment that end the last row of a table


@dataclass
class Region:
    """The printed figures and gaps of a stretch of text, read across line breaks."""

    pieces: list[Piece] = field(default_factory=list)
    digits: bool = True  # no separator (| or tab) seen: a run of digits may hold several cells
    unit: str | None = None
    end: int = 0  # offset in ``printed`` just after the last figure read


def _is_noise(text: str, ignore: tuple[str, ...]) -> bool:
    """A fragment that is no figure and says nothing about the row: a page mark, a generic or
    repeated header."""
    norm = normalise(text)
    if not norm or PAGE_MARK.match(text) or GENERIC_HEADER.match(norm) or RULE.fullmatch(norm):
        return True
    for word in ignore:
        norm = norm.replace(word, "")
    return not PUNCTUATION.sub("", norm)


def _after_words(token: str, words: tuple[str, ...]) -> str:
    """``token`` without the header words it starts with ("总计110024" → "110024"), as header
    and figures run together when a page loses its cell borders."""
    plain = simplified(token)
    start = 0
    while start < len(plain):
        for word in words:
            if plain.startswith(word, start):
                start += len(word)
                break
        else:
            if plain[start] in "()（）、":
                start += 1
                continue
            break
    return token[start:]


def read_region(
    stream: Stream, start: int, end: int, *, bounded: bool, ignore: tuple[str, ...] = ()
) -> Region:
    """The figures printed in ``stream.printed[start:end]`` after a row label.

    Page marks and the table's own header words (``ignore``: a header repeated on a new page,
    表四 printed as three stacked tables) are passed over anywhere; empty cells and empty lines
    become gaps.  Other text after a figure (the next row's group label, a paragraph) ends the
    row; text before the first figure (the rest of a wrapped label) is passed over when the
    next row's label ends the region (``bounded``), and ends it otherwise.
    """
    out = Region(end=start)
    empty_cells = 0
    empty_lines = 0
    seen = False  # a figure read
    offset = start
    text = stream.printed[start:end]
    line_no = 0
    bar_open = False  # a border line seen, and no cell since

    def flush() -> None:
        nonlocal empty_cells, empty_lines
        if empty_cells or empty_lines:
            out.pieces.append(
                gap(empty_cells + empty_lines, empty_cells + empty_lines // 2,
                    empty_cells + empty_lines, edge=not seen)
            )  # fmt: skip
        empty_cells = empty_lines = 0

    lines = text.split("\n")
    if len(lines) > 1 and not lines[-1].strip(" \t|"):
        # The start of the next label's line ("", "| " of a markdown row): not an empty line,
        # nor an empty cell of this row.
        lines.pop()
    for raw_line in lines:
        line_start = offset
        offset += len(raw_line) + 1
        stripped = raw_line.strip()
        line_no += 1
        if not stripped:
            if line_no > 1:
                empty_lines += 1
            continue
        if PAGE_MARK.match(stripped) or stripped == stream.head:
            continue  # a page footer, or the running head (the title) of a new page
        if stripped == "|":
            # A scrape printing each cell, and each border between cells, on a line of its own
            # ("规章" "|" "0" "|" "0"): a border is no cell; two borders with nothing but empty
            # lines between them enclose one blank cell.
            out.digits = False
            if bar_open:
                empty_cells += 1
            empty_lines = 0
            bar_open = True
            continue
        bar_open = False
        separated = "|" in stripped or "\t" in raw_line
        if separated:
            out.digits = False
            body = stripped.strip("|") if "|" in stripped else raw_line.strip("\r\n ")
            parts = body.split("|") if "|" in stripped else body.split("\t")
            if line_no == 1 and "|" not in stripped and parts and not parts[0].strip():
                parts = parts[1:]  # the tab after the label, not an empty cell
        else:
            parts = stripped.split()
        position = line_start
        for part in parts:
            cell = part.strip()
            at = stream.printed.find(cell, position, offset) if cell else -1
            if at >= 0:
                position = at + len(cell)
            if not cell:
                if separated:
                    empty_cells += 1
                continue
            if not separated and ignore:
                cell = _after_words(cell, ignore)
                if not cell:
                    continue
            if cell in UNITS:
                continue
            if cell in BLANK_MARKS or is_figure_text(cell):
                flush()
                out.pieces.append(figure(cell, stream.line_of(max(at, line_start))))
                seen = True
                out.end = position
                continue
            unit = FIGURE_UNIT.match(cell)
            if unit and is_figure_text(unit.group(1)):
                flush()
                out.pieces.append(figure(unit.group(1), stream.line_of(max(at, line_start))))
                if unit.group(2) in ("万元", "元"):
                    out.unit = unit.group(2)
                seen = True
                out.end = position
                continue
            if _is_noise(cell, ignore):
                continue
            lead = NUMERIC.match(cell)
            if lead and not separated and not ITEM_FRAGMENT.match(cell):
                # Figures run into the next caption ("713000074二、上年结转"): the figure, then
                # the text that ends the row.
                flush()
                line = stream.line_of(max(at, line_start))
                out.pieces += [figure(f, line) for f in PIECE.findall(lead.group())]
                out.end = (at if at >= 0 else line_start) + lead.end()
                seen = True
            if seen or not bounded:
                flush()
                return _trimmed(out)
    flush()
    return _trimmed(out)


def _trimmed(region: Region) -> Region:
    """The last gap is an edge (after the last figure); an empty one is dropped."""
    while region.pieces and region.pieces[-1].gap and not region.pieces[-1].most:
        region.pieces.pop()
    if region.pieces and region.pieces[-1].gap:
        g = region.pieces[-1]
        region.pieces[-1] = gap(g.single, g.double, g.most, edge=True)
    return region


GLOSS_OPEN = "(（"
GLOSS_CHARS = 300  # the longest explanation printed inside a label cell


def _past_gloss(printed: str, start: int) -> int:
    """``start`` moved past an explanation printed in the label cell after the caption
    ("规章（设区的市、自治州人民政府应提供相关数据）", "其他对外管理服务事项（指行政许可以外的…）"):
    a bracketed text right after the label that crosses no cell border and is not a figure."""
    at = start
    while at < len(printed) and printed[at] in " \t":
        at += 1
    if at >= len(printed) or printed[at] not in GLOSS_OPEN:
        return start
    depth = 0
    for end in range(at, min(len(printed), at + GLOSS_CHARS)):
        ch = printed[end]
        if ch in "|\t":
            return start
        if ch in GLOSS_OPEN:
            depth += 1
        elif ch in ")）":
            depth -= 1
            if depth == 0:
                inner = printed[at + 1 : end].strip()
                return start if not inner or is_figure_text(inner) else end + 1
    return start


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
    for n, (index, pos, label_end, typo) in enumerate(anchors):
        row = rows[index]
        last = n + 1 == len(anchors)
        printed_from = _past_gloss(stream.printed, stream.origin[label_end - 1] + 1)
        if not last:
            next_index, next_pos = anchors[n + 1][0], anchors[n + 1][1]
            next_row = rows[next_index]
            printed_to = stream.origin[next_pos]
            region = stream.printed[printed_from:printed_to]
            kept = _strip_numbering(region, next_row.label.text if next_row.label else None)
            printed_to = printed_from + len(kept)
        else:
            next_index = len(rows)
            printed_to = min(len(stream.printed), printed_from + REGION_CHARS)
        lost = rows[index + 1 : next_index]
        found = read_region(
            stream, printed_from, printed_to, bounded=not last, ignore=header_words(table)
        )
        label_printed = stream.printed_at(pos, label_end)
        figures = " ".join(p.text for p in found.pieces if not p.gap)
        out.rows.append(
            RowText(
                tuple(table.key(row, col) for col in table.columns),
                label_printed,
                stream.line_at(pos),
                (label_printed + " " + figures).strip(),
                found.pieces,
                found.digits,
                found.unit,
                typo,
                tuple(tuple(table.key(r, col) for col in table.columns) for r in lost),
            )
        )
        for r in lost:
            out.missing.remove(r)  # placed (or reported) with the row before
        end = found.end if found.pieces else printed_from
        out.end = max(out.end, label_end + len(normalise(stream.printed[printed_from:end])))
    return out


REGION_CHARS = 3000  # printed characters searched for the figures of a table's last row


_HEADER_WORDS: dict[int, tuple[Table, tuple[str, ...]]] = {}


def header_words(table: Table) -> tuple[str, ...]:
    """The normalised captions of a table's header cells, longest first: printed again on a
    new page, over each row printed as a table of its own, or over each block of 表四 printed as
    three stacked tables.  Worked out once per table (kept by identity: hashing a table's whole
    definition on every row would cost more than the words)."""
    known = _HEADER_WORDS.get(id(table))
    if known is not None and known[0] is table:
        return known[1]
    words = {
        "行政诉讼",
        "合计",
        "小计",
        "单位",
        "信息内容",
        "申请人情况",
        *map(normalise, table.corner),
    }
    for column in table.columns:
        for lab in column.path:
            words.update(normalise(s) for s in lab.spellings())
    out = tuple(sorted(words, key=len, reverse=True))
    _HEADER_WORDS[id(table)] = (table, out)
    return out


def read_t4(stream: Stream, table: Table, start: int) -> TableText:
    """表四, whose one row has no label: its fifteen figures after the first header cell, read
    across the header rows of each block if it is printed as three stacked tables."""
    out = TableText(table.id)
    pos = stream.text.find(T4_START, start)
    if pos >= 0:
        printed_from = stream.origin[pos]
    else:
        found_header = _t4_header(stream, table, start)
        if found_header is None:
            return out
        pos, printed_from = found_header
    out.start = pos
    found = read_region(
        stream, printed_from, printed_from + REGION_CHARS, bounded=False, ignore=header_words(table)
    )
    if not found.pieces:
        return out
    keys = tuple(table.key(row, col) for row in table.data_rows() for col in table.columns)
    figures = " ".join(p.text for p in found.pieces if not p.gap)
    # A 表四 printed with every cell blank has only gaps: its row is still where the pieces are.
    first = next((p.line for p in found.pieces if not p.gap), found.pieces[0].line)
    out.rows.append(RowText(keys, "", first, figures, found.pieces, found.digits, found.unit))
    out.end = pos + len(normalise(stream.printed[printed_from : found.end]))
    return out


T4_START = normalise("结果维持")
T4_HEAD = normalise("行政复议")
T4_HEAD_TRIES = 4  # occurrences of 行政复议 tried as the header's first cell


def _t4_header(stream: Stream, table: Table, start: int) -> tuple[int, int] | None:
    """Where 表四's header begins and where its figures begin, when "结果维持" is nowhere in one
    piece: PDF layout text prints the narrow header cells one character per line ("结 结 其 尚" /
    "果 果 他 未" / "维 纠 结 审" …).  The header is a run of text from 行政复议 to the first
    figure made only of the characters of 表四's captions, holding those of 结果维持 and 结果纠正;
    a sentence that mentions 行政复议 holds other characters and is passed over."""
    chars = set("".join(header_words(table)) + "总计合")
    needed = set(normalise("结果维持结果纠正"))
    pos = start
    for _ in range(T4_HEAD_TRIES):
        pos = stream.text.find(T4_HEAD, pos)
        if pos < 0:
            return None
        seen: set[str] = set()
        k = pos
        while k < len(stream.text) and stream.text[k] in chars:
            seen.add(stream.text[k])
            k += 1
        if k < len(stream.text) and stream.text[k].isdigit() and needed <= seen:
            return pos, stream.origin[k]
        pos += len(T4_HEAD)
    return None


SUBTOTAL = "小计"
SUBTOTAL_AT = 6  # after 自然人 and the five 法人或其他组织 columns, before 总计


def mark_subtotal(found: TableText, header: str) -> None:
    """表三 printed with a 法人或其他组织小计 column, which the format does not have (docs/law.md
    §1.4: accept it on ingest): its figures are left out of the rows that print it."""
    if SUBTOTAL not in header:
        return
    for row in found.rows:
        row.skip = SUBTOTAL_AT
    found.subtotal = True


def tables_of(stream: Stream, fmt: Format) -> list[TableText]:
    """Every table of ``fmt`` found in the text, each searched after the one before."""
    out: list[TableText] = []
    cursor = 0
    for table in fmt.tables:
        if table.id == "t4":
            found = read_t4(stream, table, cursor)
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
                mark_subtotal(found, stream.text[begin : found.start])
        out.append(found)
        if found.found:
            cursor = max(cursor, found.start + 1)
    return out

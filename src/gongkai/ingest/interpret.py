"""Stage two of ingest: the report model read out of an opened file (条例 §50 annual reports).

:func:`interpret` takes what stage one read (:class:`gongkai.ingest.source.Source`: numbered lines,
structural tables, page meta) and returns a :class:`gongkai.report.Report`: the generation of the
format (国办公开办函〔2021〕30号, 〔2019〕60号, 国办发〔2014〕32号 or a local table), the agency, year
and publication date, the narrative by part, the narrative facts, every cell of the format's tables
with its provenance, and the findings of reading (``ingest.*``).  It never guesses: a blank stays
blank, a caption that does not fit is reported, and where a row's print allows several alignments
of figures with cells (an empty slot of a merged label, a stray or missing cell, run-together
digits) one is taken only where the report's own identities single it out.  The audit rules (:func:`gongkai.rules.check`)
run afterwards: :func:`gongkai.ingest.pipeline.audit` for one file, :mod:`gongkai.ingest.audit`
for a set of files read as series of one body.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from gongkai import formats, narrative
from gongkai.formats import Format, Kind, Row, Table
from gongkai.ingest import localtables
from gongkai.ingest.align import Alignment, Alignments, alignments, blank_line_per_blank
from gongkai.ingest.labels import Stream, normalise
from gongkai.ingest.meta import agency, page_fields, published_on, report_year, title_of
from gongkai.ingest.numbers import parse_number
from gongkai.ingest.sections import split
from gongkai.ingest.segment import Constraint, Slot, Values, equals, solve, standing, sum_of
from gongkai.ingest.source import Line, Source
from gongkai.ingest.structural import structural_rows
from gongkai.ingest.texttables import RowText, tables_of
from gongkai.report import Finding, Number, Provenance, Report, Severity

# Captions only one generation prints: evidence of the format actually used.
EVIDENCE: dict[str, tuple[str, ...]] = {
    "cn2021": ("本年制发件数", "现行有效件数", "本年处理决定数量", "逾期不补正", "本年收费金额"),
    "cn2019": ("本年新制作数量", "上一年项目数量", "政府集中采购", "采购项目数量", "对外公开总数量"),
    "cn2014": ("收到申请数", "申请办结数", "维持具体行政行为数", "政府信息公开专项经费", "回应公众关注热点"),
    "local": ("历年累计", "指标名称"),
}  # fmt: skip
PROVENANCE_CHARS = 160
YUAN_PLAUSIBLE = 1_000_000  # a 万元 figure this large (≥ 100 亿元) was printed in 元


@dataclass
class Reading:
    """The state of one interpretation while cells are filled in."""

    report: Report
    findings: list[Finding] = field(default_factory=list)
    unplaced: list[tuple[str, ...]] = field(default_factory=list)  # rows whose label is lost
    blank_line: bool = False  # a blank cell is one more empty line (align.blank_line_per_blank)

    def find(
        self,
        rule: str,
        severity: Severity,
        cells: Sequence[str],
        message: str,
        *,
        expected: Any = None,
        actual: Any = None,
    ) -> None:
        self.findings.append(Finding(rule, severity, tuple(cells), expected, actual, message))


def choose_format(stream: Stream, year: int | None) -> tuple[Format, str | None]:
    """The generation whose captions the report prints, and why it differs from its year's."""
    scores = {
        name: sum(normalise(w) in stream.text for w in words) for name, words in EVIDENCE.items()
    }
    expected = formats.for_year(year) if year is not None else None
    best = max(scores, key=lambda name: scores[name])
    if expected is not None and (scores[expected.name] > 0 or scores[best] == 0):
        return expected, None
    if scores[best] == 0:
        return formats.get("local"), None
    chosen = formats.get(best)
    if expected is None:
        return chosen, None
    return chosen, (
        f"表格标签属于《{chosen.title}》（{chosen.basis}），与 {year} 年度应使用的"
        f"《{expected.title}》不符，按实际标签读取"
    )


def interpret(source: Source, *, previous: Report | None = None) -> Report:
    """The report model of an opened published report.

    ``previous`` is the same body's report for the year before, when known: its figures are
    evidence for splitting run-together digits (cumulative totals, carried-over applications).
    """
    fields = page_fields(source)
    title = title_of(source, fields)
    year = report_year(source, title)
    stream = Stream.of(source.lines)
    fmt, mismatch = choose_format(stream, year)
    report = Report.blank(fmt.name, agency=agency(source, title, fields), year=year)
    report.published_on = published_on(source, fields, year)
    reading = Reading(report)
    if year is None:
        reading.find("ingest.year_unknown", "warning", (), "未能从标题或正文确定报告年度")
    if mismatch:
        reading.find(
            "ingest.format_labels",
            "warning",
            (),
            mismatch,
            expected=formats.for_year(year).name if year else None,
            actual=fmt.name,
        )

    rows: list[RowText] = []
    constraints: list[Constraint] = []
    spans: list[tuple[int, int]] = []
    missing: list[tuple[Table, Row]] = []
    present: set[str] = set()
    if fmt.name == "local":
        local = localtables.read_local(stream)
        if local is not None:
            rows = local.rows
            constraints = local.constraints
            report.cells = {k: None for row in rows for k in row.keys}
            spans.append(_printed_span(stream, rows))
    else:
        found = structural_rows(source, fmt)
        table_of = {key: cell.table.id for key, cell in fmt.cells.items()}
        done = {table_of[k] for row in found.rows for k in row.keys if k in table_of}
        tables = [t for t in tables_of(stream, fmt) if t.table_id not in done]
        rows = found.rows + [row for t in tables for row in t.rows]
        missing = found.missing + [
            (fmt.table(t.table_id), r) for t in tables if t.found for r in t.missing
        ]
        present = done | {t.table_id for t in tables if t.found}
        if found.subtotal or any(t.subtotal for t in tables):
            reading.find(
                "ingest.subtotal_column",
                "info",
                (),
                "表三印有“小计”列（格式中没有此列），读取时已略去",
            )
        constraints = identity_constraints(fmt.name)
        for t in tables:
            if t.found and t.end > t.start:
                end = stream.origin[min(t.end, len(stream.origin) - 1)]
                spans.append((stream.origin[t.start], end))
        for i, line in enumerate(source.lines):
            if (line.page, line.number) in found.lines:
                spans.append((stream.starts[i], stream.starts[i] + len(line.text) + 1))

    report.sections, section_findings = split(stream.printed, fmt, spans)
    reading.findings.extend(section_findings)
    report.facts = narrative.read(report)
    constraints += [
        equals(k, f.value, f"正文“{f.quote[:30]}”")
        for k, f in report.facts.items()
        if k in report.cells
    ]
    constraints += cross_year(report, previous)
    reading.blank_line = blank_line_per_blank(row.pieces for row in rows if row.digits)
    _fill(reading, rows, constraints)
    if fmt.name != "local":
        missing += [(fmt.cells[keys[0]].table, fmt.cells[keys[0]].row) for keys in reading.unplaced]
        _table_findings(reading, fmt, present, missing)
    if not any(v is not None for v in report.cells.values()):
        _cells_from_facts(reading, stream)
    report.findings = [*source.findings, *reading.findings]
    return report


def identity_constraints(fmt_name: str) -> list[Constraint]:
    """The identities of the format's tables as segmentation evidence, from the rules' own sums."""
    from gongkai.rules import cn2014, identities

    out: list[Constraint] = []
    if fmt_name in identities.T3_FORMATS:
        for total, parts, what in (
            *identities.column_sums(fmt_name),
            *identities.row_sums(fmt_name),
            *identities.T4_SUMS,
        ):
            out.append(sum_of(total, parts, what))
        for name, (new, carried, processed, forward) in identities.balance_keys(fmt_name):
            out.append(
                Constraint(
                    (new, carried, processed, forward),
                    lambda v: v[0] + v[1] == v[2] + v[3],
                    f"表三「{name}」列勾稽关系",
                )
            )
    elif fmt_name == "cn2014":
        for _rule, total, parts, what in cn2014.SUMS:
            out.append(sum_of(total, parts, what))
    return out


def cross_year(report: Report, previous: Report | None) -> list[Constraint]:
    """Last year's figures as evidence: cumulative totals grow by the year's figure (local
    tables), and applications carried over are those carried forward (docs/law.md §1.6 X1)."""
    if previous is None or previous.year is None or report.year != previous.year + 1:
        return []
    out: list[Constraint] = []
    for key in report.cells:
        if key.endswith("." + localtables.CUMULATIVE):
            before = previous.cells.get(key)
            this_year = key.removesuffix(localtables.CUMULATIVE) + localtables.YEAR_COLUMN
            if before is not None and this_year in report.cells:
                out.append(grows_by((key, this_year), before, f"上年历年累计 {before}"))
        elif key.startswith("t3.carried_over."):
            before = previous.cells.get(key.replace("carried_over", "carried_forward"))
            if before is not None:
                out.append(equals(key, before, f"上年结转下年度 {before}"))
    return out


def grows_by(keys: tuple[str, str], before: Number, what: str) -> Constraint:
    """A running total (``keys[0]``) is last year's total plus the year's figure (``keys[1]``)."""
    return Constraint(keys, lambda v: v[0] == before + v[1], what, outside=True)


OTHER_READINGS = 5  # other readings kept with a chosen one, for the audit (issue 10 item 4)


@dataclass
class Placed:
    """A printed row once aligned: the keys it fills and, per reading, where each cell comes
    from (the printed piece) and its figure."""

    row: RowText
    keys: tuple[str, ...]
    how: str
    options: dict[Values, Alignment]
    needs_evidence: bool = False


def _fill(reading: Reading, rows: list[RowText], constraints: list[Constraint]) -> None:
    """Read every row's cells: align its printed figures with its cells; where the printing
    allows several alignments, the identities choose (or the cells stay blank)."""
    report = reading.report
    slots: list[tuple[Slot, Placed]] = []
    for row in rows:
        if row.typo:
            reading.find(
                "ingest.label_typo",
                "info",
                row.keys[:1],
                f"表格标签“{row.label.strip()}”与格式不完全一致（疑为笔误），已按位置对应",
                actual=row.label.strip(),
            )
        placed = _align(reading, row)
        if placed is None:
            continue
        if len(placed.options) == 1 and not placed.needs_evidence:
            ((values, option),) = placed.options.items()
            _apply(reading, placed, values, option)
            if placed.how in ("gaps", "stray", "missing"):
                _aligned_finding(reading, placed, values, [], [])
            continue
        candidates = list(placed.options)
        if placed.needs_evidence:
            candidates.append(tuple(None for _ in placed.keys))  # the row left blank
        slot = Slot(placed.keys, placed.row.printed, candidates)
        slots.append((slot, placed))
    known = dict(report.cells)

    def lookup(key: str) -> Number | None:
        return known.get(key)

    solve([s for s, _ in slots], constraints, lookup)
    for slot, placed in slots:
        if slot.chosen is not None and slot.chosen not in placed.options:
            slot.chosen = None  # leaving the row blank is as good as any reading of it
            slot.candidates = [c for c in slot.candidates if c in placed.options]
        if slot.chosen is not None:
            _unsure(reading, placed, slot, [s for s, _ in slots], constraints, lookup)
        if slot.chosen is not None:
            _apply(reading, placed, slot.chosen, placed.options[slot.chosen])
            others = [v for v in slot.readings if v != slot.chosen and v in placed.options]
            others = others[:OTHER_READINGS]
            _aligned_finding(reading, placed, slot.chosen, slot.evidence, others)
            continue
        # The readings that tied; if leaving the row blank beat them all, every reading.
        tied = slot.candidates or list(placed.options)
        shown = [list(c) for c in tied[:10]]
        what = "连写数字" if placed.how == "digits" else "所印数据"
        reading.find(
            "ingest.ambiguous_digits" if placed.how == "digits" else "ingest.ambiguous_cells",
            "warning",
            slot.keys,
            f"{what}“{slot.printed[:60]}”可对应到单元格的读法有 {len(tied)} 种，"
            "表内勾稽关系不能唯一确定（或与之不符），单元格留空",
            expected=shown,
            actual=slot.printed,
        )


def _unsure(
    reading: Reading,
    placed: Placed,
    slot: Slot,
    slots: list[Slot],
    constraints: list[Constraint],
    lookup: Callable[[str], Number | None],
) -> None:
    """Blank the cells on which a reading the evidence does not rule out disagrees with the
    chosen one, whichever way the readings were found (a changed print, or several literal
    ones): a zero and a blank can trade places without any identity noticing, as a blank takes
    part in no identity and a zero changes no sum."""
    chosen = slot.chosen
    assert chosen is not None
    rivals = [r for r in standing(slot, slots, constraints, lookup) if r in placed.options]
    unsure = {i for r in rivals for i, (a, b) in enumerate(zip(chosen, r, strict=True)) if a != b}
    if not unsure:
        return
    keep = tuple(None if i in unsure else v for i, v in enumerate(chosen))
    option = placed.options[chosen]
    placed.options[keep] = tuple(None if i in unsure else c for i, c in enumerate(option))
    slot.chosen = keep
    reading.find(
        "ingest.ambiguous_cells",
        "warning",
        tuple(placed.keys[i] for i in sorted(unsure)),
        f"“{placed.row.printed[:60]}”中这些单元格在几种读法下不同，表内勾稽关系不能区分，单元格留空",
        expected=[list(r) for r in [chosen, *rivals][:10]],
        actual=placed.row.printed,
    )


def _align(reading: Reading, row: RowText) -> Placed | None:
    """The alignments of a printed row with its cells (and with the cells of the rows after it
    whose labels are lost, when the figures of those are printed too)."""
    extra = 0 if row.skip is None else 1
    keys = row.keys + tuple(k for lost in row.lost for k in lost)
    spaced = reading.blank_line and row.digits
    found = alignments(row.pieces, len(keys) + extra, digits=row.digits, blank_line=spaced)
    alone = (
        alignments(row.pieces, len(row.keys) + extra, digits=row.digits, blank_line=spaced)
        if row.lost
        else None
    )
    if alone is not None and alone.options and found.options:
        # The labels after this row are missing: lost in printing (their figures are here too)
        # or never printed (a page or an excerpt cut after this row).  Both are readings of the
        # print; the identities choose, and the finding on the row names the cells of both.
        pad = tuple(None for k in keys[len(row.keys) :])
        found = Alignments(
            [*found.options, *(option + pad for option in alone.options)],
            found.how,
            needs_evidence=True,
        )
    elif row.lost and not found.options:
        keys = row.keys
        found = alone if alone is not None else found
        reading.unplaced += row.lost
    else:
        for lost in row.lost:
            reading.find(
                "ingest.label_lost", "info", lost, "此行未印行标签，已按格式中的位置对应到单元格"
            )
    if not found.options:
        figures = [p.text for p in row.pieces if not p.gap]
        if not figures:
            reading.find(
                "ingest.row_blank",
                "info",
                keys,
                f"“{row.label.strip()[:30]}”一行未读到数据（印为空白，或数据不在行标签之后），单元格留空",
            )
        else:
            reading.find(
                "ingest.row_cells",
                "warning",
                keys,
                f"“{row.label.strip()[:30]}”一行印有 {len(figures)} 个数据，按格式应为 "
                f"{len(keys)} 个，未能对应到单元格",
                expected=len(keys),
                actual=" ".join(figures)[:200],
            )
        return None
    options: dict[Values, Alignment] = {}
    for option in found.options:
        if row.skip is not None:
            option = option[: row.skip] + option[row.skip + 1 :]
        values = tuple(
            _reading(k, c[1])[0] if c else None for k, c in zip(keys, option, strict=True)
        )
        options.setdefault(values, option)
    return Placed(row, keys, found.how, options, found.needs_evidence)


def _aligned_finding(
    reading: Reading, placed: Placed, chosen: Values, evidence: list[str], others: list[Values]
) -> None:
    """Say how the printed figures were placed when it was not one figure per visible cell;
    the other readings stay with the finding, so that the audit can tell a report's error from
    an error of our reading (issue 10 item 4)."""
    why = "、".join(evidence[:4]) or "所印数据的个数"
    if placed.how == "digits":
        rule, what = "ingest.digits_split", f"连写数字“{placed.row.printed[:60]}”按{why}拆分为 "
    else:
        rule, what = "ingest.cells_aligned", f"“{placed.row.printed[:60]}”所印数据按{why}对应为 "
    reading.find(
        rule,
        "info",
        placed.keys,
        what + " | ".join("空" if v is None else str(v) for v in chosen),
        expected=list(chosen),
        actual={"printed": placed.row.printed, "other_readings": [list(o) for o in others]},
    )


def _apply(reading: Reading, placed: Placed, values: Values, option: Alignment) -> None:
    row = placed.row
    for key, cell in zip(placed.keys, option, strict=True):
        if cell is None:
            reading.report.cells[key] = None
            continue
        piece = row.pieces[cell[0]]
        value, raw, unit = _reading(key, cell[1])
        if piece.ocr:
            reading.find(
                "ingest.ocr_digits",
                "info",
                (key,),
                f"“{piece.shown}”按扫描识别常见错误读作 {cell[1]}",
                actual=piece.shown,
                expected=value,
            )
            raw = raw or piece.shown
        _set(reading, key, value, raw, unit or row.unit, piece.line or row.line, row, cell[1])


MONEY_CELL = re.compile(r"^\s*(.+?)\s*(万元|元)\s*$")


@lru_cache(maxsize=8192)
def _figure(text: str) -> tuple[Number | None, str | None]:
    """:func:`parse_number`, once per distinct printed text: a row's alignments read the same
    few figures many times over."""
    return parse_number(text)


def _reading(key: str, text: str) -> tuple[Number | None, str | None, str | None]:
    """A printed cell as a figure; a money cell may print its unit ("251000元")."""
    value, raw = _figure(text)
    if value is None and key.endswith("_wan_yuan"):
        m = MONEY_CELL.match(text)
        if m:
            value, _ = parse_number(m.group(1))
            if value is not None:
                return value, text.strip(), m.group(2)
    return value, raw, None


def _set(
    reading: Reading,
    key: str,
    value: Number | None,
    raw: str | None,
    unit: str | None,
    line: Line | None,
    row: RowText,
    text: str,
) -> None:
    report = reading.report
    cell = report.definition.cells.get(key)
    in_yuan = unit == "元" or (unit is None and value is not None and value >= YUAN_PLAUSIBLE)
    if value is not None and key.endswith("_wan_yuan") and in_yuan:
        converted = round(value / 10000, 6)
        why = "印有单位“元”" if unit == "元" else "未印单位且数额仅在“元”下合理"
        reading.find(
            "ingest.money_yuan",
            "info",
            (key,),
            f"{why}：{value} 元已换算为 {converted} 万元",
            expected=converted,
            actual=value,
        )
        raw = raw or f"{text}{'' if text.endswith('元') else '元'}"
        value = converted
    if isinstance(value, float) and (cell is None or cell.kind is not Kind.AMOUNT):
        # A count printed with decimals ("3.5"): kept as printed, not rounded into a count.
        raw = raw or text
        if value.is_integer():
            value = int(value)
        else:
            reading.find(
                "ingest.not_a_count",
                "warning",
                (key,),
                f"“{text.strip()[:20]}”不是整数，不能作为件数读取，单元格留空",
                actual=text.strip()[:40],
            )
            value = None
    report.cells[key] = value
    if raw:
        report.raw[key] = raw
    if value is not None and line is not None:
        printed = f"{row.label.strip()} {text}".strip() if row.label.strip() else row.printed
        report.provenance[key] = Provenance(line.page, line.number, printed[:PROVENANCE_CHARS])


def _cells_from_facts(reading: Reading, stream: Stream) -> None:
    """A narrative-only report: its cells are the facts its sentences state unambiguously."""
    report = reading.report
    used = []
    for key, fact in report.facts.items():
        if key not in report.cells and not key.startswith(formats.LOCAL_PREFIX):
            continue
        report.cells[key] = fact.value
        used.append(key)
        line = stream.line_of(stream.printed.find(fact.quote))
        if line is not None:
            report.provenance[key] = Provenance(
                line.page, line.number, fact.quote[:PROVENANCE_CHARS]
            )
    if used:
        reading.find(
            "ingest.cells_from_text",
            "info",
            used,
            "报告未印统计表（或未能读取），以下单元格取自正文的明确表述：" + "、".join(used),
        )


def _printed_span(stream: Stream, rows: list[RowText]) -> tuple[int, int]:
    first = rows[0]
    last = rows[-1]
    start = stream.printed.find(first.printed)
    end = stream.printed.find(last.printed, max(start, 0))
    if start < 0 or end < 0:
        return (0, 0)
    header = stream.printed.rfind("指标名称", 0, start)
    return (header if header >= 0 else start, end + len(last.printed))


def _table_findings(
    reading: Reading, fmt: Format, present: set[str], missing: list[tuple[Table, Row]]
) -> None:
    """Tables and rows the format has and the report does not show, and 其他处理 printed as
    one row where the 2021 format splits it in three."""
    for table in fmt.tables:
        if table.id not in present:
            reading.find(
                "ingest.table_missing",
                "warning",
                (),
                f"未找到表格“{table.title}”（{table.caption or table.id}）",
                actual=table.id,
            )
    if fmt.name == "cn2021":
        other = [row for table, row in missing if table.id == "t3" and row.key.startswith("other.")]
        if len(other) == 3:
            missing = [
                (t, r) for t, r in missing if not (t.id == "t3" and r.key.startswith("other."))
            ]
            t3 = fmt.table("t3")
            reading.find(
                "ingest.collapsed_rows",
                "warning",
                tuple(t3.key(r, c) for r in other for c in t3.columns),
                "表三“（六）其他处理”未按 2021 年格式分列三项（可能只印了一行），相应单元格留空",
            )
    for table, row in missing:
        label = row.label.text if row.label else row.key
        reading.find(
            "ingest.row_missing",
            "warning",
            tuple(table.key(row, c) for c in table.columns),
            f"表格中未找到“{label}”一行，相应单元格留空",
            actual=label,
        )

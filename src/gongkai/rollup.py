"""The roll-up (汇总) of many units' annual reports, as a supervising office makes it.

条例 §3 and §47 give the 政府信息公开工作主管部门 of each county and above the duty to supervise the
work of its area; in practice its 政务公开办 collects every subordinate unit's 政府信息公开工作年度报告
(条例 §49–§50), checks them, sums them and chases the units that are late, missing or wrong.  This
module is that work on documents alone (no platform): reports are grouped by agency and year, each
is checked with the rules of :mod:`gongkai.rules` (with the same body's report of the year before,
so X1/X2 run across years), its §49 status is decided by :mod:`gongkai.rules.deadline`, and the
cells of each year are summed **without ever turning a blank into 0**: every total says how many
of the year's units reported a number for it.  Findings across units are added: copied narratives
between units, narratives and figures repeated from the year before, duplicate reports of one
body, and an area report that does not equal the sum of the units it claims to cover.

The platform's oversight pages and ``gongkai rollup`` both call :func:`rollup`.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any, Literal, Protocol

from gongkai import law
from gongkai.report import Finding, Number, Report, Severity
from gongkai.rules import Options, check
from gongkai.rules.deadline import infer_level, publication_deadline
from gongkai.rules.engine import RULES, AgencyLevel, all_rules

Status = Literal["on_time", "late", "unknown"]
STATUS_NAMES: dict[Status, str] = {"on_time": "按期", "late": "逾期", "unknown": "公布日期不详"}

# Cross-year and cross-unit thresholds: a narrative counts as copied when at least this share of
# its sentences (by characters, after normalising) is found in the other report, and the shared
# text is long enough not to be a coincidence of two short standard sentences.
COPY_SHARE = 0.8
COPY_MIN_CHARS = 120
# Figures repeated from last year: at least this many cells non-zero in both years, and this
# share of them equal (carry-over and documents in force are different cells or excluded).
REPEAT_MIN_CELLS = 8
REPEAT_SHARE = 0.9
REPEAT_EXCLUDED = re.compile(r"\.(in_force|total_published|prev_year_items)$|历年累计")


@dataclass(frozen=True)
class RollupRule:
    """A check that needs more than one report; ids are as stable as those of gongkai.rules."""

    id: str
    severity: Severity
    title: str
    basis: str


ROLLUP_RULES: dict[str, RollupRule] = {
    r.id: r
    for r in (
        RollupRule(
            "rollup.duplicate",
            "warning",
            "同一单位同一年度只应有一份年度报告",
            f"{law.citation(law.ART_49, law.ART_50)}（每年一份年度报告）",
        ),
        RollupRule(
            "rollup.area_vs_units",
            "warning",
            "声明涵盖下级单位的区域报告，其数字应等于各单位之和",
            f"{law.ART_49_2.short()}；汇总口径",
        ),
        RollupRule(
            "rollup.text_copied",
            "warning",
            "年度报告的文字不应照抄其他单位的报告",
            f"{law.ART_50.short()}；国办公开办函〔2021〕30号（如实报告）",
        ),
        RollupRule(
            "rollup.text_repeated",
            "warning",
            "年度报告的文字不应照搬本单位上一年度报告",
            f"{law.ART_50.short()}；国办公开办函〔2021〕30号（如实报告）",
        ),
        RollupRule(
            "rollup.numbers_repeated",
            "warning",
            "年度报告的统计数字不应与上一年度完全相同",
            f"{law.ART_50.short()}；国办公开办函〔2021〕30号（如实报告）",
        ),
    )
}


def rollup_finding(
    rule_id: str,
    cells: Iterable[str],
    message: str,
    *,
    expected: Any = None,
    actual: Any = None,
) -> Finding:
    r = ROLLUP_RULES[rule_id]
    return Finding(r.id, r.severity, tuple(cells), expected, actual, message)


# The units ------------------------------------------------------------------------------------


@dataclass
class Entry:
    """One report to roll up and where it came from."""

    report: Report
    source: str | None = None  # file name, URL or "platform"
    sha256: str | None = None
    level: AgencyLevel | None = None  # None: inferred from the agency's name (rules.deadline)
    ref: Any = None  # the caller's own handle (the platform's report id)
    # The township deadline set for this unit's own area, where areas of one roll-up set
    # different ones (a province over its counties); None: the roll-up's ``options``.
    township_deadline: tuple[int, int] | None = None


@dataclass
class UnitReport:
    """A report in the roll-up: its group key, §49 status and every finding about it."""

    key: str  # the body: one agency's reports across years share it (:func:`agency_key`)
    entry: Entry
    level: AgencyLevel
    deadline: date | None
    status: Status
    findings: list[Finding] = field(default_factory=list)
    _texts: dict[bool, dict[int, int]] = field(default_factory=dict, repr=False)

    def sentences(self, *, keep_numbers: bool) -> dict[int, int]:
        """:func:`sentences` of the report, computed once (compared across units and years)."""
        if keep_numbers not in self._texts:
            self._texts[keep_numbers] = sentences(self.report, keep_numbers=keep_numbers)
        return self._texts[keep_numbers]

    @property
    def report(self) -> Report:
        return self.entry.report

    @property
    def year(self) -> int | None:
        return self.entry.report.year

    def to_json(self) -> dict[str, Any]:
        r = self.report
        return {
            "agency": r.agency or "",
            "year": r.year,
            "published_on": r.published_on.isoformat() if r.published_on else None,
            "status": self.status,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "level": self.level,
            "format": r.format,
            "source": self.entry.source,
            "sha256": self.entry.sha256,
            "errors": sum(1 for f in self.findings if f.severity == "error"),
            "warnings": sum(1 for f in self.findings if f.severity == "warning"),
        }


@dataclass
class Total:
    """One cell summed over a year's units.  ``reported`` units printed a number (0 included);
    ``blank`` printed nothing or something unreadable; ``missing`` have no such cell (another
    format).  ``sum`` is None when no unit reported a number: nothing is not zero."""

    sum: Number | None
    reported: int
    units: int
    zero: int
    blank: int
    missing: int

    @property
    def complete(self) -> bool:
        return self.reported == self.units

    def to_json(self) -> dict[str, Any]:
        return {"sum": self.sum, "reported": self.reported, "units": self.units}


@dataclass
class Rollup:
    units: list[UnitReport]
    totals: dict[int, dict[str, Total]]  # year → cell key → total

    def years(self) -> list[int]:
        return sorted(self.totals)

    def findings(self) -> Iterator[tuple[UnitReport, Finding]]:
        for unit in self.units:
            for f in unit.findings:
                yield unit, f

    def to_json(self, year: int | None = None) -> dict[str, Any]:
        """The ``gongkai rollup --json`` document: every unit, the totals of ``year`` (default:
        the latest year present) and every finding, each naming its unit."""
        chosen = year if year is not None else (max(self.totals) if self.totals else None)
        totals = self.totals.get(chosen, {}) if chosen is not None else {}
        return {
            "units": [u.to_json() for u in self.units],
            "totals": {key: t.to_json() for key, t in totals.items()},
            "findings": [
                {"agency": u.report.agency or "", "year": u.year, **f.to_json()}
                for u, f in self.findings()
            ],
        }


# Grouping -------------------------------------------------------------------------------------

# The same body titles itself "平潭综合实验区" one year and "平潭综合实验区管委会" the next.
BODY_SUFFIX = re.compile(r"(?:管委会|管理委员会|办公室|办公厅)$")


def agency_key(agency: str | None) -> str:
    """The key that groups one body's reports into a series (also used by ``gongkai audit``)."""
    name = (agency or "").strip()
    while BODY_SUFFIX.search(name):
        name = BODY_SUFFIX.sub("", name)
    return name


def status_of(report: Report, deadline: date | None) -> Status:
    if deadline is None or report.published_on is None:
        return "unknown"
    return "late" if report.published_on > deadline else "on_time"


def totals_of(reports: Sequence[Report]) -> dict[str, Total]:
    """Every cell of ``reports`` summed, blanks and absent cells counted apart."""
    count = len(reports)
    sums: dict[str, Number] = {}
    reported: dict[str, int] = {}
    zero: dict[str, int] = {}
    blank: dict[str, int] = {}
    # Plain dicts and local names: this loop runs once per cell of every report of an area.
    get_sum, get_reported, get_blank = sums.get, reported.get, blank.get
    for report in reports:
        for key, value in report.cells.items():
            if value is None:
                blank[key] = get_blank(key, 0) + 1
                continue
            sums[key] = get_sum(key, 0) + value
            reported[key] = get_reported(key, 0) + 1
            if value == 0:
                zero[key] = zero.get(key, 0) + 1
    keys = sorted(set(sums) | set(blank))
    return {
        key: Total(
            sums.get(key),
            reported.get(key, 0),
            count,
            zero.get(key, 0),
            blank.get(key, 0),
            count - reported.get(key, 0) - blank.get(key, 0),
        )
        for key in keys
    }


# Text similarity ------------------------------------------------------------------------------

SENTENCE_END = re.compile(r"[。；！？;!?\n]+")
NOISE = re.compile(r"[\s，、,：:（）()“”\"'《》【】\[\]·.．—\-－]+")
DIGITS = re.compile(r"[0-9０-９一二三四五六七八九十百千万〇零两]+")
MIN_SENTENCE = 10


def sentences(report: Report, *, keep_numbers: bool) -> dict[int, int]:
    """The narrative's sentences as hashes → length, normalised: punctuation and spaces dropped,
    the agency's own name removed (a copied report swaps the name first), and numbers too unless
    ``keep_numbers`` (a copy with new figures is still a copy; last year's text is a repeat only
    if the figures are repeated with it)."""
    names = [n for n in {report.agency or "", agency_key(report.agency)} if n]
    out: dict[int, int] = {}
    for text in report.sections.values():
        for sentence in SENTENCE_END.split(text):
            for name in names:
                sentence = sentence.replace(name, "")
            norm = NOISE.sub("", sentence)
            if not keep_numbers:
                norm = DIGITS.sub("#", norm)
            if len(norm) >= MIN_SENTENCE:
                digest = int.from_bytes(hashlib.blake2b(norm.encode(), digest_size=8).digest())
                out[digest] = len(norm)
    return out


def shared_share(a: dict[int, int], b: dict[int, int]) -> tuple[float, int]:
    """How much of ``a``'s text (by characters) is found in ``b``, and how many characters."""
    total = sum(a.values())
    if not total:
        return 0.0, 0
    shared = sum(n for h, n in a.items() if h in b)
    return shared / total, shared


def copied_between_units(units: Sequence[UnitReport]) -> None:
    """Copied narratives between different units of one year.  Sentences that most units print
    (the standard phrasing of the template) are left out first; what remains is each unit's own
    text, and a pair sharing most of it is a copy."""
    texts = [u.sentences(keep_numbers=False) for u in units]
    frequency: dict[int, int] = defaultdict(int)
    for t in texts:
        for h in t:
            frequency[h] += 1
    common = max(2, int(len(units) * 0.3))
    own = [{h: n for h, n in t.items() if frequency[h] <= common} for t in texts]
    holders: dict[int, list[int]] = defaultdict(list)
    for i, t in enumerate(own):
        for h in t:
            holders[h].append(i)
    for i, t in enumerate(own):
        candidates = {j for h in t for j in holders[h] if j != i}
        for j in sorted(candidates):
            if units[j].key == units[i].key or j < i:
                continue
            share_i, shared = shared_share(own[i], own[j])
            share_j, _ = shared_share(own[j], own[i])
            share = max(share_i, share_j)
            if share < COPY_SHARE or shared < COPY_MIN_CHARS:
                continue
            a, b = units[i], units[j]
            for this, other in ((a, b), (b, a)):
                this.findings.append(
                    rollup_finding(
                        "rollup.text_copied",
                        (),
                        f"报告文字与{other.report.agency}同年度报告的文字有 {share:.0%} 相同"
                        f"（{shared} 字，已去除单位名称、数字和多数单位共用的套话）",
                        expected=None,
                        actual={"agency": other.report.agency, "year": other.year},
                    )
                )


@cache
def compared(key: str) -> bool:
    """Whether a cell counts towards "figures repeated from last year" (not a running total)."""
    return not REPEAT_EXCLUDED.search(key)


def repeated_from_last_year(unit: UnitReport, previous: UnitReport) -> None:
    """Narrative and figures of ``unit`` repeated from its own report of the year before."""
    now = unit.sentences(keep_numbers=True)
    before = previous.sentences(keep_numbers=True)
    share, shared = shared_share(now, before)
    if share >= COPY_SHARE and shared >= COPY_MIN_CHARS:
        unit.findings.append(
            rollup_finding(
                "rollup.text_repeated",
                (),
                f"报告文字有 {share:.0%}（{shared} 字，含数字）与本单位 {previous.year} "
                "年度报告相同",
                actual={"agency": previous.report.agency, "year": previous.year},
            )
        )
    a, b = unit.report.cells, previous.report.cells
    both = [k for k, v in a.items() if v and b.get(k) and compared(k)]  # non-zero in both years
    same = [k for k in both if a[k] == b[k]]
    if len(both) >= REPEAT_MIN_CELLS and len(same) >= REPEAT_SHARE * len(both):
        unit.findings.append(
            rollup_finding(
                "rollup.numbers_repeated",
                same,
                f"{len(both)} 个两年均不为零的统计数中有 {len(same)} 个与 {previous.year} "
                "年度报告完全相同",
                expected=None,
                actual=len(same),
            )
        )


# Area report vs its units ----------------------------------------------------------------------


def area_vs_units(area: UnitReport, units: Sequence[UnitReport]) -> None:
    """An area report that says it covers ``units`` (e.g. a county's report made as the sum of
    its townships and departments) must equal their sum wherever every unit reported the cell;
    where some did not, no sum is claimed (a blank is not 0)."""
    if not units:
        return
    totals = totals_of([u.report for u in units])
    for key, value in area.report.cells.items():
        t = totals.get(key)
        if value is None or t is None or not t.complete or t.sum == value:
            continue
        area.findings.append(
            rollup_finding(
                "rollup.area_vs_units",
                (key,),
                f"{key}：区域报告为 {value}，所涵盖的 {t.units} 个单位之和为 {t.sum}",
                expected=t.sum,
                actual=value,
            )
        )


@dataclass(frozen=True)
class Gap:
    """A cell the area report prints that not every covered unit reported, so that no sum of
    theirs can be set against it (:func:`area_vs_units` compares none): the evidence says which
    units left it blank and which have no such cell in their format."""

    key: str
    area_value: Number
    total: Total
    blank: tuple[str, ...]
    absent: tuple[str, ...]


def coverage_gaps(area: UnitReport, units: Sequence[UnitReport]) -> list[Gap]:
    """The cells of ``area`` that :func:`area_vs_units` could not compare, with their evidence."""
    totals = totals_of([u.report for u in units])
    gaps = []
    for key, value in area.report.cells.items():
        t = totals.get(key)
        if value is None or t is None or t.complete:
            continue
        blank = tuple(
            u.report.agency or u.key
            for u in units
            if key in u.report.cells and u.report.cells[key] is None
        )
        absent = tuple(u.report.agency or u.key for u in units if key not in u.report.cells)
        gaps.append(Gap(key, value, t, blank, absent))
    return gaps


# The roll-up ----------------------------------------------------------------------------------


class FindingStore(Protocol):
    """Where the rules' findings of checked reports are kept between roll-ups (the platform
    keeps them in its database); keys come from :func:`check_key`."""

    def get_many(self, keys: Sequence[str]) -> dict[str, list[Finding]]: ...

    def set_many(self, found: dict[str, list[Finding]]) -> None: ...


def check_key(
    unit: UnitReport, previous: UnitReport | None, township: tuple[int, int]
) -> str | None:
    """What the rules' findings of ``unit`` depend on, as one key: the content of the report and
    of last year's (their SHA-256), the unit's level, the township deadline and the version of
    the rules (the package version and the rule ids).  None when a content hash is unknown."""
    if not unit.entry.sha256 or (previous is not None and not previous.entry.sha256):
        return None
    parts = (
        rules_version(),
        unit.entry.sha256,
        previous.entry.sha256 if previous is not None and previous.entry.sha256 else "",
        unit.level,
        f"{township[0]}-{township[1]}",
    )
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


@cache
def rules_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        package = version("gongkai")
    except PackageNotFoundError:
        package = "0"
    ids = ",".join(r.id for r in all_rules())
    return f"{package}:{hashlib.sha256(ids.encode()).hexdigest()[:16]}"


def _kept(findings: Iterable[Finding]) -> list[Finding]:
    """The document's own findings that the rules do not make again (reading, platform)."""
    all_rules()  # registers every rule, so RULES is complete
    return [f for f in findings if f.rule not in RULES and f.rule not in ROLLUP_RULES]


def _township(entry: Entry, base: Options) -> tuple[int, int]:
    return entry.township_deadline or base.township_deadline


def rollup(
    entries: Iterable[Entry],
    *,
    options: Options | None = None,
    area: str | None = None,
    covers: Callable[[UnitReport, UnitReport], bool] | None = None,
    area_years: Container[int] | None = None,
    known: FindingStore | None = None,
) -> Rollup:
    """Group, check, sum and compare.  ``options`` carries the locally set township deadline
    (``Options.township_deadline``); ``area`` names the agency whose report claims to cover the
    others of its year (``covers`` decides which, by default all), in the years ``area_years``
    (by default every year).  ``known`` keeps the rules' findings of reports already checked
    (:func:`check_key`)."""
    base = options or Options()
    units: list[UnitReport] = []
    for entry in entries:
        report = entry.report
        level = entry.level or base.agency_level or infer_level(report.agency)
        own = Options(township_deadline=_township(entry, base))
        deadline = (
            publication_deadline(report.year, level, own) if report.year is not None else None
        )
        units.append(
            UnitReport(
                agency_key(report.agency), entry, level, deadline, status_of(report, deadline)
            )
        )
    units.sort(key=lambda u: (u.year or 0, u.key, u.report.published_on or date.min))

    # One report per body and year: a later republication replaces the earlier one.
    chosen: dict[tuple[str, int | None], UnitReport] = {}
    for unit in units:
        earlier = chosen.get((unit.key, unit.year))
        if earlier is not None:
            unit.findings.append(
                rollup_finding(
                    "rollup.duplicate",
                    (),
                    f"{unit.report.agency} {unit.year} 年度有不止一份报告"
                    f"（{earlier.entry.source or '—'}、{unit.entry.source or '—'}），按后一份汇总",
                )
            )
        chosen[(unit.key, unit.year)] = unit
    kept = list(chosen.values())

    previous_of = {
        id(unit): chosen.get((unit.key, unit.year - 1)) if unit.year is not None else None
        for unit in kept
    }
    keys = {
        id(unit): check_key(unit, previous_of[id(unit)], _township(unit.entry, base))
        for unit in kept
    }
    stored = known.get_many([k for k in keys.values() if k]) if known is not None else {}
    fresh: dict[str, list[Finding]] = {}
    for unit in kept:
        previous = previous_of[id(unit)]
        key = keys[id(unit)]
        found = stored.get(key) if key else None
        if found is None:
            unit_options = Options(
                agency_level=unit.level, township_deadline=_township(unit.entry, base)
            )
            found = check(unit.report, previous.report if previous else None, unit_options)
            if key:
                fresh[key] = found
        unit.findings[:0] = [*_kept(unit.report.findings), *found]
        if previous is not None:
            repeated_from_last_year(unit, previous)
    if known is not None and fresh:
        known.set_many(fresh)

    by_year: dict[int, list[UnitReport]] = defaultdict(list)
    for unit in kept:
        if unit.year is not None:
            by_year[unit.year].append(unit)
    area_key = agency_key(area) if area else None
    totals: dict[int, dict[str, Total]] = {}
    for year, members in sorted(by_year.items()):
        copied_between_units(members)
        claims = area_years is None or year in area_years
        area_unit = next((u for u in members if claims and u.key == area_key), None)
        covered = [u for u in members if u is not area_unit]
        if area_unit is not None:
            covered = [u for u in covered if covers is None or covers(area_unit, u)]
            area_vs_units(area_unit, covered)
        totals[year] = totals_of([u.report for u in covered])
    return Rollup(kept, totals)


# Loading --------------------------------------------------------------------------------------

JSON_SUFFIXES = frozenset({".json", ".jsonl"})


def _json_entries(path: str, data: bytes) -> Iterator[Entry | str]:
    """The reports of a report-json document, or of a ``gongkai ingest`` JSON-lines file (one
    record a line); an error is yielded as its Chinese message and the rest goes on."""
    from gongkai.report import ReportError

    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        yield f"{path}：文件不是 UTF-8 编码的 JSON"
        return
    if not path.endswith(".jsonl"):
        try:
            yield Entry(Report.loads(text), path, digest)
        except ReportError as exc:
            yield f"{path}：{exc}"
        return
    import json

    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if "error" in record:
                yield f"{record.get('file', path)}：{record['error']}"
            elif "report" in record:
                yield Entry(
                    Report.from_json(record["report"]), record.get("file"), record.get("sha256")
                )
        except (ValueError, TypeError, KeyError, ReportError) as exc:
            yield f"{path} 第 {number} 行：{exc}"


def load(arguments: Sequence[str], *, progress: bool = True) -> tuple[list[Entry], list[str]]:
    """Every report named by ``arguments`` (files, directories, globs as ``gongkai ingest`` takes
    them, plus report-json documents and ingest's JSON lines): entries and error messages.

    JSON documents are loaded and validated here (the compiled schema); every other file goes
    through the ingest readers, one body's files in year order (:func:`gongkai.ingest.audit.audit`).
    """
    from tqdm import tqdm

    from gongkai.ingest.batch import EXTENSIONS, expand

    files, missing = expand(arguments, extensions=EXTENSIONS | JSON_SUFFIXES)
    errors = [record["error"] for record in missing]
    entries: list[Entry] = []
    others: list[str] = []
    # disable=None: the bar shows on a terminal only, never in a pipe or a log.
    for path in tqdm(files, desc="读取", unit="份", disable=None if progress else True):
        if not any(path.lower().endswith(s) for s in JSON_SUFFIXES):
            others.append(path)
            continue
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as exc:
            errors.append(f"{path}：无法读取（{exc.strerror}）")
            continue
        for item in _json_entries(path, data):
            if isinstance(item, str):
                errors.append(item)
            else:
                entries.append(item)
    if others:
        entries += _ingested(others, errors, progress=progress)
    return entries, errors


def _ingested(paths: list[str], errors: list[str], *, progress: bool) -> list[Entry]:
    from pathlib import Path

    from tqdm import tqdm

    from gongkai.ingest.audit import audit
    from gongkai.ingest.containers import open_bytes, read_file
    from gongkai.ingest.source import IngestError, Source

    read: list[tuple[str, str, Source]] = []
    for path in tqdm(paths, desc="解析", unit="份", disable=None if progress else True):
        try:
            data = read_file(Path(path))
            read.append((path, hashlib.sha256(data).hexdigest(), open_bytes(data, Path(path).name)))
        except IngestError as exc:
            errors.append(f"{path}：{exc}")
    audited = audit(source for _, _, source in read)
    return [
        Entry(a.report, path, digest) for (path, digest, _), a in zip(read, audited, strict=True)
    ]


# Spreadsheet ----------------------------------------------------------------------------------

UNIT_HEADER = (
    "单位",
    "年度",
    "层级",
    "格式",
    "公布日期",
    "公布期限",
    "状态",
    "错误",
    "警告",
    "来源",
)
TOTAL_HEADER = ("年度", "单元格", "合计", "填报单位数", "单位总数", "其中填0", "空白", "无此项")
FINDING_HEADER = ("单位", "年度", "规则", "级别", "单元格", "说明")


def unit_rows(result: Rollup) -> Iterator[tuple[Any, ...]]:
    for u in result.units:
        j = u.to_json()
        yield (
            j["agency"],
            u.year,
            u.level,
            u.report.format,
            j["published_on"] or "",
            j["deadline"] or "",
            STATUS_NAMES[u.status],
            j["errors"],
            j["warnings"],
            u.entry.source or "",
        )


def total_rows(result: Rollup) -> Iterator[tuple[Any, ...]]:
    for year, totals in sorted(result.totals.items()):
        for key, t in totals.items():
            yield (year, key, t.sum, t.reported, t.units, t.zero, t.blank, t.missing)


def finding_rows(result: Rollup) -> Iterator[tuple[Any, ...]]:
    for u, f in result.findings():
        yield (u.report.agency or "", u.year, f.rule, f.severity, " ".join(f.cells), f.message)


def to_xlsx(result: Rollup) -> bytes:
    """The roll-up as a workbook: 单位, 汇总 (every year), 发现."""
    from gongkai.render.xlsx import table_workbook

    return table_workbook(
        [
            ("单位", UNIT_HEADER, unit_rows(result)),
            ("汇总", TOTAL_HEADER, total_rows(result)),
            ("发现", FINDING_HEADER, finding_rows(result)),
        ]
    )

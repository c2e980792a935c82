"""Renderers of an annual report to its official printed layout, and the ``gongkai render`` command.

条例 §50 fixes what a 政府信息公开工作年度报告 contains and lets the national OGI office publish a
unified format (now 国办公开办函〔2021〕30号; before it 〔2019〕60号 and the 统计表 of 国办发〔2014〕32号).
Every renderer prints the same document, described once here:

- the title "<机关><年度>年政府信息公开工作年度报告";
- the sections of the format in order ("一、总体情况" …), each with its narrative and its tables;
- the signature (机关) and the date of publication, when known;
- attachments after the signature: the cn2014 统计表 (attached to the text report under 32号) and,
  for ``local`` reports, their own figures as a two-column table 指标 | 数值.

The grid of each table (its merged cells) comes from :mod:`gongkai.render.layout`; how a figure is
printed is :func:`cell_text`.  The target renderers (``html``, ``pdf``, ``docx``, ``xlsx``,
``csv``) live in the sibling modules and are imported only when used (Typst, python-docx and
openpyxl take a while to load).
"""

from __future__ import annotations

import argparse
import importlib
import math
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from gongkai import formats
from gongkai.formats import LOCAL_PREFIX, Format
from gongkai.render.layout import Grid, GridCell, layout
from gongkai.report import Number, Report, ReportError

# The printed document ---------------------------------------------------------------------------

TITLE_SUFFIX = "政府信息公开工作年度报告"
EMPTY_SECTION = "（无）"
ANNEX = "附件"
LOCAL_GROUP = "local"
LOCAL_CAPTION = "政府信息公开统计表"
LOCAL_HEAD = ("指标", "数值")
EXTRA_PREFIX = "extra."  # rows a local cn2014 table added (report-json.md), printed after the last

# Relative column widths are "characters per line": a label may wrap over the rows it spans.
LABEL_MIN_WIDTH = 4  # a short label, or a long one over several rows
FIGURE_WIDTH = 6  # a count of six digits in the small type of the wide tables
LABEL_MAX_WIDTH = 16  # longer labels wrap


# A text cell that a spreadsheet would run as a formula (CWE-1236, OWASP "CSV injection") starts
# with one of these; it is written with a leading "'" so that it stays text.  A plain signed
# figure ("+1036", "-18", "-3.5%") is data, not a formula, and is kept as printed.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SIGNED_FIGURE = re.compile(r"[+-][0-9][0-9,]*(?:\.[0-9]+)?%?")


def formula_safe(text: str) -> str:
    """``text`` as a spreadsheet cell that cannot run as a formula: the one neutralisation used
    by every CSV and XLSX the project writes (the report renderers, the platform's exports)."""
    if text.startswith(FORMULA_START) and not _SIGNED_FIGURE.fullmatch(text):
        return "'" + text
    return text


def spreadsheet_cell(value: Any) -> Any:
    """A value as a spreadsheet cell: text through :func:`formula_safe`, anything else as it is."""
    return formula_safe(value) if isinstance(value, str) else value


def number_text(value: Number) -> str:
    """How a figure is printed: integers as digits, decimals without trailing zeros (96171.6)."""
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return str(value)
    if value == 0:
        return "0"
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def cell_text(report: Report, key: str) -> str:
    """The printed text of a cell: its figure, else what was printed instead (``raw``), else blank."""
    value = report.cells.get(key)
    if value is None:
        return report.raw.get(key, "")
    return number_text(value)


def date_text(report: Report) -> str | None:
    """The publication date as 公文 print it (GB/T 9704: Arabic numerals, 2024年1月20日)."""
    day = report.published_on
    return f"{day.year}年{day.month}月{day.day}日" if day else None


def title_text(report: Report) -> str:
    year = f"{report.year}年" if report.year is not None else ""
    return f"{report.agency or ''}{year}{TITLE_SUFFIX}"


def _scope(cell: GridCell, data_rows: frozenset[int]) -> str | None:
    """The HTML ``scope`` of a header cell: it labels the rows it sits in if they hold data."""
    if not cell.header:
        return None
    if any(r in data_rows for r in range(cell.row, cell.row + cell.rowspan)):
        return "rowgroup" if cell.rowspan > 1 else "row"
    return "colgroup" if cell.colspan > 1 else "col"


def _widths(grid: Grid) -> tuple[int, ...]:
    need = [LABEL_MIN_WIDTH] * grid.n_cols
    for cell in grid.cells:
        if not cell.header:
            for col in range(cell.col, cell.col + cell.colspan):
                need[col] = max(need[col], FIGURE_WIDTH)
        elif cell.colspan == 1 and cell.text:
            per_line = math.ceil(len(cell.text) / cell.rowspan)
            need[cell.col] = max(need[cell.col], min(LABEL_MAX_WIDTH, per_line))
    return tuple(need)


@dataclass(frozen=True)
class PrintedCell:
    """A grid cell as printed: header or data, its HTML scope, and whether it is a figure."""

    cell: GridCell
    scope: str | None
    left: bool = False  # a row label in a wide column reads from the left; the rest is centred

    @property
    def is_data(self) -> bool:
        return not self.cell.header


@dataclass(frozen=True, eq=False)  # identity: renderers cache per-table work on it
class PrintedTable:
    """One printed table: its grid, rows of cells in reading order, and column widths.

    ``header_rows`` counts the leading rows that hold no figure and that no cell crosses; they
    repeat at the top of each page.  A table whose header rows recur further down (the captioned
    blocks of 表二) has none.
    """

    group: str
    caption: str
    grid: Grid
    rows: tuple[tuple[PrintedCell, ...], ...]
    header_rows: int
    widths: tuple[int, ...]

    @property
    def wide(self) -> bool:
        """Seven columns and more print in a smaller type so that the table fits an A4 page."""
        return self.grid.n_cols >= 7


def printed_table(grid: Grid) -> PrintedTable:
    data_rows = frozenset(c.row for c in grid.cells if not c.header)
    widths = _widths(grid)
    by_row: list[list[PrintedCell]] = [[] for _ in range(grid.n_rows)]
    for cell in sorted(grid.cells, key=lambda c: (c.row, c.col)):
        scope = _scope(cell, data_rows)
        wide = sum(widths[cell.col : cell.col + cell.colspan]) > LABEL_MIN_WIDTH
        by_row[cell.row].append(PrintedCell(cell, scope, left=scope == "row" and wide))
    head = min(data_rows, default=0)
    recurring = any(r not in data_rows for r in range(head, grid.n_rows))
    crossing = any(c.row < head < c.row + c.rowspan for c in grid.cells)
    return PrintedTable(
        group=grid.group,
        caption=grid.title,
        grid=grid,
        rows=tuple(tuple(row) for row in by_row),
        header_rows=0 if recurring or crossing else head,
        widths=widths,
    )


@cache
def format_table(fmt_name: str, group: str) -> PrintedTable:
    return printed_table(layout(formats.get(fmt_name), group))


def local_keys(report: Report) -> list[str]:
    return [key for key in report.cells if key.startswith(LOCAL_PREFIX)]


def extra_keys(report: Report) -> list[str]:
    return [key for key in report.cells if key.startswith(EXTRA_PREFIX)]


def with_extra_rows(grid: Grid, keys: list[str]) -> Grid:
    """``grid`` with a row per ``extra.<label>`` cell after its last row: the label across the
    label columns, the figure in the last column (no unit is known for a local row)."""
    cells = list(grid.cells)
    for row, key in enumerate(keys, start=grid.n_rows):
        cells.append(GridCell(row, 0, 1, grid.n_cols - 1, key.removeprefix(EXTRA_PREFIX)))
        cells.append(GridCell(row, grid.n_cols - 1, 1, 1, "", key, header=False))
    return Grid(grid.group, grid.title, grid.n_rows + len(keys), grid.n_cols, tuple(cells))


def local_grid(keys: list[str]) -> Grid:
    """The two-column table 指标 | 数值 of a ``local`` report (no national layout before 2014)."""
    cells = [GridCell(0, col, 1, 1, text) for col, text in enumerate(LOCAL_HEAD)]
    for i, key in enumerate(keys, start=1):
        cells.append(GridCell(i, 0, 1, 1, key.removeprefix(LOCAL_PREFIX)))
        cells.append(GridCell(i, 1, 1, 1, "", key, header=False))
    return Grid(LOCAL_GROUP, LOCAL_CAPTION, len(keys) + 1, 2, tuple(cells))


def printed_groups(fmt: Format) -> tuple[str, ...]:
    """The national tables of ``fmt`` in printed order (section tables, then attachments)."""
    # A format attaches all its tables or none, so section order is printed order either way.
    return tuple(group for section in fmt.sections for group in section.tables)


@dataclass(frozen=True)
class PrintedSection:
    heading: str  # 一、总体情况
    paragraphs: tuple[str, ...]
    tables: tuple[PrintedTable, ...]

    def shows_caption(self, table: PrintedTable) -> bool:
        """Whether the table's caption is printed: not when it repeats the section heading."""
        return not self.heading.endswith(table.caption)


@dataclass(frozen=True)
class Document:
    """What every renderer prints for one report, in order."""

    report: Report
    title: str
    sections: tuple[PrintedSection, ...]
    attachments: tuple[PrintedTable, ...]
    signature: str | None
    date: str | None

    @property
    def tables(self) -> tuple[PrintedTable, ...]:
        """Every printed table in printed order (readers match them to the format's groups)."""
        return (*(t for s in self.sections for t in s.tables), *self.attachments)

    @property
    def annex_note(self) -> str | None:
        """The 附件说明 printed before the signature ("附件：政府信息公开情况统计表")."""
        if not self.attachments:
            return None
        captions = [t.caption for t in self.attachments]
        if len(captions) == 1:
            return f"{ANNEX}：{captions[0]}"
        return f"{ANNEX}：" + "\n".join(f"{i}.{c}" for i, c in enumerate(captions, 1))

    def text(self, cell: GridCell) -> str:
        """A grid cell's printed text: its label, or its figure for a data cell."""
        return cell_text(self.report, cell.key) if cell.key is not None else cell.text


def paragraphs(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def document(report: Report) -> Document:
    """The printed document of ``report`` in its format's layout."""
    fmt = report.definition
    attached = fmt.tables_attached
    sections = []
    for section in fmt.sections:
        tables = () if attached else tuple(format_table(fmt.name, g) for g in section.tables)
        text = paragraphs(report.sections.get(section.key, ""))
        sections.append(
            PrintedSection(
                heading=f"{section.number}、{section.title.text}",
                paragraphs=text or (() if tables else (EMPTY_SECTION,)),
                tables=tables,
            )
        )
    extras, local = extra_keys(report), local_keys(report)
    if attached:
        attachments = tuple(format_table(fmt.name, g) for g in printed_groups(fmt))
        if extras:
            *national, last = attachments
            attachments = (
                *national,
                printed_table(with_extra_rows(layout(fmt, last.group), extras)),
            )
    elif not fmt.tables and local:
        attachments = (printed_table(local_grid(local)),)
    else:
        attachments = ()
    return Document(
        report=report,
        title=title_text(report),
        sections=tuple(sections),
        attachments=attachments,
        signature=report.agency,
        date=date_text(report),
    )


def cell_labels(report: Report) -> list[tuple[str, tuple[str, ...]]]:
    """Every cell of the report in printed order with its printed label path.

    The format's cells first (:attr:`Cell.label_path`), then the cells a format has no row for:
    ``local.<path>`` of pre-2014 reports and ``extra.<label>`` rows added to a cn2014 统计表.
    """
    fmt = report.definition
    out = [(key, cell.label_path) for key, cell in fmt.cells.items()]
    for key in report.cells:
        if key in fmt.cells:
            continue
        if key.startswith(LOCAL_PREFIX):
            out.append((key, (LOCAL_CAPTION, *key.removeprefix(LOCAL_PREFIX).split("/"))))
        else:
            title = fmt.tables[0].title if fmt.tables else LOCAL_CAPTION
            out.append((key, (title, key.removeprefix(EXTRA_PREFIX))))
    return out


# Targets ----------------------------------------------------------------------------------------

Renderer = Callable[[Report], bytes]


def _lazy(module: str, function: str) -> Renderer:
    def run(report: Report) -> bytes:
        renderer: Renderer = getattr(importlib.import_module(f"gongkai.render.{module}"), function)
        return renderer(report)

    run.__name__ = function
    return run


def _json(report: Report) -> bytes:
    return report.dumps().encode("utf-8")


RENDERERS: dict[str, Renderer] = {
    "html": _lazy("html", "render_html_bytes"),
    "pdf": _lazy("pdf", "render_pdf"),
    "docx": _lazy("docx", "render_docx"),
    "xlsx": _lazy("xlsx", "render_xlsx"),
    "csv": _lazy("csv", "render_csv"),
    "json": _json,
}
TARGETS = tuple(RENDERERS)
TEXT_TARGETS = frozenset({"html", "csv", "json"})


class UnknownTarget(ValueError):
    def __init__(self, target: str) -> None:
        super().__init__(target)
        self.target = target

    def __str__(self) -> str:
        return f"不支持的输出格式：{self.target}（可用：{'、'.join(TARGETS)}）"


def render(report: Report, to: str) -> bytes:
    """``report`` printed as ``to`` (one of :data:`TARGETS`)."""
    try:
        renderer = RENDERERS[to]
    except KeyError:
        raise UnknownTarget(to) from None
    return renderer(report)


# Command line -----------------------------------------------------------------------------------


def add_render_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``gongkai render REPORT.json --to docx -o OUT``."""
    parser = subparsers.add_parser(
        "render",
        help="把年报 JSON 输出为正式版式（HTML、PDF、Word、Excel、CSV、JSON）",
        description="按年报格式（国办公开办函〔2021〕30号等）的正式版式输出年度报告。",
    )
    parser.add_argument("report", metavar="年报.json", help="年报 JSON 文件（“-”表示标准输入）")
    parser.add_argument(
        "--to",
        metavar="格式",
        help=f"输出格式：{'、'.join(TARGETS)}（缺省时按 -o 的扩展名判断）",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="输出文件",
        help="输出文件（“-”表示标准输出；HTML、CSV、JSON 缺省输出到标准输出，"
        "PDF、DOCX、XLSX 缺省写到与输入同名、换扩展名的文件）",
    )
    parser.set_defaults(func=render_command)


def _target(args: argparse.Namespace) -> str:
    to: str | None = args.to
    if to is None and args.output not in (None, "-"):
        to = Path(args.output).suffix.lstrip(".").lower() or None
    if to is None:
        raise UnknownTarget("（未指定）")
    if to not in RENDERERS:
        raise UnknownTarget(to)
    return to


def _output(args: argparse.Namespace, to: str) -> str | None:
    """Where to write: a path, or None for standard output."""
    output: str | None = args.output
    if output is None and to not in TEXT_TARGETS:
        if args.report == "-":
            raise ReportError(f"从标准输入读取时，输出 {to} 须用 -o 指定文件")
        return str(Path(args.report).with_suffix(f".{to}"))
    return None if output in (None, "-") else output


def _load(path: str) -> Report:
    if path == "-":
        return Report.loads(sys.stdin.read())
    try:
        return Report.load(Path(path))
    except OSError as exc:  # a directory, no permission (a missing file is a ReportError)
        raise ReportError(f"无法读取文件：{path}（{exc.strerror}）") from None


def render_command(args: argparse.Namespace) -> int:
    """Run ``gongkai render``; errors go to stderr in Chinese and exit with status 2."""
    try:
        to = _target(args)
        output = _output(args, to)
        data = render(_load(args.report), to)
    except (ReportError, UnknownTarget) as exc:
        print(f"gongkai render：{exc}", file=sys.stderr)
        return 2
    try:
        if output is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            Path(output).write_bytes(data)
    except OSError as exc:
        print(
            f"gongkai render：无法写出文件：{output or '标准输出'}（{exc.strerror}）",
            file=sys.stderr,
        )
        return 2
    return 0


__all__ = [
    "RENDERERS",
    "TARGETS",
    "Document",
    "PrintedTable",
    "UnknownTarget",
    "add_render_parser",
    "cell_labels",
    "cell_text",
    "document",
    "number_text",
    "printed_groups",
    "render",
    "render_command",
]

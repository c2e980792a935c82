"""PDF files as a :class:`~gongkai.ingest.source.Source` (ingest, stage one).

Most 政府信息公开工作年度报告 (条例 §50) are also published as PDF, printed from the official
template of 国办公开办函〔2021〕30号 or its predecessors.  Everything is read through pypdfium2
(pdfium, in C): the text layer, one :class:`~gongkai.ingest.source.Line` per printed line
numbered within its page, with each character's position; and the ruling lines drawn as vector
paths, on which pdfplumber's ruled-table finder (its "lines" strategy) places the tables.  (Asking
pdfplumber itself to read the page costs a pdfminer reparse, ten times slower.)  Merged cells
are expanded, and each cell's :class:`~gongkai.ingest.source.Printed` carries the page and the
number of the first text line printed inside it, so a figure can be traced to the page.

Page furniture is dropped, and the remaining lines are numbered 1… per page: a page number
alone on the top-most or bottom-most line of a page ("- 1 -", "第 1 页 共 6 页", "1/6"), and a
running header or footer, the same top-most or bottom-most line (its page number aside) on at
least three pages and half of them.  A ruled table that runs on from the bottom of one page to
the top of the next with the same number of columns is joined into one table (rows keep their
own page; a merged label cut by the page break stays two cells, "（四）无" and "法提供") and the
join is reported as ``ingest.table_continued`` (info).

A page without a text layer (a scan, 图片版) is read by Tesseract OCR when the ``tesseract``
binary with its ``chi_sim`` data is installed (Debian packages tesseract-ocr and
tesseract-ocr-chi-sim), with a warning ``ingest.ocr_used``; without it the source carries the
finding ``ingest.ocr_needed``.  An encrypted or corrupt PDF raises
:class:`~gongkai.ingest.source.IngestError`.
"""

from __future__ import annotations

import ctypes
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.table import (
    Table,
    TableSettings,
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)
from pdfplumber.utils.geometry import filter_edges

from gongkai.ingest.grid import Span, cell_text, printed_table
from gongkai.ingest.source import IngestError, Line, Printed, Source, SourceTable
from gongkai.report import Finding

MAX_PAGES = 2000
TABLE_SETTINGS = TableSettings.resolve(None)  # pdfplumber's defaults for ruled tables
Edge = dict[str, Any]
OCR_DPI = 300
OCR_TIMEOUT = 120  # seconds per page
EPS = 1.0  # points: cell edges closer than this are the same edge
MAX_EDGES = 5000  # a printed table has a few hundred; crossing them all is quadratic

_PAGE_NUMBER = re.compile(
    r"[-—–－\s]*\d{1,4}[-—–－\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?",
    re.I,
)


@dataclass
class TextLine:
    """A line of a page's text layer and its characters' centres (origin top left)."""

    text: str
    chars: list[tuple[float, float, str]] = field(default_factory=list)
    top: float = float("inf")
    bottom: float = float("-inf")
    number: int = 0  # after the page furniture is dropped; 0 while (or if) dropped


@dataclass
class Page:
    number: int
    lines: list[TextLine]
    edges: list[Edge] = field(default_factory=list)
    tables: list[tuple[float, float, SourceTable]] = field(default_factory=list)  # top, bottom

    @property
    def kept(self) -> list[TextLine]:
        return [line for line in self.lines if line.number]


def open_document(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in (
            pdfium_c.FPDF_ERR_PASSWORD,
            pdfium_c.FPDF_ERR_SECURITY,
        ):
            raise IngestError("PDF 文件已加密，需要密码才能打开，请提供未加密的文件") from None
        raise IngestError("PDF 文件已损坏，无法打开") from None


def text_lines(page: Any, height: float) -> list[TextLine]:
    """The page's text layer, one :class:`TextLine` per line, with character positions."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        positioned = len(text) == textpage.count_chars()  # else: a non-BMP character shifts indices
        lines = [TextLine("")]
        for i, ch in enumerate(text):
            if ch == "\n":
                lines.append(TextLine(""))
                continue
            if ch == "\r":
                continue
            line = lines[-1]
            line.text += ch
            if positioned:
                left, bottom, right, top = textpage.get_charbox(i)
                if right <= left and ch.isspace():
                    continue  # a space pdfium inserted between words has no box
                line.chars.append(((left + right) / 2, height - (bottom + top) / 2, ch))
                line.top = min(line.top, height - top)
                line.bottom = max(line.bottom, height - bottom)
    finally:
        textpage.close()
    for line in lines:
        line.text = line.text.strip()
    return [line for line in lines if line.text]


Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MAX_FORM_DEPTH = 4


def then(inner: Matrix, outer: Matrix) -> Matrix:
    """The transform applying ``inner`` and then ``outer`` (PDF matrices [a b c d e f])."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def object_matrix(raw: Any) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(raw, m):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def path_objects(page: Any) -> Iterator[tuple[Any, Matrix]]:
    """Every path object of the page, with its transform to page space (forms included)."""
    stack: list[tuple[Any, Matrix, int]] = [(None, IDENTITY, 0)]
    while stack:
        form, matrix, depth = stack.pop()
        if form is None:
            count, get = (
                pdfium_c.FPDFPage_CountObjects(page.raw),
                partial(pdfium_c.FPDFPage_GetObject, page.raw),
            )
        else:
            count, get = (
                pdfium_c.FPDFFormObj_CountObjects(form),
                partial(pdfium_c.FPDFFormObj_GetObject, form),
            )
        for i in range(max(count, 0)):
            raw = get(i)
            kind = pdfium_c.FPDFPageObj_GetType(raw)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                yield raw, then(object_matrix(raw), matrix)
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
                stack.append((raw, then(object_matrix(raw), matrix), depth + 1))


def ruling_edges(page: Any, height: float) -> list[Edge]:
    """The horizontal and vertical strokes and rectangle sides drawn on the page.

    They are pdfplumber's edges (its ``page.edges``), read from pdfium's path objects instead
    of pdfminer's slow reparse of the page.
    """
    edges: list[Edge] = []
    x, y = ctypes.c_float(), ctypes.c_float()

    def add(p: tuple[float, float], q: tuple[float, float]) -> None:
        (x0, y0), (x1, y1) = sorted((p, q))
        top, bottom = sorted((height - y0, height - y1))
        if abs(y1 - y0) <= EPS and x1 - x0 > EPS:
            edges.append(edge(x0, x1, top, top, "h"))
        elif abs(x1 - x0) <= EPS and bottom - top > EPS:
            edges.append(edge(x0, x0, top, bottom, "v"))

    for raw, (a, b, c, d, e, f) in path_objects(page):
        start = previous = None
        for i in range(pdfium_c.FPDFPath_CountSegments(raw)):
            segment = pdfium_c.FPDFPath_GetPathSegment(raw, i)
            if not pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
                continue
            point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
                start = point
            elif kind == pdfium_c.FPDF_SEGMENT_LINETO and previous is not None:
                add(previous, point)
            if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
                add(point, start)
            previous = point
    return edges


def edge(x0: float, x1: float, top: float, bottom: float, orientation: str) -> Edge:
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
        "object_type": "line",
    }


def ruled_tables(edges: list[Edge]) -> list[Table]:
    """pdfplumber's ruled-table finder (its ``TableFinder`` with the "lines" strategy) on ``edges``."""
    s = TABLE_SETTINGS
    merged = merge_edges(
        edges, s.snap_x_tolerance, s.snap_y_tolerance, s.join_x_tolerance, s.join_y_tolerance
    )
    kept = filter_edges(merged, min_length=s.edge_min_length)
    points = edges_to_intersections(kept, s.intersection_x_tolerance, s.intersection_y_tolerance)
    cells = intersections_to_cells(points)
    # a Table needs its page only to extract text, which is done from pdfium's characters
    return [Table(None, group) for group in cells_to_tables(cells)]  # type: ignore[arg-type]


def is_page_number(text: str) -> bool:
    return _PAGE_NUMBER.fullmatch(text) is not None


def extremes(page: Page) -> list[TextLine]:
    """The top-most and bottom-most kept lines of a page (by position, else by text order)."""
    kept = page.kept
    if len(kept) < 2:
        return kept
    if all(line.chars for line in kept):
        return [min(kept, key=lambda line: line.top), max(kept, key=lambda line: line.bottom)]
    return [kept[0], kept[-1]]


def furniture_shape(line: TextLine, page: int, pages: int) -> str:
    """A line's text with the page number (and page count) in it made anonymous."""
    numbers = {int(n) for n in re.findall(r"\d{1,4}", line.text)}
    return re.sub(r"\d{1,4}", "#", line.text) if numbers <= {page, pages} else line.text


def drop_furniture(pages: list[Page]) -> None:
    """Number the lines of each page, leaving out page numbers and running headers/footers."""
    for page in pages:
        for line in page.lines:
            line.number = 1
        for line in extremes(page):
            if is_page_number(line.text):
                line.number = 0
    shapes = [
        {id(line): furniture_shape(line, page.number, len(pages)) for line in extremes(page)}
        for page in pages
    ]
    count = Counter(shape for page in shapes for shape in set(page.values()))
    running = {shape for shape, n in count.items() if n >= 3 and 2 * n >= len(pages)}
    for page, shape in zip(pages, shapes, strict=True):
        for line in page.kept:
            if shape.get(id(line)) in running:
                line.number = 0
        for n, line in enumerate(page.kept, start=1):
            line.number = n


def inside(lines: list[TextLine], box: tuple[float, float, float, float]) -> tuple[str, int]:
    """The text printed inside ``box`` (its lines joined by newlines) and its first line's number."""
    x0, top, x1, bottom = box
    parts: list[str] = []
    first = 0
    for line in lines:
        if not line.number or line.bottom < top or line.top > bottom:
            continue
        text = "".join(ch for x, y, ch in line.chars if x0 <= x <= x1 and top <= y <= bottom)
        if text.strip():
            parts.append(text)
            first = first or line.number
    return "\n".join(parts), first


def page_tables(page: Page) -> None:
    """The ruled tables of one page, with every cell traced to the text line that prints it."""
    for table in ruled_tables(page.edges):
        rows = table.rows
        width = max((len(r.cells) for r in rows), default=0)
        if width < 2:  # a framed paragraph, not a table; its text is in the lines anyway
            continue
        tops = [r.bbox[1] for r in rows]
        # a column starts at the left edge of the cells that start in it
        lefts = [
            min((box[0] for r in rows for box in r.cells[c : c + 1] if box), default=0.0)
            for c in range(width)
        ]
        spans: list[Span[tuple[str, int]]] = []
        for r, row in enumerate(rows):
            for c, box in enumerate(row.cells):
                if box is None:
                    continue
                right, bottom = box[2], box[3]
                down = sum(1 for t in tops[r:] if t < bottom - EPS)
                across = sum(1 for x in lefts[c:] if x < right - EPS)
                spans.append(Span(r, c, max(down, 1), max(across, 1), inside(page.lines, box)))
        row_lines = [0] * len(rows)
        for s in spans:  # a row is on the first line printed in it …
            if s.value[1] and not row_lines[s.row]:
                row_lines[s.row] = s.value[1]
        for r in range(len(rows)):  # … and a blank row on the line of the row above
            row_lines[r] = row_lines[r] or (row_lines[r - 1] if r else 0) or 1
        placed = [
            s.map(Printed(cell_text(text), page.number, line or row_lines[s.row]))
            for s in spans
            for text, line in (s.value,)
        ]
        found = printed_table(placed, [(page.number, n) for n in row_lines])
        if found:
            page.tables.append((table.bbox[1], table.bbox[3], found))


def join_continued(pages: list[Page]) -> tuple[list[SourceTable], list[Finding]]:
    """The tables in order, a table cut by a page break joined with its continuation."""
    tables: list[SourceTable] = []
    findings: list[Finding] = []
    previous: tuple[Page, float] | None = None  # page and bottom of the last table kept
    for page in pages:
        for i, (top, bottom, table) in enumerate(page.tables):
            continues = (
                previous is not None
                and i == 0
                and previous[0].number == page.number - 1
                and not any(line.bottom <= top for line in page.kept)  # nothing printed above
                and not any(line.top >= previous[1] for line in previous[0].kept)  # nor below
                and len(tables[-1].rows[0]) == len(table.rows[0])
            )
            if continues:
                tables[-1].rows.extend(table.rows)
                findings.append(
                    Finding(
                        rule="ingest.table_continued",
                        severity="info",
                        cells=(),
                        expected=None,
                        actual=page.number,
                        message=f"第 {page.number - 1} 页的表格在第 {page.number} 页续排，已合并为一张表",
                    )
                )
            else:
                tables.append(table)
            previous = (page, bottom)
    return tables, findings


@cache
def tesseract() -> str | None:
    """The tesseract binary if it is installed with simplified-Chinese data."""
    binary = shutil.which("tesseract")
    if binary is None:
        return None
    try:
        langs = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.split()
    except (OSError, subprocess.TimeoutExpired):
        return None
    return binary if "chi_sim" in langs else None


def ocr_lines(page: Any, binary: str) -> list[TextLine]:
    """The lines Tesseract reads on a page image (simplified Chinese and English)."""
    bitmap = page.render(scale=OCR_DPI / 72)
    try:
        image = bitmap.to_pil()
        with tempfile.TemporaryDirectory(prefix="gongkai-ocr-") as tmp:
            path = Path(tmp, "page.png")
            image.save(path)
            try:
                result = subprocess.run(
                    [binary, str(path), "stdout", "-l", "chi_sim+eng"],
                    capture_output=True,
                    timeout=OCR_TIMEOUT,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                raise IngestError(f"OCR 识别超时（{OCR_TIMEOUT} 秒）") from None
    finally:
        bitmap.close()
    text = result.stdout.decode("utf-8", errors="replace")
    # Tesseract spaces CJK characters apart; cell_text joins them back
    return [TextLine(cell_text(t)) for t in text.splitlines() if t.strip()]


def read_pdf(data: bytes, name: str, *, ocr: bool = True) -> Source:
    document = open_document(data)
    try:
        if len(document) > MAX_PAGES:
            raise IngestError(f"PDF 页数过多（{len(document)} 页，上限 {MAX_PAGES} 页）")
        pages: list[Page] = []
        blank: list[Page] = []
        binary = tesseract() if ocr else None
        for i in range(len(document)):
            pdf_page = document[i]
            try:
                height = pdf_page.get_height()
                page = Page(i + 1, text_lines(pdf_page, height))
                if page.lines:
                    page.edges = ruling_edges(pdf_page, height)
                else:
                    blank.append(page)
                    if binary:
                        page.lines = ocr_lines(pdf_page, binary)
                pages.append(page)
            finally:
                pdf_page.close()
    except pdfium.PdfiumError as exc:
        raise IngestError(f"PDF 文件已损坏：{exc}") from None
    finally:
        document.close()
    drop_furniture(pages)
    crowded = [page.number for page in pages if len(page.edges) > MAX_EDGES]
    for page in pages:
        if page.number not in crowded:
            page_tables(page)
    tables, findings = join_continued(pages)
    findings[:0] = text_layer_findings(pages, blank, ocr=binary is not None)
    if crowded:
        findings.append(
            Finding(
                rule="ingest.tables_skipped",
                severity="warning",
                cells=(),
                expected=None,
                actual=crowded,
                message=f"第 {'、'.join(map(str, crowded))} 页绘有超过 {MAX_EDGES:,} 条线段，"
                "不像表格，未识别其中的表格",
            )
        )
    kept = [Line(t.text, p.number, t.number) for p in pages for t in p.kept]
    return Source(name=name, kind="pdf", lines=kept, tables=tables, findings=findings)


def text_layer_findings(pages: list[Page], blank: list[Page], *, ocr: bool) -> list[Finding]:
    if not blank:
        return []
    numbers = "、".join(str(p.number) for p in blank)
    where = "全部页面" if len(blank) == len(pages) else f"第 {numbers} 页"
    if ocr:
        return [
            Finding(
                rule="ingest.ocr_used",
                severity="warning",
                cells=(),
                expected=None,
                actual=[p.number for p in blank],
                message=f"{where}没有文字层（图片版），文字由 OCR 识别，可能有误，请人工核对",
            )
        ]
    return [
        Finding(
            rule="ingest.ocr_needed",
            severity="error" if len(blank) == len(pages) else "warning",
            cells=(),
            expected=None,
            actual=[p.number for p in blank],
            message=f"{where}没有文字层（图片版），无法读取文字，需要OCR",
        )
    ]

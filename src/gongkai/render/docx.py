"""The annual report as a Word document (DOCX) in 公文 layout (条例 §50; 国办公开办函〔2021〕30号).

Page and type follow GB/T 9704《党政机关公文格式》: A4, margins top 37 mm, bottom 35 mm, left 28 mm,
right 26 mm; title 方正小标宋简体 二号, headings 黑体 三号, body 仿宋_GB2312 三号 on a 28 pt line;
page numbers "— 1 —" at the foot.  Tables print the official merged cells of
:mod:`gongkai.render.layout` in the "Table Grid" style, figures centred.

Speed.  python-docx builds the package once per process: page set-up, the styles (with their
East-Asian fonts in ``w:rFonts/@w:eastAsia``, which python-docx's ``font.name`` does not set), and
the footer.  Each report then only writes ``word/document.xml``, whose tables are generated from
the grid as WordprocessingML (``w:gridSpan`` and ``w:vMerge``, exactly what ``_Cell.merge`` would
write) and appended to the prepared package.  Going through python-docx objects per report costs
about 100 ms for 表三 alone (every ``table.cell()`` and ``merge()`` walks the table with XPath);
this way a whole report takes a few milliseconds.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any
from xml.sax.saxutils import escape

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gongkai.render import ANNEX, Document, PrintedTable, document
from gongkai.render.layout import GridCell
from gongkai.report import Report

# GB/T 9704 page and type.
PAGE = (Mm(210), Mm(297))
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
TEXT_WIDTH_TWIPS = round((210 - 28 - 26) / 25.4 * 1440)
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"
TABLE_SIZE = Pt(10.5)  # 五号
WIDE_TABLE_HALF_POINTS = 18  # 小五, 9 pt: 表三 and 表四 fit the page width

DOCUMENT_PART = "word/document.xml"
ZIP_DATE = (2000, 1, 1, 0, 0, 0)  # fixed, so that the same report gives the same bytes

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Style:
    """A paragraph style of the document: its id (written in XML) and its Chinese name."""

    id: str
    name: str


TITLE = Style("GongkaiTitle", "公文标题")
HEADING = Style("GongkaiHeading1", "一级标题")
BODY = Style("GongkaiBody", "公文正文")
TABLE = Style("GongkaiTable", "表格文字")
TABLE_LABEL = Style("GongkaiTableLabel", "表格栏目")
CAPTION = Style("GongkaiCaption", "表格标题")
ANNEX_LABEL = Style("GongkaiAnnex", "附件标识")
SIGNATURE = Style("GongkaiSignature", "落款")


def text_xml(text: str) -> str:
    return escape(_INVALID_XML.sub("", text))


def set_fonts(element: Any, font: str, size: Pt | None = None) -> None:
    """Give a style's or a run's properties the Chinese ``font`` (also as ``w:eastAsia``)."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), font)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            for old in rpr.findall(qn(tag)):
                rpr.remove(old)
            half_points = OxmlElement(tag)
            half_points.set(qn("w:val"), str(round(size.pt * 2)))
            rpr.append(half_points)


def _add_style(
    doc: Any,
    style: Style,
    font: str,
    size: Pt,
    *,
    align: Any = None,
    indent: Pt | None = None,
    line: Pt | None = None,
) -> None:
    s = doc.styles.add_style(style.name, WD_STYLE_TYPE.PARAGRAPH)
    s.element.set(qn("w:styleId"), style.id)
    s.base_style = doc.styles["Normal"]
    s.quick_style = True
    set_fonts(s.element, font, size)
    fmt = s.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = indent if indent is not None else Pt(0)
    if line is not None:
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = line
    else:  # table text: single spacing with a little air
        fmt.space_before = fmt.space_after = Pt(1.5)
        fmt.line_spacing = 1.0


def _footer(doc: Any) -> None:
    """The page number "— 1 —", centred (GB/T 9704 puts it outside; centred reads well too)."""
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" —")
    for r in paragraph.runs:
        set_fonts(r._element, LATIN_FONT, Pt(14))


@dataclass(frozen=True)
class _Package:
    """The prepared package: every part but ``word/document.xml``, and that part's frame."""

    zip_bytes: bytes
    head: str  # up to and including <w:body>
    tail: str  # the section properties and the closing tags


def gongwen_document(body_size: float = 16) -> Any:
    """A new Word document on the GB/T 9704 page (A4 and its margins), its body type 仿宋 at
    ``body_size`` points (三号, 16 pt, unless a form needs smaller)."""
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE
    section.top_margin = MARGINS["top"]
    section.bottom_margin = MARGINS["bottom"]
    section.left_margin = MARGINS["left"]
    section.right_margin = MARGINS["right"]
    set_fonts(doc.styles["Normal"].element, BODY_FONT, Pt(body_size))
    return doc


@cache
def _package() -> _Package:
    doc = gongwen_document()
    doc.sections[0].footer_distance = Mm(20)
    _add_style(doc, TITLE, TITLE_FONT, Pt(22), align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(35))
    _add_style(doc, HEADING, HEADING_FONT, Pt(16), indent=Pt(32), line=Pt(28))
    _add_style(
        doc, BODY, BODY_FONT, Pt(16), align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=Pt(32), line=Pt(28)
    )
    _add_style(doc, TABLE, BODY_FONT, TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    _add_style(doc, TABLE_LABEL, BODY_FONT, TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.LEFT)
    _add_style(doc, CAPTION, TITLE_FONT, Pt(18), align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(35))
    _add_style(doc, ANNEX_LABEL, HEADING_FONT, Pt(16), line=Pt(28))
    _add_style(doc, SIGNATURE, BODY_FONT, Pt(16), align=WD_ALIGN_PARAGRAPH.RIGHT, line=Pt(28))
    doc.styles[HEADING.name].paragraph_format.keep_with_next = True
    doc.styles[CAPTION.name].paragraph_format.keep_with_next = True
    doc.styles[SIGNATURE.name].paragraph_format.right_indent = Pt(64)
    _footer(doc)
    doc.core_properties.author = "gongkai"
    doc.core_properties.last_modified_by = "gongkai"
    doc.core_properties.title = "政府信息公开工作年度报告"

    saved = io.BytesIO()
    doc.save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == DOCUMENT_PART:
                document_xml = data.decode("utf-8")
                continue
            target.writestr(_entry(info.filename), data)
    body = document_xml.index("<w:body>") + len("<w:body>")
    return _Package(out.getvalue(), document_xml[:body], document_xml[body:])


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


# Document body ----------------------------------------------------------------------------------


def paragraph_xml(style: Style, text: str = "", *, page_break: bool = False) -> str:
    brk = "<w:pageBreakBefore/>" if page_break else ""
    run = f'<w:r><w:t xml:space="preserve">{text_xml(text)}</w:t></w:r>' if text else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style.id}"/>{brk}</w:pPr>{run}</w:p>'


def _twips(table: PrintedTable) -> list[int]:
    total = sum(table.widths)
    widths = [TEXT_WIDTH_TWIPS * w // total for w in table.widths]
    widths[-1] += TEXT_WIDTH_TWIPS - sum(widths)
    return widths


# A compiled table is its XML with a hole (the GridCell) wherever a figure goes.
Compiled = tuple[str | GridCell, ...]


@lru_cache(maxsize=64)
def _compile(table: PrintedTable) -> Compiled:
    grid = table.grid
    widths = _twips(table)
    owner: dict[tuple[int, int], GridCell] = {}
    for cell in grid.cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                owner[r, c] = cell
    size = (
        f'<w:rPr><w:sz w:val="{WIDE_TABLE_HALF_POINTS}"/><w:szCs w:val="{WIDE_TABLE_HALF_POINTS}"/>'
        "</w:rPr>"
        if table.wide
        else ""
    )
    left = {(p.cell.row, p.cell.col) for row in table.rows for p in row if p.left}
    parts: list[str | GridCell] = [
        "<w:tbl><w:tblPr>"
        '<w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{TEXT_WIDTH_TWIPS}" w:type="dxa"/>'
        '<w:jc w:val="center"/>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
        "</w:tblCellMar>"
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        "</w:tblPr><w:tblGrid>",
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
    ]
    for r in range(grid.n_rows):
        header = "<w:tblHeader/>" if r < table.header_rows else ""
        parts.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>")
        c = 0
        while c < grid.n_cols:
            cell = owner[r, c]
            width = sum(widths[cell.col : cell.col + cell.colspan])
            props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
            if cell.colspan > 1:
                props += f'<w:gridSpan w:val="{cell.colspan}"/>'
            if cell.rowspan > 1:
                props += '<w:vMerge w:val="restart"/>' if cell.row == r else "<w:vMerge/>"
            props += '<w:vAlign w:val="center"/>'
            style = TABLE_LABEL if (cell.row, cell.col) in left else TABLE
            ppr = f'<w:pPr><w:pStyle w:val="{style.id}"/></w:pPr>'
            parts.append(f"<w:tc><w:tcPr>{props}</w:tcPr><w:p>{ppr}")
            if cell.row == r:
                if cell.key is not None:
                    parts.extend((f'<w:r>{size}<w:t xml:space="preserve">', cell, "</w:t></w:r>"))
                elif cell.text:
                    parts.append(
                        f'<w:r>{size}<w:t xml:space="preserve">{text_xml(cell.text)}</w:t></w:r>'
                    )
            parts.append("</w:p></w:tc>")
            c += cell.colspan
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    # Join the static runs so that filling a report only concatenates a few hundred strings.
    merged: list[str | GridCell] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return tuple(merged)


def table_xml(doc: Document, table: PrintedTable) -> str:
    out = []
    for part in _compile(table):
        out.append(part if isinstance(part, str) else text_xml(doc.text(part)))
    # An empty figure cell keeps its run (<w:t/>): harmless, and blank when read back.
    return "".join(out)


def body_xml(doc: Document) -> str:
    out = [paragraph_xml(TITLE, doc.title), paragraph_xml(TITLE)]
    for section in doc.sections:
        out.append(paragraph_xml(HEADING, section.heading))
        out.extend(paragraph_xml(BODY, text) for text in section.paragraphs)
        for table in section.tables:
            if section.shows_caption(table):
                out.append(paragraph_xml(CAPTION, table.caption))
            out.append(table_xml(doc, table))
            out.append(paragraph_xml(BODY))
    if doc.annex_note:
        out.append(paragraph_xml(BODY))
        out.extend(paragraph_xml(BODY, line) for line in doc.annex_note.splitlines())
    if doc.signature or doc.date:
        out.extend((paragraph_xml(BODY), paragraph_xml(BODY)))
        out.extend(paragraph_xml(SIGNATURE, line) for line in (doc.signature, doc.date) if line)
    for i, table in enumerate(doc.attachments, start=1):
        number = str(i) if len(doc.attachments) > 1 else ""
        out.append(paragraph_xml(ANNEX_LABEL, f"{ANNEX}{number}", page_break=True))
        out.append(paragraph_xml(CAPTION, table.caption))
        out.append(table_xml(doc, table))
    return "".join(out)


def render_docx(report: Report) -> bytes:
    """``report`` as a DOCX document."""
    package = _package()
    xml = package.head + body_xml(document(report)) + package.tail
    out = io.BytesIO(package.zip_bytes)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr(_entry(DOCUMENT_PART), xml.encode("utf-8"))
    return out.getvalue()

"""One builder for every written notice of an application (书面告知): the reply (答复书) and the
notices of ``notices`` (受理回执, 补正告知书, 延期告知书, 征求意见函, 第三方告知书, 收费通知书,
送达回证), as DOCX and PDF.

A :class:`Document` is what a notice says; :func:`lines` turns it into the one list of
(role, text) lines both formats print, so the DOCX and the PDF never say different things.  The
layout is the 公文 of GB/T 9704 on A4: title in 方正小标宋 二号, 文号 under it (发文机关代字〔年份〕
序号, §7.2.4, with the unit's 代字), the addressee, the body in 仿宋 三号 on a fixed 28 pt line, the
issuing agency and the date four characters from the right margin with the seal's place marked
over them (§7.3.5.1: 印章端正、居中下压发文机关署名和成文日期), then the 附注 with the OGI office's
contact details (§7.3.7, in parentheses, indented two characters).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gongkai_platform.accounts.models import Unit

# Where the seal goes: printed as text on the line above the issuer, so an officer stamping the
# paper copy (or a reader of the PDF) sees the place; it is no image of a seal.
SEAL_MARK = "（印章）"


@dataclass(frozen=True)
class Document:
    title: str
    number: str  # 文号; empty for a form without one (送达回证)
    addressee: str  # "张三：", empty for a form
    paragraphs: list[str]
    signature: str
    date: str
    contact: str = ""  # the 附注 line with the OGI office's contact details
    seal: bool = True
    # Lines printed flush left without a first-line indent (the fields of a form).
    fields: list[str] = field(default_factory=list)


def cn_date(day: date) -> str:
    """2025年3月3日, as a 公文 writes the date (GB/T 9704 §7.3.5: Arabic figures, no zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def document_number(unit: Unit, code: str, year: int, serial: int | str) -> str:
    """The 文号: the unit's 机关代字 (its name where none is set), the notice's own character,
    〔year〕 and the application's serial (a consultation's letters add their own count):
    甲镇政信补〔2025〕3号."""
    return f"{unit.document_code or unit.name}{code}〔{year}〕{serial}号"


def contact_line(unit: Unit) -> str:
    """The 附注 with the OGI office's contact details (条例 §4: the office that handles
    applications), what is recorded of them."""
    parts = [f"联系机构：{unit.ogi_office or unit.name}"]
    if unit.address:
        parts.append(f"地址：{unit.address}")
    if unit.phone:
        parts.append(f"联系电话：{unit.phone}")
    return "（" + "；".join(parts) + "）"


def lines(doc: Document) -> list[tuple[str, str]]:
    """The document as (role, text) lines, roles as in ``gongkai.render.pdf.ROLES``: the one
    source both :func:`to_docx` and :func:`to_pdf` print."""
    out: list[tuple[str, str]] = [("title", doc.title)]
    if doc.number:
        out.append(("center", doc.number))
    if doc.addressee:
        out.append(("plain", doc.addressee))
    out += [("body", text) for text in doc.paragraphs]
    out += [("plain", text) for text in doc.fields]
    out.append(("blank", ""))
    if doc.seal:
        out.append(("right", SEAL_MARK))
    out += [("right", doc.signature), ("right", doc.date)]
    if doc.contact:
        out += [("blank", ""), ("body", doc.contact)]
    return out


def to_docx(doc: Document) -> bytes:
    """The document as Word: A4 in the 公文 layout of GB/T 9704 (margins, 方正小标宋 title in
    二号, 仿宋 body in 三号 on a fixed 28 pt line), like the annual report's DOCX."""
    from docx import Document as Word
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    from gongkai.render.docx import BODY_FONT, MARGINS, PAGE, TITLE_FONT, set_fonts

    word = Word()
    section = word.sections[0]
    section.page_width, section.page_height = PAGE
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    set_fonts(word.styles["Normal"].element, BODY_FONT, Pt(16))

    # role → font, size (pt), line (pt), alignment, first-line indent, right indent (pt)
    styles: dict[str, tuple[str, int, int, Any, bool, int]] = {
        "title": (TITLE_FONT, 22, 35, WD_ALIGN_PARAGRAPH.CENTER, False, 0),
        "center": (BODY_FONT, 16, 28, WD_ALIGN_PARAGRAPH.CENTER, False, 0),
        "plain": (BODY_FONT, 16, 28, WD_ALIGN_PARAGRAPH.LEFT, False, 0),
        "body": (BODY_FONT, 16, 28, WD_ALIGN_PARAGRAPH.JUSTIFY, True, 0),
        "blank": (BODY_FONT, 16, 28, WD_ALIGN_PARAGRAPH.LEFT, False, 0),
        # GB/T 9704: the date ends four characters from the right margin, the issuer above it.
        "right": (BODY_FONT, 16, 28, WD_ALIGN_PARAGRAPH.RIGHT, False, 64),
    }
    for role, text in lines(doc):
        font, size, line, align, indent, right = styles[role]
        p = word.add_paragraph()
        p.alignment = align
        fmt = p.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line)
        if indent:
            fmt.first_line_indent = Pt(size * 2)
        fmt.right_indent = Pt(right)
        set_fonts(p.add_run(text)._element, font, Pt(size))
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def to_pdf(doc: Document) -> bytes:
    """The document in 公文 layout (A4, GB/T 9704 margins and type), typeset by Typst."""
    from gongkai.render.pdf import blocks_pdf

    return blocks_pdf(doc.title, lines(doc))


FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def render(doc: Document, fmt: str) -> bytes:
    """``doc`` in ``fmt`` (a key of :data:`FORMATS`)."""
    return to_docx(doc) if fmt == "docx" else to_pdf(doc)

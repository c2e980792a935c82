"""The reply letter (政府信息公开申请答复书) of a closed application, as DOCX and PDF; while the
reply awaits the OGI office head's approval, the same letter as a draft (送审稿) for review.

One text template per kind of outcome (``templates/applications/letters/<group>.txt``: 予以公开,
部分公开 §37, 不予公开 §§14–16, 无法提供 §§36, 38, 不予处理 §§35–36, 39, and the three 其他处理
rows), rendered with the application's facts into paragraphs; both formats print those same
paragraphs, so the DOCX and the PDF never say different things.  The remedy paragraph states the
applicant's rights under 条例 §51 (行政复议法: 60 days; 行政诉讼法 §46: six months).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from gongkai_platform.applications.models import Application
from gongkai_platform.applications.states import Action, State

# Which template a 表三 outcome row uses: its block, or the row itself for 其他处理.
GROUPS = {
    "granted": "granted",
    "partially_granted": "partially_granted",
    "withheld": "withheld",
    "unable": "unable",
    "not_processed": "not_processed",
    "other.overdue_correction": "overdue_correction",
    "other.overdue_fee": "overdue_fee",
    "other.other": "other",
}


@dataclass(frozen=True)
class Letter:
    title: str
    number: str
    addressee: str
    paragraphs: list[str]
    signature: str
    date: str


def has_letter(application: Application) -> bool:
    """A closed application has its letter; one awaiting approval has the draft."""
    return bool(application.outcome) or application.state == State.AWAITING_APPROVAL


def letter_for(application: Application) -> Letter:
    """The letter's text: the issued one, or the draft awaiting approval (dated on approval)."""
    draft = application.state == State.AWAITING_APPROVAL
    outcome = application.reply_outcome if draft else application.outcome
    basis = application.reply_basis if draft else application.legal_basis
    closed = application.closed_on
    if not draft and (not outcome or closed is None):
        raise ValueError("只有已办结或待审核的申请才有答复书")
    group = GROUPS.get(outcome) or GROUPS[outcome.split(".")[0]]
    # The reply's own words are the reason given when it was submitted (or withdrawn).
    drafted = application.events.filter(action__in=(Action.SUBMIT_REPLY, Action.WITHDRAW)).last()
    text = render_to_string(
        f"applications/letters/{group}.txt",
        {
            "app": application,
            "outcome": outcome,
            "basis": basis,
            "note": drafted.reason if drafted else "",
        },
    )
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    return Letter(
        title="政府信息公开申请答复书" + ("（送审稿）" if draft else ""),
        number=f"（{application.year}）第{application.serial}号",
        addressee=f"{application.applicant_name}：",
        paragraphs=paragraphs,
        signature=application.unit.name,
        date="（审核通过之日）"
        if closed is None
        else f"{closed.year}年{closed.month}月{closed.day}日",
    )


def letter_docx(letter: Letter) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from gongkai.render.docx import BODY_FONT, TITLE_FONT, set_fonts

    doc = Document()

    def paragraph(
        text: str,
        *,
        font: str = BODY_FONT,
        size: int = 16,
        align: Any = None,
        indent: bool = False,
    ) -> None:
        p = doc.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(size * 2)
        run = p.add_run(text)
        set_fonts(run._element, font, Pt(size))

    paragraph(letter.title, font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(letter.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(letter.addressee)
    for text in letter.paragraphs:
        paragraph(text, indent=True)
    paragraph(letter.signature, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(letter.date, align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def letter_pdf(letter: Letter) -> bytes:
    """The letter in 公文 layout (A4, GB/T 9704 margins and type), typeset by Typst."""
    from gongkai.render.pdf import blocks_pdf

    return blocks_pdf(
        letter.title,
        [
            ("title", letter.title),
            ("center", letter.number),
            ("plain", letter.addressee),
            *(("body", text) for text in letter.paragraphs),
            ("blank", ""),
            ("right", letter.signature),
            ("right", letter.date),
        ],
    )

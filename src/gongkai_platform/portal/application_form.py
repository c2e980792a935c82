"""The 政府信息公开申请表 a unit's 指南 offers for download (条例 §12 asks the 指南 to give the
application's form; §29 says what an application contains), for those who apply on paper, by
letter or by fax.

The form is made from the fields of the online application (``forms.ApplyForm``), so paper and
online ask for the same things in the same words: each field's label, its choices as boxes to
tick, and room to write.  A4 in both formats: DOCX (a table to fill in, in Word or by hand) and
PDF (typeset by Typst through ``gongkai.render.pdf.blocks_pdf``, the path the reply letters take).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django import forms

from gongkai import law
from gongkai_platform.accounts.models import Unit
from gongkai_platform.portal.forms import ApplyForm

TITLE = "政府信息公开申请表"
BOX = "□"
# The online form's own fields with no place on paper: the guard's time stamp, the upload (on
# paper the proof is attached) and the consent box (stated below the table instead).
OFFLINE = {
    "started": None,
    "consent": None,
    "identity_proof": "身份证明（请附身份证件或营业执照等复印件）",
}
# Fields whose answer takes several lines.
TALL = frozenset({"description"})


@dataclass(frozen=True)
class FormRow:
    label: str
    choices: tuple[str, ...] = ()
    tall: bool = False

    @property
    def answer(self) -> str:
        """What the paper shows to fill in: the choices as boxes, else nothing (a blank)."""
        return "　".join(f"{BOX}{choice}" for choice in self.choices)


def rows() -> list[FormRow]:
    """The application's fields in the online form's order, as rows of the paper form."""
    out = []
    for name, field in ApplyForm.base_fields.items():
        if name in OFFLINE:
            if OFFLINE[name] is not None:
                out.append(FormRow(str(OFFLINE[name])))
            continue
        choices: tuple[str, ...] = ()
        if isinstance(field, forms.ChoiceField):
            choices = tuple(str(label) for value, label in list(field.choices) if value)  # type: ignore[arg-type]
        out.append(FormRow(str(field.label), choices, name in TALL))
    return out


def notes() -> list[str]:
    """What the applicant is told under the form; the articles from ``gongkai.law``."""
    return [
        f"申请应当包括申请人的姓名或者名称、身份证明、联系方式，所需政府信息的名称、文号或者便于"
        f"查询的其他特征性描述，以及获取信息的方式、途径（{law.ART_29.short()}）。",
        f"收到申请之日按提交方式确定（{law.ART_31.short()}）；本机关自收到申请之日起"
        f"{law.REPLY.text}内答复（{law.REPLY.article.short()}）。",
        "本表所填个人信息仅用于办理本申请。",
    ]


SIGNATURE = ("申请人签名（盖章）：", "申请日期：　　　　年　　月　　日")
# Characters on a PDF body line (A4, GB/T 9704 margins, 三号 type): a blank fills the line.
LINE_CHARS = 27


def form_pdf(unit: Unit) -> bytes:
    """The form as an A4 PDF in 公文 type (Typst)."""
    from gongkai.render.pdf import blocks_pdf

    lines: list[tuple[str, str]] = [("title", TITLE), ("center", f"（{unit.name}）"), ("blank", "")]
    for row in rows():
        blank = "＿" * max(4, LINE_CHARS - len(row.label) - 1)
        lines.append(("plain", f"{row.label}：{row.answer or ('' if row.tall else blank)}"))
        if row.tall:
            lines.extend(("plain", "＿" * LINE_CHARS) for _ in range(3))
    lines += [("blank", ""), *(("plain", text) for text in SIGNATURE), ("blank", "")]
    lines += [("body", note) for note in notes()]
    return blocks_pdf(TITLE, lines)


def form_docx(unit: Unit) -> bytes:
    """The form as an A4 Word document: the title, then a two-column table (item, answer) with
    boxes for the choices and room to write, the signature line and the notes."""
    from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    from gongkai.render.docx import BODY_FONT, TITLE_FONT, gongwen_document, set_fonts

    doc = gongwen_document(14)

    def paragraph(
        text: str, *, font: str = BODY_FONT, size: int = 14, center: bool = False
    ) -> None:
        p = doc.add_paragraph()
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_fonts(p.add_run(text)._element, font, Pt(size))

    paragraph(TITLE, font=TITLE_FONT, size=22, center=True)
    paragraph(f"（{unit.name}）", center=True)
    form = rows()
    table = doc.add_table(rows=len(form), cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row, cells in zip(form, table.rows, strict=True):
        # Room to write by hand: a centimetre a line, four for the description.
        cells.height, cells.height_rule = Cm(4 if row.tall else 1.1), WD_ROW_HEIGHT_RULE.AT_LEAST
        cells.cells[0].width, cells.cells[1].width = Cm(5), Cm(10.6)
        cells.cells[0].text = row.label
        cells.cells[1].text = row.answer
    paragraph("")
    for text in SIGNATURE:
        paragraph(text)
    for note in notes():
        paragraph(note, size=12)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

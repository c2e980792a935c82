"""The reply letter (政府信息公开申请答复书) of a closed application, as a :class:`Document` of the
one notice builder (``documents``: DOCX and PDF from the same lines); while the reply awaits the
OGI office head's approval, the same letter as a draft (送审稿) for review.  A §36(5) reply (not
this agency's to disclose) is issued as a 告知书 naming the responsible agency.

One text template per kind of outcome (``templates/applications/letters/<group>.txt``: 予以公开
§36(1) or §36(2), 部分公开 §37, 不予公开 §§14–16, 无法提供 §36(4), §36(5), §38, §30, 不予处理
§§35–36, 39, and the three 其他处理 rows), rendered with the application's facts into paragraphs;
both formats print those same paragraphs, so the DOCX and the PDF never say different things.
Citations and periods come from :mod:`gongkai.law`.  What a reply must say and only the handler
knows (reasons under §36(3) and §37, where to get already public information, the agency
responsible under §36(5)) comes from the reply's explanation; without it the letter shows a
marked blank, never a silent gap.

The remedy paragraph (条例 §51 says only that the remedies exist; docs/law.md §4.4): since
2024-01-01 行政复议法 §23 makes 行政复议 come first when an application is not granted, and the
agency must say so; the letter names the 复议机关 (§24, computed from the unit tree by
:func:`review_body`) and the 60-day limit (§20), then litigation within 15 days of the 复议
decision (行政诉讼法 §45).  A fully granted reply may be taken to 复议 or directly to court within
six months (行政诉讼法 §46).
"""

from __future__ import annotations

from django.template.loader import render_to_string

from gongkai import law
from gongkai_platform.accounts.models import Unit, UnitKind
from gongkai_platform.applications.documents import (
    Document,
    cn_date,
    contact_line,
    document_number,
)
from gongkai_platform.applications.models import Application
from gongkai_platform.applications.outcomes import Ground
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


# 行政复议法 §24: 县级以上地方人民政府 decide 复议 against their departments and the next lower
# government; a 省级 government also against itself.
GOVERNMENT_KINDS = (UnitKind.PROVINCE, UnitKind.CITY, UnitKind.COUNTY)
# 行政复议法 §27: vertically led agencies go to the next higher agency of their own system, which
# the unit tree does not hold.
VERTICAL_SYSTEMS = ("海关", "税务", "国家安全", "金融监督管理", "金融监管", "外汇管理")
PERIODS = {period.key: period for period in law.PERIODS}
REVIEW_BODY_BLANK = "【行政复议机关名称待填写】"
# What some replies must say and the handler writes in the reply's explanation (there are no
# fields for them yet): a letter without it shows a marked blank instead of leaving it out.
RESPONSIBLE_BLANK = "【待填写：负责公开该政府信息的机关名称、联系方式及理由】"  # §36(5)
REASONS_BLANK = "【待填写：不予公开的理由】"  # §36(3), §37
ALREADY_PUBLIC_BLANK = "【待填写：获取该政府信息的方式、途径】"  # §36(1)
# §35: the letter says when reasons were asked (the ask_reasons step records the day) and the
# handler states why the answer was not reasonable.
EXCESSIVE_BLANK = "【待填写：要求说明理由的日期，以及申请人说明的理由不合理的原因】"
BLANKS = {
    "excessive": EXCESSIVE_BLANK,
    "responsible": RESPONSIBLE_BLANK,
    "reasons": REASONS_BLANK,
    "already_public": ALREADY_PUBLIC_BLANK,
}


def review_body(unit: Unit) -> str | None:
    """The 行政复议机关 for the unit's acts under 行政复议法 §24, from the unit tree: a department's
    own government, the next higher government of a government, 乡镇 or 街道 (a 街道办事处 is the
    派出机关 of the government above it), the 省级 government itself.  ``None`` where the tree
    cannot say (no parent, a vertically led agency under §27)."""
    if unit.kind == UnitKind.PROVINCE:
        return unit.name
    if unit.kind == UnitKind.DEPARTMENT:
        if any(word in unit.name for word in VERTICAL_SYSTEMS):
            return None
        parent = unit.parent
        while parent is not None and parent.kind not in GOVERNMENT_KINDS:
            parent = parent.parent
        return parent.name if parent is not None else None
    return unit.parent.name if unit.parent is not None else None


def remedies(outcome: str, unit: Unit, act: str = "本答复") -> dict[str, str | bool]:
    """What the remedy paragraph says about ``act`` (the reply, or a decision told to a third
    party): whether 复议 comes first, the 复议机关, the periods and the articles, all from
    :mod:`gongkai.law`."""
    return {
        "act": act,
        "review_first": law.review_first(outcome),
        "review_first_basis": f"{law.REVIEW_ART_23.cite()}、{law.REVIEW_ART_23_2.part_locator}",
        "body": review_body(unit) or REVIEW_BODY_BLANK,
        "review_period": law.REVIEW_APPLICATION.text,
        "review_basis": law.REVIEW_APPLICATION.article.cite(),
        "litigation_period": law.LITIGATION.text,
        "litigation_basis": law.LITIGATION.article.cite(),
        "after_review_period": law.LITIGATION_AFTER_REVIEW.text,
        "after_review_basis": law.LITIGATION_AFTER_REVIEW.article.cite(),
    }


def already_public(basis: str) -> bool:
    """Whether a 予以公开 reply rests on §36(1) alone — already published, so it tells the
    applicant where to get it — rather than §36(2), which provides the information."""
    return law.ART_36_1.locator in basis and law.ART_36_2.part_locator not in basis


def not_responsible(basis: str) -> bool:
    """Whether an 本机关不掌握 reply (表三 无法提供·1) rests on §36(5) — not this agency's to
    disclose — rather than §36(4) — it does not exist: the two say different things."""
    return law.ART_36_5.locator in basis and law.ART_36_4.locator not in basis


def has_letter(application: Application) -> bool:
    """A closed application has its letter; one awaiting approval has the draft."""
    return bool(application.outcome) or application.state == State.AWAITING_APPROVAL


def _ended(paragraph: str) -> str:
    """A paragraph that ends in the handler's own words (a reason typed without its closing
    mark) gets its full stop; one ending in punctuation is left as it is."""
    return paragraph + "。" if paragraph[-1].isalnum() else paragraph


def letter_for(application: Application) -> Document:
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
    context = {
        "app": application,
        "outcome": outcome,
        "basis": basis,
        "note": drafted.reason if drafted else "",
        # The ground the handler chose; a reply recorded before the choice existed is read
        # from its basis as before.
        "not_responsible": application.ground == Ground.NOT_OURS
        if application.ground
        else not_responsible(basis),
        "already_public": application.ground == Ground.ALREADY_PUBLIC
        if application.ground
        else already_public(basis),
        "responsible": (
            f"{application.responsible_agency}，联系方式：{application.responsible_contact}"
            if application.responsible_agency
            else ""
        ),
        "blanks": BLANKS,
        "remedy": remedies(outcome, application.unit),
        "periods": PERIODS,
    }
    text = render_to_string(f"applications/letters/{group}.txt", context)
    paragraphs = [_ended(line.strip()) for line in text.splitlines() if line.strip()]
    # §36(5) tells the applicant whose information it is: issued as a 告知书, not an 答复书.
    kind = "告知书" if context["not_responsible"] and group == "unable" else "答复书"
    return Document(
        title=f"政府信息公开申请{kind}" + ("（送审稿）" if draft else ""),
        number=document_number(application.unit, "复", application.year, application.serial),
        addressee=f"{application.applicant_name}：",
        paragraphs=paragraphs,
        signature=application.unit.name,
        date="（审核通过之日）" if closed is None else cn_date(closed),
        contact=contact_line(application.unit),
        # GB/T 9704 §7.3.4 附件说明: the information the reply provides, by name.
        fields=[
            f"附件：{i}. {attachment.name}" if i == 1 else f"　　　{i}. {attachment.name}"
            for i, attachment in enumerate(application.attachments.all(), start=1)
        ],
    )

"""The vocabularies an application is recorded in, read from the 表三 definition of the format.

An application's applicant type is one of 表三's applicant columns and its outcome is one of 表三's
result rows (国办公开办函〔2021〕30号; docs/law.md §4.2–§4.3), so compiling the annual report is
a count, never a mapping.  The labels are the printed ones; nothing here repeats the format.
"""

from __future__ import annotations

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongkai import formats, law
from gongkai.formats.cn2021 import T3_COLUMNS

_OUTCOME_KEYS = frozenset(formats.t3_outcome_rows(formats.CN2021))
OUTCOME_ROWS = tuple(
    row for row in formats.CN2021.table("t3").data_rows() if row.key in _OUTCOME_KEYS
)
# Rows the law reaches through its own step, never by choosing them when closing: §30 and 109号.
OVERDUE_CORRECTION = "other.overdue_correction"
OVERDUE_FEE = "other.overdue_fee"
WITHDRAWN = "other.other"  # withdrawal → 其他 (common practice; docs/law.md §4.3, UNVERIFIED)


def _outcome_label(path: tuple[str, ...]) -> str:
    return " ".join(path[1:])  # drop "三、本年度办理结果"


OUTCOME_CHOICES = [
    (row.key, _outcome_label(tuple(lab.text for lab in row.path))) for row in OUTCOME_ROWS
]
CLOSING_CHOICES = [
    (key, text) for key, text in OUTCOME_CHOICES if key not in (OVERDUE_CORRECTION, OVERDUE_FEE)
]

APPLICANT_COLUMNS = tuple(column for column in T3_COLUMNS if column.key != "total")
APPLICANT_CHOICES = [
    (column.key, "·".join(lab.text for lab in column.path[1:])) for column in APPLICANT_COLUMNS
]

# The article each outcome rests on (docs/law.md §4.3), offered as the default legal basis of the
# reply; the handler may make it more precise.  无法提供·1 defaults to §36(4) (the information does
# not exist); a §36(5) reply (not this agency's to disclose) cites §36(5) instead, and its letter
# then names the responsible agency.
DEFAULT_BASIS = {
    "granted": f"{law.ART_36_1.cite()}、{law.ART_36_2.part_locator}",
    "partially_granted": law.ART_37.cite(),
    **{key: article.cite() for key, article in law.EXEMPTIONS.items()},
    "withheld.third_party_rights": f"{law.ART_15.cite()}、{law.ART_32.locator}",
    "unable.not_held": law.ART_36_4.cite(),
    "unable.needs_creation": law.ART_38.cite(),
    "unable.unclear_after_correction": law.ART_30.cite(),
    "not_processed.petition_complaint": law.ART_39_1.cite(),
    "not_processed.duplicate": law.ART_36_6.cite(),
    "not_processed.publication": law.ART_39_2.cite(),
    "not_processed.excessive": law.ART_35.cite(),
    OVERDUE_CORRECTION: law.ART_30.cite(),
    OVERDUE_FEE: law.FEE_PAYMENT.article.cite(),
}


class Ground(models.TextChoices):
    """Which reply of §36 a 表三 row that holds two of them is: the handler chooses it, the letter
    says it (docs/law.md §4.3).  予以公开 is §36(1) (already public: where to get it) or §36(2)
    (provided); 本机关不掌握 is §36(4) (does not exist) or §36(5) (another agency's to disclose,
    named with its contact)."""

    ALREADY_PUBLIC = (
        "36_1",
        format_lazy(
            _("已经主动公开，告知获取的方式和途径（{article}）"), article=law.ART_36_1.short()
        ),
    )
    PROVIDED = "36_2", format_lazy(_("予以提供（{article}）"), article=law.ART_36_2.short())
    NOT_EXIST = (
        "36_4",
        format_lazy(_("经检索没有所申请公开的信息（{article}）"), article=law.ART_36_4.short()),
    )
    NOT_OURS = (
        "36_5",
        format_lazy(_("不属于本机关负责公开（{article}）"), article=law.ART_36_5.short()),
    )


# The rows whose reply must name its §36 ground, and the grounds each allows.
GROUNDS = {
    "granted": (Ground.ALREADY_PUBLIC, Ground.PROVIDED),
    "unable.not_held": (Ground.NOT_EXIST, Ground.NOT_OURS),
}
GROUND_BASIS = {
    Ground.ALREADY_PUBLIC: law.ART_36_1.cite(),
    Ground.PROVIDED: law.ART_36_2.cite(),
    Ground.NOT_EXIST: law.ART_36_4.cite(),
    Ground.NOT_OURS: law.ART_36_5.cite(),
}
# Replies that must give their reasons (条例 §36(3): 不予公开 and why; §37: why the rest is withheld).
REASONS_REQUIRED = frozenset(
    {"partially_granted", *(key for key, _label in OUTCOME_CHOICES if key.startswith("withheld."))}
)
UNCLEAR_AFTER_CORRECTION = "unable.unclear_after_correction"  # §30: only after a 补正
EXCESSIVE = "not_processed.excessive"  # §35: only after the applicant was asked for reasons

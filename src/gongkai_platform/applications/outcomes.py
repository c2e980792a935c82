"""The vocabularies an application is recorded in, read from the 表三 definition of the format.

An application's applicant type is one of 表三's applicant columns and its outcome is one of 表三's
result rows (国办公开办函〔2021〕30号; docs/law.md §4.2–§4.3), so compiling the annual report is
a count, never a mapping.  The labels are the printed ones; nothing here repeats the format.
"""

from __future__ import annotations

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

"""The vocabularies an application is recorded in, read from the 表三 definition of the format.

An application's applicant type is one of 表三's applicant columns and its outcome is one of 表三's
result rows (国办公开办函〔2021〕30号; ogi-rules.md §4.2–§4.3), so compiling the annual report is
a count, never a mapping.  The labels are the printed ones; nothing here repeats the format.
"""

from __future__ import annotations

from gongkai import formats
from gongkai.formats.cn2021 import T3_COLUMNS

_OUTCOME_KEYS = frozenset(formats.t3_outcome_rows(formats.CN2021))
OUTCOME_ROWS = tuple(
    row for row in formats.CN2021.table("t3").data_rows() if row.key in _OUTCOME_KEYS
)
# Rows the law reaches through its own step, never by choosing them when closing: §30 and 109号.
OVERDUE_CORRECTION = "other.overdue_correction"
OVERDUE_FEE = "other.overdue_fee"
WITHDRAWN = "other.other"  # withdrawal → 其他 (common practice; ogi-rules.md §4.3, UNVERIFIED)


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

# The article each outcome rests on (ogi-rules.md §4.3), offered as the default legal basis of the
# reply; the handler may make it more precise.  No default where the source is UNVERIFIED.
ARTICLE = "《政府信息公开条例》"
DEFAULT_BASIS = {
    "granted": f"{ARTICLE}第三十六条第（一）项、第（二）项",
    "partially_granted": f"{ARTICLE}第三十七条",
    "withheld.state_secret": f"{ARTICLE}第十四条",
    "withheld.prohibited_by_law": f"{ARTICLE}第十四条",
    "withheld.security_stability": f"{ARTICLE}第十四条",
    "withheld.third_party_rights": f"{ARTICLE}第十五条、第三十二条",
    "withheld.internal_affairs": f"{ARTICLE}第十六条第一款",
    "withheld.process_info": f"{ARTICLE}第十六条第二款",
    "withheld.enforcement_file": f"{ARTICLE}第十六条第二款",
    "withheld.admin_inquiry": f"{ARTICLE}第三十六条第（七）项",
    "unable.not_held": f"{ARTICLE}第三十六条第（四）项、第（五）项",
    "unable.needs_creation": f"{ARTICLE}第三十八条",
    "unable.unclear_after_correction": f"{ARTICLE}第三十条",
    "not_processed.petition_complaint": f"{ARTICLE}第三十九条第一款",
    "not_processed.duplicate": f"{ARTICLE}第三十六条第（六）项",
    "not_processed.publication": f"{ARTICLE}第三十九条第二款",
    "not_processed.excessive": f"{ARTICLE}第三十五条",
    OVERDUE_CORRECTION: f"{ARTICLE}第三十条",
    OVERDUE_FEE: "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
}

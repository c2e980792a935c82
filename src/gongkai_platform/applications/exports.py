"""The application list as a spreadsheet (CSV or XLSX), for the user's own records.

The rows are exactly those of the list page (``selectors.application_list`` with its filters), so
an export can never show more than the page.  Identity numbers and phone numbers are masked
(``masking``; 个人信息保护法 §51): a file leaves the platform and is copied on, so it carries only
what the list shows.  Every text cell goes through ``gongkai.render.formula_safe``: a name typed
on the public portal as ``=HYPERLINK(…)`` reaches staff's spreadsheet as text, never as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date

from django.db.models import QuerySet

from gongkai.render import formula_safe
from gongkai_platform.applications.masking import mask_id, mask_phone
from gongkai_platform.applications.models import Application

HEADER = (
    "编号",
    "单位",
    "申请方式",
    "收到申请日期",
    "申请人类型",
    "申请人",
    "证件号码",
    "联系电话",
    "所需信息",
    "状态",
    "办理结果",
    "办结日期",
    "期限届满日",
    "期限类型",
    "承办人",
)
CHUNK = 2000


def rows(applications: QuerySet[Application]) -> Iterator[tuple[str | date | None, ...]]:
    for app in applications.iterator(chunk_size=CHUNK):
        yield (
            app.number,
            app.unit.name,
            app.get_channel_display(),
            app.received_on,
            app.get_applicant_type_display(),
            app.applicant_name,
            mask_id(app.id_number),
            mask_phone(app.phone) if app.phone else "",
            app.description,
            app.get_state_display(),
            app.get_outcome_display() if app.outcome else "",
            app.closed_on,
            app.due_on,
            app.get_due_kind_display() if app.due_kind else "",
            str(app.handler) if app.handler else "",
        )


def _text(value: str | date | None) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else formula_safe(value)


def to_csv(records: Iterable[tuple[str | date | None, ...]]) -> Iterator[bytes]:
    """UTF-8 with a byte-order mark, so that Excel on a Chinese Windows opens it correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(HEADER)
    for record in records:
        writer.writerow([_text(value) for value in record])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def to_xlsx(records: Iterable[tuple[str | date | None, ...]]) -> bytes:
    from gongkai.render.xlsx import table_workbook

    return table_workbook([("申请列表", HEADER, records)])

"""The text telling the applicant of a later deadline the agency set under 条例 §35 (延迟答复告知;
docs/law.md §8): the hook the written-notice documents take their paragraph from.

The paragraph says when reasons were asked, that they were found reasonable, the statutory
deadline that cannot be met, the date the agency set, and the reason recorded with the decision
(``services.application_set_later_deadline``); the citation comes from :mod:`gongkai.law`.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from gongkai import law
from gongkai_platform.applications import clock
from gongkai_platform.applications.models import Application
from gongkai_platform.applications.states import Action


def later_deadline_paragraph(application: Application) -> str:
    """The 告知 paragraph for ``application``'s §35 later deadline; ``ValueError`` without one."""
    if application.later_due_on is None or application.reasons_asked_on is None:
        raise ValueError(f"申请 {application.number} 未确定延迟答复期限")
    decision = application.events.filter(action=Action.SET_LATER_DEADLINE).order_by("id").last()
    statutory = clock.reply_deadline(application, list(application.pauses.all()))
    return render_to_string(
        "applications/letters/_later_deadline.txt",
        {
            "app": application,
            "article": law.ART_35.cite(),
            "statutory": statutory.due,
            "reason": decision.reason.strip().rstrip("。") if decision is not None else "",
        },
    ).strip()

"""The dates entered from the annual holiday notices, and the trail of their entry."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai_platform.core.audit import AuditEvent


class CalendarDay(models.Model):
    """A date set by the State Council's annual holiday notice (节假日安排), entered on the
    platform.  The days of a year entered here replace the packaged schedule of that year
    (:func:`selectors.calendar`), and every open due date is recounted."""

    day = models.DateField(_("日期"), unique=True)
    off = models.BooleanField(_("放假"), help_text=_("否则为调休上班日"))
    name = models.CharField(_("节日"), max_length=40)
    notice = models.CharField(_("通知文号"), max_length=100)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "applications_calendarday"  # created by the applications app, kept
        ordering = ("day",)
        verbose_name = _("节假日安排")


class CalendarAction(models.TextChoices):
    ENTER_YEAR = "calendar_enter_year", _("录入全年节假日安排")
    SAVE_DAY = "calendar_save_day", _("保存节假日安排日期")
    DELETE_DAY = "calendar_delete_day", _("删除节假日安排日期")


class CalendarEvent(AuditEvent):
    """One change to a year's schedule: the dates that changed, each ``[off, festival, notice]``
    before and after (``None``: not in the schedule).  One hash-chained stream per year."""

    year = models.PositiveIntegerField(_("年度"))
    action = models.CharField(_("操作"), max_length=40, choices=CalendarAction.choices)

    stream_field = "year"

    class Meta(AuditEvent.Meta):
        verbose_name = _("节假日安排记录")
        indexes = (models.Index(fields=["year", "id"], name="calendar_event_stream"),)

    def changed(self) -> list[tuple[str, str, str]]:
        """(date, before, after) of each date the action changed, as the page says them."""
        return [
            (key, _shown(self.before.get(key)), _shown(value)) for key, value in self.after.items()
        ]


def _shown(value: Any) -> str:
    if not value:
        return "—"
    off, name, notice = value
    return f"{'放假' if off else '调休上班'}（{name}，{notice}）"

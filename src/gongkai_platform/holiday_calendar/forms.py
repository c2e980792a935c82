"""The form of one date of the calendar page."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from gongkai_platform.core.forms import Form, date_field
from gongkai_platform.holiday_calendar import services


class CalendarDayForm(Form):
    day = date_field(_("日期"))
    off = forms.TypedChoiceField(
        label=_("安排"),
        choices=[("1", _("放假")), ("0", _("调休上班（周六或周日）"))],
        coerce=lambda value: value == "1",
    )
    name = forms.CharField(label=_("节日"), max_length=40)
    notice = forms.CharField(
        label=_("通知文号"), max_length=100, help_text=_("例如：国办发明电〔2025〕7号")
    )

    def perform(self, actor: User) -> object:
        return services.calendar_save_day(actor=actor, **self.cleaned_data)

"""Action forms for appeals on the case page (registered into ``applications.forms.ACTION_FORMS``
when the app is ready, so the applications app does not import this one), and the forms of the
appeals page for cases not about an application."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gongkai_platform.accounts.models import Unit
from gongkai_platform.appeals.models import Appeal, AppealKind, AppealResult
from gongkai_platform.appeals.services import appeal_decide, appeal_record, appeal_record_unit
from gongkai_platform.applications.forms import ActionForm
from gongkai_platform.applications.models import Application
from gongkai_platform.applications.states import Action
from gongkai_platform.core.forms import Form, date_field


class RecordAppealForm(ActionForm):
    kind = forms.ChoiceField(label=_("类型"), choices=AppealKind.choices)
    filed_on = date_field(_("申请复议或起诉日期"))
    body = forms.CharField(label=_("复议机关或人民法院"), max_length=200)
    case_number = forms.CharField(label=_("案号"), max_length=100, required=False)

    def perform(self, actor: User) -> Application:
        appeal_record(actor=actor, application=self.application, **self.arguments())
        return self.application


class DecideAppealForm(ActionForm):
    appeal = forms.ModelChoiceField(
        label=_("案件"), queryset=Appeal.objects.none(), empty_label=None
    )
    decided_on = date_field(_("审结日期"))
    result = forms.ChoiceField(label=_("结果"), choices=AppealResult.choices)

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, application=application, **kwargs)
        self.fields["appeal"].queryset = Appeal.objects.filter(  # type: ignore[attr-defined]
            application=application, decided_on__isnull=True
        )

    def perform(self, actor: User) -> Application:
        appeal_decide(actor=actor, **self.arguments())
        return self.application


APPEAL_FORMS: dict[Action, type[ActionForm]] = {
    Action.RECORD_APPEAL: RecordAppealForm,
    Action.DECIDE_APPEAL: DecideAppealForm,
}


class UnitAppealForm(Form):
    """条例 §51: a 复议 or 诉讼 about an act other than an application (proactive disclosure)."""

    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none(), empty_label=None)
    subject = forms.CharField(
        label=_("所涉行政行为"),
        max_length=200,
        help_text=_("如：主动公开某信息、未按规定主动公开某信息"),
    )
    kind = forms.ChoiceField(label=_("类型"), choices=AppealKind.choices)
    filed_on = date_field(_("申请复议或起诉日期"))
    body = forms.CharField(label=_("复议机关或人民法院"), max_length=200)
    case_number = forms.CharField(label=_("案号"), max_length=100, required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def perform(self, actor: User) -> Appeal:
        return appeal_record_unit(actor=actor, **self.cleaned_data)


class UnitDecideForm(Form):
    appeal = forms.ModelChoiceField(
        label=_("案件"), queryset=Appeal.objects.none(), empty_label=None
    )
    decided_on = date_field(_("审结日期"))
    result = forms.ChoiceField(label=_("结果"), choices=AppealResult.choices)

    def __init__(self, *args: Any, open_cases: QuerySet[Appeal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["appeal"].queryset = open_cases  # type: ignore[attr-defined]

    def perform(self, actor: User) -> Appeal:
        return appeal_decide(actor=actor, **self.cleaned_data)

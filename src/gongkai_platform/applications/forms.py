"""Forms of the intake page and of each action; each action form calls its one service."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongkai import law
from gongkai.fees import FeeMethod
from gongkai_platform.accounts.models import Role, Unit
from gongkai_platform.applications import corrections, notices, services
from gongkai_platform.applications.models import (
    FEE_METHOD_CHOICES,
    Application,
    Channel,
    CorrectionReply,
    DeliveryMethod,
    Opinion,
    Pause,
    PauseKind,
    RecordCorrection,
)
from gongkai_platform.applications.outcomes import APPLICANT_CHOICES, CLOSING_CHOICES, Ground
from gongkai_platform.applications.states import Action
from gongkai_platform.core.forms import Form, date_field

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class IntakeForm(Form):
    """条例 §29: who applies, with identity proof and contact; what they want; in which form."""

    unit = forms.ModelChoiceField(
        label=_("受理单位"), queryset=Unit.objects.none(), empty_label=None
    )
    channel = forms.ChoiceField(label=_("申请方式"), choices=Channel.choices)
    letter_signed = forms.BooleanField(
        label=_("信函须签收（挂号、快递）"),
        required=False,
        initial=True,
        help_text=format_lazy(
            _("平信无需签收的，请取消勾选，并填写与申请人确认的日期（{article}）"),
            article=law.ART_31_2.short(),
        ),
    )
    arrived_on = date_field(_("到达日期"))
    confirmed_on = date_field(
        _("确认日期"),
        required=False,
        help_text=format_lazy(
            _("网络、传真申请和平信：填写双方确认之日，以此为收到申请之日（{article}）"),
            article=law.ART_31.short(),
        ),
    )
    oral = forms.BooleanField(
        label=format_lazy(
            _("申请人口头提出，由工作人员代为填写（{article}）"), article=law.ART_29.short()
        ),
        required=False,
    )
    special_needs = forms.CharField(
        label=Application._meta.get_field("special_needs").verbose_name,
        help_text=Application._meta.get_field("special_needs").help_text,
        max_length=200,
        required=False,
    )
    applicant_type = forms.ChoiceField(label=_("申请人类型"), choices=APPLICANT_CHOICES)
    applicant_name = forms.CharField(label=_("申请人姓名或名称"), max_length=100)
    id_number = forms.CharField(label=_("身份证件号码或统一社会信用代码"), max_length=40)
    identity_proof = forms.FileField(label=_("身份证明（PDF、JPEG 或 PNG）"), required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=40, required=False)
    address = forms.CharField(label=_("通信地址"), max_length=200, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    description = forms.CharField(
        label=_("所需政府信息的名称、文号或者便于查询的其他特征性描述"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    form_wanted = forms.CharField(label=_("获取信息的方式和途径"), max_length=200, required=False)
    pieces = forms.IntegerField(
        label=Application._meta.get_field("pieces").verbose_name,
        help_text=Application._meta.get_field("pieces").help_text,
        min_value=1,
        max_value=1000,
        required=False,
    )
    handler = forms.ModelChoiceField(
        label=_("承办人"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["handler"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__unit__in=units, memberships__role=Role.HANDLER
        ).distinct()

    def register(self, actor: User) -> Application:
        return services.application_register(actor=actor, **self.cleaned_data)


class ActionForm(Form):
    """A form that performs one action; ``perform`` calls the service with the cleaned data."""

    version = forms.IntegerField(widget=forms.HiddenInput())
    reason = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})["version"] = application.version
        super().__init__(*args, **kwargs)
        self.application = application

    def arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["expected_version"] = data.pop("version")
        return data

    def perform(self, actor: User) -> Application:
        raise NotImplementedError


def _action_form(service: Any, **fields: forms.Field) -> type[ActionForm]:
    def perform(self: ActionForm, actor: User) -> Application:
        result: Application = service(actor=actor, application=self.application, **self.arguments())
        return result

    return type("Form", (ActionForm,), {**fields, "perform": perform})


def _consultation_form(
    service: Any, pick: Callable[[Application], QuerySet[Pause]], **fields: forms.Field
) -> type[ActionForm]:
    """An action on one of the application's consultations (several may run at once, §32,
    §34): the form lists those ``pick`` returns."""
    base = _action_form(
        service,
        consultation=forms.ModelChoiceField(
            label=_("征求意见事项"), queryset=Pause.objects.none(), empty_label=None
        ),
        **fields,
    )

    def __init__(self: ActionForm, *args: Any, application: Application, **kwargs: Any) -> None:
        base.__init__(self, *args, application=application, **kwargs)
        self.fields["consultation"].queryset = pick(application)  # type: ignore[attr-defined]

    return type("Form", (base,), {"__init__": __init__})


def _reason_required(form: type[ActionForm], label: StrOrPromise) -> type[ActionForm]:
    """``form`` whose 说明 is required (the service refuses the action without it), so labelled."""
    reason = forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 2}))
    return type("Form", (form,), {"reason": reason})


def _open_of(kind: PauseKind) -> Callable[[Application], QuerySet[Pause]]:
    return lambda app: app.pauses.filter(kind=kind, ended_on__isnull=True)


class AssignForm(ActionForm):
    handler = forms.ModelChoiceField(label=_("承办人"), queryset=User.objects.none())

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, application=application, **kwargs)
        self.fields["handler"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__unit=application.unit, memberships__role=Role.HANDLER
        )

    def perform(self, actor: User) -> Application:
        return services.application_assign(
            actor=actor, application=self.application, **self.arguments()
        )


def _optional_day(name: StrOrPromise) -> forms.DateField:
    return date_field(name, required=False, help_text=_("留空为今天"))


def _received_day() -> forms.DateField:
    return date_field(
        _("对方收到征求意见书日期"),
        required=False,
        help_text=format_lazy(
            _("{period}自对方收到之日起算（{articles}）；不详的留空，自发出日期起算"),
            period=law.THIRD_PARTY.text,
            articles=law.citation(law.ART_32, law.ART_34),
        ),
    )


class ExtendForm(ActionForm):
    """§33 para. 2: the head approves an extension, the handler's request (if any) filled in."""

    days = forms.IntegerField(label=_("延长工作日数（不超过20）"), min_value=1, max_value=20)
    on = _optional_day(_("批准日期"))

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})["days"] = application.extension_requested_days
        super().__init__(*args, application=application, **kwargs)

    def perform(self, actor: User) -> Application:
        return services.application_extend(
            actor=actor, application=self.application, **self.arguments()
        )


class SubmitReplyForm(ActionForm):
    outcome = forms.ChoiceField(label=_("办理结果（年度报告表三的行）"), choices=CLOSING_CHOICES)
    legal_basis = forms.CharField(
        label=_("法律依据"),
        required=False,
        max_length=300,
        help_text=_("留空则使用该办理结果（及所选答复情形）对应的条款"),
    )
    ground = forms.ChoiceField(
        label=format_lazy(_("答复情形（{article}）"), article=law.ART_36.short()),
        choices=[("", _("不适用")), *Ground.choices],
        required=False,
        help_text=format_lazy(
            _("“予以公开”须选择{provided}；“本机关不掌握相关政府信息”须选择{unable}"),
            provided=f"{law.ART_36_1.part_locator}或{law.ART_36_2.part_locator}",
            unable=f"{law.ART_36_4.part_locator}或{law.ART_36_5.part_locator}",
        ),
    )
    responsible_agency = forms.CharField(
        label=format_lazy(_("负责公开该信息的机关（{article}）"), article=law.ART_36_5.locator),
        max_length=200,
        required=False,
    )
    responsible_contact = forms.CharField(
        label=format_lazy(_("该机关的联系方式（{article}）"), article=law.ART_36_5.locator),
        max_length=200,
        required=False,
    )
    submitted_on = _optional_day(_("提交审核日期"))

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, application=application, **kwargs)
        self.fields["reason"].label = _("答复理由或说明（写入答复书）")
        self.fields["reason"].help_text = format_lazy(
            _("不予公开（{withheld}）和部分公开（{partial}）的，必须写明不予公开的理由"),
            withheld=law.ART_36_3.locator,
            partial=law.ART_37.locator,
        )

    def perform(self, actor: User) -> Application:
        return services.application_submit_reply(
            actor=actor, application=self.application, **self.arguments()
        )


class ReturnReplyForm(ActionForm):
    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, application=application, **kwargs)
        self.fields["reason"].label = _("退回理由")
        self.fields["reason"].required = True

    def perform(self, actor: User) -> Application:
        return services.application_return_reply(
            actor=actor, application=self.application, **self.arguments()
        )


class DeliveryForm(ActionForm):
    """The 送达 of one of the case's notices: which, when, how, to whom, by whom."""

    document = forms.ChoiceField(label=_("送达文书"))
    method = forms.ChoiceField(label=_("送达方式"), choices=DeliveryMethod.choices)
    tracking_number = forms.CharField(
        label=_("邮寄单号"), max_length=60, required=False, help_text=_("邮寄送达的必填")
    )
    delivered_on = _optional_day(_("送达日期"))
    recipient = forms.CharField(
        label=_("受送达人"), max_length=200, required=False, help_text=_("留空为文书的收件人")
    )
    delivered_by = forms.CharField(
        label=_("送达人"), max_length=100, required=False, help_text=_("留空为本人")
    )
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, application=application, **kwargs)
        choices = [
            (entry.key, entry.title)
            for entry in notices.entries(application)
            if not entry.key.startswith("service-")
        ]
        self.fields["document"].choices = choices  # type: ignore[attr-defined]

    def perform(self, actor: User) -> Application:
        return services.application_record_delivery(
            actor=actor, application=self.application, **self.arguments()
        )


class AttachForm(ActionForm):
    """A file the reply provides (§36(2), §37): PDF, JPEG or PNG, checked by content."""

    upload = forms.FileField(label=_("所公开的政府信息（PDF、JPEG 或 PNG）"))

    def perform(self, actor: User) -> Application:
        return services.application_attach(
            actor=actor, application=self.application, **self.arguments()
        )


ACTION_FORMS: dict[Action, type[ActionForm]] = {
    Action.ASSIGN: AssignForm,
    Action.REQUEST_CORRECTION: _action_form(
        services.application_request_correction,
        items=forms.CharField(label=_("需要补正的事项"), widget=forms.Textarea(attrs={"rows": 3})),
        reply_by=date_field(_("补正期限（行政机关确定的合理期限）")),
        sent_on=_optional_day(_("发出日期")),
    ),
    Action.RECEIVE_CORRECTION: _action_form(
        services.application_receive_correction, received_on=_optional_day(_("收到补正日期"))
    ),
    Action.CLOSE_OVERDUE_CORRECTION: _action_form(
        services.application_close_overdue_correction, on=_optional_day(_("办结日期"))
    ),
    Action.START_THIRD_PARTY: _action_form(
        services.application_consult_third_party,
        party=forms.CharField(label=_("第三方"), max_length=200),
        started_on=_optional_day(_("发出征求意见日期")),
        party_received_on=_received_day(),
    ),
    Action.END_THIRD_PARTY: _consultation_form(
        services.application_end_third_party,
        _open_of(PauseKind.THIRD_PARTY),
        opinion=forms.ChoiceField(
            label=format_lazy(_("第三方意见（{article}）"), article=law.ART_32.short()),
            choices=Opinion.choices,
        ),
        note=forms.CharField(label=_("意见内容或理由"), required=False),
        ended_on=_optional_day(_("收到意见或期满日期")),
        party_received_on=_received_day(),
        party_notified_on=date_field(
            _("书面告知第三方日期"),
            required=False,
            help_text=_(
                "第三方不同意公开、本机关认为不公开可能对公共利益造成重大影响而决定公开的，填写"
            ),
        ),
    ),
    Action.START_AGENCY: _action_form(
        services.application_consult_agency,
        party=forms.CharField(label=_("被征求意见的机关"), max_length=200),
        started_on=_optional_day(_("发出征求意见日期")),
        party_received_on=_received_day(),
    ),
    Action.END_AGENCY: _consultation_form(
        services.application_end_agency,
        _open_of(PauseKind.AGENCY),
        opinion=forms.ChoiceField(
            label=format_lazy(_("意见（{article}）"), article=law.ART_34.short()),
            choices=Opinion.choices,
        ),
        note=forms.CharField(label=_("意见内容"), required=False),
        ended_on=_optional_day(_("收到意见或期满日期")),
        party_received_on=_received_day(),
    ),
    Action.RECEIVE_CONSULTATION: _consultation_form(
        services.application_receive_consultation,
        lambda app: app.pauses.filter(ended_on__isnull=True).exclude(kind=PauseKind.FEE),
        received_on=date_field(
            _("对方收到征求意见书日期"),
            help_text=format_lazy(
                _("该事项的{period}自此日起算（{article}）"),
                period=law.THIRD_PARTY.text,
                article=law.citation(law.ART_32, law.ART_34),
            ),
        ),
    ),
    Action.NOTIFY_THIRD_PARTY: _reason_required(
        _consultation_form(
            services.application_notify_third_party,
            lambda app: app.pauses.filter(
                kind=PauseKind.THIRD_PARTY, opinion=Opinion.OBJECT, party_notified_on__isnull=True
            ),
            notified_on=date_field(_("书面告知第三方日期")),
        ),
        format_lazy(_("决定予以公开的内容和理由（{article}）"), article=law.ART_32.short()),
    ),
    Action.ISSUE_FEE_NOTICE: _action_form(
        services.application_issue_fee_notice,
        method=forms.ChoiceField(
            label=_("计费方式"), choices=FEE_METHOD_CHOICES, initial=FeeMethod.PER_PAGE
        ),
        units=forms.IntegerField(label=_("件数（按件）或页数（按量）"), min_value=1),
        sent_on=_optional_day(_("发出日期")),
        notice_received_on=date_field(
            _("申请人收到通知日期"), required=False, help_text=_("留空为发出日期")
        ),
    ),
    Action.RECORD_FEE_PAYMENT: _action_form(
        services.application_record_fee_payment, paid_on=_optional_day(_("缴费日期"))
    ),
    Action.CLOSE_OVERDUE_FEE: _action_form(
        services.application_close_overdue_fee, on=_optional_day(_("办结日期"))
    ),
    Action.ASK_REASONS: _action_form(
        services.application_ask_reasons, asked_on=_optional_day(_("要求说明理由日期"))
    ),
    Action.SET_LATER_DEADLINE: _reason_required(
        _action_form(
            services.application_set_later_deadline,
            later_due_on=date_field(
                _("延迟答复期限"),
                help_text=format_lazy(
                    _("应晚于法定答复期限（{article}）"), article=law.ART_35.short()
                ),
            ),
            decided_on=_optional_day(_("确定日期")),
        ),
        format_lazy(_("确定延迟答复期限的理由（{article}）"), article=law.ART_35.short()),
    ),
    Action.REQUEST_EXTENSION: _action_form(
        services.application_request_extension,
        days=forms.IntegerField(label=_("申请延长工作日数（不超过20）"), min_value=1, max_value=20),
    ),
    Action.EXTEND: ExtendForm,
    Action.SUBMIT_REPLY: SubmitReplyForm,
    Action.APPROVE_REPLY: _action_form(
        services.application_approve_reply,
        approved_on=_optional_day(_("审核通过日期（即办结日期）")),
    ),
    Action.RETURN_REPLY: ReturnReplyForm,
    Action.WITHDRAW: _action_form(services.application_withdraw, on=_optional_day(_("撤回日期"))),
    Action.ATTACH: AttachForm,
    Action.RECORD_DELIVERY: DeliveryForm,
}


class CorrectionForm(Form):
    """条例 §41: a request to correct a record about the requester, as received."""

    unit = forms.ModelChoiceField(
        label=_("受理单位"), queryset=Unit.objects.none(), empty_label=None
    )
    received_on = date_field(_("收到更正申请日期"))
    requester_name = forms.CharField(label=_("申请人姓名或名称"), max_length=100)
    id_number = forms.CharField(label=_("身份证件号码或统一社会信用代码"), max_length=40)
    phone = forms.CharField(label=_("联系电话"), max_length=40, required=False)
    record = forms.CharField(label=_("需要更正的政府信息记录"), max_length=300)
    evidence = forms.CharField(
        label=_("记录不准确的情况及证据"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def perform(self, actor: User) -> RecordCorrection:
        return corrections.correction_register(actor=actor, **self.cleaned_data)


class CorrectionReplyForm(Form):
    correction = forms.ModelChoiceField(
        label=_("更正申请"), queryset=RecordCorrection.objects.none(), empty_label=None
    )
    reply = forms.ChoiceField(
        label=format_lazy(_("处理结果（{article}）"), article=law.ART_41.short()),
        choices=CorrectionReply.choices,
    )
    other_agency = forms.CharField(
        label=_("有权更正的机关"),
        max_length=200,
        required=False,
        help_text=_("转送或告知向其提出的，必填"),
    )
    replied_on = date_field(_("告知申请人日期"))
    reason = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("不予更正的，必须说明理由"),
    )  # fmt: skip

    def __init__(self, *args: Any, waiting: QuerySet[RecordCorrection], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["correction"].queryset = waiting  # type: ignore[attr-defined]

    def perform(self, actor: User) -> RecordCorrection:
        return corrections.correction_reply(actor=actor, **self.cleaned_data)

"""Forms of the public portal: search, applying online (条例 §29), tracking, follow-ups."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongkai import law
from gongkai.catalog import vocabulary
from gongkai_platform.applications.outcomes import APPLICANT_CHOICES
from gongkai_platform.portal.guard import form_token
from gongkai_platform.portal.models import Delivery, Medium, UnitGuide
from gongkai_platform.portal.services import TRACKING_SUFFIX, Applicant


class SearchForm(forms.Form):
    q = forms.CharField(label=_("关键词"), max_length=100, required=False)
    art20 = forms.ChoiceField(
        label=format_lazy(_("{article}类别"), article=law.ART_20.short()),
        required=False,
        choices=[("", _("全部")), *vocabulary.ART20],
    )
    year = forms.IntegerField(label=_("发布年份"), required=False, min_value=1990, max_value=2100)
    # Bounded, so that a huge number is a form error rather than an overflow in the database.
    unit = forms.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput()
    )
    page = forms.IntegerField(
        required=False, min_value=1, max_value=500, widget=forms.HiddenInput()
    )


class GuardedForm(forms.Form):
    """A public form with the abuse guard's signed start time; the template adds the honeypot
    field (``portal/_guarded.html``), which ``guard.check_form`` reads from the raw POST."""

    started = forms.CharField(widget=forms.HiddenInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = form_token()


class ApplyForm(GuardedForm):
    """条例 §29: (1) name, identity proof, contact; (2) a description that allows the information to
    be found; (3) the form wanted and how to obtain it."""

    applicant_type = forms.ChoiceField(label=_("申请人类型"), choices=APPLICANT_CHOICES)
    applicant_name = forms.CharField(label=_("姓名或名称"), max_length=100)
    id_number = forms.CharField(
        label=_("身份证件号码或统一社会信用代码"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    identity_proof = forms.FileField(
        label=_("身份证明"),
        help_text=_("身份证件或营业执照等的扫描件或照片，PDF、JPEG 或 PNG，不超过 10 MB"),
    )
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    address = forms.CharField(
        label=_("通信地址"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    description = forms.CharField(
        label=_("所需政府信息的名称、文号或者便于查询的其他特征性描述"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("例如：文件名称、文号、发布时间、涉及的地点或项目"),
    )
    medium = forms.ChoiceField(
        label=_("信息的载体形式"), choices=Medium.choices, widget=forms.RadioSelect
    )
    delivery = forms.ChoiceField(
        label=_("获取信息的方式"), choices=Delivery.choices, widget=forms.RadioSelect
    )
    consent = forms.BooleanField(
        label=_("我已阅读上述个人信息处理说明，同意为办理本申请处理我的个人信息"),
        error_messages={"required": _("须同意个人信息处理说明后才能提交")},
    )

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        return Applicant(
            applicant_type=data["applicant_type"],
            applicant_name=data["applicant_name"],
            id_number=data["id_number"],
            phone=data["phone"],
            description=data["description"],
            medium=data["medium"],
            delivery=data["delivery"],
            address=data["address"],
            email=data["email"],
        )


class TrackForm(GuardedForm):
    query_code = forms.CharField(
        label=_("查询码"), max_length=12, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    suffix = forms.CharField(
        label=_("联系电话或证件号码的后4位"),
        min_length=TRACKING_SUFFIX,
        max_length=TRACKING_SUFFIX,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class FollowUpForm(GuardedForm):
    text = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 4}))


class GuideForm(forms.ModelForm[UnitGuide]):
    class Meta:
        model = UnitGuide
        fields = ("office_hours", "fax", "email", "postcode", "reading_rooms", "introduction")

"""Forms of the management pages; each calls its one service (``accounts.services`` or the
calendar actions of ``applications.services``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from gongkai_platform.accounts import services
from gongkai_platform.accounts.models import Membership, Role, Unit, UnitKind
from gongkai_platform.core.forms import Form


class UnitForm(Form):
    ogi_office = forms.CharField(label=_("政府信息公开工作机构"), max_length=100)
    index_prefix = forms.CharField(
        label=_("索引号前段码"),
        max_length=18,
        help_text=_("9位组织机构代码或18位统一社会信用代码，校验位须正确"),
    )
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=40, required=False)
    document_code = forms.CharField(
        label=_("发文机关代字"),
        max_length=30,
        required=False,
        help_text=_("书面告知文号的机关代字，如“甲镇政信”；留空则使用单位名称"),
    )
    payment_instructions = forms.CharField(
        label=_("信息处理费缴纳方式"),
        max_length=300,
        required=False,
        help_text=_("收费通知书中告知申请人的缴费方式，如收款单位、账号、缴费地点"),
    )
    single_person_office = forms.BooleanField(
        label=_("一人办公室：允许同一人完成保密审查和审核"),
        required=False,
        help_text=_("仅适用于只有一名工作人员的政府信息公开工作机构；每次例外都单独记录"),
    )
    reason = forms.CharField(label=_("修改说明"), required=False)

    def perform(self, actor: User, unit: Unit) -> Unit:
        return services.unit_update(actor=actor, unit=unit, **self.cleaned_data)


class UnitCreateForm(UnitForm):
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=UnitKind.choices)
    parent = forms.ModelChoiceField(
        label=_("上级单位"), queryset=Unit.objects.all(), required=False, empty_label=_("（无）")
    )
    field_order = ("name", "kind", "parent")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["reason"]

    def perform(self, actor: User) -> Unit:  # type: ignore[override]
        return services.unit_create(actor=actor, **self.cleaned_data)


class UserCreateForm(Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    full_name = forms.CharField(label=_("姓名"), max_length=150, required=False)
    email = forms.EmailField(label=_("电子邮箱（接收期限提醒）"), required=False)
    password = forms.CharField(
        label=_("初始密码"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("至少8位，不能过于简单；请通知本人登录后修改"),
    )
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)

    def perform(self, actor: User, unit: Unit) -> User:
        return services.user_create(actor=actor, unit=unit, **self.cleaned_data)


class RoleGrantForm(Form):
    user = forms.ModelChoiceField(label=_("人员"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    reason = forms.CharField(label=_("说明"), required=False)

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The unit's own people: an administrator never picks another unit's user.
        self.fields["user"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(memberships__unit=unit).distinct().order_by("username")
        )

    def perform(self, actor: User, unit: Unit) -> Membership:
        return services.role_grant(actor=actor, unit=unit, **self.cleaned_data)

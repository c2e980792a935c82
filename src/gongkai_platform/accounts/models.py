"""The organisation tree and the roles people hold in it.

条例 §3 makes the 办公厅(室) of each 县级以上 government the OGI authority of its area, and §4 has
every government and department name an OGI office (政府信息公开工作机构) that handles applications
and compiles the annual report.  So a :class:`Unit` is one such body — 省 → 市 → 县 → 乡镇/街道, with
departments under a government — carrying its office and its 索引号 prefix (docs/law.md §6.2), and
a :class:`Membership` gives a person one role in one unit.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from gongkai.catalog import index_number
from gongkai_platform.core.audit import AuditEvent


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县（市、区）")
    TOWNSHIP = "township", _("乡镇")
    SUBDISTRICT = "subdistrict", _("街道")
    DEPARTMENT = "department", _("部门")


class Role(models.TextChoices):
    """What a person may do in a unit.  The actions each role may take are in
    ``applications.states.TRANSITIONS``; 上级监督 reads a whole subtree and changes nothing."""

    REGISTRAR = "registrar", _("登记员")
    HANDLER = "handler", _("承办人")
    APPROVER = "approver", _("审核人")  # head of the OGI office: approves extensions (§33), replies
    ADMIN = "admin", _("单位管理员")
    SUPERVISOR = "supervisor", _("上级监督")


class Unit(models.Model):
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path ("/1/4/9/"): a subtree is one indexed prefix query, however deep.
    path = models.CharField(max_length=255, db_index=True, editable=False)
    ogi_office = models.CharField(_("政府信息公开工作机构"), max_length=100)
    index_prefix = models.CharField(
        _("索引号前段码"),
        max_length=18,
        help_text=_("9位组织机构代码或18位统一社会信用代码"),
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    # The 机关代字 that opens the 文号 of the office's written notices (GB/T 9704 §7.2.4:
    # 发文机关代字〔年份〕序号), e.g. 甲镇政信; blank: the unit's name stands in.
    # db_default: rows written by code that predates the field (an older migration's state).
    document_code = models.CharField(
        _("发文机关代字"),
        max_length=30,
        blank=True,
        db_default="",
        help_text=_("书面告知文号的机关代字，如“甲镇政信”；留空则使用单位名称"),
    )
    # How an applicant pays a 信息处理费 (国办函〔2020〕109号): printed on the 收费通知书.
    payment_instructions = models.CharField(
        _("信息处理费缴纳方式"),
        max_length=300,
        blank=True,
        db_default="",
        help_text=_("收费通知书中告知申请人的缴费方式，如收款单位、账号、缴费地点"),
    )
    # Separation of duties in the catalog: 保密审查 (条例 §17) and 审核 by two people, unless the
    # office has one person only; then each time one person does both is its own audit event.
    single_person_office = models.BooleanField(
        _("一人办公室：允许同一人完成保密审查和审核"),
        db_default=False,  # also for rows written by code that predates the field
        help_text=_("仅适用于只有一名工作人员的政府信息公开工作机构；每次例外都单独记录"),
    )

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ("path",)

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # 索引号 前段码: a 组织机构代码 (GB 11714) or 统一社会信用代码 (GB 32100) whose check
        # character verifies, or publishing would print numbers no reader can trust.
        kind, warnings = index_number.prefix_kind(self.index_prefix)
        if kind == "local" or "-" in self.index_prefix:
            raise ValidationError(
                {"index_prefix": _("索引号前段码应为9位组织机构代码或18位统一社会信用代码")}
            )
        if warnings:
            raise ValidationError({"index_prefix": warnings[0]})
        ancestor = self.parent
        while ancestor is not None:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("上级单位不能是本单位或其下级单位")})
            ancestor = ancestor.parent

    def save(self, *args: object, **kwargs: object) -> None:
        with transaction.atomic():
            super().save(*args, **kwargs)  # type: ignore[arg-type]
            path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
            if path != self.path:
                old = self.path
                self.path = path
                Unit.objects.filter(pk=self.pk).update(path=path)
                if old:  # moved: its subtree moves with it
                    for child in Unit.objects.filter(path__startswith=old).exclude(pk=self.pk):
                        child.path = path + child.path[len(old) :]
                        Unit.objects.filter(pk=child.pk).update(path=child.path)

    def subtree(self) -> models.QuerySet[Unit]:
        return Unit.objects.filter(path__startswith=self.path)


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        constraints = (
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique"),
        )

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


class AdminAction(models.TextChoices):
    UNIT_CREATE = "unit_create", _("新建单位")
    UNIT_UPDATE = "unit_update", _("修改单位信息")
    USER_CREATE = "user_create", _("新建用户")
    ROLE_GRANT = "role_grant", _("授予角色")
    ROLE_REVOKE = "role_revoke", _("撤销角色")
    PASSWORD_RESET = "password_reset", _("重置密码")
    USER_DEACTIVATE = "user_deactivate", _("停用账户")
    USER_REACTIVATE = "user_reactivate", _("启用账户")


class AdminEvent(AuditEvent):
    """One administrative change (a unit's details, people, roles): who, when, what before and
    after, and why.  Written by the action runner (``services``) in the same transaction as the
    change; one hash-chained stream per unit (``core.audit``)."""

    action = models.CharField(_("操作"), max_length=40, choices=AdminAction.choices)
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="admin_events",
        db_index=False,
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("对象用户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    stream_field = "unit_id"

    class Meta(AuditEvent.Meta):
        verbose_name = _("管理记录")
        indexes = (models.Index(fields=["unit", "id"], name="admin_event_stream"),)

    def changed(self) -> list[tuple[str, str, str]]:
        """(field, before, after) of each field the action changed, as the record's page says
        them: a date of the calendar keeps its ISO form as the field's name."""
        return [
            (str(EVENT_FIELDS.get(key, key)), _shown(self.before.get(key)), _shown(value))
            for key, value in self.after.items()
        ]


EVENT_FIELDS = {
    "name": _("名称"),
    "kind": _("类型"),
    "parent": _("上级"),
    "ogi_office": _("政府信息公开工作机构"),
    "index_prefix": _("索引号前段码"),
    "address": _("地址"),
    "phone": _("联系电话"),
    "document_code": _("发文机关代字"),
    "payment_instructions": _("信息处理费缴纳方式"),
    "username": _("用户名"),
    "full_name": _("姓名"),
    "role": _("角色"),
    "roles": _("角色"),
    "single_person_office": _("一人办公室"),
    "active": _("账户启用"),
    "must_change": _("下次登录时须修改密码"),
}


def _shown(value: object) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str) and value in Role.values:
        return str(Role(value).label)
    if isinstance(value, list):
        return "、".join(_shown(item) for item in value)
    return str(value)


class Credential(models.Model):
    """The state of a person's password: whether it must be changed at the next sign-in (an
    initial password set by an administrator, or one reset by them), and when it was last set."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credential"
    )
    must_change = models.BooleanField(_("下次登录时须修改密码"), default=False)
    changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("密码状态")


class SecurityAction(models.TextChoices):
    LOGIN = "login", _("登录")
    LOGOUT = "logout", _("退出")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOGIN_LOCKED = "login_locked", _("登录被锁定")
    PASSWORD_CHANGE = "password_change", _("修改密码")
    EXPORT = "export_personal_data", _("导出含个人信息的申请列表")
    DOWNLOAD_PROOF = "download_identity_proof", _("下载身份证明")
    # Before it is delivered, a reply's attachment is information not yet disclosed.
    DOWNLOAD_ATTACHMENT = "download_reply_attachment", _("下载答复附件")
    PURGE = "purge_unconfirmed", _("删除超过保存期限的未确认网上申请")


class SecurityEvent(AuditEvent):
    """The security audit trail (等保2.0 安全审计; OWASP ASVS 7.1, 7.2): sign-ins, sign-outs and
    failed sign-ins, password changes, exports of lists with personal data, downloads of
    identity proofs and of reply attachments, and the purges of unconfirmed online applications (API tokens have their own
    trail, ``api.TokenEvent``; administrators' resets and deactivations are ``AdminEvent``).  One stream per account (``subject``: whose account, or who exported);
    events of no known account (a failed sign-in with an unknown name, a purge) form one more.
    The client's address is kept as a keyed hash only (``accounts.throttle.keyed``)."""

    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    client = models.CharField(max_length=64, blank=True)
    stream_field = "subject_id"

    class Meta(AuditEvent.Meta):
        verbose_name = _("安全审计记录")
        indexes = (models.Index(fields=["subject", "id"], name="security_event_stream"),)

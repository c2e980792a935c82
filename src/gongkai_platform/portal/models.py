"""What the public portal stores: each unit's 指南 contact details, applications submitted online
and the applicant's online follow-ups (补正, withdrawal).

An online application is not yet an application of the platform: under 条例 §31(3) an application
sent over the internet is received on the day **both sides confirm** it.  The applicant's side is
the submission (with its 查询码); the agency's side is a staff member confirming it in the
platform, which registers it through ``applications.services.application_register`` with channel
网络, the submission date as arrival date and the confirmation date as date of receipt.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai_platform.accounts.models import Unit
from gongkai_platform.applications.models import Application
from gongkai_platform.applications.outcomes import APPLICANT_CHOICES
from gongkai_platform.core.audit import AuditEvent


class UnitGuide(models.Model):
    """The contact part of a unit's 政府信息公开指南 (条例 §12: the office's name, address, office
    hours, phone, fax and internet contact); the rest of the 指南 is generated from the data."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="guide")
    office_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    fax = models.CharField(_("传真"), max_length=40, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=10, blank=True)
    reading_rooms = models.TextField(_("政府信息查阅场所"), blank=True)
    introduction = models.TextField(_("指南说明"), blank=True)
    updated_on = models.DateField(_("更新日期"), auto_now=True)

    class Meta:
        verbose_name = _("政府信息公开指南")


class GuideEvent(AuditEvent):
    """One edit of a unit's 指南 contact details (条例 §12: the public reads them to reach the
    office), by whom, from what to what; one hash-chained stream per unit."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", db_index=False)

    stream_field = "unit_id"

    class Meta(AuditEvent.Meta):
        verbose_name = _("指南修改记录")
        indexes = (models.Index(fields=["unit", "id"], name="guide_event_stream"),)


class SubmissionEvent(AuditEvent):
    """What the public did on the portal: an online application submitted, withdrawn before the
    agency confirmed it, confirmed by staff; a 补正 or withdrawal sent (条例 §29–§30).  One
    hash-chained stream per unit.  It names the submission by id and 查询码 only: no personal
    data is copied into the trail, and a purged unconfirmed submission leaves its events."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", db_index=False)

    stream_field = "unit_id"

    class Meta(AuditEvent.Meta):
        verbose_name = _("网上提交记录")
        indexes = (models.Index(fields=["unit", "id"], name="submission_event_stream"),)


class Medium(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子")


class Delivery(models.TextChoices):
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    PICKUP = "pickup", _("当面领取")
    ONLINE = "online", _("网上获取")


class Submission(models.TextChoices):
    PENDING = "pending", _("待确认")
    REGISTERED = "registered", _("已确认收到")
    WITHDRAWN = "withdrawn", _("已撤回（未登记）")


class OnlineApplication(models.Model):
    """An application as the applicant submitted it (条例 §29), waiting for the agency's
    confirmation (§31(3)); then linked to the registered :class:`Application`."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="online_applications")
    query_code = models.CharField(_("查询码"), max_length=12, unique=True)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=Submission.choices, default=Submission.PENDING
    )
    applicant_type = models.CharField(_("申请人类型"), max_length=30, choices=APPLICANT_CHOICES)
    applicant_name = models.CharField(_("申请人姓名或名称"), max_length=100)
    id_number = models.CharField(_("身份证件号码或统一社会信用代码"), max_length=40)
    identity_proof = models.FileField(_("身份证明"), upload_to="online-identity/%Y/")
    phone = models.CharField(_("联系电话"), max_length=40)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    description = models.TextField(_("所需政府信息的名称、文号或者便于查询的其他特征性描述"))
    medium = models.CharField(_("信息的载体形式"), max_length=20, choices=Medium.choices)
    delivery = models.CharField(_("获取信息的方式"), max_length=20, choices=Delivery.choices)
    client_key = models.CharField(max_length=64, db_index=True)  # keyed hash of the IP address
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="online"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("网上申请")
        ordering = ("submitted_at", "id")
        indexes = (
            models.Index(fields=["unit", "state"]),
            models.Index(fields=["id_number", "submitted_at"]),
        )

    @property
    def form_wanted(self) -> str:
        return f"{self.get_medium_display()}；{self.get_delivery_display()}"


class FollowUpKind(models.TextChoices):
    CORRECTION = "correction", _("补正")
    WITHDRAWAL = "withdrawal", _("撤回申请")


class FollowUp(models.Model):
    """The applicant's answer to a 补正 notice (条例 §30) or request to withdraw, sent online;
    it takes effect when staff confirm receipt (the same §31(3) rule as the application)."""

    online = models.ForeignKey(
        OnlineApplication, on_delete=models.PROTECT, related_name="follow_ups"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=FollowUpKind.choices)
    text = models.TextField(_("内容"))
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    client_key = models.CharField(max_length=64, db_index=True)

    class Meta:
        ordering = ("submitted_at", "id")

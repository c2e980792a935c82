"""Applications, their paused intervals and their audit trail.

Rows change only through ``services`` (each action writes one :class:`Event` in the same
transaction); reads go through ``selectors``, scoped by unit.  Dates are calendar dates in the
agency's time zone: the clock counts days, never moments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongkai import law
from gongkai.fees import FeeMethod
from gongkai_platform.accounts.models import Unit
from gongkai_platform.applications.outcomes import APPLICANT_CHOICES, OUTCOME_CHOICES, Ground
from gongkai_platform.applications.states import Action, State
from gongkai_platform.core.audit import AuditEvent


class Channel(models.TextChoices):
    """How the application arrived; it decides the date of receipt (条例 §31)."""

    IN_PERSON = "in_person", _("当面")
    LETTER = "letter", _("信函")
    FAX = "fax", _("传真")
    ONLINE = "online", _("网络")


class DueKind(models.TextChoices):
    REPLY = "reply", format_lazy(_("答复期限（{article}）"), article=law.ART_33.short())
    CORRECTION_REPLY = (
        "correction_reply",
        format_lazy(_("申请人补正期限（{article}）"), article=law.ART_30.short()),
    )
    THIRD_PARTY_REPLY = (
        "third_party_reply",
        format_lazy(_("第三方答复期限（{article}）"), article=law.ART_32.short()),
    )
    AGENCY_REPLY = (
        "agency_reply",
        format_lazy(_("其他机关答复期限（{article}）"), article=law.ART_34.short()),
    )
    FEE_PAYMENT = (
        "fee_payment",
        format_lazy(_("缴费期限（{article}）"), article=law.FEES_109_WHOLE.short()),
    )
    LATER_REPLY = (
        "later_reply",
        format_lazy(_("延迟答复期限（{article}）"), article=law.ART_35.short()),
    )


FEE_METHOD_CHOICES = [
    (FeeMethod.PER_PIECE.value, _("按件计收")),
    (FeeMethod.PER_PAGE.value, _("按量计收")),
]


def _display(field: str, choices: Iterable[tuple[str, str | Promise]]) -> Callable[[Any], str]:
    """``get_<field>_display``: Django's own rebuilds the field's choice table on every call and
    hashes each lazily translated label in it (a dozen translations per call), which is most of
    the time the case lists spend per row.  The table here is built once; its labels stay lazy,
    so the one shown is translated into the request's language when read."""
    labels = dict(choices)

    def display(instance: Any) -> str:
        value = getattr(instance, field)
        return str(labels.get(value, value))

    return display


class Application(models.Model):
    # No index of its own: the indexes below all begin with the unit (an index fewer to update
    # for every row the national recount of due dates rewrites).
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="applications", db_index=False
    )
    year = models.PositiveIntegerField(_("登记年度"))
    serial = models.PositiveIntegerField(_("登记序号"))
    query_code = models.CharField(_("查询码"), max_length=12)  # unique: see Meta

    # Intake (条例 §29, §31)
    channel = models.CharField(_("申请方式"), max_length=20, choices=Channel.choices)
    letter_signed = models.BooleanField(
        _("信函须签收（挂号、快递）"),
        default=True,
        help_text=_("平信无需签收的，以与申请人确认之日为收到日"),
    )
    arrived_on = models.DateField(_("到达日期"))
    confirmed_on = models.DateField(_("确认日期"), null=True, blank=True)
    received_on = models.DateField(
        format_lazy(_("收到申请日期（{article}）"), article=law.ART_31.short())
    )
    oral = models.BooleanField(_("口头提出，由工作人员代为填写"), default=False)
    # §43: an applicant who has difficulty reading or a visual or hearing impairment gets the
    # help they need; what they need is recorded so whoever handles the case provides it.
    special_needs = models.CharField(
        format_lazy(_("需要的必要帮助（{article}）"), article=law.ART_43.short()),
        max_length=200,
        blank=True,
        help_text=_("申请人有阅读困难或者视听障碍的，写明需要的帮助，如大字版、电话告知、手语"),
    )
    applicant_type = models.CharField(_("申请人类型"), max_length=30, choices=APPLICANT_CHOICES)
    applicant_name = models.CharField(_("申请人姓名或名称"), max_length=100)
    id_number = models.CharField(_("身份证件号码或统一社会信用代码"), max_length=40)
    identity_proof = models.FileField(_("身份证明"), upload_to="identity/%Y/", blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    description = models.TextField(_("所需政府信息的名称、文号或者便于查询的其他特征性描述"))
    form_wanted = models.CharField(_("获取信息的方式和途径"), max_length=200, blank=True)
    # 109号 §4: an application asking for several items may be counted as several 件; the month's
    # running count numbers the applicant's later applications from it (``fees.pieces_before``),
    # whether or not this one was charged.  Blank: not split, one 件.
    pieces = models.PositiveSmallIntegerField(
        _("计件数"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=format_lazy(
            _("一份申请按{act}拆分为多件的，填写件数；未拆分的留空，计为1件"),
            act=law.FEES_109_WHOLE.short(),
        ),
    )

    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.IN_PROGRESS
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_applications",
    )

    # 补正 (§30)
    correction_sent_on = models.DateField(_("补正告知发出日期"), null=True, blank=True)
    correction_reply_by = models.DateField(_("补正期限"), null=True, blank=True)
    correction_items = models.TextField(_("需要补正的事项"), blank=True)
    correction_received_on = models.DateField(_("收到补正日期"), null=True, blank=True)

    # §35: when the applicant was asked to give reasons (what was asked is in the event).
    reasons_asked_on = models.DateField(_("要求说明理由日期"), null=True, blank=True)
    # §35: the reasonable later deadline the agency set after the reasons (why: in the event);
    # the reply is due then, unless the statutory deadline is later still (``clock``).
    later_due_on = models.DateField(
        format_lazy(_("延迟答复期限（{article}）"), article=law.ART_35.short()),
        null=True,
        blank=True,
    )

    # Extension (§33 para. 2): the handler's request, then the head's approval.
    extension_days = models.PositiveSmallIntegerField(_("延长工作日数"), default=0)
    extension_requested_days = models.PositiveSmallIntegerField(
        _("申请延长工作日数"), null=True, blank=True
    )
    # The day the head approved it: the 延期告知书 is dated so.
    extended_on = models.DateField(_("批准延期日期"), null=True, blank=True)
    # The day the §35 later deadline was decided: the date of its 延迟答复告知书.
    later_decided_on = models.DateField(_("确定延迟答复期限日期"), null=True, blank=True)

    # Fee (条例 §42; 国办函〔2020〕109号)
    fee_method = models.CharField(
        _("计费方式"), max_length=20, choices=FEE_METHOD_CHOICES, blank=True
    )
    fee_units = models.PositiveIntegerField(_("件数或页数"), null=True, blank=True)
    fee_amount = models.PositiveIntegerField(_("收费金额（元）"), null=True, blank=True)
    fee_notice_received_on = models.DateField(_("申请人收到收费通知日期"), null=True, blank=True)
    fee_paid_on = models.DateField(_("缴费日期"), null=True, blank=True)

    # The reply awaiting the head's approval (state 待审核): what the handler proposes.
    reply_outcome = models.CharField(
        _("拟办理结果"), max_length=40, choices=OUTCOME_CHOICES, blank=True
    )
    reply_basis = models.CharField(_("拟法律依据"), max_length=300, blank=True)
    # §36: which of the two replies of one 表三 row (chosen, never read from the basis text), and
    # for §36(5) the agency responsible and how to reach it, as the letter must tell.
    ground = models.CharField(_("答复情形"), max_length=8, choices=Ground.choices, blank=True)
    responsible_agency = models.CharField(_("负责公开该信息的机关"), max_length=200, blank=True)
    responsible_contact = models.CharField(_("该机关的联系方式"), max_length=200, blank=True)
    reply_submitted_on = models.DateField(_("提交审核日期"), null=True, blank=True)
    # The head returned the last draft (条例 §36 approval step): the handler's list flags it.
    reply_returned = models.BooleanField(_("答复被退回"), default=False)
    # Who submitted it: the approver must be someone else (four eyes; our rule, see services).
    reply_submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Closing (§36–§39)
    outcome = models.CharField(_("办理结果"), max_length=40, choices=OUTCOME_CHOICES, blank=True)
    legal_basis = models.CharField(_("法律依据"), max_length=300, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)

    # The next date that matters, from the clock (its explanation is recomputed when shown).
    # Indexed with the unit and with the handler, open cases only (Meta.indexes).
    due_on = models.DateField(_("期限届满日"), null=True, blank=True)
    due_kind = models.CharField(_("期限类型"), max_length=20, choices=DueKind.choices, blank=True)
    due_provisional = models.BooleanField(_("期限暂定"), default=False)

    version = models.PositiveIntegerField(default=1)  # optimistic check for forms left open
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ("-received_on", "-serial")
        constraints = (
            models.UniqueConstraint(fields=["unit", "year", "serial"], name="application_number"),
            # A constraint rather than ``unique=True``, which would add a second index for LIKE
            # searches that no one makes on a code looked up whole.
            models.UniqueConstraint(fields=["query_code"], name="application_query_code"),
            models.CheckConstraint(
                condition=models.Q(state=State.CLOSED, closed_on__isnull=False)
                & ~models.Q(outcome="")
                | ~models.Q(state=State.CLOSED) & models.Q(outcome=""),
                name="application_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=models.Q(state=State.AWAITING_APPROVAL, reply_submitted_on__isnull=False)
                & ~models.Q(reply_outcome="")
                | ~models.Q(state=State.AWAITING_APPROVAL) & models.Q(reply_outcome=""),
                name="application_awaiting_approval_has_reply",
            ),
            models.CheckConstraint(
                condition=models.Q(extension_days__lte=20), name="application_extension_max_20"
            ),
            models.CheckConstraint(
                condition=models.Q(received_on__gte=models.F("arrived_on")),
                name="application_received_not_before_arrival",
            ),
        )
        indexes = (
            # The handler's and the unit's open cases by due date (partial: open cases only).
            models.Index(
                fields=["unit", "due_on", "received_on"],
                condition=~models.Q(state=State.CLOSED),
                name="application_unit_open_due",
            ),
            models.Index(
                fields=["handler", "due_on", "received_on"],
                condition=~models.Q(state=State.CLOSED),
                name="application_handler_open_due",
            ),
            # The report compiles a unit's year from these.
            models.Index(fields=["unit", "received_on"], name="application_unit_received"),
        )

    get_state_display = _display("state", State.choices)
    get_outcome_display = _display("outcome", OUTCOME_CHOICES)
    get_reply_outcome_display = _display("reply_outcome", OUTCOME_CHOICES)
    get_due_kind_display = _display("due_kind", DueKind.choices)

    def __str__(self) -> str:
        return f"{self.unit} {self.number}"

    @property
    def number(self) -> str:
        return f"{self.year}-{self.serial:04d}"

    @property
    def is_open(self) -> bool:
        return self.state != State.CLOSED

    @property
    def counted_pieces(self) -> int | None:
        """The 件 this application counts as in the month's running count (109号 §4): the split
        recorded at intake, else the 件 a per-piece fee notice charged, else ``None`` (one)."""
        if self.pieces is not None:
            return self.pieces
        return self.fee_units if self.fee_method == FeeMethod.PER_PIECE else None


class PauseKind(models.TextChoices):
    THIRD_PARTY = (
        "third_party",
        format_lazy(_("征求第三方意见（{article}）"), article=law.ART_32.short()),
    )
    AGENCY = (
        "agency",
        format_lazy(
            _("征求其他机关意见（{articles}）"), articles=law.citation(law.ART_33_3, law.ART_34)
        ),
    )
    FEE = "fee", format_lazy(_("收费通知至缴费（{article}）"), article=law.FEES_109_WHOLE.short())


class Opinion(models.TextChoices):
    """What a consulted third party (§32) or agency (§34) answered."""

    AGREE = "agree", _("同意公开")
    OBJECT = "object", _("不同意公开")
    # §34: 逾期未提出意见的视为同意; a third party's silence is recorded as no objection too
    # (§32: the agency then decides under the 条例), and only once its 15 working days ran out.
    SILENT = "silent", _("逾期未提出意见，视为无异议")


class Pause(models.Model):
    """An interval that does not count towards the reply deadline (§33 para. 3; 109号)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField(_("类型"), max_length=20, choices=PauseKind.choices)
    party = models.CharField(_("对象"), max_length=200, blank=True)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    # §32, §34: the 15 working days run from the day the party received the request.
    party_received_on = models.DateField(_("对方收到征求意见书日期"), null=True, blank=True)
    opinion = models.CharField(_("意见"), max_length=10, choices=Opinion.choices, blank=True)
    # §32: disclosing over a third party's objection is decided and told to it in writing.
    party_notified_on = models.DateField(_("书面告知第三方日期"), null=True, blank=True)

    class Meta:
        ordering = ("started_on", "id")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="pause_ends_after_start",
            ),
        )

    get_kind_display = _display("kind", PauseKind.choices)

    def __str__(self) -> str:
        """How a consultation is named where one of several is chosen."""
        return f"{self.party}（{self.get_kind_display()}，{self.started_on} 发出）"


class DeliveryMethod(models.TextChoices):
    """How a written notice reached its addressee (送达; docs/law.md §4.5)."""

    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    IN_PERSON = "in_person", _("当面送达")
    ONLINE = "online", _("网上获取")


class Delivery(models.Model):
    """The 送达 of one written notice of the application (``documents``: its key, such as
    ``reply`` or ``consultation-3``): when, how, to whom and by whom.  Written only by
    ``services.application_record_delivery`` with its event; printed on the 送达回证."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="deliveries"
    )
    document = models.CharField(_("送达文书"), max_length=40)
    delivered_on = models.DateField(_("送达日期"))
    method = models.CharField(_("送达方式"), max_length=20, choices=DeliveryMethod.choices)
    tracking_number = models.CharField(_("邮寄单号"), max_length=60, blank=True)
    recipient = models.CharField(_("受送达人"), max_length=200)
    delivered_by = models.CharField(_("送达人"), max_length=100)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("送达记录")
        ordering = ("delivered_on", "id")
        constraints = (
            models.CheckConstraint(
                condition=~models.Q(method="post") | ~models.Q(tracking_number=""),
                name="delivery_post_has_tracking_number",
            ),
        )


class ReplyAttachment(models.Model):
    """A file delivered with the reply: the disclosed information (条例 §36(2), §37), uploaded by
    staff through ``uploads.check_upload`` and stored outside the web root."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(_("文件"), upload_to="replies/%Y/")
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=60)
    uploaded_on = models.DateField(_("上传日期"))

    class Meta:
        verbose_name = _("答复附件")
        ordering = ("id",)


class Event(AuditEvent):
    """One step of an application's audit trail (办理过程留痕, 条例 §45): who did what, when, from
    what to what, and why.  Written by the action runner (``services``) in the same transaction
    as the change it records; one hash-chained stream per application (``core.audit``)."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    action = models.CharField(_("操作"), max_length=40, choices=Action.choices)
    state_before = models.CharField(max_length=20, choices=State.choices, blank=True)
    state_after = models.CharField(max_length=20, choices=State.choices)

    stream_field = "application_id"

    class Meta(AuditEvent.Meta):
        verbose_name = _("办理记录")
        # The stream's events in order; also serves the foreign key.
        indexes = (models.Index(fields=["application", "id"], name="event_stream"),)


class CorrectionReply(models.TextChoices):
    """条例 §41: how a request to correct a record about the requester is answered."""

    CORRECTED = "corrected", _("审核属实，予以更正")
    TRANSFERRED = "transferred", _("不属于本机关职能范围，转送有权更正的机关处理")
    REFERRED = "referred", _("不属于本机关职能范围，告知向有权更正的机关提出")
    NOT_VERIFIED = "not_verified", _("经审核，记录准确，不予更正")


class RecordCorrection(models.Model):
    """条例 §41: a citizen or organisation shows that a record of government information about
    itself is inaccurate and asks the agency to correct it; the agency verifies and corrects it,
    or passes it (or points the requester) to the agency that may, and tells the requester."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="record_corrections")
    received_on = models.DateField(_("收到更正申请日期"))
    requester_name = models.CharField(_("申请人姓名或名称"), max_length=100)
    id_number = models.CharField(_("身份证件号码或统一社会信用代码"), max_length=40)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    record = models.CharField(_("需要更正的政府信息记录"), max_length=300)
    evidence = models.TextField(_("记录不准确的情况及证据"))
    reply = models.CharField(
        _("处理结果"), max_length=20, choices=CorrectionReply.choices, blank=True
    )
    other_agency = models.CharField(_("有权更正的机关"), max_length=200, blank=True)
    replied_on = models.DateField(_("告知申请人日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("更正政府信息记录申请")
        ordering = ("-received_on", "-id")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(reply="", replied_on__isnull=True)
                | ~models.Q(reply="") & models.Q(replied_on__isnull=False),
                name="record_correction_replied_has_date",
            ),
        )


class CorrectionEvent(AuditEvent):
    """One step of a §41 correction request (registered, answered); one chain per request."""

    correction = models.ForeignKey(
        RecordCorrection, on_delete=models.PROTECT, related_name="events", db_index=False
    )

    stream_field = "correction_id"

    class Meta(AuditEvent.Meta):
        indexes = (models.Index(fields=["correction", "id"], name="correction_event_stream"),)

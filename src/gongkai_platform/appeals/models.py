"""A 行政复议 or 行政诉讼 case in which the unit answers for its government information disclosure
work: its handling of an application, or another act of it such as its proactive disclosure (条例
§51 covers both).  Every case counts in the unit's 表四.

The kinds and results are 表四's blocks and columns (国办公开办函〔2021〕30号; docs/law.md §1.5),
read from the format's one definition: a case with no decision yet counts in 尚未审结.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai import formats
from gongkai_platform.accounts.models import Unit
from gongkai_platform.applications.models import Application
from gongkai_platform.core.audit import AuditEvent

# 表四's blocks (行政复议, 行政诉讼（未经复议直接起诉）, …) and the results of a decided case.
AppealKind = models.TextChoices(  # type: ignore[call-overload]
    "AppealKind",
    [(key.upper(), (key, name)) for key, name in formats.T4_BLOCK_FULL_NAMES.items()],
)
AppealResult = models.TextChoices(  # type: ignore[call-overload]
    "AppealResult",
    [(key.upper(), (key, formats.T4_RESULT_NAMES[key])) for key in formats.T4_DECIDED_RESULTS],
)


class Appeal(models.Model):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="appeals", verbose_name=_("被申请人或被告单位")
    )
    # The application it arose from; none for a case about another act (``subject``).
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="appeals",
        verbose_name=_("所涉申请"),
        null=True,
        blank=True,
    )
    subject = models.CharField(
        _("所涉行政行为"),
        max_length=200,
        blank=True,
        help_text=_("不涉及依申请公开的，写明所涉行为，如主动公开某信息"),
    )
    kind = models.CharField(_("类型"), max_length=20, choices=AppealKind.choices)
    filed_on = models.DateField(_("申请复议或起诉日期"))
    body = models.CharField(_("复议机关或人民法院"), max_length=200)
    case_number = models.CharField(_("案号"), max_length=100, blank=True)
    decided_on = models.DateField(_("审结日期"), null=True, blank=True)
    result = models.CharField(_("结果"), max_length=20, choices=AppealResult.choices, blank=True)

    class Meta:
        verbose_name = _("复议诉讼案件")
        verbose_name_plural = _("复议诉讼案件")
        ordering = ("filed_on", "id")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(decided_on__isnull=True, result="")
                | models.Q(decided_on__isnull=False) & ~models.Q(result=""),
                name="appeal_decided_has_result",
            ),
            models.CheckConstraint(
                condition=models.Q(decided_on__isnull=True)
                | models.Q(decided_on__gte=models.F("filed_on")),
                name="appeal_decided_after_filing",
            ),
            models.CheckConstraint(
                condition=models.Q(application__isnull=False) | ~models.Q(subject=""),
                name="appeal_about_an_application_or_a_subject",
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number}".strip()


class AppealAction(models.TextChoices):
    RECORD = "record", _("登记复议诉讼")
    DECIDE = "decide", _("登记复议诉讼结果")


class AppealEvent(AuditEvent):
    """One step of a case not about an application (one recorded with an application is in that
    application's trail); one hash-chained stream per case."""

    appeal = models.ForeignKey(
        Appeal, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    action = models.CharField(_("操作"), max_length=40, choices=AppealAction.choices)

    stream_field = "appeal_id"

    class Meta(AuditEvent.Meta):
        indexes = (models.Index(fields=["appeal", "id"], name="appeal_event_stream"),)

"""A 行政复议 or 行政诉讼 case in which the unit answers for its handling of an application.

The kinds and results are 表四's blocks and columns (国办公开办函〔2021〕30号; docs/law.md §1.5),
read from the format's one definition: a case with no decision yet counts in 尚未审结.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai import formats
from gongkai_platform.applications.models import Application

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
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="appeals", verbose_name=_("所涉申请")
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
        )

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number}".strip()

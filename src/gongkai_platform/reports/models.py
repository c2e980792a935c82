"""A unit's annual report for one year, as the ``gongkai/annual-report@1`` document plus the
records behind each compiled cell (drill-down) and its audit trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.report import Report
from gongkai_platform.accounts.models import Unit
from gongkai_platform.core.audit import AuditEvent


class ReportState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已公布")


class AnnualReport(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="annual_reports")
    year = models.PositiveIntegerField(_("年度"))
    state = models.CharField(
        _("状态"), max_length=20, choices=ReportState.choices, default=ReportState.DRAFT
    )
    document = models.JSONField(_("年报文档（gongkai/annual-report@1）"))
    # cell key → ids of the records counted in it: "123" for application 123, "appeal-7" for appeals.
    sources = models.JSONField(default=dict)
    compiled_at = models.DateTimeField(_("汇总时间"))
    # 表三/表四 as counted, before any manual adjustment (ReportAdjustment) is applied.
    compiled = models.JSONField(default=dict)
    # 条例 §49: when it had to be published by, and whether it was.
    deadline_on = models.DateField(_("法定公布期限"), null=True, blank=True)
    published_late = models.BooleanField(_("逾期公布"), null=True, blank=True)

    class Meta:
        verbose_name = _("年度报告")
        verbose_name_plural = _("年度报告")
        ordering = ("-year", "unit__path")
        constraints = (
            models.UniqueConstraint(fields=["unit", "year"], name="annual_report_unit_year"),
        )

    def __str__(self) -> str:
        return f"{self.unit} {self.year}年度报告"

    @property
    def report(self) -> Report:
        return Report.from_json(self.document)


class ReportAction(models.TextChoices):
    COMPILE = "compile", _("汇总")
    EDIT = "edit", _("填写")
    ADJUST = "adjust", _("人工调整")
    PUBLISH = "publish", _("公布")


class ReportEvent(AuditEvent):
    """One step in the report's audit trail (compile, edit, adjust, publish); one hash-chained
    stream per report."""

    report = models.ForeignKey(
        AnnualReport, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    action = models.CharField(_("操作"), max_length=40, choices=ReportAction.choices)

    stream_field = "report_id"

    class Meta(AuditEvent.Meta):
        indexes = (models.Index(fields=["report", "id"], name="report_event_stream"),)


class ReportAdjustment(models.Model):
    """A compiled figure changed by hand: kept with its reason, re-applied after every compile,
    and listed among the report's findings (rule ``platform.manual_adjustment``)."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="adjustments")
    cell = models.CharField(_("单元格"), max_length=100)
    value = models.PositiveIntegerField(_("调整后数值"))
    reason = models.TextField(_("理由"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("at", "id")
        constraints = (
            models.UniqueConstraint(fields=["report", "cell"], name="report_adjustment_cell"),
        )


class ReportRendering(models.Model):
    """The published report printed to one format (HTML, DOCX, PDF), made by the task worker."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="renderings")
    fmt = models.CharField(max_length=10)
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["report", "fmt"], name="report_rendering_fmt"),
        )

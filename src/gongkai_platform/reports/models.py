"""A unit's annual report for one year, as the ``gongkai/annual-report@1`` document plus the
records behind each compiled cell (drill-down) and its audit trail."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.report import Report
from gongkai_platform.accounts.models import Unit
from gongkai_platform.core.audit import AuditEvent


def content_hash(document: dict[str, Any]) -> str:
    """SHA-256 of a report document as canonical JSON (sorted keys, no spaces): what names a
    published version, here and in the oversight register."""
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
    # The part of 上年结转 (and 结转下年度) taken from last year's imported report, not from
    # records: cell → how many (services.unrecorded_carry_over).
    unrecorded = models.JSONField(default=dict)
    # 条例 §49: when it had to be published by, and whether it was.
    deadline_on = models.DateField(_("法定公布期限"), null=True, blank=True)
    published_late = models.BooleanField(_("逾期公布"), null=True, blank=True)
    # 主动公开目录: the published report is a catalog item with its 索引号 (条例 §12, §20).
    catalog_item = models.OneToOneField(
        "catalog.CatalogItem",
        verbose_name=_("目录信息"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="annual_report",
    )

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
    CORRECT = "correct", _("更正")
    PRIOR = "prior", _("导入上年度报告")


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


class ReportVersion(models.Model):
    """One published version of a report: the first publication and each correction after it.
    Every version is kept (the public sees the earlier ones listed, staff see what changed), with
    the SHA-256 of its canonical JSON, the day it went public, who published it and why."""

    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("版本"))
    document = models.JSONField(_("年报文档（gongkai/annual-report@1）"))
    sha256 = models.CharField(_("内容哈希（SHA-256）"), max_length=64)
    published_on = models.DateField(_("公布或更正日期"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("更正理由"), blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("年度报告版本")
        ordering = ("report", "number")
        constraints = (
            models.UniqueConstraint(fields=["report", "number"], name="report_version_number"),
        )

    @property
    def is_correction(self) -> bool:
        return self.number > 1


class PriorReport(models.Model):
    """Last year's report of a unit that did not compile it on the platform (its first year
    here): imported from a file, or only its 结转下年度 entered by hand, with a reason.  It is the
    ``previous`` report of the year after (cross-year check X1), and the 上年结转 it declares that
    the platform has no record of is counted (``services.report_compile``)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="prior_reports")
    year = models.PositiveIntegerField(_("年度"))
    document = models.JSONField(_("年报文档（gongkai/annual-report@1）"))
    source = models.CharField(_("来源"), max_length=500)
    reason = models.TextField(_("理由"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("上年度报告（导入或填写）")
        constraints = (
            models.UniqueConstraint(fields=["unit", "year"], name="prior_report_unit_year"),
        )

    @property
    def report(self) -> Report:
        return Report.from_json(self.document)


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

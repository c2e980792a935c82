"""What a supervising office (条例 §3, §47) keeps beyond its units' own records: the township
deadline it sets (§49 names none), the units it does not expect a report from, the reports it
received as files (uploaded, or read by ``gongkai ingest`` from a file or URL), and the audit
trail of its own actions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai_platform.accounts.models import Unit
from gongkai_platform.core.audit import AuditEvent
from gongkai_platform.reports.models import AnnualReport


class DeadlineSetting(models.Model):
    """The 乡镇/街道 publication deadline set by a province or county for its subtree (the
    nearest setting above a unit wins; none: the default of ``gongkai.rules``)."""

    unit = models.OneToOneField(Unit, on_delete=models.PROTECT, related_name="deadline_setting")
    township_month = models.PositiveSmallIntegerField(_("乡镇街道年报公布期限（月）"))
    township_day = models.PositiveSmallIntegerField(_("乡镇街道年报公布期限（日）"))

    class Meta:
        verbose_name = _("年报公布期限设置")


class Exemption(models.Model):
    """A unit not required to publish a report for a year (merged, abolished, newly created),
    with the reason the supervising office recorded."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="report_exemptions")
    year = models.PositiveIntegerField(_("年度"))
    reason = models.TextField(_("理由"))

    class Meta:
        verbose_name = _("不要求公布年报的单位")
        constraints = (
            models.UniqueConstraint(fields=["unit", "year"], name="exemption_unit_year"),
        )


class SourceKind(models.TextChoices):
    UPLOAD = "upload", _("上传文件")
    URL = "url", _("网址读取")
    PLATFORM = "platform", _("平台汇总")


class ReceivedReport(models.Model):
    """One version of a unit's published report received as a file.  Versions are kept: a new
    content hash after the first is a report changed after publication (公布后修改)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="received_reports")
    year = models.PositiveIntegerField(_("年度"))
    kind = models.CharField(_("来源"), max_length=20, choices=SourceKind.choices)
    source = models.CharField(_("文件名或网址"), max_length=500)
    sha256 = models.CharField(_("内容哈希（SHA-256）"), max_length=64)
    document = models.JSONField(_("年报文档（gongkai/annual-report@1）"))
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    received_at = models.DateTimeField(_("收到时间"), auto_now_add=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("收到的年度报告")
        ordering = ("unit", "year", "received_at", "id")
        indexes = (models.Index(fields=["unit", "year"], name="received_report_unit_year"),)


class PublishedHash(models.Model):
    """The content hash of a published platform report, computed once: a published report never
    changes (reports.services refuses every edit after publishing), and hashing a thousand
    documents on every look at the register would cost more than everything else it shows.
    ``compiled_at`` guards the rule: a report compiled again gets a new hash."""

    report = models.OneToOneField(
        AnnualReport, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    compiled_at = models.DateTimeField()
    sha256 = models.CharField(max_length=64)


class RowsJSONField(models.JSONField):
    """A JSON column that many rows are inserted into at once.  A field with a placeholder of its
    own makes Django's bulk insert on PostgreSQL write ``VALUES (…), (…)`` instead of
    ``UNNEST(%s::jsonb[])``: psycopg quotes each JSON text inside an array literal with a regular
    expression per quote character, which took 1.5 s of the 3,000 reports' findings of a cold
    roll-up (benchmarks/bench_oversight.py); as plain parameters they are sent as they are."""

    def get_placeholder(self, value: object, compiler: object, connection: object) -> str:
        return "%s"


class CheckedFindings(models.Model):
    """The rules' findings of a report already checked, keyed by everything they depend on
    (``gongkai.rollup.check_key``: both reports' content, the level, the township deadline, the
    rules' version), so that a roll-up checks each report once rather than on every look."""

    key = models.CharField(max_length=64, primary_key=True)
    findings = RowsJSONField()
    created_at = models.DateTimeField(auto_now_add=True)


class OversightEvent(AuditEvent):
    """One action of the supervising office (marking a unit not required, receiving a report,
    setting the deadline, re-checking), in the hash-chained trail of the unit it concerns."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="oversight_events")
    year = models.PositiveIntegerField(_("年度"), null=True, blank=True)

    stream_field = "unit_id"

    class Meta(AuditEvent.Meta):
        verbose_name = _("监督操作记录")
        indexes = (models.Index(fields=["unit", "id"], name="oversight_event_stream"),)


class AreaClaim(models.Model):
    """The area's own report (the 本级政府 report, compiled or received) says that it covers the
    area's units, e.g. a county report made as the sum of its townships and departments: the
    roll-up then compares it with their sum (``gongkai.rollup.area_vs_units``) instead of adding
    it to the sum as one more unit."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="area_claims")
    year = models.PositiveIntegerField(_("年度"))
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("本级报告涵盖下级单位的声明")
        constraints = (
            models.UniqueConstraint(fields=["unit", "year"], name="area_claim_unit_year"),
        )


class StoredRollup(models.Model):
    """The roll-up of an area and year as last computed (totals, each unit-year's findings, the
    area-vs-units comparison), keyed by the content hashes of everything it was computed from
    (``selectors.rollup_key``).  A derived table: a key that no longer matches the inputs is
    never read, it is computed again; the actions that change an input compute it at once."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    years_back = models.PositiveSmallIntegerField()
    key = models.CharField(max_length=64)
    data = models.JSONField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["unit", "year", "years_back"], name="stored_rollup_unit_year"
            ),
        )

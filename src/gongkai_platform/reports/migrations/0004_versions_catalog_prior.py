"""Published versions, the catalog item, last year's imported report; a report published before
versions were kept gets its version 1 (the published document, by whoever published it)."""

import hashlib
import json

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def first_versions(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    report_model = apps.get_model("reports", "AnnualReport")
    event_model = apps.get_model("reports", "ReportEvent")
    version_model = apps.get_model("reports", "ReportVersion")
    for report in report_model.objects.filter(state="published"):
        event = event_model.objects.filter(report=report, action="publish").order_by("-id").first()
        if event is None or event.actor_id is None:
            continue
        text = json.dumps(
            report.document, ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )
        day = report.document.get("published_on") or event.at.date().isoformat()
        version_model.objects.create(
            report=report,
            number=1,
            document=report.document,
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            published_on=day,
            actor_id=event.actor_id,
        )


class Migration(migrations.Migration):
    dependencies = (
        ("accounts", "0005_credential_security_event"),
        ("catalog", "0007_report_item_actions"),
        ("reports", "0003_protect_events"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    )

    operations = (
        migrations.AddField(
            model_name="annualreport",
            name="catalog_item",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="annual_report",
                to="catalog.catalogitem",
                verbose_name="目录信息",
            ),
        ),
        migrations.AddField(
            model_name="annualreport",
            name="unrecorded",
            field=models.JSONField(default=dict),
        ),
        migrations.AlterField(
            model_name="reportevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("compile", "汇总"),
                    ("edit", "填写"),
                    ("adjust", "人工调整"),
                    ("publish", "公布"),
                    ("correct", "更正"),
                    ("prior", "导入上年度报告"),
                ],
                max_length=40,
                verbose_name="操作",
            ),
        ),
        migrations.CreateModel(
            name="PriorReport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveIntegerField(verbose_name="年度")),
                ("document", models.JSONField(verbose_name="年报文档（gongkai/annual-report@1）")),
                ("source", models.CharField(max_length=500, verbose_name="来源")),
                ("reason", models.TextField(blank=True, verbose_name="理由")),
                ("at", models.DateTimeField(auto_now=True)),
                (
                    "actor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="prior_reports",
                        to="accounts.unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "上年度报告（导入或填写）",
                "constraints": [
                    models.UniqueConstraint(fields=("unit", "year"), name="prior_report_unit_year")
                ],
            },
        ),
        migrations.CreateModel(
            name="ReportVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveIntegerField(verbose_name="版本")),
                ("document", models.JSONField(verbose_name="年报文档（gongkai/annual-report@1）")),
                ("sha256", models.CharField(max_length=64, verbose_name="内容哈希（SHA-256）")),
                ("published_on", models.DateField(verbose_name="公布或更正日期")),
                ("reason", models.TextField(blank=True, verbose_name="更正理由")),
                ("at", models.DateTimeField(auto_now_add=True)),
                (
                    "actor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "report",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="versions",
                        to="reports.annualreport",
                    ),
                ),
            ],
            options={
                "verbose_name": "年度报告版本",
                "ordering": ("report", "number"),
                "constraints": [
                    models.UniqueConstraint(
                        fields=("report", "number"), name="report_version_number"
                    )
                ],
            },
        ),
        migrations.RunPython(first_versions, migrations.RunPython.noop),
    )

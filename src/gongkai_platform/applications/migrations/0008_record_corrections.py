"""条例 §41: requests to correct a record about the requester, and their audit trail (which
refuses UPDATE and DELETE on PostgreSQL, core.protect)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from gongkai_platform.core.protect import ProtectEvents


class Migration(migrations.Migration):
    dependencies = (
        ("accounts", "0004_protect_events"),
        ("applications", "0007_reply_ground_consultations_extension_request"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    )

    operations = (
        migrations.CreateModel(
            name="RecordCorrection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("received_on", models.DateField(verbose_name="收到更正申请日期")),
                (
                    "requester_name",
                    models.CharField(max_length=100, verbose_name="申请人姓名或名称"),
                ),
                (
                    "id_number",
                    models.CharField(max_length=40, verbose_name="身份证件号码或统一社会信用代码"),
                ),
                ("phone", models.CharField(blank=True, max_length=40, verbose_name="联系电话")),
                ("record", models.CharField(max_length=300, verbose_name="需要更正的政府信息记录")),
                ("evidence", models.TextField(verbose_name="记录不准确的情况及证据")),
                (
                    "reply",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("corrected", "审核属实，予以更正"),
                            ("transferred", "不属于本机关职能范围，转送有权更正的机关处理"),
                            ("referred", "不属于本机关职能范围，告知向有权更正的机关提出"),
                            ("not_verified", "经审核，记录准确，不予更正"),
                        ],
                        max_length=20,
                        verbose_name="处理结果",
                    ),
                ),
                (
                    "other_agency",
                    models.CharField(blank=True, max_length=200, verbose_name="有权更正的机关"),
                ),
                (
                    "replied_on",
                    models.DateField(blank=True, null=True, verbose_name="告知申请人日期"),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="record_corrections",
                        to="accounts.unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "更正政府信息记录申请",
                "ordering": ("-received_on", "-id"),
            },
        ),
        migrations.CreateModel(
            name="CorrectionEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="时间"),
                ),
                ("action", models.CharField(max_length=40, verbose_name="操作")),
                ("before", models.JSONField(default=dict)),
                ("after", models.JSONField(default=dict)),
                ("reason", models.TextField(blank=True, verbose_name="理由或说明")),
                (
                    "prev_hash",
                    models.CharField(blank=True, default="", editable=False, max_length=64),
                ),
                ("hash", models.CharField(default="", editable=False, max_length=64)),
                (
                    "actor",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="操作人",
                    ),
                ),
                (
                    "correction",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="events",
                        to="applications.recordcorrection",
                    ),
                ),
            ],
            options={
                "ordering": ("at", "id"),
                "abstract": False,
            },
        ),
        migrations.AddConstraint(
            model_name="recordcorrection",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("replied_on__isnull", True), ("reply", "")),
                    models.Q(models.Q(("reply", ""), _negated=True), ("replied_on__isnull", False)),
                    _connector="OR",
                ),
                name="record_correction_replied_has_date",
            ),
        ),
        migrations.AddIndex(
            model_name="correctionevent",
            index=models.Index(fields=["correction", "id"], name="correction_event_stream"),
        ),
        ProtectEvents("applications_correctionevent"),
    )

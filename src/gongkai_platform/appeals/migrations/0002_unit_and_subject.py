"""条例 §51: a 复议 or 诉讼 may be about an act other than an application (proactive
disclosure): every case now names its unit (filled from its application for the cases so far)
and, without an application, the act it is about; such a case has its own audit trail."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from gongkai_platform.core.protect import ProtectEvents


def fill_unit(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Appeal = apps.get_model("appeals", "Appeal")
    for appeal in Appeal.objects.select_related("application").filter(unit__isnull=True):
        appeal.unit_id = appeal.application.unit_id
        appeal.save(update_fields=["unit"])


class Migration(migrations.Migration):
    dependencies = (
        ("accounts", "0004_protect_events"),
        ("appeals", "0001_initial"),
        ("applications", "0005_protect_events"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    )

    operations = (
        migrations.CreateModel(
            name="AppealEvent",
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
                ("before", models.JSONField(default=dict)),
                ("after", models.JSONField(default=dict)),
                ("reason", models.TextField(blank=True, verbose_name="理由或说明")),
                (
                    "prev_hash",
                    models.CharField(blank=True, default="", editable=False, max_length=64),
                ),
                ("hash", models.CharField(default="", editable=False, max_length=64)),
                (
                    "action",
                    models.CharField(
                        choices=[("record", "登记复议诉讼"), ("decide", "登记复议诉讼结果")],
                        max_length=40,
                        verbose_name="操作",
                    ),
                ),
            ],
            options={
                "ordering": ("at", "id"),
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="appeal",
            name="subject",
            field=models.CharField(
                blank=True,
                help_text="不涉及依申请公开的，写明所涉行为，如主动公开某信息",
                max_length=200,
                verbose_name="所涉行政行为",
            ),
        ),
        migrations.AddField(
            model_name="appeal",
            name="unit",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="appeals",
                to="accounts.unit",
                verbose_name="被申请人或被告单位",
            ),
        ),
        migrations.RunPython(fill_unit, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="appeal",
            name="unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="appeals",
                to="accounts.unit",
                verbose_name="被申请人或被告单位",
            ),
        ),
        migrations.AlterField(
            model_name="appeal",
            name="application",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="appeals",
                to="applications.application",
                verbose_name="所涉申请",
            ),
        ),
        migrations.AddConstraint(
            model_name="appeal",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("application__isnull", False),
                    models.Q(("subject", ""), _negated=True),
                    _connector="OR",
                ),
                name="appeal_about_an_application_or_a_subject",
            ),
        ),
        migrations.AddField(
            model_name="appealevent",
            name="actor",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="操作人",
            ),
        ),
        migrations.AddField(
            model_name="appealevent",
            name="appeal",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="appeals.appeal",
            ),
        ),
        migrations.AddIndex(
            model_name="appealevent",
            index=models.Index(fields=["appeal", "id"], name="appeal_event_stream"),
        ),
        ProtectEvents("appeals_appealevent"),
    )

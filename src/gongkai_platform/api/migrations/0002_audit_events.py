"""The trail of API tokens issued and revoked (core.audit), refusing UPDATE and DELETE on
PostgreSQL."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from gongkai_platform.core.protect import ProtectEvents


class Migration(migrations.Migration):
    dependencies = (
        ("api", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    )

    operations = (
        migrations.CreateModel(
            name="TokenEvent",
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
                        choices=[("token_issue", "生成接口令牌"), ("token_revoke", "撤销接口令牌")],
                        max_length=40,
                        verbose_name="操作",
                    ),
                ),
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
                    "holder",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "接口令牌记录",
                "ordering": ("at", "id"),
                "abstract": False,
                "indexes": [models.Index(fields=["holder", "id"], name="token_event_stream")],
            },
        ),
        ProtectEvents("api_tokenevent"),
    )

"""The audit chain's fields (core.audit.AuditEvent) on this app's event tables; chained next."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = (
        ("accounts", "0002_admin_event"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    )

    operations = (
        migrations.AddField(
            model_name="adminevent",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="adminevent",
            name="prev_hash",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="unit",
            name="single_person_office",
            field=models.BooleanField(
                db_default=False,
                help_text="仅适用于只有一名工作人员的政府信息公开工作机构；每次例外都单独记录",
                verbose_name="一人办公室：允许同一人完成保密审查和审核",
            ),
        ),
        migrations.AlterField(
            model_name="adminevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("unit_create", "新建单位"),
                    ("unit_update", "修改单位信息"),
                    ("user_create", "新建用户"),
                    ("role_grant", "授予角色"),
                    ("role_revoke", "撤销角色"),
                ],
                max_length=40,
                verbose_name="操作",
            ),
        ),
        migrations.AlterField(
            model_name="adminevent",
            name="actor",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="操作人",
            ),
        ),
        migrations.AlterField(
            model_name="adminevent",
            name="at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="时间"),
        ),
        migrations.AlterField(
            model_name="adminevent",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="admin_events",
                to="accounts.unit",
            ),
        ),
        migrations.AddIndex(
            model_name="adminevent",
            index=models.Index(fields=["unit", "id"], name="admin_event_stream"),
        ),
    )

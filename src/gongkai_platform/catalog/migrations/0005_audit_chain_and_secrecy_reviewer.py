"""The audit chain's fields (core.audit.AuditEvent) on this app's event tables; chained next."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = (
        ("accounts", "0003_audit_chain_fields"),
        ("catalog", "0004_promote_and_data_events"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    )

    operations = (
        migrations.AddField(
            model_name="catalogitem",
            name="secrecy_cleared_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="保密审查人",
            ),
        ),
        migrations.AddField(
            model_name="dataevent",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="dataevent",
            name="prev_hash",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="itemevent",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="itemevent",
            name="prev_hash",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="dataevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("directory_create", "新增基本目录事项"),
                    ("directory_update", "修改基本目录事项"),
                    ("directory_delete", "删除基本目录事项"),
                    ("category_create", "新增目录分类"),
                    ("category_update", "修改目录分类"),
                    ("category_delete", "删除目录分类"),
                ],
                max_length=40,
                verbose_name="操作",
            ),
        ),
        migrations.AlterField(
            model_name="dataevent",
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
            model_name="dataevent",
            name="at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="时间"),
        ),
        migrations.AlterField(
            model_name="dataevent",
            name="unit",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="catalog_data_events",
                to="accounts.unit",
            ),
        ),
        migrations.AlterField(
            model_name="itemevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("create", "新建"),
                    ("import", "导入已发布信息"),
                    ("update", "修改"),
                    ("attach", "添加附件"),
                    ("submit_review", "提交保密审查"),
                    ("clear_secrecy", "保密审查通过"),
                    ("approve", "审核通过"),
                    ("return", "退回修改"),
                    ("publish", "发布"),
                    ("go_live", "定时发布生效"),
                    ("revoke", "撤销发布"),
                    ("set_validity", "变更有效性"),
                    ("promote", "依申请公开转为主动公开"),
                    ("duty_exception", "一人办公室例外：同一人完成保密审查和审核"),
                ],
                max_length=40,
                verbose_name="操作",
            ),
        ),
        migrations.AlterField(
            model_name="itemevent",
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
            model_name="itemevent",
            name="at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="时间"),
        ),
        migrations.AlterField(
            model_name="itemevent",
            name="item",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="catalog.catalogitem",
            ),
        ),
        migrations.AddIndex(
            model_name="dataevent",
            index=models.Index(fields=["unit", "id"], name="data_event_stream"),
        ),
        migrations.AddIndex(
            model_name="itemevent",
            index=models.Index(fields=["item", "id"], name="item_event_stream"),
        ),
    )

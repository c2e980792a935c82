"""条例 §44 promotion (``CatalogItem.source_application``, action ``promote``), the audit trail of
the 主动公开基本目录 and category tree (``DataEvent``), and an entry in use kept (PROTECT)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = (
        ("accounts", "0002_admin_event"),
        ("applications", "0002_reply_approval"),
        ("catalog", "0003_jieba_tokens"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    )

    operations = (
        migrations.AddField(
            model_name="catalogitem",
            name="source_application",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="catalog_items",
                to="applications.application",
                verbose_name="来源申请（条例第四十四条）",
            ),
        ),
        migrations.AlterField(
            model_name="catalogitem",
            name="directory_entry",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="items",
                to="catalog.directoryentry",
                verbose_name="主动公开基本目录事项",
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
                ],
                max_length=20,
                verbose_name="操作",
            ),
        ),
        migrations.CreateModel(
            name="DataEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("directory_create", "新增基本目录事项"),
                            ("directory_update", "修改基本目录事项"),
                            ("directory_delete", "删除基本目录事项"),
                            ("category_create", "新增目录分类"),
                            ("category_update", "修改目录分类"),
                            ("category_delete", "删除目录分类"),
                        ],
                        max_length=30,
                        verbose_name="操作",
                    ),
                ),
                ("at", models.DateTimeField(auto_now_add=True, verbose_name="时间")),
                ("object_id", models.PositiveIntegerField()),
                ("label", models.CharField(max_length=200, verbose_name="对象")),
                ("before", models.JSONField(default=dict)),
                ("after", models.JSONField(default=dict)),
                ("reason", models.TextField(blank=True, verbose_name="理由或说明")),
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
                        related_name="catalog_data_events",
                        to="accounts.unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "目录编制记录",
                "ordering": ("at", "id"),
            },
        ),
    )

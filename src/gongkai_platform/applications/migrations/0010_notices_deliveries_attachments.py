"""The 送达 of each written notice, the files a reply provides (条例 §36(2), §37), and the day an
extension was approved (the 延期告知书's date, §33 para. 2)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = (("applications", "0009_consultations_later_deadline"),)

    operations = (
        migrations.AlterField(
            model_name="event",
            name="action",
            field=models.CharField(
                choices=[
                    ("register", "登记申请"),
                    ("assign", "指定承办人"),
                    ("request_correction", "发出补正告知"),
                    ("receive_correction", "收到补正"),
                    ("close_overdue_correction", "逾期未补正，不再处理"),
                    ("start_third_party", "征求第三方意见"),
                    ("end_third_party", "第三方意见征求结束"),
                    ("start_agency", "征求其他机关意见"),
                    ("end_agency", "其他机关意见征求结束"),
                    ("receive_consultation", "登记对方收到征求意见书日期"),
                    ("notify_third_party", "书面告知第三方决定公开"),
                    ("issue_fee_notice", "发出收费通知"),
                    ("record_fee_payment", "已缴费"),
                    ("close_overdue_fee", "逾期未缴费，不再处理"),
                    ("ask_reasons", "要求申请人说明理由"),
                    ("set_later_deadline", "确定延迟答复期限"),
                    ("request_extension", "申请延长答复期限"),
                    ("extend", "延长答复期限"),
                    ("submit_reply", "提交答复审核"),
                    ("approve_reply", "审核通过，办结答复"),
                    ("return_reply", "退回答复"),
                    ("withdraw", "申请人撤回"),
                    ("record_appeal", "登记复议诉讼"),
                    ("decide_appeal", "登记复议诉讼结果"),
                    ("attach", "上传答复附件"),
                    ("record_delivery", "记录送达"),
                    ("recompute", "节假日安排变更，重新计算期限"),
                ],
                max_length=40,
                verbose_name="操作",
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="extended_on",
            field=models.DateField(blank=True, null=True, verbose_name="批准延期日期"),
        ),
        migrations.CreateModel(
            name="ReplyAttachment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("file", models.FileField(upload_to="replies/%Y/", verbose_name="文件")),
                ("name", models.CharField(max_length=200, verbose_name="文件名")),
                ("content_type", models.CharField(max_length=60)),
                ("uploaded_on", models.DateField(verbose_name="上传日期")),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="attachments",
                        to="applications.application",
                    ),
                ),
            ],
            options={
                "verbose_name": "答复附件",
                "ordering": ("id",),
            },
        ),
        migrations.CreateModel(
            name="Delivery",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("document", models.CharField(max_length=40, verbose_name="送达文书")),
                ("delivered_on", models.DateField(verbose_name="送达日期")),
                (
                    "method",
                    models.CharField(
                        choices=[
                            ("post", "邮寄"),
                            ("email", "电子邮件"),
                            ("in_person", "当面送达"),
                            ("online", "网上获取"),
                        ],
                        max_length=20,
                        verbose_name="送达方式",
                    ),
                ),
                (
                    "tracking_number",
                    models.CharField(blank=True, max_length=60, verbose_name="邮寄单号"),
                ),
                ("recipient", models.CharField(max_length=200, verbose_name="受送达人")),
                ("delivered_by", models.CharField(max_length=100, verbose_name="送达人")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="备注")),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="deliveries",
                        to="applications.application",
                    ),
                ),
            ],
            options={
                "verbose_name": "送达记录",
                "ordering": ("delivered_on", "id"),
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("method", "post"), _negated=True),
                            models.Q(("tracking_number", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="delivery_post_has_tracking_number",
                    )
                ],
            },
        ),
    )

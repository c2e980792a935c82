"""条例 §36: the reply's ground among the two of one 表三 row, the agency responsible under
§36(5) and its contact; a returned draft flagged for the handler; §33 para. 2: the handler's
request for an extension; §35: when the applicant was asked for reasons; §32/§34: the party's
receipt of the request, its opinion, the written notice of an overridden objection; §43: the
help an applicant needs."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = (("applications", "0006_pieces"),)

    operations = (
        migrations.AddField(
            model_name="application",
            name="extension_requested_days",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="申请延长工作日数"
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="ground",
            field=models.CharField(
                blank=True,
                choices=[
                    ("36_1", "已经主动公开，告知获取的方式和途径（条例第三十六条第（一）项）"),
                    ("36_2", "予以提供（条例第三十六条第（二）项）"),
                    ("36_4", "经检索没有所申请公开的信息（条例第三十六条第（四）项）"),
                    ("36_5", "不属于本机关负责公开（条例第三十六条第（五）项）"),
                ],
                max_length=8,
                verbose_name="答复情形",
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="reasons_asked_on",
            field=models.DateField(blank=True, null=True, verbose_name="要求说明理由日期"),
        ),
        migrations.AddField(
            model_name="application",
            name="reply_returned",
            field=models.BooleanField(default=False, verbose_name="答复被退回"),
        ),
        migrations.AddField(
            model_name="application",
            name="responsible_agency",
            field=models.CharField(blank=True, max_length=200, verbose_name="负责公开该信息的机关"),
        ),
        migrations.AddField(
            model_name="application",
            name="responsible_contact",
            field=models.CharField(blank=True, max_length=200, verbose_name="该机关的联系方式"),
        ),
        migrations.AddField(
            model_name="application",
            name="special_needs",
            field=models.CharField(
                blank=True,
                help_text="申请人有阅读困难或者视听障碍的，写明需要的帮助，如大字版、电话告知、手语",
                max_length=200,
                verbose_name="需要的必要帮助（条例第四十三条）",
            ),
        ),
        migrations.AddField(
            model_name="pause",
            name="opinion",
            field=models.CharField(
                blank=True,
                choices=[
                    ("agree", "同意公开"),
                    ("object", "不同意公开"),
                    ("silent", "逾期未提出意见，视为无异议"),
                ],
                max_length=10,
                verbose_name="意见",
            ),
        ),
        migrations.AddField(
            model_name="pause",
            name="party_notified_on",
            field=models.DateField(blank=True, null=True, verbose_name="书面告知第三方日期"),
        ),
        migrations.AddField(
            model_name="pause",
            name="party_received_on",
            field=models.DateField(blank=True, null=True, verbose_name="对方收到征求意见书日期"),
        ),
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
                    ("issue_fee_notice", "发出收费通知"),
                    ("record_fee_payment", "已缴费"),
                    ("close_overdue_fee", "逾期未缴费，不再处理"),
                    ("ask_reasons", "要求申请人说明理由"),
                    ("request_extension", "申请延长答复期限"),
                    ("extend", "延长答复期限"),
                    ("submit_reply", "提交答复审核"),
                    ("approve_reply", "审核通过，办结答复"),
                    ("return_reply", "退回答复"),
                    ("withdraw", "申请人撤回"),
                    ("record_appeal", "登记复议诉讼"),
                    ("decide_appeal", "登记复议诉讼结果"),
                    ("recompute", "节假日安排变更，重新计算期限"),
                ],
                max_length=40,
                verbose_name="操作",
            ),
        ),
    )

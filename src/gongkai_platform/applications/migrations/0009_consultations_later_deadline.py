"""条例 §32, §34: several consultations at once (new actions to record a receipt and the written
notice of an overridden objection); §35: the agency-set later deadline."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = (("applications", "0008_record_corrections"),)

    operations = (
        migrations.AddField(
            model_name="application",
            name="later_due_on",
            field=models.DateField(
                blank=True, null=True, verbose_name="延迟答复期限（条例第三十五条）"
            ),
        ),
        migrations.AlterField(
            model_name="application",
            name="due_kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("reply", "答复期限（条例第三十三条）"),
                    ("correction_reply", "申请人补正期限（条例第三十条）"),
                    ("third_party_reply", "第三方答复期限（条例第三十二条）"),
                    ("agency_reply", "其他机关答复期限（条例第三十四条）"),
                    ("fee_payment", "缴费期限（国办函〔2020〕109号）"),
                    ("later_reply", "延迟答复期限（条例第三十五条）"),
                ],
                max_length=20,
                verbose_name="期限类型",
            ),
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
                    ("recompute", "节假日安排变更，重新计算期限"),
                ],
                max_length=40,
                verbose_name="操作",
            ),
        ),
    )

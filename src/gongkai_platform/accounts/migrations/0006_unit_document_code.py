"""The unit's 发文机关代字 (the 文号 of its written notices) and how a 信息处理费 is paid."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = (("accounts", "0005_credential_security_event"),)

    operations = (
        migrations.AddField(
            model_name="unit",
            name="document_code",
            field=models.CharField(
                blank=True,
                db_default="",
                help_text="书面告知文号的机关代字，如“甲镇政信”；留空则使用单位名称",
                max_length=30,
                verbose_name="发文机关代字",
            ),
        ),
        migrations.AddField(
            model_name="unit",
            name="payment_instructions",
            field=models.CharField(
                blank=True,
                db_default="",
                help_text="收费通知书中告知申请人的缴费方式，如收款单位、账号、缴费地点",
                max_length=300,
                verbose_name="信息处理费缴纳方式",
            ),
        ),
    )

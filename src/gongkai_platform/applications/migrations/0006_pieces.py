"""109号 §4: the 件 an application is split into, so the month's running count numbers the
applicant's later applications from it."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = (("applications", "0005_protect_events"),)

    operations = (
        migrations.AddField(
            model_name="application",
            name="pieces",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="一份申请按国办函〔2020〕109号拆分为多件的，填写件数；未拆分的留空，计为1件",
                null=True,
                validators=[django.core.validators.MinValueValidator(1)],
                verbose_name="计件数",
            ),
        ),
    )

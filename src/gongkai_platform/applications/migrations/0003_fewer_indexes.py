"""Three indexes fewer on applications, each redundant, so that a row rewrite (the recount of
every open due date after a holiday notice) updates seven indexes instead of ten: the unit's own
(the composite indexes begin with it), the single-column due date's (the open-case partial
indexes serve every query by due date) and the LIKE index Django adds for ``unique=True`` on a
text column (the 查询码 stays unique, as a constraint)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = (
        ("accounts", "0001_initial"),
        ("applications", "0002_reply_approval"),
    )

    operations = (
        migrations.AlterField(
            model_name="application",
            name="due_on",
            field=models.DateField(blank=True, null=True, verbose_name="期限届满日"),
        ),
        migrations.AlterField(
            model_name="application",
            name="query_code",
            field=models.CharField(max_length=12, verbose_name="查询码"),
        ),
        migrations.AddConstraint(
            model_name="application",
            constraint=models.UniqueConstraint(
                fields=("query_code",), name="application_query_code"
            ),
        ),
        migrations.AlterField(
            model_name="application",
            name="unit",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="applications",
                to="accounts.unit",
            ),
        ),
    )

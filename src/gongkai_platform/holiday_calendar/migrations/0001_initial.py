"""The holiday calendar gets its own app: its table moves here (state only) and its trail gets
its own hash-chained event table (the events so far are moved from accounts in 0002)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = (
        ("applications", "0003_fewer_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    )

    operations = (
        # The table was created by the applications app (0001) and is kept as it is: only the
        # model's home moves (applications 0004 removes it from that app's state).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CalendarDay",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("day", models.DateField(unique=True, verbose_name="日期")),
                        (
                            "off",
                            models.BooleanField(help_text="否则为调休上班日", verbose_name="放假"),
                        ),
                        ("name", models.CharField(max_length=40, verbose_name="节日")),
                        ("notice", models.CharField(max_length=100, verbose_name="通知文号")),
                        ("entered_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "entered_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "节假日安排",
                        "db_table": "applications_calendarday",
                        "ordering": ("day",),
                    },
                ),
            ],
        ),
        migrations.CreateModel(
            name="CalendarEvent",
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
                ("year", models.PositiveIntegerField(verbose_name="年度")),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("calendar_enter_year", "录入全年节假日安排"),
                            ("calendar_save_day", "保存节假日安排日期"),
                            ("calendar_delete_day", "删除节假日安排日期"),
                        ],
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
            ],
            options={
                "verbose_name": "节假日安排记录",
                "ordering": ("at", "id"),
                "abstract": False,
                "indexes": [models.Index(fields=["year", "id"], name="calendar_event_stream")],
            },
        ),
    )

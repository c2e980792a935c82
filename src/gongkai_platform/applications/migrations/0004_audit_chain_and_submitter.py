"""The audit chain's fields on the events of applications (chained in 0005); who submitted a reply
awaiting approval (the approver must be someone else), filled from the trail for replies already
waiting; the holiday calendar's model moves to its own app."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def submitters(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Application = apps.get_model("applications", "Application")
    Event = apps.get_model("applications", "Event")
    for app in Application.objects.filter(state="awaiting_approval"):
        last = Event.objects.filter(application=app, action="submit_reply").order_by("-id").first()
        if last is not None:
            Application.objects.filter(pk=app.pk).update(reply_submitted_by=last.actor_id)


class Migration(migrations.Migration):
    dependencies = (
        ("applications", "0003_fewer_indexes"),
        ("holiday_calendar", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    )

    operations = (
        # CalendarDay moves to the holiday_calendar app, its table kept (state only).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="calendarday", name="entered_by"),
                migrations.DeleteModel(name="CalendarDay"),
            ],
        ),
        migrations.AddField(
            model_name="application",
            name="reply_submitted_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="提交审核人",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="event",
            name="prev_hash",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="event",
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
            model_name="event",
            name="application",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="applications.application",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="时间"),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["application", "id"], name="event_stream"),
        ),
        migrations.RunPython(submitters, migrations.RunPython.noop),
    )

"""The calendar's events so far move from the accounts' trail (where they were administrative
events without a unit) to their own table, one stream per year; chained; then the table refuses
UPDATE and DELETE on PostgreSQL (core.protect)."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from gongkai_platform.core.audit import chain_existing
from gongkai_platform.core.protect import ProtectEvents

ACTIONS = ("calendar_enter_year", "calendar_save_day", "calendar_delete_day")


def move(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    AdminEvent = apps.get_model("accounts", "AdminEvent")
    CalendarEvent = apps.get_model("holiday_calendar", "CalendarEvent")
    moved = AdminEvent.objects.filter(action__in=ACTIONS).order_by("id")
    for event in moved:
        days = sorted({*event.before, *event.after})
        CalendarEvent.objects.create(
            year=int(days[0][:4]) if days else event.at.year,
            action=event.action,
            actor_id=event.actor_id,
            at=event.at,
            before=event.before,
            after=event.after,
            reason=event.reason,
        )
    moved.delete()
    chain_existing(CalendarEvent, "year")


class Migration(migrations.Migration):
    dependencies = (
        ("holiday_calendar", "0001_initial"),
        ("accounts", "0003_audit_chain_fields"),
    )

    operations = (
        migrations.RunPython(move, migrations.RunPython.noop),
        ProtectEvents("holiday_calendar_calendarevent"),
    )

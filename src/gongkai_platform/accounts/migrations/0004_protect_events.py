"""The administrative events written so far (the calendar's moved out by holiday_calendar 0002) get
their hash chain (per unit); then the table refuses UPDATE and DELETE on PostgreSQL."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from gongkai_platform.core.audit import chain_existing
from gongkai_platform.core.protect import ProtectEvents


def chain(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    chain_existing(apps.get_model("accounts", "AdminEvent"), "unit_id")


class Migration(migrations.Migration):
    dependencies = (
        ("accounts", "0003_audit_chain_fields"),
        ("holiday_calendar", "0002_calendar_events"),
    )

    operations = (
        migrations.RunPython(chain, migrations.RunPython.noop),
        ProtectEvents("accounts_adminevent"),
    )

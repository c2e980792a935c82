"""The reports' events written so far get their hash chain (per report); then the table refuses
UPDATE and DELETE on PostgreSQL (core.protect)."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from gongkai_platform.core.audit import chain_existing
from gongkai_platform.core.protect import ProtectEvents


def chain(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    chain_existing(apps.get_model("reports", "ReportEvent"), "report_id")


class Migration(migrations.Migration):
    dependencies = (("reports", "0002_audit_chain"),)

    operations = (
        migrations.RunPython(chain, migrations.RunPython.noop),
        ProtectEvents("reports_reportevent"),
    )

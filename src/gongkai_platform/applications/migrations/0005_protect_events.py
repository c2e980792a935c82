"""The events written so far get their hash chain (one stream per application, in id order); then
the table refuses UPDATE and DELETE on PostgreSQL (core.protect)."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from gongkai_platform.core.audit import chain_existing
from gongkai_platform.core.protect import ProtectEvents


def chain(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    chain_existing(apps.get_model("applications", "Event"), "application_id")


class Migration(migrations.Migration):
    dependencies = (("applications", "0004_audit_chain_and_submitter"),)

    operations = (
        migrations.RunPython(chain, migrations.RunPython.noop),
        ProtectEvents("applications_event"),
    )

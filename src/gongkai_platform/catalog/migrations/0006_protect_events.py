"""The catalog's events written so far get their hash chains (per item; per unit for the directory
and categories); then the tables refuse UPDATE and DELETE on PostgreSQL (core.protect)."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from gongkai_platform.core.audit import chain_existing
from gongkai_platform.core.protect import ProtectEvents


def chain(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    chain_existing(apps.get_model("catalog", "ItemEvent"), "item_id")
    chain_existing(apps.get_model("catalog", "DataEvent"), "unit_id")


class Migration(migrations.Migration):
    dependencies = (("catalog", "0005_audit_chain_and_secrecy_reviewer"),)

    operations = (
        migrations.RunPython(chain, migrations.RunPython.noop),
        ProtectEvents("catalog_itemevent"),
        ProtectEvents("catalog_dataevent"),
    )

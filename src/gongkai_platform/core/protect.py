"""Audit event tables that refuse change: on PostgreSQL a trigger raises on every UPDATE and
DELETE of a row, so an event once written stays as written, whatever the application code or a
person at the SQL prompt tries.  The hash chain (:mod:`.audit`) shows a change made anyway (by the
table's owner disabling the trigger, or on SQLite, which has no such guard here).  TRUNCATE, the
owner's emptying of a whole table (test databases are reset with it), is not intercepted; a
table emptied shows in ``audit_verify`` only as missing streams, so backups keep the events.

Used in migrations: ``ProtectEvents("applications_event")`` after the table exists.  A data
migration that must rewrite events (adding the hash chain to existing rows) runs before it.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION gongkai_audit_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '审计记录不可修改或删除（表 %%，操作 %%）', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql
"""


class ProtectEvents(migrations.operations.base.Operation):
    """Install (forwards) or remove (backwards) the refusing trigger on ``table``."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, table: str) -> None:
        self.table = table

    def state_forwards(self, app_label: str, state: Any) -> None:
        return None

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        schema_editor.execute(FUNCTION)
        trigger = quote(f"{self.table}_refuse_change")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {quote(self.table)}")
        schema_editor.execute(
            f"CREATE TRIGGER {trigger} BEFORE UPDATE OR DELETE ON {quote(self.table)} "
            "FOR EACH ROW EXECUTE FUNCTION gongkai_audit_refuse_change()"
        )

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        trigger = quote(f"{self.table}_refuse_change")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {quote(self.table)}")

    def describe(self) -> str:
        return f"Refuse UPDATE and DELETE of {self.table} rows (PostgreSQL)"

"""PostgreSQL search structures (see ``catalog.search``): a stored, generated ``search_vector``
column (``to_tsvector('simple', search_tokens)``) with a GIN index, and — where the pg_trgm
extension can be created — a trigram index on titles and summaries for one-character searches.
The model does not declare the column: PostgreSQL keeps it, and only the search reads it.  Other
databases need nothing: they scan ``search_tokens``."""

from django.db import migrations, transaction
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

VECTOR = (
    "ALTER TABLE catalog_catalogitem ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_tokens)) STORED"
)
VECTOR_INDEX = (
    "CREATE INDEX IF NOT EXISTS catalog_item_search_vector ON catalog_catalogitem "
    "USING gin (search_vector)"
)
TRIGRAM = (
    "CREATE INDEX IF NOT EXISTS catalog_item_title_trgm ON catalog_catalogitem "
    "USING gin (title gin_trgm_ops, summary gin_trgm_ops)"
)


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(VECTOR)
        cursor.execute(VECTOR_INDEX)
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                cursor.execute(TRIGRAM)
        except Exception:  # pg_trgm not installed or not permitted: short words scan instead
            pass


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS catalog_item_title_trgm")
        cursor.execute("DROP INDEX IF EXISTS catalog_item_search_vector")
        cursor.execute("ALTER TABLE catalog_catalogitem DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = (("catalog", "0001_initial"),)
    operations = (migrations.RunPython(create, drop),)

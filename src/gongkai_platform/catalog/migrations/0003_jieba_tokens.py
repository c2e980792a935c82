"""Search tokens cut by jieba (see ``catalog.search``): every item's ``search_tokens`` is
recomputed from its title, summary, body, 文号, 索引号 and attachment text, and PostgreSQL's
generated ``search_vector`` follows.  The pg_trgm index of migration 0002 is dropped: trigrams
cannot index a Chinese substring shorter than three characters, the one case it was for; the
character and bigram tokens in the GIN index of ``search_vector`` serve it now."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

BATCH = 2000


def retokenise(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from gongkai_platform.catalog.search import index_text

    item_model = apps.get_model("catalog", "CatalogItem")
    attachment_model = apps.get_model("catalog", "Attachment")
    texts: dict[int, list[str]] = {}
    for item_id, text in attachment_model.objects.values_list("item_id", "text"):
        texts.setdefault(item_id, []).append(text)
    batch = []
    for item in item_model.objects.order_by("pk").iterator(chunk_size=BATCH):
        own = [item.title, item.summary, item.body, item.doc_number, item.index_number or ""]
        item.search_tokens = index_text([*own, *texts.get(item.pk, [])])
        batch.append(item)
        if len(batch) == BATCH:
            item_model.objects.bulk_update(batch, ["search_tokens"])
            batch = []
    item_model.objects.bulk_update(batch, ["search_tokens"])


def drop_trigram_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS catalog_item_title_trgm")


class Migration(migrations.Migration):
    dependencies = (("catalog", "0002_search_indexes"),)
    operations = (
        migrations.RunPython(drop_trigram_index, migrations.RunPython.noop),
        migrations.RunPython(retokenise, migrations.RunPython.noop),
    )

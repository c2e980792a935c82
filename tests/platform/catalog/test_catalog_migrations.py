"""Migration catalog 0003 recomputes the search tokens of items that existed before jieba: an
item stored with the old character-bigram tokens is found by a jieba word afterwards."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gongkai_platform.catalog import search

BEFORE = [("catalog", "0002_search_indexes")]
AFTER = [("catalog", "0003_jieba_tokens")]


@pytest.mark.django_db(transaction=True)
def test_0003_retokenises_existing_items() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    unit = old.get_model("accounts", "Unit").objects.create(
        name="甲镇人民政府", kind="township", ogi_office="党政办", index_prefix="123456788"
    )
    item = old.get_model("catalog", "CatalogItem").objects.create(
        unit=unit, title="关于农村危房改造补助的通知", publisher="甲镇人民政府",
        formed_on="2025-03-03", search_tokens=" 农村 村危 危房 房改 改造 ",
    )  # fmt: skip
    old.get_model("catalog", "Attachment").objects.create(
        item=item, file="catalog/a.pdf", name="a.pdf", content_type="application/pdf", size=1,
        text="补助对象须提供房屋安全鉴定报告",
    )  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    tokens = new.get_model("catalog", "CatalogItem").objects.get(pk=item.pk).search_tokens
    assert tokens == search.index_text(
        ["关于农村危房改造补助的通知", "", "", "", "", "补助对象须提供房屋安全鉴定报告"]
    )
    assert " 危房改造 " in tokens and " 鉴定 " in tokens
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # back to the latest state

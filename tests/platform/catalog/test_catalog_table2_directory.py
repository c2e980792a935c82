"""表二 第二十条第（一）项 from the catalog, and the 主动公开基本目录 findings (missing, late)."""

from __future__ import annotations

from datetime import date

import pytest
from catalog_world import CatalogWorld
from django.test import Client
from django.urls import reverse

from gongkai_platform.catalog import directory, services
from gongkai_platform.catalog.models import CatalogItem, DirectoryEntry, DocKind
from gongkai_platform.catalog.table2 import compile_table2
from gongkai_platform.reports.selectors import cell_records
from gongkai_platform.reports.services import report_compile

D = date.fromisoformat


def doc(
    cw: CatalogWorld, kind: str, formed: str, *, index: str, invalid: tuple[str, str] | None = None
) -> CatalogItem:
    validity, on = invalid or ("valid", "")
    fields = cw.fields(
        title=f"{kind}{index}", doc_kind=kind, formed_on=D(formed), validity=validity,
        invalid_on=D(on) if on else None, category=None,
    )  # fmt: skip
    return services.catalog_item_import(
        actor=cw.w.approver, unit=cw.w.town_a, fields=fields, index=index, published_on=D(formed)
    )


def test_table2_counts_made_repealed_and_in_force(cw: CatalogWorld) -> None:
    """30号 表二 第二十条第（一）项, 2024, counted by hand from the five documents below."""
    doc(cw, DocKind.NORMATIVE_DOC, "2020-05-06", index="N1")  # in force
    doc(cw, DocKind.NORMATIVE_DOC, "2024-03-01", index="N2")  # made 2024, in force
    doc(
        cw, DocKind.NORMATIVE_DOC, "2021-01-04", index="N3", invalid=("repealed", "2024-09-30")
    )  # repealed 2024
    doc(
        cw, DocKind.NORMATIVE_DOC, "2019-01-04", index="N4", invalid=("expired", "2024-12-31")
    )  # expired, not 废止
    doc(
        cw, DocKind.REGULATION, "2024-11-11", index="R1", invalid=("repealed", "2025-02-01")
    )  # made 2024, repealed 2025
    revoked = doc(cw, DocKind.NORMATIVE_DOC, "2024-06-03", index="N5")
    services.catalog_item_revoke(actor=cw.w.approver, item=revoked, reason="误发")  # never counts
    cw.published(formed_on=D("2024-02-02"), title="普通通知")  # not a 规范性文件
    table = compile_table2(cw.w.town_a, 2024)
    assert table.cells == {
        "t2.regulation.issued": 1,
        "t2.regulation.repealed": 0,
        "t2.regulation.in_force": 1,
        "t2.normative_doc.issued": 1,
        "t2.normative_doc.repealed": 1,
        "t2.normative_doc.in_force": 2,
    }
    assert compile_table2(cw.w.town_a, 2025).cells["t2.regulation.repealed"] == 1
    assert compile_table2(cw.w.town_b, 2024).cells["t2.normative_doc.in_force"] == 0
    assert len(table.sources["t2.normative_doc.in_force"]) == 2


def test_the_compiled_report_takes_table2_from_the_catalog(cw: CatalogWorld) -> None:
    item = doc(cw, DocKind.NORMATIVE_DOC, "2024-03-01", index="N2")
    report = report_compile(actor=cw.w.approver, unit=cw.w.town_a, year=2024)
    assert report.document["cells"]["t2.normative_doc.issued"] == 1
    assert report.document["cells"]["t2.normative_doc.in_force"] == 1
    # Every figure drills down to its records: here the catalog item behind the 表二 cell.
    records = cell_records(report, "t2.normative_doc.issued")
    assert [i.pk for i in records.items] == [item.pk]
    assert not records.applications.exists() and not records.appeals.exists()
    assert not cell_records(report, "t2.regulation.issued").items.exists()


def test_table2_drill_down_page_lists_the_catalog_items(cw: CatalogWorld, client: Client) -> None:
    item = doc(cw, DocKind.NORMATIVE_DOC, "2024-03-01", index="N2")
    report = report_compile(actor=cw.w.approver, unit=cw.w.town_a, year=2024)
    client.force_login(cw.w.approver)
    page = client.get(reverse("report_cell", args=[report.pk, "t2.normative_doc.issued"]))
    assert page.status_code == 200
    assert item.title in page.content.decode()


@pytest.fixture
def entry(cw: CatalogWorld) -> DirectoryEntry:
    return DirectoryEntry.objects.create(
        unit=cw.w.town_a, area="财政预决算", item_l1="财政预决算", item_l2="部门预算",
        content_elements="预算报表、说明", legal_basis="《预算法》第十四条", publisher="甲镇人民政府",
        channels=["website"], levels=["township"],
    )  # fmt: skip


def test_an_entry_with_nothing_published_is_missing(
    cw: CatalogWorld, entry: DirectoryEntry
) -> None:
    [finding] = directory.findings(cw.w.town_a, 2025, today=D("2026-01-10"))
    assert finding.kind == "missing" and "2025年应至少发布1条，实际发布0条" in finding.message
    assert "《预算法》第十四条" in finding.message
    assert directory.findings(cw.w.town_b, 2025, today=D("2026-01-10")) == []


def test_late_and_on_time_items_of_an_entry(cw: CatalogWorld, entry: DirectoryEntry) -> None:
    """Time limit 20 working days (条例第二十六条): formed 2025-03-03, due 2025-03-31."""
    late = services.catalog_item_import(
        actor=cw.w.approver, unit=cw.w.town_a, fields=cw.fields(directory_entry=entry), index="B-1",
        published_on=D("2025-04-01"),
    )  # fmt: skip
    services.catalog_item_import(
        actor=cw.w.approver, unit=cw.w.town_a, fields=cw.fields(directory_entry=entry, title="按时"),
        index="B-2", published_on=D("2025-03-31"),
    )  # fmt: skip
    waiting = cw.draft(directory_entry=entry, title="还在草稿")
    found = directory.findings(cw.w.town_a, 2025, today=D("2025-06-01"))
    assert [(f.kind, f.item) for f in found] == [("late", late), ("late", waiting)]
    assert "晚于公开时限届满日2025-03-31" in found[0].message
    assert "尚未发布" in found[1].message
    entry.time_limit_days = 7  # 许可/处罚 公示 use 7 working days in many 标准目录
    entry.save()
    found = directory.findings(cw.w.town_a, 2025, today=D("2025-06-01"))
    assert len([f for f in found if f.kind == "late"]) == 3

"""表二 第二十条第（一）项 of the annual report from the catalog: 规章 and 行政规范性文件 made, repealed
and in force in a year (国办公开办函〔2021〕30号; docs/law.md §1.3, keys of report-json.md).

Counted from published items only (a revoked item never counts), by their metadata:

- 本年制发件数 (``issued``): 成文日期 in the year;
- 本年废止件数 (``repealed``): 有效性 废止 with the 废止日期 in the year (失效 — expiry by its own
  terms — is not 废止 and is not counted here);
- 现行有效件数 (``in_force``): made by 31 December and not 失效 or 废止 on or before that day.

Each cell keeps the items behind it (``catalog-<id>``) for drill-down.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from gongkai_platform.accounts.models import Unit
from gongkai_platform.catalog.models import CatalogItem, DocKind
from gongkai_platform.catalog.states import ItemState

SOURCE_PREFIX = "catalog-"
ROWS = {DocKind.REGULATION: "regulation", DocKind.NORMATIVE_DOC: "normative_doc"}


@dataclass
class Table2:
    cells: dict[str, int] = field(default_factory=dict)
    sources: dict[str, list[str]] = field(default_factory=dict)


def compile_table2(unit: Unit, year: int) -> Table2:
    start, end = date(year, 1, 1), date(year, 12, 31)
    table = Table2()
    items = CatalogItem.objects.filter(
        unit=unit, state=ItemState.PUBLISHED, doc_kind__in=list(ROWS)
    )
    conditions = {
        "issued": Q(formed_on__range=(start, end)),
        "repealed": Q(validity="repealed", invalid_on__range=(start, end)),
        "in_force": Q(formed_on__lte=end) & (Q(invalid_on__isnull=True) | Q(invalid_on__gt=end)),
    }
    for kind, row in ROWS.items():
        for column, condition in conditions.items():
            ids = list(items.filter(condition, doc_kind=kind).values_list("pk", flat=True))
            key = f"t2.{row}.{column}"
            table.cells[key] = len(ids)
            table.sources[key] = [f"{SOURCE_PREFIX}{pk}" for pk in ids]
    return table

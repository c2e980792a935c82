"""Reads of annual reports and of the records behind a cell, scoped like every other read."""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import QuerySet

from gongkai import formats
from gongkai_platform.accounts.scoping import AnyUser, readable_units
from gongkai_platform.appeals.models import Appeal
from gongkai_platform.applications.models import Application
from gongkai_platform.catalog.models import CatalogItem
from gongkai_platform.catalog.table2 import SOURCE_PREFIX
from gongkai_platform.reports.models import AnnualReport
from gongkai_platform.reports.services import APPEAL_PREFIX

OUTCOME_ROWS = formats.t3_outcome_rows(formats.CN2021)


def report_list(user: AnyUser) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(unit__in=readable_units(user)).select_related("unit")


def report_get(user: AnyUser, pk: int) -> AnnualReport:
    return report_list(user).get(pk=pk)


def parts(key: str) -> list[str]:
    """The leaf cells a cell sums (itself if it is a leaf), from the format's identities:
    表三 总计 column = the applicant columns (I3); （七）总计 = the outcome rows (I2);
    表四 总计 = the four results (I4)."""
    table, rest = key.split(".", 1)
    if table == "t3":
        row, col = rest.rsplit(".", 1)
        rows = OUTCOME_ROWS if row == "total_processed" else (row,)
        cols = formats.T3_APPLICANT_COLUMNS if col == "total" else (col,)
        return [f"t3.{r}.{c}" for r in rows for c in cols]
    if table == "t4":
        block, col = rest.rsplit(".", 1)
        return [f"t4.{block}.{c}" for c in (formats.T4_RESULTS if col == "total" else (col,))]
    return [key]  # 表二: every cell is a leaf


class CellRecords(NamedTuple):
    """The records counted in one cell: applications and appeals (表三, 表四), catalog items (表二)."""

    applications: QuerySet[Application]
    appeals: QuerySet[Appeal]
    items: QuerySet[CatalogItem]


def cell_records(report: AnnualReport, key: str) -> CellRecords:
    """The records counted in cell ``key`` (drill-down), all of the report's own unit."""
    ids = [i for part in parts(key) for i in report.sources.get(part, [])]
    applications = [int(i) for i in ids if i.isdigit()]
    appeals = [int(i.removeprefix(APPEAL_PREFIX)) for i in ids if i.startswith(APPEAL_PREFIX)]
    items = [int(i.removeprefix(SOURCE_PREFIX)) for i in ids if i.startswith(SOURCE_PREFIX)]
    return CellRecords(
        Application.objects.filter(unit=report.unit, pk__in=applications).select_related("unit"),
        Appeal.objects.filter(unit=report.unit, pk__in=appeals).select_related("application"),
        CatalogItem.objects.filter(unit=report.unit, pk__in=items).order_by("formed_on", "pk"),
    )

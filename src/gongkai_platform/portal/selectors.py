"""Reads of the portal, in one place (the pages hold no queries of their own).

Public reads start from ``catalog.selectors.public_items`` / ``public_attachment`` (published
items only) and from the published annual reports; nothing unpublished is reachable from the
portal, whatever the URL.  Staff reads (the inbox of online submissions) are scoped to the units
where the user may register applications.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.db.models.functions import ExtractYear

from gongkai_platform.accounts.models import Unit
from gongkai_platform.applications import selectors as applications
from gongkai_platform.catalog import selectors as catalog
from gongkai_platform.catalog.models import Attachment, CatalogItem, Category, Column
from gongkai_platform.portal.models import FollowUp, OnlineApplication, Submission, UnitGuide
from gongkai_platform.reports.models import AnnualReport, ReportState, ReportVersion

public_items = catalog.public_items
public_steps = applications.public_steps
tracked_application = applications.tracked_application
public_attachment = catalog.public_attachment


def units() -> QuerySet[Unit]:
    """Every unit, in tree order, for the portal's lists."""
    return Unit.objects.order_by("path").only("id", "name", "path", "kind")


def unit(pk: int) -> Unit | None:
    return Unit.objects.filter(pk=pk).first()


def unit_items(unit: Unit) -> QuerySet[CatalogItem]:
    return public_items().filter(unit=unit)


def column_items(unit: Unit, column: Column) -> QuerySet[CatalogItem]:
    return public_items().filter(unit=unit, category__column=column)


def statutory_items(unit: Unit) -> QuerySet[CatalogItem]:
    """法定主动公开内容: the unit's published items outside the 制度 and 年报 columns."""
    return unit_items(unit).exclude(category__column__in=[Column.RULES, Column.ANNUAL_REPORT])


def in_category(items: QuerySet[CatalogItem], category: Category) -> QuerySet[CatalogItem]:
    """``items`` filed under ``category`` or one of its sub-categories."""
    return items.filter(category__in=[category, *category.children.all()])


def statutory_categories(unit: Unit, *, top_only: bool = False) -> QuerySet[Category]:
    found = Category.objects.filter(unit=unit, column=Column.STATUTORY)
    return (found.filter(parent=None) if top_only else found).order_by("position", "id")


def category(unit: Unit, pk: int) -> Category | None:
    return Category.objects.filter(unit=unit, pk=pk).first()


def guide(unit: Unit) -> tuple[UnitGuide | None, QuerySet[Category]]:
    """The 指南's contact details of ``unit`` and its whole category tree."""
    details = UnitGuide.objects.filter(unit=unit).first()
    return details, Category.objects.filter(unit=unit).order_by("column", "position", "id")


def years(items: QuerySet[CatalogItem]) -> list[int]:
    """The years in which ``items`` were published, newest first."""
    return list(
        items.annotate(y=ExtractYear("published_on"))
        .values_list("y", flat=True)
        .distinct()
        .order_by("-y")
    )


def published_reports() -> QuerySet[AnnualReport]:
    """Published annual reports with their published versions (the public lists the earlier
    versions of a corrected report, and says when it was corrected) and their catalog item."""
    return (
        AnnualReport.objects.filter(state=ReportState.PUBLISHED)
        .select_related("unit", "catalog_item")
        .prefetch_related(
            Prefetch(
                "versions", queryset=ReportVersion.objects.defer("document").order_by("number")
            )
        )
    )


def item_report(item: CatalogItem) -> AnnualReport | None:
    """The published annual report whose catalog item ``item`` is, if it is one."""
    return published_reports().filter(catalog_item=item).first()


def report_version(pk: int, number: int) -> ReportVersion:
    """A published version of a published report (any earlier one a corrected report lists)."""
    return ReportVersion.objects.select_related("report__unit").get(
        report__in=published_reports(), report_id=pk, number=number
    )


def report_items() -> QuerySet[CatalogItem]:
    """Every unit's annual reports kept as catalog items (with their files)."""
    return (
        public_items()
        .filter(category__column=Column.ANNUAL_REPORT, annual_report__isnull=True)
        .order_by("-published_on", "unit__path")
        .prefetch_related("attachments")
    )


def public_item(pk: int) -> CatalogItem:
    """A published item with its 目录 entry; ``CatalogItem.DoesNotExist`` otherwise."""
    return public_items().select_related("directory_entry").get(pk=pk)


def searchable(unit: int | None, art20: str, year: int | None) -> QuerySet[CatalogItem]:
    """Published items narrowed by the search form's filters, with their attachments' text."""
    items = public_items()
    if unit:
        items = items.filter(unit_id=unit)
    if art20:
        items = items.filter(art20=art20)
    if year:
        items = items.filter(published_on__year=year)
    return items.prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.only("id", "item_id", "name", "text"))
    )


def tracked(pk: int) -> OnlineApplication | None:
    return OnlineApplication.objects.select_related("application", "unit").filter(pk=pk).first()


def online_applications(units: QuerySet[Unit]) -> QuerySet[OnlineApplication]:
    return OnlineApplication.objects.filter(unit__in=units).select_related("unit")


def follow_ups(units: QuerySet[Unit]) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(online__unit__in=units).select_related(
        "online__unit", "online__application"
    )


def inbox(units: QuerySet[Unit]) -> tuple[QuerySet[OnlineApplication], QuerySet[FollowUp]]:
    """Online applications and follow-ups of ``units`` waiting for staff to confirm receipt."""
    return (
        online_applications(units).filter(state=Submission.PENDING),
        follow_ups(units).filter(confirmed_at__isnull=True),
    )


def guide_of(unit: Unit) -> UnitGuide:
    """The unit's 指南 row for its edit form (a new, unsaved one if it has none yet)."""
    return UnitGuide.objects.filter(unit=unit).first() or UnitGuide(unit=unit)

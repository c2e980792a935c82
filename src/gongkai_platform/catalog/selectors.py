"""Reads of the catalog.  Two doors only:

- :func:`public_items` — what anyone may see: published items, nothing else.  Every portal page,
  the search, the feeds and the attachment downloads start from it, so a draft, an item in review,
  a scheduled item before its time or a revoked item (with its attachments) is never shown.
- :func:`staff_items` — what a signed-in user may see, scoped by ``accounts.scoping``.
"""

from __future__ import annotations

from datetime import date

from django.db.models import F, QuerySet
from django.utils import timezone

from gongkai_platform.accounts.models import Unit
from gongkai_platform.accounts.scoping import AnyUser, readable_units
from gongkai_platform.catalog.models import Attachment, CatalogItem
from gongkai_platform.catalog.states import UNPUBLISHED, ItemState


def public_items() -> QuerySet[CatalogItem]:
    return CatalogItem.objects.filter(state=ItemState.PUBLISHED).select_related("unit", "category")


def public_attachment(pk: int) -> Attachment:
    """An attachment whose item is published; ``Attachment.DoesNotExist`` otherwise."""
    return Attachment.objects.select_related("item").get(pk=pk, item__state=ItemState.PUBLISHED)


def staff_items(user: AnyUser) -> QuerySet[CatalogItem]:
    return CatalogItem.objects.filter(unit__in=readable_units(user)).select_related(
        "unit", "category"
    )


def overdue_items(user: AnyUser, today: date | None = None) -> QuerySet[CatalogItem]:
    """Items not yet published whose §26 date has passed (条例第二十六条), most overdue first."""
    day = timezone.localdate() if today is None else today
    return staff_items(user).filter(state__in=UNPUBLISHED, due_on__lt=day).order_by("due_on")


def late_items(unit: Unit, year: int) -> QuerySet[CatalogItem]:
    """Items of ``unit`` published in ``year`` after their §26 date."""
    return (
        public_items()
        .filter(unit=unit, published_on__year=year, published_on__gt=F("due_on"))
        .order_by("published_on")
    )

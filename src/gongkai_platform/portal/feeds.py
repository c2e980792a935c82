"""Atom feed of each unit's newly published items (条例 §23: published information reaches
people through the channels they use)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from gongkai_platform.accounts.models import Unit
from gongkai_platform.catalog.models import CatalogItem
from gongkai_platform.portal import selectors

FEED_SIZE = 30


class UnitFeed(Feed[CatalogItem, Unit]):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, unit: int) -> Unit:
        found = selectors.unit(unit)
        if found is None:
            raise Http404
        return found

    def title(self, obj: Unit) -> str:
        return f"{obj.name} 政府信息公开"

    def subtitle(self, obj: Unit) -> str:
        return f"{obj.name}最新主动公开的政府信息"

    def link(self, obj: Unit) -> str:
        return reverse("portal:unit", args=[obj.pk])

    def items(self, obj: Unit) -> list[CatalogItem]:
        return list(selectors.unit_items(obj).order_by("-published_at", "-id")[:FEED_SIZE])

    def item_title(self, item: CatalogItem) -> str:
        return item.title

    def item_description(self, item: CatalogItem) -> str:
        return item.summary

    def item_link(self, item: CatalogItem) -> str:
        return reverse("portal:item", args=[item.pk])

    def item_pubdate(self, item: CatalogItem) -> datetime | None:
        return item.published_at

    def item_guid(self, item: CatalogItem) -> str:
        return item.index_number or str(item.pk)

    def item_author_name(self, item: CatalogItem) -> str:
        return item.publisher

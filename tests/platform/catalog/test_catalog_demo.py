"""The demo data of the catalog and the scheduled go-live command."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai_platform.catalog.models import CatalogItem, DirectoryEntry, ItemEvent
from gongkai_platform.catalog.states import ItemState


def test_demo_catalog_after_load_demo(db: None, client: Client) -> None:
    call_command("load_demo", stdout=StringIO())
    out = StringIO()
    call_command("demo_catalog", stdout=out)
    assert "已载入目录演示数据" in out.getvalue()
    states = set(CatalogItem.objects.values_list("state", flat=True))
    assert states == {s.value for s in ItemState} - {ItemState.REVIEW, ItemState.APPROVED}
    assert DirectoryEntry.objects.exists()
    assert ItemEvent.objects.count() > CatalogItem.objects.count()  # every item has its trail
    published = CatalogItem.objects.filter(state=ItemState.PUBLISHED).first()
    assert published is not None
    assert client.get(reverse("portal:item", args=[published.pk])).status_code == 200
    assert "住房" in client.get(reverse("portal:search") + "?q=住房").content.decode()
    call_command("demo_catalog", stdout=out)  # a second run changes nothing
    assert "未重复载入" in out.getvalue()


def test_go_live_command_publishes_due_items(db: None) -> None:
    call_command("load_demo", stdout=StringIO())
    call_command("demo_catalog", stdout=StringIO())
    scheduled = CatalogItem.objects.filter(state=ItemState.SCHEDULED)
    assert scheduled.exists()
    out = StringIO()
    call_command("catalog_go_live", stdout=out)
    assert "共发布 0 条" in out.getvalue()  # not yet
    scheduled.update(go_live_at=timezone.now() - timedelta(minutes=1))
    call_command("catalog_go_live", stdout=out)
    assert "共发布 2 条" in out.getvalue()
    assert not CatalogItem.objects.filter(state=ItemState.SCHEDULED).exists()

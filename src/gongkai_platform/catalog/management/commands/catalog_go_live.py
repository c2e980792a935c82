"""``manage.py catalog_go_live``: publish every scheduled catalog item whose time has come.

Run it every minute or so (cron, a systemd timer, or the worker host's scheduler); each item goes
live through ``services.catalog_items_go_live`` with its own transaction and audit event."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai_platform.catalog import services


class Command(BaseCommand):
    help = "发布定时发布时间已到的目录信息"

    def handle(self, *args: Any, **options: Any) -> None:
        published = services.catalog_items_go_live()
        for item in published:
            self.stdout.write(f"已发布：{item.index_number} {item.title}")
        self.stdout.write(f"共发布 {len(published)} 条。")

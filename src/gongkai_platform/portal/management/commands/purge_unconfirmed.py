"""``manage.py purge_unconfirmed [--days N]``: delete online applications nobody confirmed within
the retention period, with their identity scans (``portal.retention``; run daily from cron)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai_platform.portal.retention import purge_unconfirmed


class Command(BaseCommand):
    help = "删除超过保存期限仍未确认的网上申请及其身份证明文件"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, help="保存期限天数（默认 GONGKAI_UNCONFIRMED_RETENTION_DAYS）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        purged = purge_unconfirmed(options["days"])
        self.stdout.write(
            f"已删除 {purged.applications} 件未确认的网上申请（提交于 {purged.before} 之前），"
            f"身份证明文件 {purged.files} 个"
        )

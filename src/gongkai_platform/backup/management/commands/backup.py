"""``manage.py backup [FILE]``: the database and the uploaded files, at one point in time, in one
archive (``gongkai_platform.backup.archive``)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gongkai_platform.backup.archive import BackupError, create


class Command(BaseCommand):
    help = "备份数据库与上传文件（同一时间点）到一个归档文件"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file",
            nargs="?",
            help="归档文件路径（默认 gongkai-backup-<时间>.tar.gz，在当前目录）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        target = Path(options["file"] or f"gongkai-backup-{stamp}.tar.gz")
        try:
            manifest = create(target)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["counts"].values())
        self.stdout.write(f"已备份到 {target}（{len(manifest['counts'])} 张表，{rows} 行）")

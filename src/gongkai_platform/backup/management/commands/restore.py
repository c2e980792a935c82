"""``manage.py restore FILE --yes``: replace the database and the uploaded files by those of a
backup archive, then check every table's row count against it."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai_platform.backup.archive import BackupError, read_manifest, restore


class Command(BaseCommand):
    help = "用备份归档替换当前数据库与上传文件，并核对各表行数"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="manage.py backup 生成的归档文件")
        parser.add_argument(
            "--yes", action="store_true", help="确认覆盖当前数据库与上传文件（不可撤销）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["file"])
        try:
            manifest = read_manifest(archive)
            if not options["yes"]:
                raise CommandError(
                    f"恢复将覆盖当前数据库与上传文件（备份时间 {manifest['created_at']}）；"
                    "确认后加 --yes 重新运行"
                )
            restore(archive)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"已从 {archive} 恢复（备份时间 {manifest['created_at']}），各表行数与备份一致"
        )

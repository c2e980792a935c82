"""``manage.py load_calendar 2027.json --user NAME``: enter a year's holiday notice from a file in
the packaged format (see ``gongkai.workdays.calendar``); every open due date is then recounted."""

from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.workdays import WorkdaysError, YearSchedule
from gongkai_platform.core.errors import ActionRefused
from gongkai_platform.holiday_calendar.services import calendar_enter_year


class Command(BaseCommand):
    help = "录入一年的节假日安排（JSON 文件），并重新计算所有未办结申请的期限"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="<年份>.json，格式见 gongkai.workdays.calendar")
        parser.add_argument("--user", required=True, help="录入人的用户名")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            schedule = YearSchedule.load(options["file"])
            actor = User.objects.get(username=options["user"])
            count = calendar_enter_year(actor=actor, schedule=schedule)
        except (WorkdaysError, ActionRefused) as error:
            raise CommandError(str(error)) from None
        except User.DoesNotExist:
            raise CommandError(f"没有用户 {options['user']}") from None
        self.stdout.write(f"已录入{schedule.year}年节假日安排 {count} 天；期限重新计算已加入队列")

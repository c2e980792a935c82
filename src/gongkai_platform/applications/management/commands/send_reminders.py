"""``manage.py send_reminders``: queue today's deadline reminders (run daily from cron or a
systemd timer; a ``db_worker`` process sends them)."""

from typing import Any

from django.core.management.base import BaseCommand

from gongkai_platform.applications.tasks import send_due_reminders


class Command(BaseCommand):
    help = "将今日的期限提醒加入后台任务队列"

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_due_reminders.enqueue()
        self.stdout.write(f"已加入队列：{result.id}")

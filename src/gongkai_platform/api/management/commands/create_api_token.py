"""``manage.py create_api_token USERNAME --name 用途``: issue a token; it is printed once.  The
person issues it to themselves (the command runs as them; the event records them)."""

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai_platform.api.services import api_token_issue
from gongkai_platform.core.errors import ActionRefused


class Command(BaseCommand):
    help = "为用户生成接口令牌（只显示一次）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="接口", help="令牌用途")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(f"没有用户 {options['username']}") from None
        try:
            _, token = api_token_issue(actor=user, user=user, name=options["name"])
        except ActionRefused as refusal:
            raise CommandError(refusal.message) from None
        self.stdout.write(token)

"""``manage.py create_api_token USERNAME --name 用途 --days 90``: issue a token; it is printed once
(people make their own on the token page, ``api.pages``)."""

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai_platform.accounts.models import SecurityAction
from gongkai_platform.accounts.security import security_event
from gongkai_platform.api.models import DEFAULT_DAYS, MAX_DAYS, ApiToken


class Command(BaseCommand):
    help = "为用户生成接口令牌（只显示一次）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="接口", help="令牌用途")
        parser.add_argument(
            "--days", type=int, default=DEFAULT_DAYS, help=f"有效期天数（1–{MAX_DAYS}）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(f"没有用户 {options['username']}") from None
        try:
            row, token = ApiToken.issue(user, options["name"], options["days"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        security_event(
            SecurityAction.TOKEN_CREATE,
            actor=None,  # the operator at the server, not a platform user
            subject=user,
            reason="manage.py create_api_token",
            token=row.pk,
            name=row.name,
            expires_at=row.expires_at,
        )
        self.stdout.write(token)

from typing import Any

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gongkai_platform.accounts"
    label = "accounts"
    verbose_name = "机构与人员"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out
        from django.db.models.signals import post_migrate

        from gongkai_platform.accounts.middleware import signed_in
        from gongkai_platform.accounts.models import SecurityAction
        from gongkai_platform.accounts.security import security_event

        def start_session(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
            if request is not None and hasattr(request, "session"):
                signed_in(request, user)
            security_event(SecurityAction.LOGIN, actor=user, request=request)

        def end_session(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
            if user is not None:
                security_event(SecurityAction.LOGOUT, actor=user, request=request)

        def cache_table(sender: Any, using: str = "default", **kwargs: Any) -> None:
            # The throttles' shared counters (settings.CACHES): every migrate makes the table.
            from django.core.management import call_command

            call_command("createcachetable", database=using, verbosity=0)

        # weak=False: the receivers are local functions, kept alive only by the signal.
        user_logged_in.connect(start_session, weak=False, dispatch_uid="gongkai-session-clocks")
        user_logged_out.connect(end_session, weak=False, dispatch_uid="gongkai-session-end")
        post_migrate.connect(
            cache_table, sender=self, weak=False, dispatch_uid="gongkai-cache-table"
        )

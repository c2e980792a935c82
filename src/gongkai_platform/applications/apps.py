from typing import Any

from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai_platform.applications"
    label = "applications"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai_platform.accounts.services import revoke_guards
        from gongkai_platform.applications.services import handler_still_handling
        from gongkai_platform.holiday_calendar.signals import calendar_changed

        # The calendar changed: every open due date is recounted in the task worker.
        calendar_changed.connect(_recount, dispatch_uid="applications.recount")
        # A 承办人 role is not revoked while its holder still handles open cases.
        if handler_still_handling not in revoke_guards:
            revoke_guards.append(handler_still_handling)


def _recount(sender: Any, *, actor_id: int, reason: str, **kwargs: Any) -> None:
    from gongkai_platform.applications.tasks import recompute_due_dates

    recompute_due_dates.enqueue(actor_id, reason)

"""The staff pages' main navigation: only the links the user's roles may use.

It asks each app the same question its pages ask before offering an action (the roles of
``TRANSITIONS``, the units a user may read or manage), so a link is shown exactly when the page
behind it would serve the user; a page refused anyway answers with the Chinese 403 page
(``templates/403.html``).  It sits above the apps (it reads all of them), as a template context
processor (``settings.TEMPLATES``).
"""

from __future__ import annotations

from django.http import HttpRequest

from gongkai_platform.accounts.scoping import acting_units, managed_units, readable_units
from gongkai_platform.applications.states import TRANSITIONS, Action
from gongkai_platform.oversight.selectors import oversight_roots


def navigation(request: HttpRequest) -> dict[str, dict[str, bool]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    reads = readable_units(user).exists()
    registers = acting_units(user, TRANSITIONS[Action.REGISTER].roles).exists()
    appeals = acting_units(user, TRANSITIONS[Action.RECORD_APPEAL].roles).exists()
    return {
        "nav": {
            "applications": reads,
            "intake": registers,
            "reports": reads,
            "appeals": appeals,
            "corrections": registers or appeals,  # §41: intake staff register, handlers answer
            "online": registers,
            "catalog": reads,
            "accounts": managed_units(user).exists(),
            "oversight": oversight_roots(user).exists(),
        }
    }

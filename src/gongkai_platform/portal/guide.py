"""The contact part of a unit's 政府信息公开指南 (条例 §12), kept by its OGI office: one named
action, ``guide_save``, through the one runner (``core.actions``) — the unit locked, the editor's
role checked (the office that compiles the 目录, 条例 §4(三)), one :class:`GuideEvent` with the
fields that changed."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from gongkai_platform.accounts.models import Unit
from gongkai_platform.accounts.scoping import authorize
from gongkai_platform.catalog.services import DIRECTORY_ROLES
from gongkai_platform.core.actions import Aggregate, full_clean
from gongkai_platform.portal.models import GuideEvent, UnitGuide

GUIDE_FIELDS = ("office_hours", "fax", "email", "postcode", "reading_rooms", "introduction")
SAVE = "guide_save"


class Guides(Aggregate[UnitGuide]):
    """A unit's 指南 row (made on its first save), locked through its unit's row."""

    model = UnitGuide
    events = GuideEvent
    noun = "指南"

    def lock(self, pk: int) -> UnitGuide:
        unit = Unit.objects.select_for_update().get(pk=pk)
        return UnitGuide.objects.filter(unit=unit).first() or UnitGuide(unit=unit)

    def check(self, actor: Any, obj: UnitGuide, action: str) -> None:
        authorize(actor, obj.unit, "维护政府信息公开指南", DIRECTORY_ROLES)

    def snapshot(self, obj: UnitGuide) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in GUIDE_FIELDS}

    def finish(self, obj: UnitGuide) -> None:
        full_clean(obj)
        obj.save()

    def subject(self, obj: UnitGuide, state_before: str) -> dict[str, Any]:
        return {"unit_id": obj.unit_id}


GUIDES = Guides()


def guide_save(*, actor: User, unit: Unit, reason: str = "", **fields: str) -> UnitGuide:
    """Save the unit's 指南 contact details (the fields given; the others stay)."""

    def mutate(guide: UnitGuide) -> None:
        for name, value in fields.items():
            if name in GUIDE_FIELDS:
                setattr(guide, name, value.strip())

    return GUIDES.run(actor=actor, pk=unit.pk, action=SAVE, mutate=mutate, reason=reason)

"""Checks of a unit's 主动公开基本目录 / 标准目录 against what it actually published
(国办发〔2019〕54号; docs/law.md §7.4): an entry with fewer published items in a year than it
expects is **missing**; an item linked to an entry published after the entry's time limit
(counted in working days from formation or change, 条例 §26 by default), or still unpublished
past it, is **late**.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from gongkai import workdays
from gongkai_platform.accounts.models import Unit
from gongkai_platform.catalog.models import CatalogItem, DirectoryEntry
from gongkai_platform.catalog.states import UNPUBLISHED, ItemState
from gongkai_platform.holiday_calendar import selectors as holidays


@dataclass(frozen=True)
class Finding:
    entry: DirectoryEntry
    kind: str  # "missing" or "late"
    message: str  # Chinese, for people
    item: CatalogItem | None = None


def limit(entry: DirectoryEntry, item: CatalogItem) -> date | None:
    """The last day to publish ``item`` under ``entry``'s time limit (None: no fixed limit)."""
    if entry.time_limit_days is None:
        return None
    return workdays.add_working_days(
        item.clock_start, entry.time_limit_days, calendar=holidays.calendar()
    ).due


def findings(unit: Unit, year: int, today: date | None = None) -> list[Finding]:
    day = timezone.localdate() if today is None else today
    found: list[Finding] = []
    entries = DirectoryEntry.objects.filter(unit=unit).prefetch_related("items")
    for entry in entries:
        linked = sorted((i for i in entry.items.all() if i.unit_id == unit.pk), key=lambda i: i.pk)
        published = [
            i
            for i in linked
            if i.state == ItemState.PUBLISHED and i.published_on and i.published_on.year == year
        ]
        if entry.expected_per_year and len(published) < entry.expected_per_year:
            when = "截至目前" if year == day.year else f"{year}年"
            found.append(
                Finding(
                    entry,
                    "missing",
                    f"“{entry}”{when}应至少发布{entry.expected_per_year}条，实际发布{len(published)}条"
                    f"（公开时限：{entry.time_limit}；公开依据：{entry.legal_basis or '未填写'}）",
                )
            )
        for item in linked:
            due = limit(entry, item)
            if due is None:
                continue
            if item in published and item.published_on and item.published_on > due:
                found.append(
                    Finding(
                        entry,
                        "late",
                        f"“{item.title}”于{item.published_on}发布，晚于公开时限届满日{due}"
                        f"（{entry.time_limit}）",
                        item,
                    )
                )
            elif item.state in UNPUBLISHED and due < day and item.clock_start.year == year:
                found.append(
                    Finding(
                        entry,
                        "late",
                        f"“{item.title}”尚未发布，公开时限已于{due}届满（{entry.time_limit}）",
                        item,
                    )
                )
    return found

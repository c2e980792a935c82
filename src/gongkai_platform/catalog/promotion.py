"""Which applied-for information to make public proactively (条例第四十四条: "多个申请人就相同
政府信息向同一行政机关提出公开申请，且该政府信息属于可以公开的，行政机关可以纳入主动公开的范围").

Candidates are the closed applications of a unit whose outcome disclosed the information
(予以公开 or 部分公开) in the last year and that no catalog item was made from yet.  Two requests
are taken to be for the **same information** when the sets of their descriptions' words (jieba,
as the search cuts them; one-character words left out) overlap by at least half of their union
(Jaccard ≥ 0.5); requests linked through such pairs form one subject.  A subject asked for by at
least two different applicants (by identity number) is **repeatedly requested** — the case §44
names.  The criterion is a suggestion for staff, who decide; it never publishes anything itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from gongkai_platform.accounts.scoping import AnyUser, readable_units
from gongkai_platform.applications.models import Application
from gongkai_platform.applications.states import State
from gongkai_platform.catalog import search
from gongkai_platform.catalog.services import DISCLOSED_OUTCOMES

SAME_INFORMATION = 0.5  # Jaccard overlap of description words
LOOK_BACK_DAYS = 365
CANDIDATE_LIMIT = 1000  # most recent first; the clustering is quadratic in this


@dataclass(frozen=True)
class Subject:
    """Requests taken to be for the same information, most recent first."""

    applications: list[Application]
    applicants: int  # distinct identity numbers
    shared_words: list[str]


def candidates(user: AnyUser, today: date | None = None) -> QuerySet[Application]:
    """Closed, disclosed applications of the user's units in the last year not yet promoted."""
    day = timezone.localdate() if today is None else today
    return (
        Application.objects.filter(
            unit__in=readable_units(user),
            state=State.CLOSED,
            outcome__in=DISCLOSED_OUTCOMES,
            closed_on__gte=day - timedelta(days=LOOK_BACK_DAYS),
            catalog_items__isnull=True,
        )
        .select_related("unit")
        .order_by("-closed_on", "-pk")
    )


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in search.words(text) if len(w) > 1)


def repeated_subjects(user: AnyUser, today: date | None = None) -> list[Subject]:
    """The subjects of at least two different applicants, most applicants first."""
    rows = list(candidates(user, today)[:CANDIDATE_LIMIT])
    words = [_words(row.description) for row in rows]
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            if rows[i].unit_id != rows[j].unit_id or not words[i] or not words[j]:
                continue
            if len(words[i] & words[j]) / len(words[i] | words[j]) >= SAME_INFORMATION:
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(rows)):
        groups.setdefault(root(i), []).append(i)
    subjects = []
    for members in groups.values():
        applicants = len({rows[i].id_number.strip().upper() for i in members})
        if applicants < 2:
            continue
        shared = frozenset.intersection(*(words[i] for i in members))
        subjects.append(
            Subject([rows[i] for i in members], applicants, sorted(shared, key=len, reverse=True))
        )
    return sorted(subjects, key=lambda s: (-s.applicants, -s.applications[0].pk))

"""Retention of online applications nobody confirmed (个人信息保护法 §19, §47: personal data is
kept no longer than its purpose needs).

An online application the agency never confirmed (条例 §31(3)) is not an application of the
platform: after ``GONGKAI_UNCONFIRMED_RETENTION_DAYS`` days (30 by default) it is deleted with its
identity scan and its follow-ups, whether it is still waiting or was withdrawn before registration.
A confirmed one became an :class:`~gongkai_platform.applications.models.Application`, which is
archive material (条例 §45) and is kept.  Each purge is one audit event naming how many were
deleted and of which units (no personal data).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai_platform.accounts.models import SecurityAction
from gongkai_platform.accounts.security import security_event
from gongkai_platform.backup.archive import exclusive
from gongkai_platform.portal.models import FollowUp, OnlineApplication, Submission

UNCONFIRMED = (Submission.PENDING, Submission.WITHDRAWN)


@dataclass(frozen=True)
class Purged:
    applications: int
    files: int
    before: str  # ISO time: submitted before this


def purge_unconfirmed(days: int | None = None) -> Purged:
    """Delete the unconfirmed online applications older than the retention period."""
    keep = settings.GONGKAI_UNCONFIRMED_RETENTION_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=keep)
    with exclusive():  # not while a backup copies the uploads
        with transaction.atomic():
            old = OnlineApplication.objects.select_for_update().filter(
                state__in=UNCONFIRMED, application__isnull=True, submitted_at__lt=cutoff
            )
            rows = list(old.select_related("unit").only("id", "identity_proof", "unit__name"))
            ids = [row.pk for row in rows]
            FollowUp.objects.filter(online_id__in=ids).delete()
            OnlineApplication.objects.filter(pk__in=ids).delete()
            if ids:
                security_event(
                    SecurityAction.PURGE,
                    actor=None,
                    applications=len(ids),
                    units=sorted({row.unit.name for row in rows}),
                    submitted_before=cutoff,
                )
        files = 0
        for row in rows:  # after the commit: a rolled-back purge keeps its files
            if row.identity_proof and row.identity_proof.storage.exists(row.identity_proof.name):
                row.identity_proof.storage.delete(row.identity_proof.name)
                files += 1
    return Purged(len(ids), files, cutoff.isoformat())

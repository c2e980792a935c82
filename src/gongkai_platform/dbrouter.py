"""Reads from a PostgreSQL read replica for the pages that only read (docs/scaling.md).

When the settings define a database alias ``replica`` (``DATABASE_REPLICA_URL``), the public
portal's pages (条例 §§19–23: 主动公开 catalog, search, annual reports) and the staff dashboards
read from the replica; every write, every form submission, the task workers and everything else
use the primary (``default``).  Without a ``replica`` alias nothing changes.

A replica lags the primary by a moment.  So that a person never misses what they have just done,
a request that may write (any method but GET, HEAD, OPTIONS) sets a short-lived cookie, and while
it is present that browser's reads stay on the primary (:data:`PIN_SECONDS`).  The cookie carries
no identity and no right: dropping or forging it only chooses which copy of the same data a
person reads.

:class:`ReplicaReadsMiddleware` marks the requests; :class:`ReplicaRouter` routes their reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

REPLICA = "replica"
PIN_COOKIE = "gk_primary"
PIN_SECONDS = 10  # a replica a few seconds behind is already unhealthy
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# The views whose reads may come from the replica: the public portal's pages, and the
# dashboards (the handler's home, the lists of applications and of reports).
REPLICA_VIEWS = frozenset(
    {
        "portal:index",
        "portal:search",
        "portal:all_reports",
        "portal:unit",
        "portal:guide",
        "portal:rules",
        "portal:statutory",
        "portal:reports",
        "portal:feed",
        "portal:item",
        "portal:annual_report",
        "home",
        "applications",
        "reports",
    }
)

_use_replica: ContextVar[bool] = ContextVar("gongkai_use_replica", default=False)


def replica_configured() -> bool:
    """Whether the read-only pages use a replica (``GONGKAI_READ_REPLICA``, on when the
    ``replica`` alias is configured)."""
    return bool(getattr(settings, "GONGKAI_READ_REPLICA", False)) and REPLICA in settings.DATABASES


@contextmanager
def replica_reads() -> Iterator[None]:
    """Within the block, reads go to the replica when one is configured."""
    token = _use_replica.set(True)
    try:
        yield
    finally:
        _use_replica.reset(token)


class ReplicaRouter:
    """Reads to ``replica`` inside :func:`replica_reads` (but not inside a transaction of the
    primary); writes and migrations to ``default``."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        # Inside a transaction on the primary, read there: the replica has not seen its writes.
        if (
            _use_replica.get()
            and REPLICA in connections.settings
            and not connections["default"].in_atomic_block
        ):
            return REPLICA
        return None

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # The replica is a copy of the primary: an object read from one relates to the other's.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA  # the replica is migrated by replication


class ReplicaReadsMiddleware:
    """Runs the read-only requests of :data:`REPLICA_VIEWS` inside :func:`replica_reads`, from
    the session and user lookups to the rendered template; pins a writing browser to the primary.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_configured():
            return self.get_response(request)
        if request.method not in SAFE_METHODS:
            response = self.get_response(request)
            response.set_cookie(PIN_COOKIE, "1", max_age=PIN_SECONDS, httponly=True, samesite="Lax")
            return response
        if PIN_COOKIE in request.COOKIES or _view_name(request.path_info) not in REPLICA_VIEWS:
            return self.get_response(request)
        with replica_reads():
            return self.get_response(request)


def _view_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None

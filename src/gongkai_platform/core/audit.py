"""The audit trail (办理过程留痕, 条例 §45): one abstract event model, one way to write an event,
and the hash chain that makes a changed or removed event visible.

An event says who (``actor``, none for the system's own scheduled work), when (``at``), what
(``action``), to what (the *subject*: a foreign key each concrete table declares, e.g. an
application, a catalog item, a unit), the fields the action changed (``before``/``after``, JSON)
and why (``reason``).  Each concrete table names the field that keys its *streams*
(:attr:`AuditEvent.stream_field`: the events of one application, of one unit, …; ``None``: the
whole table is one stream).

Tamper evidence: every event carries ``prev_hash``, the ``hash`` of the previous event of its
stream (by id; ``""`` for the first), and its own ``hash``, the SHA-256 of the canonical JSON of
all its fields except ``id`` and ``hash`` (so of ``prev_hash`` too): keys sorted, no spaces, UTF-8,
times in UTC ISO form (:func:`canonical`).  Changing any field of an event, deleting one, or
inserting one in the middle breaks the chain, and :func:`verify` (``manage.py audit_verify``)
says where.  On PostgreSQL the tables also refuse UPDATE and DELETE outright (a trigger,
:mod:`.protect`).

Writing:

- :func:`record` (``record(Model, actor=…, action=…, before=…, after=…, reason=…, <subject>=…)``)
  writes one event, chained; on PostgreSQL it first takes a transaction-scoped advisory lock on
  the stream, so two writers of one stream at the same moment queue instead of forking the
  chain.  Call it inside the transaction of the change it records (the action runner,
  :mod:`.actions`, does).
- :func:`record_many` writes many unsaved events at once (a bulk writer such as the recount of
  due dates), each chained to the last of its stream; the caller must hold the row locks of the
  streams' subjects (as every single writer of those streams does), see its docstring.

A new concrete event table: subclass :class:`AuditEvent`, add the subject foreign key, set
``stream_field``, index ``(<stream field>, id)``, and add ``protect.ProtectEvents("<table>")`` to
its migration.  :func:`event_models` finds it for ``audit_verify``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, ClassVar, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

HASHED_OUT = frozenset({"id", "hash"})  # the fields an event's hash does not cover


class AuditEvent(models.Model):
    """One step of an audit trail.  Concrete tables add the subject and set ``stream_field``."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,  # the system itself: a scheduled publication, a recount by the worker
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Set by :func:`record` before hashing (not ``auto_now_add``, which would change it on save).
    at = models.DateTimeField(_("时间"), default=timezone.now)
    action = models.CharField(_("操作"), max_length=40)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    reason = models.TextField(_("理由或说明"), blank=True)
    # Set by :func:`record` (the defaults only fill rows written before the chain existed, which
    # their migration then chains).
    prev_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    hash = models.CharField(max_length=64, default="", editable=False)

    # The attribute name of the field whose value keys a stream (``"application_id"``); ``None``:
    # the whole table is one stream.
    stream_field: ClassVar[str | None] = None

    class Meta:
        abstract = True
        ordering = ("at", "id")

    @property
    def stream(self) -> object:
        return getattr(self, self.stream_field) if self.stream_field else None

    def compute_hash(self) -> str:
        return digest(content(self))


E = TypeVar("E", bound=AuditEvent)


def content(event: models.Model) -> dict[str, Any]:
    """What an event's hash covers: every stored field but ``id`` and ``hash``, as stored.  (A
    function of any model instance, so that migrations can chain their historical models.)"""
    return content_of(type(event), event.__dict__)


def content_of(model: type[models.Model], values: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`content` of an event of ``model`` given as its field values by attribute name
    (``application_id``, not ``application``): a model instance's, or a bulk writer's row."""
    return {name: _plain(values[name]) for name in _hashed(model)}


def _hashed(model: type[models.Model]) -> list[str]:
    """The attribute names :func:`content` reads, worked out once per model class."""
    names = _HASHED.get(model)
    if names is None:
        fields = model._meta.concrete_fields
        names = _HASHED[model] = [f.attname for f in fields if f.name not in HASHED_OUT]
    return names


_HASHED: dict[type[models.Model], list[str]] = {}


def _plain(value: object) -> object:
    """A field's value as its canonical JSON says it (times in UTC: the database may hand back
    another zone than the one written)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


# One encoder, made once (``json.dumps`` with options builds a new one per call).
_CANONICAL = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
)


def canonical(content: dict[str, Any]) -> str:
    """Sorted keys, no whitespace, non-ASCII kept: one text for one content."""
    return _CANONICAL.encode(content)


def digest(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(content).encode()).hexdigest()


def as_stored(value: dict[str, Any] | None) -> dict[str, Any]:
    """``before``/``after`` as the JSON column gives it back (dates as ISO text, tuples as lists,
    keys as text), so that the hash of the event written equals the hash of the event read."""
    return json.loads(json.dumps(value or {}, cls=DjangoJSONEncoder))  # type: ignore[no-any-return]


def _stream_filter(model: type[AuditEvent], stream: object) -> dict[str, object]:
    if model.stream_field is None:
        return {}
    if stream is None:
        return {f"{model.stream_field}__isnull": True}
    return {model.stream_field: stream}


def _lock_key(model: type[AuditEvent], stream: object) -> int:
    """A signed 64-bit advisory-lock key for one stream of one table."""
    text = f"{model._meta.db_table}:{stream}".encode()
    return int.from_bytes(hashlib.sha256(text).digest()[:8], "big", signed=True)


def lock_stream(model: type[AuditEvent], stream: object) -> None:
    """Hold the stream until the transaction ends (PostgreSQL; SQLite has one writer at a time)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_lock_key(model, stream)])


def last_hash(model: type[AuditEvent], stream: object) -> str:
    found = (
        model._default_manager.filter(**_stream_filter(model, stream))
        .order_by("-id")
        .values_list("hash", flat=True)
        .first()
    )
    return found or ""


def record(
    model: type[E],
    *,
    actor: Any,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    at: datetime | None = None,
    **subject: Any,
) -> E:
    """Write one event of ``model`` (``subject``: its own fields, e.g. ``application=app``),
    chained to the last event of its stream.  Call inside the change's transaction."""
    event = model(
        actor=actor,
        action=str(action),
        before=as_stored(before),
        after=as_stored(after),
        reason=reason,
        at=at or timezone.now(),
        **subject,
    )
    lock_stream(model, event.stream)
    event.prev_hash = last_hash(model, event.stream)
    event.hash = event.compute_hash()
    event.save(force_insert=True)
    return event


def chain(model: type[E], events: Sequence[E], *, stored: bool = False) -> None:
    """Set ``prev_hash`` and ``hash`` of unsaved ``events`` (in the order they will get their
    ids), each chained to the last stored event of its stream or to the one before it here.
    ``stored``: their ``before``/``after`` hold only JSON's own types (text, numbers, booleans,
    lists, text-keyed dicts) already, as the column gives them back, so they are not converted."""
    if not stored:
        for event in events:
            event.before = as_stored(event.before)
            event.after = as_stored(event.after)
    chain_rows(model, [event.__dict__ for event in events])


def chain_rows(model: type[AuditEvent], rows: Sequence[dict[str, Any]]) -> None:
    """:func:`chain` for events given as rows (every field by attribute name but ``id``,
    ``prev_hash`` and ``hash``, ``before``/``after`` as stored): sets each row's ``prev_hash``
    and ``hash``.  For a bulk writer that inserts rows without making model instances."""
    field = model.stream_field
    heads = _last_hashes(model, {row[field] if field else None for row in rows})
    for row in rows:
        stream = row[field] if field else None
        row["prev_hash"] = heads.get(stream, "")
        row["hash"] = heads[stream] = digest(content_of(model, row))


def _last_hashes(model: type[AuditEvent], streams: set[object]) -> dict[object, str]:
    """The last hash of each of ``streams``, in one query (a few hundred ids at a time)."""
    field = model.stream_field
    if field is None:
        return {None: last_hash(model, None)}
    found: dict[object, str] = {}
    keys = [s for s in streams if s is not None]
    if None in streams:
        found[None] = last_hash(model, None)
    table = connection.ops.quote_name(model._meta.db_table)
    stream = model._meta.get_field(field.removesuffix("_id"))
    assert isinstance(stream, models.Field) and stream.column
    column = connection.ops.quote_name(stream.column)
    if connection.vendor == "postgresql":
        # One statement: the newest event of each stream, found by the (stream, id) index.
        sql = (
            f"SELECT DISTINCT ON ({column}) {column}, hash FROM {table} "
            f"WHERE {column} = ANY(%s) ORDER BY {column}, id DESC"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [keys])
            found.update(cursor.fetchall())
        return found
    for start in range(0, len(keys), 500):
        part: list[Any] = keys[start : start + 500]
        marks = ", ".join(["%s"] * len(part))
        # The newest event of each stream: its id is the stream's largest.
        sql = (
            f"SELECT e.{column}, e.hash FROM {table} e WHERE e.id IN ("
            f"SELECT MAX(id) FROM {table} WHERE {column} IN ({marks}) GROUP BY {column})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, part)
            found.update(cursor.fetchall())
    return found


def record_many(model: type[E], events: Sequence[E], *, stored: bool = False) -> list[E]:
    """Chain and insert ``events`` (unsaved, their ``at`` set) in one bulk insert.

    No advisory locks are taken (a batch may touch 10,000 streams, more than PostgreSQL's lock
    table holds): the caller must hold the row lock of each stream's subject, as every writer of
    a subject's stream does (the action runner locks the subject before it records)."""
    chain(model, events, stored=stored)
    return list(model._default_manager.bulk_create(events))


def chain_existing(model: type[models.Model], stream_attname: str | None) -> None:
    """Give the rows already in an event table (before the chain existed) their ``prev_hash``
    and ``hash``, stream by stream in id order.  For data migrations (``model`` is then the
    historical model); runs before ``protect.ProtectEvents`` forbids updates."""
    heads: dict[object, str] = {}
    batch: list[models.Model] = []
    for event in model._default_manager.order_by("id").iterator(chunk_size=2000):
        stream = getattr(event, stream_attname) if stream_attname else None
        event.before = as_stored(event.before)  # type: ignore[attr-defined]
        event.after = as_stored(event.after)  # type: ignore[attr-defined]
        event.prev_hash = heads.get(stream, "")  # type: ignore[attr-defined]
        event.hash = heads[stream] = digest(content(event))  # type: ignore[attr-defined]
        batch.append(event)
        if len(batch) == 2000:
            model._default_manager.bulk_update(batch, ["before", "after", "prev_hash", "hash"])
            batch = []
    model._default_manager.bulk_update(batch, ["before", "after", "prev_hash", "hash"])


@dataclass(frozen=True)
class Break:
    """Where a stream's chain is broken, and how."""

    table: str
    stream: object
    event_id: int
    problem: str

    def __str__(self) -> str:
        return f"{self.table} 流 {self.stream} 事件 {self.event_id}：{self.problem}"


def event_models() -> list[type[AuditEvent]]:
    """Every concrete audit event table of the installed apps."""
    return [m for m in apps.get_models() if issubclass(m, AuditEvent)]


def verify(models_: Iterable[type[AuditEvent]] | None = None) -> Iterator[Break]:
    """Walk every stream of every event table in id order; yield each break: an event whose
    content no longer gives its hash (changed), or whose ``prev_hash`` is not the hash of the
    event before it (one removed, inserted or reordered)."""
    for model in event_models() if models_ is None else models_:
        table = model._meta.db_table
        heads: dict[object, str] = {}
        for event in model._default_manager.order_by("id").iterator(chunk_size=2000):
            stream = event.stream
            expected_prev = heads.get(stream, "")
            if event.prev_hash != expected_prev:
                yield Break(
                    table,
                    stream,
                    event.pk,
                    f"前一事件哈希应为 {expected_prev or '（空，流的第一个事件）'}，"
                    f"记录的是 {event.prev_hash or '（空）'}：其前的事件被删除、插入或改动",
                )
            actual = event.compute_hash()
            if actual != event.hash:
                yield Break(
                    table,
                    stream,
                    event.pk,
                    f"内容与哈希不符（记录 {event.hash}，按内容计算为 {actual}）：事件被改动",
                )
            heads[stream] = event.hash

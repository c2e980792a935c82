"""Every change to a catalog item, as a named action (条例 §§12, 17, 23, 26).

Each action locks the item row, checks that the actor holds a role that may take it in the item's
unit and that ``states.TRANSITIONS`` allows it now, validates its input, recomputes the §26 due
date through the one clock (:func:`gongkai.workdays.publication_deadline`) and the search tokens,
and writes exactly one :class:`ItemEvent` in the same transaction.  The 索引号 is allocated at
publication from a per-unit-per-year counter row locked with ``SELECT … FOR UPDATE``, so two
publications at the same moment never get the same serial.  Refusals are
:class:`~gongkai_platform.core.errors.ActionRefused` (shared with the applications app).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai import workdays
from gongkai.catalog import index_number, vocabulary
from gongkai.workdays import WorkdaysError
from gongkai_platform.accounts.models import Role, Unit
from gongkai_platform.accounts.scoping import authorize, roles_in
from gongkai_platform.applications import clock
from gongkai_platform.applications.models import Application
from gongkai_platform.applications.states import State
from gongkai_platform.catalog import sanitize, search
from gongkai_platform.catalog.models import (
    Attachment,
    CatalogItem,
    Category,
    DataAction,
    DataEvent,
    DirectoryEntry,
    DocKind,
    IndexCounter,
    ItemEvent,
)
from gongkai_platform.catalog.states import TRANSITIONS, ItemAction, ItemState
from gongkai_platform.core.actions import changes, full_clean, recorded
from gongkai_platform.core.errors import ActionRefused, ErrorCode

TRACKED = (
    "state",
    "index_number",
    "title",
    "formed_on",
    "changed_on",
    "published_on",
    "go_live_at",
    "validity",
    "effective_on",
    "invalid_on",
    "due_on",
)

# Fields a draft's editor may set (create and update); everything else belongs to an action.
EDITABLE = (
    "title",
    "summary",
    "body",
    "doc_number",
    "publisher",
    "formed_on",
    "changed_on",
    "doc_kind",
    "validity",
    "effective_on",
    "invalid_on",
    "art20",
    "category",
    "topic",
    "five_open",
    "disclosure_mode",
    "audience",
    "directory_entry",
)


def serial_width() -> int:
    """Digits of the 索引号 serial (the guideline's 5 unless a deployment sets another)."""
    return int(getattr(settings, "CATALOG_INDEX_SERIAL_WIDTH", index_number.DEFAULT_SERIAL_WIDTH))


def _snapshot(item: CatalogItem) -> dict[str, Any]:
    return {name: recorded(getattr(item, name)) for name in TRACKED}


def _authorize(actor: User, unit: Unit, action: ItemAction) -> None:
    authorize(actor, unit, action.label, TRANSITIONS[action].roles)


def _refresh(item: CatalogItem) -> None:
    """Recompute the §26 due date (with its explanation) and the search tokens."""
    try:
        deadline = workdays.publication_deadline(item.clock_start, calendar=clock.calendar())
    except WorkdaysError as error:
        raise ActionRefused(ErrorCode.INVALID, str(error)) from None
    item.due_on = deadline.due
    item.due_provisional = deadline.provisional
    item.due_explanation = deadline.explain()
    texts = [item.title, item.summary, item.body, item.doc_number, item.index_number or ""]
    if item.pk is not None:
        texts += list(item.attachments.values_list("text", flat=True))
    item.search_tokens = search.index_text(texts)


def _validate(item: CatalogItem) -> None:
    today = timezone.localdate()
    if not item.title.strip():
        raise ActionRefused(ErrorCode.INVALID, "应填写信息名称（条例第十二条）")
    if item.formed_on > today:
        raise ActionRefused(ErrorCode.INVALID, "成文日期不能晚于今天")
    if item.changed_on is not None and item.changed_on < item.formed_on:
        raise ActionRefused(ErrorCode.INVALID, "变更日期不能早于成文日期")
    if item.category is not None and item.category.unit_id != item.unit_id:
        raise ActionRefused(ErrorCode.INVALID, "所选分类不属于本单位")
    if item.directory_entry is not None and item.directory_entry.unit_id != item.unit_id:
        raise ActionRefused(ErrorCode.INVALID, "所选主动公开基本目录事项不属于本单位")
    if item.validity in ("expired", "repealed") and item.invalid_on is None:
        raise ActionRefused(ErrorCode.INVALID, "有效性为失效或废止的，应填写失效或废止日期")
    if item.validity == "valid" and item.invalid_on is not None:
        raise ActionRefused(ErrorCode.INVALID, "有效的文件不应填写失效或废止日期")
    if item.doc_kind != DocKind.OTHER and not item.validity:
        raise ActionRefused(
            ErrorCode.INVALID, "规章和行政规范性文件应注明有效性（条例第二十条第（一）项）"
        )


def _save(item: CatalogItem) -> None:
    _validate(item)
    _refresh(item)
    full_clean(item, exclude=["category", "directory_entry", "unit"])
    item.save()


def _record(
    item: CatalogItem,
    action: ItemAction,
    actor: User | None,
    state_before: str,
    before: dict[str, Any],
    reason: str,
) -> None:
    changed_before, changed_after = changes(before, _snapshot(item))
    ItemEvent.objects.create(
        item=item,
        action=action,
        actor=actor,
        state_before=state_before,
        state_after=item.state,
        before=changed_before,
        after=changed_after,
        reason=reason,
    )


Mutation = Callable[[CatalogItem], None]


def _act(
    *,
    actor: User | None,
    item: CatalogItem | int,
    action: ItemAction,
    mutate: Mutation,
    reason: str = "",
    expected_version: int | None = None,
) -> CatalogItem:
    """Lock, authorise, check the state machine, mutate, recompute, log one event."""
    pk = item if isinstance(item, int) else item.pk
    transition = TRANSITIONS[action]
    with transaction.atomic():
        locked = CatalogItem.objects.select_for_update().select_related("unit").get(pk=pk)
        if actor is not None:
            _authorize(actor, locked.unit, action)
        elif transition.roles:
            raise ActionRefused(ErrorCode.NOT_PERMITTED, f"“{action.label}”须由工作人员操作")
        if expected_version is not None and locked.version != expected_version:
            raise ActionRefused(ErrorCode.STALE, "该信息已被他人更新，请刷新页面后再操作")
        if locked.state not in transition.sources:
            raise ActionRefused(
                ErrorCode.WRONG_STATE,
                f"信息处于“{locked.get_state_display()}”状态，不能{action.label}（{transition.basis}）",
            )
        before = _snapshot(locked)
        state_before = locked.state
        mutate(locked)
        if transition.target is not None:
            locked.state = transition.target
        locked.version += 1
        _save(locked)
        _record(locked, action, actor, state_before, before, reason)
    return locked


def _allocate_index_number(item: CatalogItem, on: date) -> None:
    """Give ``item`` the next 索引号 of its unit for the year of ``on`` (race-free)."""
    IndexCounter.objects.bulk_create(
        [IndexCounter(unit_id=item.unit_id, year=on.year)], ignore_conflicts=True
    )
    counter = IndexCounter.objects.select_for_update().get(unit_id=item.unit_id, year=on.year)
    counter.last_serial += 1
    try:
        number = index_number.generate(
            item.unit.index_prefix, on.year, counter.last_serial, width=serial_width()
        )
    except index_number.IndexNumberError as error:
        raise ActionRefused(ErrorCode.INVALID, f"{item.unit.name}：{error}") from None
    counter.save(update_fields=["last_serial"])
    item.index_number = number
    item.index_year = on.year
    item.index_serial = counter.last_serial


def _go_public(item: CatalogItem, at: datetime) -> None:
    item.published_at = at
    item.published_on = timezone.localdate(at)
    item.go_live_at = None
    if item.index_number is None:
        _allocate_index_number(item, item.published_on)


@dataclass(frozen=True)
class ItemFields:
    """The descriptive fields of an item (条例 §12; ogi-rules.md §6.3) as create/update take them."""

    title: str
    formed_on: date
    summary: str = ""
    body: str = ""
    doc_number: str = ""
    publisher: str = ""
    changed_on: date | None = None
    doc_kind: str = DocKind.OTHER
    validity: str = ""
    effective_on: date | None = None
    invalid_on: date | None = None
    art20: str = ""
    category: Category | None = None
    topic: str = ""
    five_open: str = ""
    disclosure_mode: str = "proactive"
    audience: str = "public"
    directory_entry: DirectoryEntry | None = None

    def apply(self, item: CatalogItem) -> None:
        for name in EDITABLE:
            value = getattr(self, name)
            setattr(item, name, value.strip() if isinstance(value, str) else value)
        if not item.publisher:
            item.publisher = item.unit.name
        for name, choices in (
            ("art20", vocabulary.ART20),
            ("five_open", vocabulary.FIVE_OPEN),
            ("validity", vocabulary.VALIDITY),
        ):
            value = getattr(item, name)
            if value and value not in dict(choices):
                raise ActionRefused(ErrorCode.INVALID, f"不是可选的值：{value}")


def catalog_item_create(*, actor: User, unit: Unit, fields: ItemFields) -> CatalogItem:
    """A new draft of ``unit``; its §26 clock starts from its 成文日期 (or 变更日期)."""
    _authorize(actor, unit, ItemAction.CREATE)
    item = CatalogItem(unit=unit, state=ItemState.DRAFT)
    fields.apply(item)
    with transaction.atomic():
        _save(item)
        _record(item, ItemAction.CREATE, actor, "", dict.fromkeys(TRACKED), "")
    return item


# 条例 §44 reaches information "属于可以公开的": outcomes that disclosed it, in whole or in part.
DISCLOSED_OUTCOMES = frozenset({"granted", "partially_granted"})
PROMOTED_TITLE_LENGTH = 80


def catalog_item_promote(*, actor: User, application: Application | int) -> CatalogItem:
    """条例第四十四条: information that applicants ask for again and again may be made public
    proactively.  From a closed application whose outcome disclosed it, a draft item of the same
    unit is made, prefilled from the request and linked back to it; it then goes through the
    secrecy review and approval like any draft (the disclosed version may have been redacted).
    One item per application."""
    pk = application if isinstance(application, int) else application.pk
    source = Application.objects.select_related("unit").get(pk=pk)
    _authorize(actor, source.unit, ItemAction.PROMOTE)
    if source.state != State.CLOSED or source.outcome not in DISCLOSED_OUTCOMES:
        raise ActionRefused(
            ErrorCode.WRONG_STATE,
            "只有已办结且予以公开或部分公开的申请，才能转为主动公开（条例第四十四条）",
        )
    existing = CatalogItem.objects.filter(source_application=source).first()
    if existing is not None:
        raise ActionRefused(
            ErrorCode.INVALID, f"该申请已转为主动公开信息“{existing.title}”，请在该信息上继续办理"
        )
    first_line = source.description.strip().splitlines()[0] if source.description.strip() else ""
    item = CatalogItem(unit=source.unit, state=ItemState.DRAFT, source_application=source)
    assert source.closed_on is not None  # a closed application has its date (model constraint)
    ItemFields(
        title=first_line[:PROMOTED_TITLE_LENGTH],
        formed_on=source.closed_on,
        summary=source.description.strip(),
        art20="",
    ).apply(item)
    with transaction.atomic():
        _save(item)
        _record(
            item, ItemAction.PROMOTE, actor, "", dict.fromkeys(TRACKED),
            f"由依申请公开转为主动公开：{source.number}（{source.get_outcome_display()}）",
        )  # fmt: skip
    return item


def catalog_item_update(
    *,
    actor: User,
    item: CatalogItem | int,
    fields: ItemFields,
    reason: str = "",
    expected_version: int | None = None,
) -> CatalogItem:
    return _act(
        actor=actor,
        item=item,
        action=ItemAction.UPDATE,
        mutate=fields.apply,
        reason=reason,
        expected_version=expected_version,
    )


def catalog_item_attach(
    *,
    actor: User,
    item: CatalogItem | int,
    name: str,
    data: bytes,
    expected_version: int | None = None,
) -> CatalogItem:
    """Add a file to a draft, rewritten without its metadata (see ``sanitize``)."""
    cleaned = sanitize.sanitize(data, name)

    def mutate(locked: CatalogItem) -> None:
        attachment = Attachment(
            item=locked,
            name=name[:200],
            content_type=cleaned.content_type,
            size=len(cleaned.data),
            text=cleaned.text,
        )
        attachment.file.save(name, ContentFile(cleaned.data), save=False)
        attachment.save()

    return _act(
        actor=actor,
        item=item,
        action=ItemAction.ATTACH,
        mutate=mutate,
        reason=name,
        expected_version=expected_version,
    )


def _no_change(item: CatalogItem) -> None:
    return None


def catalog_item_submit_review(
    *,
    actor: User,
    item: CatalogItem | int,
    reason: str = "",
    expected_version: int | None = None,
) -> CatalogItem:
    """条例 §17: information is reviewed for secrets before it is published."""
    return _act(
        actor=actor, item=item, action=ItemAction.SUBMIT_REVIEW, mutate=_no_change,
        reason=reason, expected_version=expected_version,
    )  # fmt: skip


def catalog_item_clear_secrecy(
    *,
    actor: User,
    item: CatalogItem | int,
    reason: str = "",
    expected_version: int | None = None,
) -> CatalogItem:
    """条例 §17: the secrecy review found nothing that may not be published."""
    return _act(
        actor=actor, item=item, action=ItemAction.CLEAR_SECRECY, mutate=_no_change,
        reason=reason, expected_version=expected_version,
    )  # fmt: skip


def catalog_item_approve(
    *,
    actor: User,
    item: CatalogItem | int,
    reason: str = "",
    expected_version: int | None = None,
) -> CatalogItem:
    """条例 §4(四): the OGI office's review of information to be published."""
    return _act(
        actor=actor, item=item, action=ItemAction.APPROVE, mutate=_no_change,
        reason=reason, expected_version=expected_version,
    )  # fmt: skip


def catalog_item_return(
    *,
    actor: User,
    item: CatalogItem | int,
    reason: str,
    expected_version: int | None = None,
) -> CatalogItem:
    """Send an item under review (or waiting to go live) back to its editor, with the reason."""
    if not reason.strip():
        raise ActionRefused(ErrorCode.INVALID, "退回修改应当说明理由")

    def mutate(locked: CatalogItem) -> None:
        locked.go_live_at = None

    return _act(
        actor=actor, item=item, action=ItemAction.RETURN, mutate=mutate,
        reason=reason.strip(), expected_version=expected_version,
    )  # fmt: skip


def catalog_item_publish(
    *,
    actor: User,
    item: CatalogItem | int,
    at: datetime | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> CatalogItem:
    """Publish an approved item now, or schedule it to go live at ``at`` (条例 §§23, 26).

    Publishing now allocates the 索引号 and sets the 发布日期; a scheduled item gets both when
    :func:`catalog_items_go_live` runs at or after its time.
    """
    now = timezone.now()
    if at is not None and timezone.is_naive(at):
        raise ActionRefused(ErrorCode.INVALID, "定时发布时间必须带时区")

    def mutate(locked: CatalogItem) -> None:
        if at is not None and at > now:
            locked.state = ItemState.SCHEDULED
            locked.go_live_at = at
        else:
            locked.state = ItemState.PUBLISHED
            _go_public(locked, now)

    return _act(
        actor=actor, item=item, action=ItemAction.PUBLISH, mutate=mutate,
        reason=reason, expected_version=expected_version,
    )  # fmt: skip


def catalog_items_go_live(now: datetime | None = None) -> list[CatalogItem]:
    """Publish every scheduled item whose time has come (run by the worker or
    ``manage.py catalog_go_live``); each publication is its own transaction and event."""
    moment = timezone.now() if now is None else now
    due = CatalogItem.objects.filter(state=ItemState.SCHEDULED, go_live_at__lte=moment)
    published = []
    for pk in due.values_list("pk", flat=True):

        def mutate(locked: CatalogItem) -> None:
            assert locked.go_live_at is not None
            _go_public(locked, locked.go_live_at)

        try:
            published.append(
                _act(
                    actor=None, item=pk, action=ItemAction.GO_LIVE, mutate=mutate, reason="定时发布"
                )
            )
        except ActionRefused as refusal:
            if refusal.code != ErrorCode.WRONG_STATE:  # returned meanwhile: nothing to publish
                raise
    return published


def catalog_item_revoke(
    *,
    actor: User,
    item: CatalogItem | int,
    reason: str,
    expected_version: int | None = None,
) -> CatalogItem:
    """Withdraw a published item from the portal (its page, attachments and feed entry); the
    索引号 stays allocated and is never reused."""
    if not reason.strip():
        raise ActionRefused(ErrorCode.INVALID, "撤销发布应当说明理由")
    return _act(
        actor=actor, item=item, action=ItemAction.REVOKE, mutate=_no_change,
        reason=reason.strip(), expected_version=expected_version,
    )  # fmt: skip


def catalog_item_set_validity(
    *,
    actor: User,
    item: CatalogItem | int,
    validity: str,
    on: date | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> CatalogItem:
    """Record that a published 规章 or 规范性文件 expired or was repealed on ``on`` (表二 counts it)."""
    if validity not in dict(vocabulary.VALIDITY):
        raise ActionRefused(ErrorCode.INVALID, f"不是可选的有效性：{validity}")

    def mutate(locked: CatalogItem) -> None:
        locked.validity = validity
        locked.invalid_on = None if validity == "valid" else (on or timezone.localdate())
        if locked.invalid_on is not None and locked.invalid_on < locked.formed_on:
            raise ActionRefused(ErrorCode.INVALID, "失效或废止日期不能早于成文日期")

    return _act(
        actor=actor, item=item, action=ItemAction.SET_VALIDITY, mutate=mutate,
        reason=reason, expected_version=expected_version,
    )  # fmt: skip


def catalog_item_import(
    *,
    actor: User,
    unit: Unit,
    fields: ItemFields,
    index: str,
    published_on: date,
) -> CatalogItem:
    """Bring in an item the unit published before (e.g. from its old site) with the 索引号 it
    already carries, in whatever local form (ogi-rules.md §6.2); a check character that does not
    verify is recorded as a warning, never a refusal.  If the number is in the unit's own
    guideline form, the counter moves past it so that new numbers never collide."""
    _authorize(actor, unit, ItemAction.IMPORT)
    try:
        parsed = index_number.parse(index)
    except index_number.IndexNumberError as error:
        raise ActionRefused(ErrorCode.INVALID, str(error)) from None
    taken = ActionRefused(ErrorCode.INVALID, f"索引号“{parsed.text}”已被使用")
    if CatalogItem.objects.filter(index_number=parsed.text).exists():
        raise taken
    item = CatalogItem(unit=unit, state=ItemState.PUBLISHED, index_number=parsed.text)
    fields.apply(item)
    if published_on < item.formed_on:
        raise ActionRefused(ErrorCode.INVALID, "发布日期不能早于成文日期")
    item.published_on = published_on
    item.published_at = timezone.make_aware(datetime.combine(published_on, datetime.min.time()))
    item.index_year = parsed.year
    item.index_serial = parsed.serial
    try:
        with transaction.atomic():
            own = parsed.prefix.replace("-", "") == unit.index_prefix
            if own and parsed.year is not None and parsed.serial is not None:
                IndexCounter.objects.bulk_create(
                    [IndexCounter(unit=unit, year=parsed.year)], ignore_conflicts=True
                )
                counter = IndexCounter.objects.select_for_update().get(unit=unit, year=parsed.year)
                if counter.last_serial < parsed.serial:
                    counter.last_serial = parsed.serial
                    counter.save(update_fields=["last_serial"])
            _save(item)
            _record(
                item,
                ItemAction.IMPORT,
                actor,
                "",
                dict.fromkeys(TRACKED),
                "；".join(parsed.warnings),
            )
    except IntegrityError:  # the same number imported at the same moment
        raise taken from None
    return item


DIRECTORY_ROLES = frozenset(
    {Role.APPROVER, Role.ADMIN}
)  # the OGI office compiles the 目录 (条例 §4(三))

# What the audit trail keeps of a directory entry or a category.
DIRECTORY_FIELDS = (
    "area", "item_l1", "item_l2", "content_elements", "legal_basis", "time_limit",
    "time_limit_days", "publisher", "channels", "audience", "mode", "levels", "expected_per_year",
    "position",
)  # fmt: skip
CATEGORY_FIELDS = ("name", "parent_id", "column", "position")

Kept = DirectoryEntry | Category
K = TypeVar("K", DirectoryEntry, Category)


def _fields_of(row: Kept) -> dict[str, Any]:
    names = DIRECTORY_FIELDS if isinstance(row, DirectoryEntry) else CATEGORY_FIELDS
    return {name: recorded(getattr(row, name)) for name in names}


def _authorize_data(actor: User, unit: Unit, what: str) -> None:
    if not roles_in(actor, unit) & DIRECTORY_ROLES:
        raise ActionRefused(ErrorCode.NOT_PERMITTED, f"您在{unit.name}没有{what}的权限")


def _log_data(
    actor: User,
    action: DataAction,
    row: Kept,
    before: dict[str, Any],
    after: dict[str, Any],
    reason: str = "",
    *,
    whole: bool = False,
) -> None:
    """One audit event; only the changed fields unless ``whole`` (a deletion keeps every field)."""
    changed_before, changed_after = (before, after) if whole else changes(before, after)
    DataEvent.objects.create(
        action=action, actor=actor, unit_id=row.unit_id, object_id=row.pk, label=str(row)[:200],
        before=changed_before, after=changed_after, reason=reason,
    )  # fmt: skip


def _check_entry(entry: DirectoryEntry) -> None:
    unknown = [c for c in entry.channels if c not in dict(vocabulary.CHANNELS)]
    unknown += [v for v in entry.levels if v not in dict(vocabulary.LEVELS)]
    if unknown:
        raise ActionRefused(ErrorCode.INVALID, f"不是可选的值：{'、'.join(unknown)}")
    full_clean(entry)


def directory_entry_create(*, actor: User, entry: DirectoryEntry) -> DirectoryEntry:
    """Add a line to the unit's 主动公开基本目录 / 标准目录 (国办发〔2019〕54号)."""
    _authorize_data(actor, entry.unit, "编制主动公开基本目录")
    _check_entry(entry)
    with transaction.atomic():
        entry.save()
        _log_data(actor, DataAction.DIRECTORY_CREATE, entry, {}, _fields_of(entry))
    return entry


def directory_entry_update(
    *, actor: User, entry: DirectoryEntry, reason: str = ""
) -> DirectoryEntry:
    """Save the changed columns of an entry (``entry`` holds the new values; its unit stays)."""
    return _update(DIRECTORY, actor, entry, reason)


def directory_entry_delete(
    *,
    actor: User,
    entry: DirectoryEntry | int,
    move_to: DirectoryEntry | None = None,
    reason: str = "",
) -> None:
    """Remove an entry.  Items published under it keep their link to the 目录 (the "missing" and
    "late" findings are counted from it), so an entry that items still use is deleted only when
    they are moved to another entry of the same unit (``move_to``); otherwise it is refused."""
    _delete(DIRECTORY, actor, entry, move_to, reason)


def _check_category(category: Category) -> None:
    parent = category.parent
    if parent is not None and parent.unit_id != category.unit_id:
        raise ActionRefused(ErrorCode.INVALID, "上级分类不属于本单位")
    seen = set()
    while parent is not None and category.pk is not None:  # no loop in the tree
        if parent.pk == category.pk or parent.pk in seen:
            raise ActionRefused(ErrorCode.INVALID, "上级分类不能是本分类或其下级分类")
        seen.add(parent.pk)
        parent = parent.parent
    full_clean(category)


def category_create(*, actor: User, category: Category) -> Category:
    """Add a node to the unit's own category tree (组配分类): data the OGI office keeps (条例 §4(三))."""
    _authorize_data(actor, category.unit, "维护目录分类")
    _check_category(category)
    with transaction.atomic():
        category.save()
        _log_data(actor, DataAction.CATEGORY_CREATE, category, {}, _fields_of(category))
    return category


def category_update(*, actor: User, category: Category, reason: str = "") -> Category:
    """Rename, move or re-column a category (``category`` holds the new values; its unit stays).
    Its items follow it: a category moved to another column moves them on the portal too."""
    return _update(CATEGORIES, actor, category, reason)


def category_delete(
    *, actor: User, category: Category | int, move_to: Category | None = None, reason: str = ""
) -> None:
    """Remove a category without sub-categories; items in it are moved to ``move_to`` (another
    category of the same unit) or the deletion is refused — an item never loses its column."""
    _delete(CATEGORIES, actor, category, move_to, reason)


def _category_deletable(category: Category) -> None:
    if category.children.exists():
        raise ActionRefused(ErrorCode.WRONG_STATE, f"“{category}”下还有下级分类，请先删除或移走")


@dataclass(frozen=True)
class _UnitData(Generic[K]):
    """How one kind of a unit's catalog data is changed and deleted: a 目录事项 or a 分类."""

    model: type[K]
    noun: str  # in messages: 目录事项, 分类
    duty: str  # the permission it needs, in messages
    check: Callable[[K], None]
    updated: DataAction
    deleted: DataAction
    item_field: str  # the field of CatalogItem that points at it
    deletable: Callable[[K], None] = lambda row: None  # refuses a deletion beyond "in use"


def _update(kind: _UnitData[K], actor: User, row: K, reason: str) -> K:
    with transaction.atomic():
        stored = kind.model.objects.select_for_update().select_related("unit").get(pk=row.pk)
        _authorize_data(actor, stored.unit, kind.duty)
        if row.unit_id != stored.unit_id:
            raise ActionRefused(ErrorCode.INVALID, f"{kind.noun}不能改到其他单位")
        before = _fields_of(stored)
        kind.check(row)
        row.save()
        _log_data(actor, kind.updated, row, before, _fields_of(row), reason)
    return row


def _delete(kind: _UnitData[K], actor: User, row: K | int, move_to: K | None, reason: str) -> None:
    pk = row if isinstance(row, int) else row.pk
    with transaction.atomic():
        stored = kind.model.objects.select_for_update().select_related("unit").get(pk=pk)
        _authorize_data(actor, stored.unit, kind.duty)
        kind.deletable(stored)
        used = list(stored.items.order_by("pk").values_list("pk", flat=True))
        after: dict[str, Any] = {}
        if used:
            if move_to is None:
                raise ActionRefused(
                    ErrorCode.WRONG_STATE,
                    f"“{stored}”下还有{len(used)}条目录信息，不能删除；"
                    f"请先选择将这些信息归入本单位的另一{kind.noun}",
                )
            if move_to.unit_id != stored.unit_id or move_to.pk == stored.pk:
                raise ActionRefused(ErrorCode.INVALID, f"只能归入本单位的另一{kind.noun}")
            CatalogItem.objects.filter(pk__in=used).update(**{kind.item_field: move_to})
            after = {"moved_items": used, "moved_to": move_to.pk, "moved_to_label": str(move_to)}
        _log_data(actor, kind.deleted, stored, _fields_of(stored), after, reason, whole=True)
        stored.delete()


DIRECTORY = _UnitData(
    DirectoryEntry, "目录事项", "编制主动公开基本目录", _check_entry,
    DataAction.DIRECTORY_UPDATE, DataAction.DIRECTORY_DELETE, "directory_entry",
)  # fmt: skip
CATEGORIES = _UnitData(
    Category, "分类", "维护目录分类", _check_category,
    DataAction.CATEGORY_UPDATE, DataAction.CATEGORY_DELETE, "category", _category_deletable,
)  # fmt: skip

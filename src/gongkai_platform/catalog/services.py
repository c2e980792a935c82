"""Every change to a catalog item, as a named action (条例 §§12, 17, 23, 26).

Each action runs through the platform's one action runner (``core.actions``; :data:`ITEMS`): it
locks the item row, checks that the actor holds a role that may take it in the item's unit (and
that 保密审查 and 审核 are two people's, unless the unit is a one-person office, whose every such
exception is an event of its own), that ``states.TRANSITIONS`` allows it now, validates its
input, recomputes the §26 due date through the one clock
(:func:`gongkai.workdays.publication_deadline`) and the search tokens, and writes exactly one
hash-chained :class:`ItemEvent` in the same transaction.  The unit's 目录 entries and categories
go through the same runner (:data:`DIRECTORY`, :data:`CATEGORIES`; :class:`DataEvent`).  The 索引号 is allocated at
publication from a per-unit-per-year counter row locked with ``SELECT … FOR UPDATE``, so two
publications at the same moment never get the same serial.  Refusals are
:class:`~gongkai_platform.core.errors.ActionRefused` (shared with the applications app).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import IntegrityError
from django.utils import timezone

from gongkai import law, workdays
from gongkai.catalog import index_number, vocabulary
from gongkai.workdays import WorkdaysError
from gongkai_platform.accounts.models import Role, Unit
from gongkai_platform.accounts.scoping import authorize, roles_in
from gongkai_platform.applications.models import Application
from gongkai_platform.applications.states import State
from gongkai_platform.catalog import sanitize, search
from gongkai_platform.catalog.models import (
    Attachment,
    CatalogItem,
    Category,
    Column,
    DataAction,
    DataEvent,
    DirectoryEntry,
    DocKind,
    IndexCounter,
    ItemEvent,
)
from gongkai_platform.catalog.states import TRANSITIONS, ItemAction, ItemState, allowed_actions
from gongkai_platform.core.actions import Aggregate, full_clean, recorded
from gongkai_platform.core.audit import AuditEvent, record
from gongkai_platform.core.errors import ActionRefused, ErrorCode
from gongkai_platform.holiday_calendar import selectors as holidays

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
    "secrecy_cleared_by_id",
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


def _refresh(item: CatalogItem) -> None:
    """Recompute the §26 due date (with its explanation) and the search tokens."""
    try:
        deadline = workdays.publication_deadline(item.clock_start, calendar=holidays.calendar())
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
        raise ActionRefused(ErrorCode.INVALID, f"应填写信息名称（{law.ART_12.short()}）")
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
            ErrorCode.INVALID, f"规章和行政规范性文件应注明有效性（{law.ART_20_1.short()}）"
        )


def _save(item: CatalogItem) -> None:
    _validate(item)
    _refresh(item)
    full_clean(item, exclude=["category", "directory_entry", "unit"])
    item.save()


class Items(Aggregate[CatalogItem]):
    """How the action runner (``core.actions``) treats a catalog item: locked with its unit;
    checked against ``TRANSITIONS`` and the separation of 保密审查 from 审核; finished by the §26
    clock and the search tokens; its events in :class:`ItemEvent`, one stream per item."""

    model = CatalogItem
    events = ItemEvent
    transitions = TRANSITIONS
    noun = "信息"

    def lock(self, pk: int) -> CatalogItem:
        return CatalogItem.objects.select_for_update().select_related("unit").get(pk=pk)

    def check(self, actor: Any, obj: CatalogItem, action: str) -> None:
        transition = TRANSITIONS[ItemAction(action)]
        if actor is None:
            if transition.roles:
                raise ActionRefused(
                    ErrorCode.NOT_PERMITTED, f"“{ItemAction(action).label}”须由工作人员操作"
                )
            return
        authorize(actor, obj.unit, ItemAction(action).label, transition.roles)
        _duties(actor, obj, action)

    def allowed(self, actor: Any, obj: CatalogItem) -> list[Any]:
        """What the item page offers: the same role and duty checks, the roles read once."""
        offered = allowed_actions(ItemState(obj.state), roles_in(actor, obj.unit))
        return [action for action in offered if _duty_free(actor, obj, action)]

    def snapshot(self, obj: CatalogItem) -> dict[str, Any]:
        return _snapshot(obj)

    def finish(self, obj: CatalogItem) -> None:
        _save(obj)

    def subject(self, obj: CatalogItem, state_before: str) -> dict[str, Any]:
        return {"item": obj, "state_before": state_before, "state_after": obj.state}


ITEMS = Items()


# What an annual report's item cannot have done to it on its own: it follows the report.
FOLLOWS_REPORT = frozenset({ItemAction.REVOKE, ItemAction.SET_VALIDITY})


def _duties(actor: Any, obj: CatalogItem, action: str) -> None:
    """Separation of duties: 保密审查 (条例 §17) and 审核 (§4(四)) by two people — our rule, the
    条例 asks for the review, not for two reviewers — unless the unit is a one-person office."""
    if (
        action in FOLLOWS_REPORT
        and CatalogItem.objects.filter(pk=obj.pk, annual_report__isnull=False).exists()
    ):
        raise ActionRefused(
            ErrorCode.WRONG_STATE,
            "这是年度报告的目录信息，随年度报告的公布和更正而变化；需要改动的，请在年度报告页面更正",
        )
    if (
        action == ItemAction.APPROVE
        and obj.secrecy_cleared_by_id == actor.pk
        and not obj.unit.single_person_office
    ):
        raise ActionRefused(
            ErrorCode.NOT_PERMITTED,
            "保密审查和审核应由两人分别进行：您已完成该信息的保密审查，不能再审核"
            "（职责分离；只有一名工作人员的机构可在单位设置中允许）",
        )


def _duty_free(actor: Any, obj: CatalogItem, action: str) -> bool:
    try:
        _duties(actor, obj, action)
    except ActionRefused:
        return False
    return True


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
    return ITEMS.run(
        actor=actor,
        pk=item if isinstance(item, int) else item.pk,
        action=action,
        mutate=mutate,
        reason=reason,
        expected_version=expected_version,
    )


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
    """The descriptive fields of an item (条例 §12; docs/law.md §6.3) as create/update take them."""

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

    def build() -> CatalogItem:
        item = CatalogItem(unit=unit, state=ItemState.DRAFT)
        fields.apply(item)
        return item

    return ITEMS.create(
        actor=actor, action=ItemAction.CREATE, check=_may_create(actor, unit, ItemAction.CREATE),
        build=build,
    )  # fmt: skip


def _may_create(actor: User, unit: Unit, action: ItemAction) -> Callable[[], None]:
    return lambda: authorize(actor, unit, action.label, TRANSITIONS[action].roles)


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
    check = _may_create(actor, source.unit, ItemAction.PROMOTE)
    check()
    if source.state != State.CLOSED or source.outcome not in DISCLOSED_OUTCOMES:
        raise ActionRefused(
            ErrorCode.WRONG_STATE,
            f"只有已办结且予以公开或部分公开的申请，才能转为主动公开（{law.ART_44.short()}）",
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
    return ITEMS.create(
        actor=actor, action=ItemAction.PROMOTE, check=check, build=lambda: item,
        reason=f"由依申请公开转为主动公开：{source.number}（{source.get_outcome_display()}）",
    )  # fmt: skip


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
    """条例 §17: the secrecy review found nothing that may not be published.  Who cleared it is
    kept: the 审核 that follows is someone else's (``Items.check``)."""

    def mutate(locked: CatalogItem) -> None:
        locked.secrecy_cleared_by = actor

    return _act(
        actor=actor, item=item, action=ItemAction.CLEAR_SECRECY, mutate=mutate,
        reason=reason, expected_version=expected_version,
    )  # fmt: skip


def catalog_item_approve(
    *,
    actor: User,
    item: CatalogItem | int,
    reason: str = "",
    expected_version: int | None = None,
) -> CatalogItem:
    """条例 §4(四): the OGI office's review of information to be published, by someone other
    than its secrecy reviewer; in a one-person office (``Unit.single_person_office``) the same
    person may do both, and that exception is recorded as its own event before the approval."""

    def mutate(locked: CatalogItem) -> None:
        if locked.secrecy_cleared_by_id == actor.pk:  # allowed by check(): a one-person office
            record(
                ItemEvent, actor=actor, action=ItemAction.DUTY_EXCEPTION, item=locked,
                state_before=locked.state, state_after=locked.state,
                reason=f"{locked.unit.name}为一人办公室：保密审查和审核由同一人完成",
            )  # fmt: skip

    return _act(
        actor=actor, item=item, action=ItemAction.APPROVE, mutate=mutate,
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
        locked.secrecy_cleared_by = None  # reviewed afresh after the editor's changes

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
    already carries, in whatever local form (docs/law.md §6.2); a check character that does not
    verify is recorded as a warning, never a refusal.  If the number is in the unit's own
    guideline form, the counter moves past it so that new numbers never collide."""
    check = _may_create(actor, unit, ItemAction.IMPORT)
    check()
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

    def build() -> CatalogItem:
        own = parsed.prefix.replace("-", "") == unit.index_prefix
        if own and parsed.year is not None and parsed.serial is not None:
            IndexCounter.objects.bulk_create(
                [IndexCounter(unit=unit, year=parsed.year)], ignore_conflicts=True
            )
            counter = IndexCounter.objects.select_for_update().get(unit=unit, year=parsed.year)
            if counter.last_serial < parsed.serial:
                counter.last_serial = parsed.serial
                counter.save(update_fields=["last_serial"])
        return item

    try:
        return ITEMS.create(
            actor=actor, action=ItemAction.IMPORT, check=check, build=build,
            reason="；".join(parsed.warnings),
        )  # fmt: skip
    except IntegrityError:  # the same number imported at the same moment
        raise taken from None


REPORT_CATEGORY = "政府信息公开年报"


def _report_category(actor: User, unit: Unit) -> Category:
    """The unit's category of the 年报 column (the first one), made if it has none yet."""
    found = Category.objects.filter(unit=unit, column=Column.ANNUAL_REPORT).first()
    if found is not None:
        return found
    return category_create(
        actor=actor,
        category=Category(unit=unit, name=REPORT_CATEGORY, column=Column.ANNUAL_REPORT),
    )


def catalog_item_for_report(
    *,
    actor: User,
    unit: Unit,
    item: CatalogItem | None,
    fields: ItemFields,
    on: date,
    reason: str = "",
) -> CatalogItem:
    """The catalog item of a published annual report (条例 §49, §12): made published, with the
    next 索引号, when the report is first published; its fields replaced and 变更日期 set when the
    report is corrected.  Called only from the report's own 公布 and 更正 actions (in their
    transaction), so the report and its item never disagree."""
    at = timezone.make_aware(datetime.combine(on, datetime.min.time()))
    if item is None:
        category = _report_category(actor, unit)

        def build() -> CatalogItem:
            new = CatalogItem(unit=unit, state=ItemState.PUBLISHED)
            replace(fields, category=category).apply(new)
            _go_public(new, at)
            return new

        return ITEMS.create(
            actor=actor, action=ItemAction.REPORT_PUBLISH, build=build,
            check=_may_create(actor, unit, ItemAction.REPORT_PUBLISH), reason=reason,
        )  # fmt: skip

    def mutate(locked: CatalogItem) -> None:
        replace(fields, category=locked.category, changed_on=on).apply(locked)

    return _act(
        actor=actor, item=item, action=ItemAction.REPORT_CORRECT, mutate=mutate, reason=reason
    )


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


def _check_entry(entry: DirectoryEntry) -> None:
    unknown = [c for c in entry.channels if c not in dict(vocabulary.CHANNELS)]
    unknown += [v for v in entry.levels if v not in dict(vocabulary.LEVELS)]
    if unknown:
        raise ActionRefused(ErrorCode.INVALID, f"不是可选的值：{'、'.join(unknown)}")
    full_clean(entry)


def directory_entry_create(*, actor: User, entry: DirectoryEntry) -> DirectoryEntry:
    """Add a line to the unit's 主动公开基本目录 / 标准目录 (国办发〔2019〕54号)."""
    return DIRECTORY.create(
        actor=actor, action=DataAction.DIRECTORY_CREATE, build=lambda: entry,
        check=lambda: _authorize_data(actor, entry.unit, DIRECTORY.duty),
    )  # fmt: skip


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
    return CATEGORIES.create(
        actor=actor, action=DataAction.CATEGORY_CREATE, build=lambda: category,
        check=lambda: _authorize_data(actor, category.unit, CATEGORIES.duty),
    )  # fmt: skip


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


class _UnitData(Aggregate[K]):
    """How the action runner treats one kind of a unit's catalog data, a 目录事项 or a 分类: its
    events in :class:`DataEvent` (one stream per unit), a deletion's event keeping every field."""

    events = DataEvent

    def __init__(
        self,
        model: type[K],
        noun: str,  # in messages: 目录事项, 分类
        duty: str,  # the permission it needs, in messages
        validate: Callable[[K], None],
        updated: DataAction,
        deleted: DataAction,
        item_field: str,  # the field of CatalogItem that points at it
        deletable: Callable[[K], None] = lambda row: None,  # refuses a deletion beyond "in use"
    ) -> None:
        self.model, self.noun, self.duty = model, noun, duty
        self.validate: Callable[[K], None] = validate
        self.deletable: Callable[[K], None] = deletable
        self.updated, self.deleted, self.item_field = updated, deleted, item_field

    def lock(self, pk: int) -> K:
        row: K = self.model._default_manager.select_for_update().select_related("unit").get(pk=pk)
        setattr(row, "audit_id", row.pk)  # kept for the event of a deletion  # noqa: B010
        return row

    def check(self, actor: Any, obj: K, action: str) -> None:
        _authorize_data(actor, obj.unit, self.duty)

    def snapshot(self, obj: K) -> dict[str, Any]:
        return _fields_of(obj)

    def finish(self, obj: K) -> None:
        if getattr(obj, "gone", False):  # deleted by the mutation
            return
        self.validate(obj)
        obj.save()

    def subject(self, obj: K, state_before: str) -> dict[str, Any]:
        return {
            "unit_id": obj.unit_id,
            "object_id": getattr(obj, "audit_id", obj.pk),
            "label": str(obj)[:200],
        }

    def write(
        self,
        actor: Any,
        obj: K,
        action: str,
        state_before: str,
        before: dict[str, Any],
        after: dict[str, Any],
        reason: str,
        extra: dict[str, Any] | None = None,
    ) -> AuditEvent:
        if action != self.deleted:
            return super().write(actor, obj, action, state_before, before, after, reason, extra)  # type: ignore[arg-type]
        # A deletion keeps every field of the row (it is gone) and what was moved where.
        moved = getattr(obj, "moved", {})
        return record(
            DataEvent, actor=actor, action=action, before=before, after=moved, reason=reason,
            **self.subject(obj, state_before),
        )  # fmt: skip


def _update(kind: _UnitData[K], actor: User, row: K, reason: str) -> K:
    """Save ``row`` (holding the new values) over the stored one; its unit stays."""

    def mutate(stored: K) -> None:
        if row.unit_id != stored.unit_id:
            raise ActionRefused(ErrorCode.INVALID, f"{kind.noun}不能改到其他单位")
        for field in kind.model._meta.concrete_fields:
            if not field.primary_key:
                setattr(stored, field.attname, getattr(row, field.attname))

    return kind.run(actor=actor, pk=row.pk, action=kind.updated, mutate=mutate, reason=reason)


def _delete(kind: _UnitData[K], actor: User, row: K | int, move_to: K | None, reason: str) -> None:
    pk = row if isinstance(row, int) else row.pk

    def mutate(stored: K) -> None:
        kind.deletable(stored)
        used = list(stored.items.order_by("pk").values_list("pk", flat=True))
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
            moved = {"moved_items": used, "moved_to": move_to.pk, "moved_to_label": str(move_to)}
            setattr(stored, "moved", moved)  # for the event  # noqa: B010
        stored.delete()
        setattr(stored, "gone", True)  # noqa: B010

    kind.run(actor=actor, pk=pk, action=kind.deleted, mutate=mutate, reason=reason)


DIRECTORY = _UnitData(
    DirectoryEntry, "目录事项", "编制主动公开基本目录", _check_entry,
    DataAction.DIRECTORY_UPDATE, DataAction.DIRECTORY_DELETE, "directory_entry",
)  # fmt: skip
CATEGORIES = _UnitData(
    Category, "分类", "维护目录分类", _check_category,
    DataAction.CATEGORY_UPDATE, DataAction.CATEGORY_DELETE, "category", _category_deletable,
)  # fmt: skip

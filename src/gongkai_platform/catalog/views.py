"""Staff pages of the catalog: the list with the §26 flags, create and edit a draft, the item page
with its due-date explanation, its audit trail and the actions the state machine allows.  Thin:
reads through ``selectors``, writes through ``services``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai_platform.accounts.models import Unit
from gongkai_platform.accounts.scoping import acting_units, readable_units
from gongkai_platform.applications.models import Application
from gongkai_platform.catalog import directory, promotion, selectors, services
from gongkai_platform.catalog.forms import (
    ActionForm,
    AttachForm,
    CategoryForm,
    CreateForm,
    DeleteForm,
    DirectoryEntryForm,
    ItemForm,
    PublishForm,
    ValidityForm,
)
from gongkai_platform.catalog.models import (
    CatalogItem,
    Category,
    DataEvent,
    DirectoryEntry,
)
from gongkai_platform.catalog.states import TRANSITIONS, ItemAction, ItemState
from gongkai_platform.core.errors import ActionRefused
from gongkai_platform.core.requests import query_number, user_of

LIST_LIMIT = 200

FORMS: dict[ItemAction, type[ActionForm]] = {
    ItemAction.SUBMIT_REVIEW: ActionForm,
    ItemAction.CLEAR_SECRECY: ActionForm,
    ItemAction.APPROVE: ActionForm,
    ItemAction.RETURN: ActionForm,
    ItemAction.PUBLISH: PublishForm,
    ItemAction.REVOKE: ActionForm,
    ItemAction.SET_VALIDITY: ValidityForm,
    ItemAction.ATTACH: AttachForm,
}


def _perform(action: ItemAction, actor: Any, item: CatalogItem, data: dict[str, Any]) -> object:
    common = {"actor": actor, "item": item, "expected_version": data["version"]}
    reason = data.get("reason", "")
    calls: dict[ItemAction, Callable[[], object]] = {
        ItemAction.SUBMIT_REVIEW: lambda: services.catalog_item_submit_review(
            reason=reason, **common
        ),
        ItemAction.CLEAR_SECRECY: lambda: services.catalog_item_clear_secrecy(
            reason=reason, **common
        ),
        ItemAction.APPROVE: lambda: services.catalog_item_approve(reason=reason, **common),
        ItemAction.RETURN: lambda: services.catalog_item_return(reason=reason, **common),
        ItemAction.PUBLISH: lambda: services.catalog_item_publish(
            at=data.get("at"), reason=reason, **common
        ),
        ItemAction.REVOKE: lambda: services.catalog_item_revoke(reason=reason, **common),
        ItemAction.SET_VALIDITY: lambda: services.catalog_item_set_validity(
            validity=data["validity"], on=data.get("on"), reason=reason, **common
        ),
        ItemAction.ATTACH: lambda: services.catalog_item_attach(
            name=data["file"].name, data=data["file"].read(), **common
        ),
    }
    return calls[action]()


def _get(request: HttpRequest, pk: int) -> CatalogItem:
    try:
        return selectors.staff_items(user_of(request)).get(pk=pk)
    except CatalogItem.DoesNotExist:
        raise Http404(_("没有找到该信息，或您无权查看")) from None


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    items = selectors.staff_items(user_of(request)).order_by("-updated_at")
    if state in ItemState.values:
        items = items.filter(state=state)
    return render(
        request,
        "catalog/list.html",
        {
            "rows": list(items[:LIST_LIMIT]),
            "overdue": list(selectors.overdue_items(user_of(request))[:LIST_LIMIT]),
            "states": ItemState.choices,
            "state": state,
            "today": timezone.localdate(),
            "can_create": acting_units(
                user_of(request), TRANSITIONS[ItemAction.CREATE].roles
            ).exists(),
        },
    )


@login_required
def item_create(request: HttpRequest) -> HttpResponse:
    units = acting_units(user_of(request), TRANSITIONS[ItemAction.CREATE].roles)
    if not units.exists():
        raise PermissionDenied(_("您没有新建目录信息的权限"))
    form = CreateForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.catalog_item_create(
                actor=user_of(request),
                unit=form.cleaned_data["unit"],
                fields=form.item_fields(),
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("已保存草稿"))
            return redirect("catalog:item", pk=item.pk)
    return render(request, "catalog/edit.html", {"form": form})


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get(request, pk)
    form = ItemForm(
        request.POST or None,
        initial=ItemForm.initial_from(item),
        units=Unit.objects.filter(pk=item.unit_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.catalog_item_update(
                actor=user_of(request),
                item=item,
                fields=form.item_fields(),
                expected_version=item.version,
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("已保存"))
            return redirect("catalog:item", pk=item.pk)
    return render(request, "catalog/edit.html", {"form": form, "item": item})


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get(request, pk)
    offered = services.ITEMS.allowed(user_of(request), item)  # what the service would allow
    actions = [a for a in offered if a in FORMS]
    return render(
        request,
        "catalog/detail.html",
        {
            "item": item,
            "events": item.events.select_related("actor"),
            "attachments": item.attachments.all(),
            "can_edit": ItemAction.UPDATE in offered,
            "forms": [
                (a, FORMS[a](initial={"version": item.version}, prefix=a.value)) for a in actions
            ],
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def item_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    item = _get(request, pk)
    if action not in FORMS:
        raise Http404
    chosen = ItemAction(action)
    form = FORMS[chosen](request.POST, request.FILES, prefix=chosen.value)
    if form.is_valid():
        try:
            _perform(chosen, user_of(request), item, form.cleaned_data)
        except ActionRefused as refusal:
            messages.error(request, f"{chosen.label}：{refusal.message}")
        else:
            messages.success(request, _("已完成：%(action)s") % {"action": chosen.label})
    else:
        messages.error(request, f"{chosen.label}：{form.errors.as_text()}")
    return redirect("catalog:item", pk=item.pk)


@login_required
def directory_page(request: HttpRequest) -> HttpResponse:
    """The 主动公开基本目录 of the user's units, each entry with its published items and the
    "missing" and "late" findings for a year."""
    units = readable_units(user_of(request)).order_by("path")
    year = query_number(request, "year", 1990, 2100) or timezone.localdate().year
    editable = acting_units(user_of(request), services.DIRECTORY_ROLES)
    form = DirectoryEntryForm(request.POST or None, units=editable)
    if request.method == "POST" and form.is_valid():
        try:
            services.directory_entry_create(actor=user_of(request), entry=form.save(commit=False))
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("已添加目录事项"))
            return redirect("catalog:directory")
    sections = [
        (
            unit,
            DirectoryEntry.objects.filter(unit=unit).prefetch_related("items"),
            directory.findings(unit, year),
        )
        for unit in units[:50]
    ]
    return render(
        request,
        "catalog/directory.html",
        {
            "sections": sections,
            "year": year,
            "form": form if editable.exists() else None,
            "editable": list(editable),
            "today": timezone.localdate(),
        },
    )


@login_required
def categories_page(request: HttpRequest) -> HttpResponse:
    """The units' own category trees (组配分类), kept as data by the OGI office."""
    user = user_of(request)
    editable = acting_units(user, services.DIRECTORY_ROLES)
    form = CategoryForm(request.POST or None, units=editable)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_create(actor=user, category=form.save(commit=False))
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("已添加分类"))
            return redirect("catalog:categories")
    rows = Category.objects.filter(unit__in=readable_units(user)).select_related("unit", "parent")
    return render(
        request,
        "catalog/categories.html",
        {
            "rows": rows.order_by("unit__path", "column", "position", "id")[:LIST_LIMIT],
            "form": form if editable.exists() else None,
            "editable": list(editable),
        },
    )


def _kept(request: HttpRequest) -> QuerySet[Unit]:
    """The units whose 目录 and categories the user keeps (条例 §4(三): the OGI office)."""
    return acting_units(user_of(request), services.DIRECTORY_ROLES)


def _history(row: DirectoryEntry | Category, actions: tuple[str, ...]) -> QuerySet[DataEvent]:
    return DataEvent.objects.filter(
        unit_id=row.unit_id, object_id=row.pk, action__in=actions
    ).select_related("actor")


K = TypeVar("K", DirectoryEntry, Category)


@dataclass(frozen=True)
class _DataPages(Generic[K]):
    """The edit and delete pages of one kind of a unit's catalog data (目录事项 or 分类)."""

    model: type[K]
    form: Callable[..., ModelForm[K]]  # takes units=
    update: Callable[[User, K], object]  # the named action
    delete: Callable[[User, K, K | None, str], None]  # the named action: row, move_to, reason
    name: str  # URL names: <name>, <name>_edit, <name>_delete
    noun: StrPromise
    actions: tuple[str, ...]  # its audit events


DIRECTORY_PAGES = _DataPages[DirectoryEntry](
    DirectoryEntry, DirectoryEntryForm,
    lambda actor, row: services.directory_entry_update(actor=actor, entry=row),
    lambda actor, row, move_to, reason: services.directory_entry_delete(
        actor=actor, entry=row, move_to=move_to, reason=reason
    ),
    "directory", gettext_lazy("目录事项"), ("directory_create", "directory_update", "directory_delete"),
)  # fmt: skip
CATEGORY_PAGES = _DataPages[Category](
    Category, CategoryForm,
    lambda actor, row: services.category_update(actor=actor, category=row),
    lambda actor, row, move_to, reason: services.category_delete(
        actor=actor, category=row, move_to=move_to, reason=reason
    ),
    "categories", gettext_lazy("分类"), ("category_create", "category_update", "category_delete"),
)  # fmt: skip


def _data_edit(request: HttpRequest, pk: int, pages: _DataPages[K]) -> HttpResponse:
    row = get_object_or_404(pages.model, pk=pk, unit__in=_kept(request))
    units = Unit.objects.filter(pk=row.unit_id)
    form = pages.form(request.POST or None, instance=row, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            pages.update(user_of(request), form.save(commit=False))
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("已保存%(noun)s") % {"noun": pages.noun})
            return redirect(f"catalog:{pages.name}")
    others = pages.model.objects.filter(unit_id=row.unit_id).exclude(pk=row.pk)
    return render(
        request,
        "catalog/data_edit.html",
        {
            "title": _("修改%(noun)s：%(row)s") % {"noun": pages.noun, "row": row},
            "form": form,
            "delete_url": reverse(f"catalog:{pages.name}_delete", args=[row.pk]),
            "delete_form": DeleteForm(choices=others),
            "used": row.items.count(),
            "events": _history(row, pages.actions),
            "back": reverse(f"catalog:{pages.name}"),
        },
    )


def _data_delete(request: HttpRequest, pk: int, pages: _DataPages[K]) -> HttpResponse:
    row = get_object_or_404(pages.model, pk=pk, unit__in=_kept(request))
    others = pages.model.objects.filter(unit_id=row.unit_id).exclude(pk=row.pk)
    form = DeleteForm(request.POST, choices=others)
    if form.is_valid():
        try:
            pages.delete(
                user_of(request), row, form.cleaned_data["move_to"], form.cleaned_data["reason"]
            )
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
            return redirect(f"catalog:{pages.name}_edit", pk=row.pk)
        messages.success(request, _("已删除%(noun)s：%(row)s") % {"noun": pages.noun, "row": row})
        return redirect(f"catalog:{pages.name}")
    messages.error(request, form.errors.as_text())
    return redirect(f"catalog:{pages.name}_edit", pk=row.pk)


@login_required
def directory_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a line of the 主动公开基本目录; the page also offers its deletion."""
    return _data_edit(request, pk, DIRECTORY_PAGES)


@login_required
@require_POST
def directory_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _data_delete(request, pk, DIRECTORY_PAGES)


@login_required
def category_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename, move or re-column a category of the unit's tree; the page also offers its deletion."""
    return _data_edit(request, pk, CATEGORY_PAGES)


@login_required
@require_POST
def category_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _data_delete(request, pk, CATEGORY_PAGES)


@login_required
def promote_page(request: HttpRequest) -> HttpResponse:
    """条例第四十四条: repeatedly requested subjects, then every closed application whose outcome
    disclosed the information, each with the action that makes a draft catalog item of it."""
    user = user_of(request)
    return render(
        request,
        "catalog/promote.html",
        {
            "subjects": promotion.repeated_subjects(user),
            "rows": list(promotion.candidates(user)[:LIST_LIMIT]),
            "can_promote": acting_units(user, TRANSITIONS[ItemAction.PROMOTE].roles).exists(),
        },
    )


@login_required
@require_POST
def promote(request: HttpRequest, application: int) -> HttpResponse:
    user = user_of(request)
    source = get_object_or_404(
        Application,
        pk=application,
        unit__in=acting_units(user, TRANSITIONS[ItemAction.PROMOTE].roles),
    )
    try:
        item = services.catalog_item_promote(actor=user, application=source)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("catalog:promote_list")
    messages.success(request, _("已生成草稿，请核对内容后提交保密审查"))
    return redirect("catalog:item", pk=item.pk)

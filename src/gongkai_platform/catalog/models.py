"""Catalog items (政府信息公开目录, 条例 §12), their attachments, their audit trail, the unit's own
category tree, the per-unit-per-year 索引号 counter and the 主动公开基本目录 / 标准目录 entries.

Rows change only through ``services`` (each action writes one :class:`ItemEvent` in the same
transaction).  Public pages read only through ``selectors.public_items``: a row that is not
``published`` does not exist for them.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongkai import law
from gongkai.catalog import vocabulary
from gongkai_platform.accounts.models import Unit
from gongkai_platform.catalog.states import ItemAction, ItemState
from gongkai_platform.core.audit import AuditEvent


class Column(models.TextChoices):
    """The statutory column of the portal a category belongs to (国办公开办函〔2019〕61号)."""

    STATUTORY = "statutory", _("法定主动公开内容")
    RULES = "rules", _("政府信息公开制度")
    ANNUAL_REPORT = "annual_report", _("政府信息公开年报")


class DocKind(models.TextChoices):
    """What 表二 (第二十条第（一）项) counts: 规章 and 行政规范性文件; anything else is 其他."""

    REGULATION = "regulation", _("规章")
    NORMATIVE_DOC = "normative_doc", _("行政规范性文件")
    OTHER = "other", _("其他")


class Category(models.Model):
    """A node of the unit's own category tree (组配分类, e.g. "机构职能", "财政资金"): data, not code."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="catalog_categories")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(_("分类名称"), max_length=100)
    column = models.CharField(
        _("所属栏目"), max_length=20, choices=Column.choices, default=Column.STATUTORY
    )
    position = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("目录分类")
        ordering = ("unit", "position", "id")
        constraints = (
            models.UniqueConstraint(fields=["unit", "parent", "name"], name="category_unique_name"),
        )

    def __str__(self) -> str:
        return self.name


class IndexCounter(models.Model):
    """The last 索引号 serial a unit used in a year; locked with ``select_for_update`` to allocate."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["unit", "year"], name="index_counter_unit_year"),
        )


class DirectoryEntry(models.Model):
    """One line of the unit's 主动公开基本目录 / 基层政务公开标准目录 (国办发〔2019〕54号; the columns
    of docs/law.md §7.3): what must be published, on what basis, by when, by whom, how, to whom."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="directory_entries")
    area = models.CharField(
        _("领域"), max_length=50, help_text=_("如“财政预决算”；领域是数据，可自行增加")
    )
    item_l1 = models.CharField(_("一级事项"), max_length=100)
    item_l2 = models.CharField(_("二级事项"), max_length=100, blank=True)
    content_elements = models.TextField(_("公开内容（要素）"))
    legal_basis = models.TextField(_("公开依据"), blank=True)
    time_limit = models.CharField(
        _("公开时限"), max_length=100, default=f"信息形成或者变更之日起{law.PUBLICATION.text}内"
    )
    time_limit_days = models.PositiveSmallIntegerField(
        _("公开时限（工作日）"),
        null=True,
        blank=True,
        default=20,
        help_text=_("逾期判断所用的工作日数；空白表示长期公开、无固定时限"),
    )
    publisher = models.CharField(_("公开主体"), max_length=100)
    channels = models.JSONField(_("公开渠道和载体"), default=list)
    audience = models.CharField(
        _("公开对象"), max_length=20, choices=list(vocabulary.AUDIENCE), default="public"
    )
    mode = models.CharField(
        _("公开方式"), max_length=20, choices=list(vocabulary.DISCLOSURE_MODE), default="proactive"
    )
    levels = models.JSONField(_("公开层级"), default=list)
    expected_per_year = models.PositiveSmallIntegerField(
        _("每年至少发布条数"), default=1, help_text=_("0 表示按需发布，不作“缺失”检查")
    )
    position = models.PositiveIntegerField(_("序号"), default=0)

    class Meta:
        verbose_name = _("主动公开基本目录事项")
        ordering = ("unit", "position", "id")

    def __str__(self) -> str:
        return f"{self.item_l1} {self.item_l2}".strip()

    @property
    def channel_labels(self) -> str:
        return "、".join(dict(vocabulary.CHANNELS).get(c, c) for c in self.channels)

    @property
    def level_labels(self) -> str:
        return "、".join(dict(vocabulary.LEVELS).get(v, v) for v in self.levels)


class CatalogItem(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="catalog_items")
    state = models.CharField(
        _("状态"), max_length=20, choices=ItemState.choices, default=ItemState.DRAFT
    )
    # 索引号: allocated at publication (or kept from the source on import); permanent after that.
    index_number = models.CharField(_("索引号"), max_length=60, null=True, blank=True, unique=True)
    index_year = models.PositiveIntegerField(null=True, blank=True)
    index_serial = models.PositiveIntegerField(null=True, blank=True)

    title = models.CharField(_("名称"), max_length=300)
    summary = models.TextField(_("内容概述"), blank=True)
    body = models.TextField(_("正文"), blank=True)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    publisher = models.CharField(_("发布机构"), max_length=100)
    formed_on = models.DateField(_("成文日期"))
    changed_on = models.DateField(
        _("变更日期"),
        null=True,
        blank=True,
        help_text=format_lazy(
            _("信息变更的，自变更之日起重新计算（{article}）"), article=law.ART_26.short()
        ),
    )
    published_on = models.DateField(_("发布日期"), null=True, blank=True, db_index=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    go_live_at = models.DateTimeField(_("定时发布时间"), null=True, blank=True)

    doc_kind = models.CharField(
        _("文件类型"), max_length=20, choices=DocKind.choices, default=DocKind.OTHER
    )
    validity = models.CharField(
        _("有效性"), max_length=20, choices=list(vocabulary.VALIDITY), blank=True
    )
    effective_on = models.DateField(_("实施日期"), null=True, blank=True)
    invalid_on = models.DateField(_("失效或废止日期"), null=True, blank=True)

    art20 = models.CharField(
        format_lazy(_("{article}类别"), article=law.ART_20.short()),
        max_length=20,
        choices=list(vocabulary.ART20),
        blank=True,
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("分类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    topic = models.CharField(_("主题分类"), max_length=100, blank=True)
    five_open = models.CharField(
        _("五公开属性"), max_length=20, choices=list(vocabulary.FIVE_OPEN), blank=True
    )
    disclosure_mode = models.CharField(
        _("公开方式"), max_length=20, choices=list(vocabulary.DISCLOSURE_MODE), default="proactive"
    )
    audience = models.CharField(
        _("公开范围"), max_length=20, choices=list(vocabulary.AUDIENCE), default="public"
    )
    directory_entry = models.ForeignKey(
        DirectoryEntry,
        verbose_name=_("主动公开基本目录事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )

    # §26: publish within 20 working days of formation or change, with how the date was reached.
    due_on = models.DateField(_("应发布日期"), null=True, blank=True)
    due_provisional = models.BooleanField(default=False)
    due_explanation = models.TextField(blank=True)

    # 条例 §44: the closed application whose disclosed information this item makes public.
    source_application = models.ForeignKey(
        "applications.Application",
        verbose_name=format_lazy(_("来源申请（{article}）"), article=law.ART_44.short()),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="catalog_items",
    )

    # Tokens of title, summary, body and attachment text (see ``search``); kept by the services.
    search_tokens = models.TextField(blank=True, editable=False)

    # Who cleared its 保密审查 (条例 §17): the 审核 must be someone else, unless the unit is a
    # one-person office (``Unit.single_person_office``; each such exception is its own event).
    secrecy_cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("保密审查人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("目录信息")
        verbose_name_plural = _("目录信息")
        ordering = ("-published_on", "-id")
        constraints = (
            models.CheckConstraint(
                condition=~models.Q(state=ItemState.PUBLISHED)
                | models.Q(index_number__isnull=False, published_on__isnull=False),
                name="catalog_published_has_index_and_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=ItemState.SCHEDULED) | models.Q(go_live_at__isnull=False),
                name="catalog_scheduled_has_time",
            ),
        )
        indexes = (
            models.Index(fields=["unit", "state", "published_on"]),
            models.Index(fields=["state", "published_on"]),
            models.Index(fields=["state", "due_on"]),
            models.Index(fields=["state", "go_live_at"]),
        )

    def __str__(self) -> str:
        return self.title

    @property
    def clock_start(self) -> date:
        """Day 0 of the §26 clock: the change date if the information changed, else formation."""
        return self.changed_on or self.formed_on


class Attachment(models.Model):
    """A file of an item, stored with its metadata stripped (see ``sanitize``) and its text kept
    for search.  Served only while its item is published."""

    item = models.ForeignKey(CatalogItem, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="catalog/%Y/")
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("id",)


class ItemEvent(AuditEvent):
    """One step of an item's audit trail: who did what, when, from what to what, and why.  A
    scheduled go-live has no actor (the system did it).  One hash-chained stream per item."""

    item = models.ForeignKey(
        CatalogItem, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    action = models.CharField(_("操作"), max_length=40, choices=ItemAction.choices)
    state_before = models.CharField(max_length=20, choices=ItemState.choices, blank=True)
    state_after = models.CharField(max_length=20, choices=ItemState.choices)

    stream_field = "item_id"

    class Meta(AuditEvent.Meta):
        indexes = (models.Index(fields=["item", "id"], name="item_event_stream"),)


class DataAction(models.TextChoices):
    DIRECTORY_CREATE = "directory_create", _("新增基本目录事项")
    DIRECTORY_UPDATE = "directory_update", _("修改基本目录事项")
    DIRECTORY_DELETE = "directory_delete", _("删除基本目录事项")
    CATEGORY_CREATE = "category_create", _("新增目录分类")
    CATEGORY_UPDATE = "category_update", _("修改目录分类")
    CATEGORY_DELETE = "category_delete", _("删除目录分类")


class DataEvent(AuditEvent):
    """One change to a unit's 主动公开基本目录 or category tree: who, when, which row (kept by id
    and name, since a deleted row is gone), its fields before and after, items moved, and why.
    Written by the action runner in the same transaction as the change; one hash-chained stream
    per unit."""

    action = models.CharField(_("操作"), max_length=40, choices=DataAction.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="catalog_data_events", db_index=False
    )
    object_id = models.PositiveIntegerField()
    label = models.CharField(_("对象"), max_length=200)

    stream_field = "unit_id"

    class Meta(AuditEvent.Meta):
        verbose_name = _("目录编制记录")
        indexes = (models.Index(fields=["unit", "id"], name="data_event_stream"),)

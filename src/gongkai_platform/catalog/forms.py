"""Staff forms of the catalog: the item's descriptive fields, and one form per action."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongkai import law
from gongkai.catalog import vocabulary
from gongkai_platform.accounts.models import Unit
from gongkai_platform.catalog.models import CatalogItem, Category, DirectoryEntry, DocKind
from gongkai_platform.catalog.services import ItemFields
from gongkai_platform.core.forms import Form

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _date(
    label: StrOrPromise, *, required: bool = True, help_text: StrOrPromise = ""
) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )  # fmt: skip


def _choices(vocab: vocabulary.Vocabulary) -> list[tuple[str, str]]:
    return [("", "—"), *vocab]


class ItemForm(Form):
    """条例 §12 (索引、名称、内容概述、生成日期) and the usual metadata (docs/law.md §6.3)."""

    title = forms.CharField(label=_("名称"), max_length=300)
    summary = forms.CharField(
        label=_("内容概述"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label=_("正文"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    doc_number = forms.CharField(label=_("文号"), max_length=100, required=False)
    publisher = forms.CharField(
        label=_("发布机构"), max_length=100, required=False, help_text=_("空白时为本单位全称")
    )
    formed_on = _date(_("成文日期"))
    changed_on = _date(
        _("变更日期"),
        required=False,
        help_text=format_lazy(
            _("信息变更的，{period}自变更之日起算（{article}）"),
            period=law.PUBLICATION.text,
            article=law.ART_26.short(),
        ),
    )
    doc_kind = forms.ChoiceField(label=_("文件类型"), choices=DocKind.choices)
    validity = forms.ChoiceField(
        label=_("有效性"), choices=_choices(vocabulary.VALIDITY), required=False
    )
    effective_on = _date(_("实施日期"), required=False)
    invalid_on = _date(_("失效或废止日期"), required=False)
    art20 = forms.ChoiceField(
        label=format_lazy(_("{article}类别"), article=law.ART_20.short()),
        choices=_choices(vocabulary.ART20),
        required=False,
    )
    category = forms.ModelChoiceField(
        label=_("分类"), queryset=Category.objects.none(), required=False
    )
    topic = forms.CharField(label=_("主题分类"), max_length=100, required=False)
    five_open = forms.ChoiceField(
        label=_("五公开属性"), choices=_choices(vocabulary.FIVE_OPEN), required=False
    )
    disclosure_mode = forms.ChoiceField(label=_("公开方式"), choices=vocabulary.DISCLOSURE_MODE)
    audience = forms.ChoiceField(label=_("公开范围"), choices=vocabulary.AUDIENCE)
    directory_entry = forms.ModelChoiceField(
        label=_("主动公开基本目录事项"), queryset=DirectoryEntry.objects.none(), required=False
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(unit__in=units)  # type: ignore[attr-defined]
        self.fields["directory_entry"].queryset = DirectoryEntry.objects.filter(unit__in=units)  # type: ignore[attr-defined]

    @classmethod
    def initial_from(cls, item: CatalogItem) -> dict[str, Any]:
        return {name: getattr(item, name) for name in cls.base_fields}

    def item_fields(self) -> ItemFields:
        return ItemFields(**self.cleaned_data)


class CreateForm(ItemForm):
    unit = forms.ModelChoiceField(
        label=_("发布单位"), queryset=Unit.objects.none(), empty_label=None
    )

    field_order = ("unit",)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, units=units, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def item_fields(self) -> ItemFields:
        data = dict(self.cleaned_data)
        data.pop("unit")
        return ItemFields(**data)


class ActionForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput())
    reason = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PublishForm(ActionForm):
    at = forms.DateTimeField(
        label=_("定时发布时间"), required=False, help_text=_("空白为立即发布"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )  # fmt: skip


class ValidityForm(ActionForm):
    validity = forms.ChoiceField(label=_("有效性"), choices=vocabulary.VALIDITY)
    on = _date(_("失效或废止日期"), required=False)


class AttachForm(ActionForm):
    file = forms.FileField(
        label=_("附件（PDF、DOCX、JPEG 或 PNG；发布前自动清除文件属性中的作者等信息）")
    )


class DirectoryEntryForm(forms.ModelForm[DirectoryEntry]):
    """A line of the 主动公开基本目录 with the columns of the 标准目录 (docs/law.md §7.3)."""

    channels = forms.MultipleChoiceField(
        label=_("公开渠道和载体"), choices=vocabulary.CHANNELS, widget=forms.CheckboxSelectMultiple
    )
    levels = forms.MultipleChoiceField(
        label=_("公开层级"), choices=vocabulary.LEVELS, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = DirectoryEntry
        fields = (
            "unit", "area", "item_l1", "item_l2", "content_elements", "legal_basis", "time_limit",
            "time_limit_days", "publisher", "channels", "audience", "mode", "levels", "expected_per_year",
        )  # fmt: skip

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["unit"].label = _("单位")
        self.fields["unit"].disabled = self.instance.pk is not None  # an entry stays in its unit
        self.fields["content_elements"].widget.attrs["rows"] = 2
        self.fields["legal_basis"].widget.attrs["rows"] = 2


class CategoryForm(forms.ModelForm[Category]):
    class Meta:
        model = Category
        fields = ("unit", "parent", "name", "column", "position")

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["unit"].label = _("单位")
        self.fields["unit"].disabled = self.instance.pk is not None  # a category stays in its unit
        self.fields["parent"].queryset = Category.objects.filter(unit__in=units)  # type: ignore[attr-defined]
        self.fields["parent"].label = _("上级分类")


class DeleteForm(Form):
    """Delete a directory entry or a category; the items that still use it go to ``move_to``."""

    move_to = forms.ModelChoiceField(
        label=_("其下信息改归"),
        queryset=Category.objects.none(),
        required=False,
        help_text=_("仍有信息使用时必须选择；没有信息使用时可不选"),
    )
    reason = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, choices: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["move_to"].queryset = choices  # type: ignore[attr-defined]

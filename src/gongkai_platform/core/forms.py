"""Form pieces every app's pages use: a date picker that submits ISO dates, and a form whose
labels end in a full-width colon."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(
    label: StrOrPromise, *, required: bool = True, help_text: StrOrPromise = ""
) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


class Form(forms.Form):
    """A form of the staff pages: labels end in the full-width colon of Chinese text (Django's own
    suffix is an ASCII ":" unless a translation catalogue changes it), and a required field says
    so in words in its label ("（必填）"), which screen readers read out as well."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "：")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.required and field.label_suffix is None:
                field.label_suffix = "（必填）" + str(self.label_suffix)

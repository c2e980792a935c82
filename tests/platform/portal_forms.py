"""The portal's online application form as a member of the public fills it in (条例 §29), for
the tests that submit it: the form's guard token is read from the page, as a browser would."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def form_data(client: Client, unit_pk: int, **overrides: Any) -> dict[str, Any]:
    page = client.get(reverse("portal:apply", args=[unit_pk])).content.decode()
    started = page.split('name="started" value="', 1)[1].split('"', 1)[0]
    data: dict[str, Any] = {
        "started": started,
        "website": "",
        "applicant_type": "natural_person",
        "applicant_name": "李四",
        "id_number": "110101199003075678",
        "identity_proof": SimpleUploadedFile("id.png", PNG, content_type="image/png"),
        "phone": "13900001111",
        "email": "",
        "address": "示例县人民路2号",
        "description": "2025年甲镇农村危房改造补助对象名单",
        "medium": "electronic",
        "delivery": "email",
        "consent": "on",
    }
    data.update(overrides)
    return data

"""The applicant told of each step by e-mail and SMS through the pluggable notifiers (issue 12):
the 补正 with its deadline (条例第三十条), an extension (第三十三条第二款), a fee notice (第四十二条,
国办函〔2020〕109号), the reply (第三十六条); logs mask the address and number."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

import pytest
from django.core import mail
from platform_world import World

from gongkai_platform.applications import services
from gongkai_platform.applications.notify import SmsNotifier

D = date.fromisoformat
TEXTS: list[tuple[str, str]] = []


class RecordingSms(SmsNotifier):
    """A deployment's gateway, as the setting plugs it in."""

    def send(self, phone: str, message: str) -> bool:
        TEXTS.append((phone, message))
        return True


@pytest.fixture
def channels(settings: Any) -> None:
    settings.GONGKAI_NOTIFIERS = [
        "gongkai_platform.applications.notify.EmailNotifier",
        "test_applicant_notices.RecordingSms",
    ]
    TEXTS.clear()


def test_the_applicant_is_told_of_a_correction_and_its_deadline_条例第三十条(
    world: World, channels: None, django_capture_on_commit_callbacks: Any, caplog: Any
) -> None:
    app = world.register(email="zhang@example.com", phone="13800138000")
    caplog.set_level(logging.INFO)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_request_correction(
            actor=world.handler, application=app, items="请写明年度", reply_by=D("2025-03-14"),
            sent_on=D("2025-03-04"),
        )  # fmt: skip
    (message,) = mail.outbox
    assert message.to == ["zhang@example.com"] and "需要补正" in message.subject
    assert "请写明年度" in message.body and "2025年03月14日前补正" in message.body
    assert "第三十条" in message.body and app.query_code in message.body
    ((phone, text),) = TEXTS
    assert phone == "13800138000" and "2025年03月14日前补正" in text
    logged = caplog.text
    assert "zh***@example.com" in logged and "138****8000" in logged
    assert "zhang@example.com" not in logged and "13800138000" not in logged


def test_the_applicant_is_told_of_extension_fee_and_reply_条例第三十三条_第四十二条_第三十六条(
    world: World, channels: None, django_capture_on_commit_callbacks: Any
) -> None:
    app = world.register(email="zhang@example.com")
    with django_capture_on_commit_callbacks(execute=True):  # each action commits on its own
        app = services.application_extend(
            actor=world.approver, application=app, days=10, reason="需调取档案",
            on=D("2025-03-20"),
        )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        app = services.application_issue_fee_notice(
            actor=world.handler, application=app, method="per_page", units=120,
            sent_on=D("2025-03-21"),
        )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        app = services.application_record_fee_payment(
            actor=world.registrar, application=app, paid_on=D("2025-03-24")
        )
    with django_capture_on_commit_callbacks(execute=True):
        world.close(app, "granted", D("2025-03-28"))
    subjects = [m.subject for m in mail.outbox]
    assert [s.split("（")[0] for s in subjects] == [
        "政府信息公开申请答复期限延长",
        "政府信息公开申请收费通知",
        "政府信息公开申请已答复",
    ]
    assert "延长答复期限10个工作日" in mail.outbox[0].body
    assert "延长后的答复期限为2025年04月15日" in mail.outbox[0].body
    assert "1100元" in mail.outbox[1].body and "前缴纳" in mail.outbox[1].body
    assert "办理结果：（一）予以公开" in mail.outbox[2].body
    assert len(TEXTS) == 3  # the same steps by SMS


def test_a_refused_action_tells_nobody(
    world: World, channels: None, django_capture_on_commit_callbacks: Any
) -> None:
    app = world.register(email="zhang@example.com")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.ActionRefused):
        services.application_request_correction(
            actor=world.handler, application=app, items="x", reply_by=D("2025-03-14"),
            sent_on=D("2025-04-30"),  # too late for a 补正 (§30: within 7 working days)
        )  # fmt: skip
    assert not mail.outbox and not TEXTS


def test_a_failing_channel_does_not_stop_the_others(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.GONGKAI_NOTIFIERS = [
        "gongkai_platform.applications.notify.SmsNotifier",  # no gateway configured
        "gongkai_platform.applications.notify.EmailNotifier",
    ]
    app = world.register(email="zhang@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_request_correction(
            actor=world.handler, application=app, items="x", reply_by=D("2025-03-14"),
            sent_on=D("2025-03-04"),
        )  # fmt: skip
    assert len(mail.outbox) == 1

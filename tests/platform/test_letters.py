"""The reply letter (答复书) of every 表三 outcome, as DOCX and PDF from the same text."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from django.test import Client
from django.urls import reverse
from platform_world import World

from gongkai_platform.applications import letters, services
from gongkai_platform.applications.outcomes import CLOSING_CHOICES

D = date.fromisoformat


@pytest.mark.parametrize("outcome", [key for key, _ in CLOSING_CHOICES])
def test_every_outcome_has_a_letter_with_its_basis_and_remedies_条例第五十一条(
    world: World, outcome: str
) -> None:
    app = world.register(description="“某路”拓宽工程 <批复> & 环评")
    app = world.close(app, outcome, D("2025-03-20"), legal_basis="依据X", reason="区分处理说明")
    letter = letters.letter_for(app)
    text = "\n".join(letter.paragraphs)
    assert "2025年3月3日收到" in text and "“某路”拓宽工程 <批复> & 环评" in text  # not HTML-escaped
    assert "依据X" in text and "六十日内" in text and "六个月内" in text
    assert letter.date == "2025年3月20日" and letter.signature == "甲镇人民政府"
    body = "\n".join(
        p.text for p in docx.Document(io.BytesIO(letters.letter_docx(letter))).paragraphs
    )
    assert all(paragraph in body for paragraph in letter.paragraphs)


def test_a_reply_awaiting_approval_has_a_draft_letter_dated_on_approval(world: World) -> None:
    """The 审核人 reviews the letter before it is issued: the draft says so and has no date yet;
    the issued letter is dated on the day of approval, with the words the handler submitted."""
    app = world.register()
    with pytest.raises(ValueError):
        letters.letter_for(app)
    app = services.application_submit_reply(
        actor=world.handler,
        application=app,
        outcome="partially_granted",
        submitted_on=D("2025-03-20"),
        reason="第3页含个人隐私，已删除",
    )
    draft = letters.letter_for(app)
    assert draft.title.endswith("（送审稿）") and draft.date == "（审核通过之日）"
    assert "第三十七条" in "".join(draft.paragraphs) and "第3页含个人隐私" in "".join(
        draft.paragraphs
    )
    app = services.application_approve_reply(
        actor=world.approver, application=app, approved_on=D("2025-03-24"), reason="同意"
    )
    issued = letters.letter_for(app)
    assert issued.title == "政府信息公开申请答复书" and issued.date == "2025年3月24日"
    assert issued.paragraphs == draft.paragraphs


def test_letters_of_the_other_rows(world: World) -> None:
    app = world.register()
    services.application_request_correction(
        actor=world.handler,
        application=app,
        items="年份",
        reply_by=D("2025-03-14"),
        sent_on=D("2025-03-04"),
    )
    app = services.application_close_overdue_correction(
        actor=world.handler, application=app, on=D("2025-03-17")
    )
    assert "补正期限至2025年3月14日" in "".join(letters.letter_for(app).paragraphs)
    app = world.register()
    app = services.application_withdraw(
        actor=world.handler, application=app, reason="电话撤回", on=D("2025-03-05")
    )
    assert "您已撤回该申请（电话撤回）" in "".join(letters.letter_for(app).paragraphs)


def test_letter_downloads_are_scoped(client: Client, world: World) -> None:
    app = world.register()
    world.close(app, "granted", D("2025-03-20"))
    assert client.login(username="other", password="pw-other")
    assert client.get(reverse("letter", args=[app.pk, "pdf"])).status_code == 404
    assert client.login(username="handler", password="pw-handler")
    pdf = client.get(reverse("letter", args=[app.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    docx_response = client.get(reverse("letter", args=[app.pk, "docx"]))
    assert docx_response.content.startswith(b"PK")
    assert "filename*=utf-8''" in docx_response["Content-Disposition"]
    open_app = world.register()
    assert client.get(reverse("letter", args=[open_app.pk, "docx"])).status_code == 404

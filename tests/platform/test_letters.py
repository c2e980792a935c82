"""The reply letter (答复书) of every 表三 outcome, as DOCX and PDF from the same text."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import docx
import pytest
from django.test import Client
from django.urls import reverse
from docx.oxml.ns import qn
from platform_world import World

from gongkai_platform.accounts.models import Unit, UnitKind
from gongkai_platform.applications import documents, letters, services
from gongkai_platform.applications.outcomes import CLOSING_CHOICES

D = date.fromisoformat


@pytest.mark.parametrize("outcome", [key for key, _ in CLOSING_CHOICES])
def test_every_outcome_has_a_letter_with_its_basis_and_remedies_行政复议法第二十条_第二十三条(
    world: World, outcome: str
) -> None:
    app = world.register(description="“某路”拓宽工程 <批复> & 环评")
    app = world.close(app, outcome, D("2025-03-20"), legal_basis="依据X", reason="区分处理说明")
    letter = letters.letter_for(app)
    text = "\n".join(letter.paragraphs)
    remedy = letter.paragraphs[-1]
    assert "2025年3月3日收到" in text and "“某路”拓宽工程 <批复> & 环评" in text  # not HTML-escaped
    # 行政复议法 §20: the 复议机关 (a 镇's is the county government above it, §24) and 60 days.
    assert "依据X" in text and "六十日内向示例县人民政府申请行政复议" in text
    assert "《中华人民共和国行政复议法》第二十条第一款" in text
    assert "第五十一条" not in text  # 条例 §51 sets no period
    if outcome == "granted":  # not a refusal: 复议 or court directly (行政诉讼法 §46)
        assert "也可以自收到本答复之日起六个月内向人民法院提起行政诉讼" in text
        assert "《中华人民共和国行政诉讼法》第四十六条第一款" in text
        assert "应当先申请行政复议" not in text
    else:  # 行政复议法 §23 para. 1 (4), para. 2: 复议 first, then court within 15 days (§45)
        assert "《中华人民共和国行政复议法》第二十三条第一款第（四）项、第二款" in remedy
        assert "应当先申请行政复议" in remedy and "六个月" not in remedy and "或者" not in remedy
        assert "自收到行政复议决定书之日起十五日内向人民法院提起行政诉讼" in text
        assert "《中华人民共和国行政诉讼法》第四十五条" in text
    assert letter.date == "2025年3月20日" and letter.signature == "甲镇人民政府"
    body = "\n".join(
        p.text for p in docx.Document(io.BytesIO(documents.to_docx(letter))).paragraphs
    )
    assert all(paragraph in body for paragraph in letter.paragraphs)


def test_review_body_follows_the_unit_tree_行政复议法第二十四条(world: World) -> None:
    county = world.town_a.parent

    def department(name: str, parent: Unit | None) -> Unit:
        return Unit(name=name, kind=UnitKind.DEPARTMENT, parent=parent)  # never saved

    assert letters.review_body(world.town_a) == "示例县人民政府"  # next higher government
    bureau = department("示例县自然资源局", county)
    assert letters.review_body(bureau) == "示例县人民政府"  # its own government
    office = department("示例县自然资源局某所", bureau)
    assert letters.review_body(office) == "示例县人民政府"  # 派出机构: the government
    tax = department("国家税务总局示例县税务局", county)
    assert letters.review_body(tax) is None  # §27: its own system decides; not in the tree
    assert letters.review_body(county) is None  # no parent recorded
    assert letters.review_body(Unit(name="某省人民政府", kind=UnitKind.PROVINCE)) == "某省人民政府"
    assert letters.remedies("granted", tax)["body"] == letters.REVIEW_BODY_BLANK


def test_art36_4_and_art36_5_are_different_replies(world: World) -> None:
    """§36(4): the information does not exist.  §36(5): it is not this agency's to disclose, and
    the reply names the agency that is and how to reach it (条例第三十六条第（四）项、第（五）项)."""
    app = world.register()
    app = world.close(app, "unable.not_held", D("2025-03-20"), legal_basis="", reason="")
    text = "".join(letters.letter_for(app).paragraphs)
    assert "该政府信息不存在" in text and "第三十六条第（四）项" in text
    assert "不属于本机关负责公开" not in text and "不存在或者不属于" not in text

    app = world.register()
    app = world.close(
        app,
        "unable.not_held",
        D("2025-03-20"),
        ground="36_5",
        responsible_agency="示例县自然资源局",
        responsible_contact="0000-1234567",
        reason="该信息由示例县自然资源局制作并负责公开",
    )
    text = "".join(letters.letter_for(app).paragraphs)
    assert "不属于本机关负责公开" in text and "不存在" not in text
    assert "第三十六条第（五）项" in text  # the basis follows the chosen ground
    assert (
        "负责公开该政府信息的机关、联系方式及理由如下：示例县自然资源局，联系方式：0000-1234567"
        in text
    )
    # The ground is chosen, not read from the basis text: a §36(5) citation with ground (四)
    # is still the (四) reply.
    app = world.close(
        world.register(), "unable.not_held", D("2025-03-20"), ground="36_4",
        legal_basis="条例第三十六条第（五）项",
    )  # fmt: skip
    assert "该政府信息不存在" in "".join(letters.letter_for(app).paragraphs)


def test_art36_5_reply_must_name_the_agency_and_its_contact_条例第三十六条第五项(
    world: World,
) -> None:
    for missing in ({"responsible_agency": "示例县自然资源局"}, {"responsible_contact": "0000"}):
        with pytest.raises(services.ActionRefused, match="联系方式"):
            world.close(world.register(), "unable.not_held", D("2025-03-20"), ground="36_5",
                        **missing)  # fmt: skip
    with pytest.raises(services.ActionRefused, match="应选择答复情形"):
        world.close(world.register(), "unable.not_held", D("2025-03-20"), ground="")
    with pytest.raises(services.ActionRefused, match="应选择答复情形"):
        world.close(world.register(), "granted", D("2025-03-20"), ground="36_4")


def test_art36_1_already_public_says_where_to_get_it(world: World) -> None:
    app = world.close(
        world.register(),
        "granted",
        D("2025-03-20"),
        ground="36_1",
        reason="已在本镇政府网站“政府信息公开”专栏公开，网址：http://example.gov.cn/x",
    )
    text = "".join(letters.letter_for(app).paragraphs)
    assert "已经主动公开" in text and "获取该政府信息的方式和途径：已在本镇政府网站" in text
    # 条例第三十六条第（一）项: where to get it is required when the reply is submitted.
    with pytest.raises(services.ActionRefused, match="获取该政府信息的方式、途径"):
        world.close(world.register(), "granted", D("2025-03-20"), ground="36_1")
    app = world.close(world.register(), "granted", D("2025-03-20"), ground="36_2")
    text = "".join(letters.letter_for(app).paragraphs)
    assert "本机关予以公开" in text and "第三十六条第（二）项" in text


@pytest.mark.parametrize("outcome", ["withheld.process_info", "partially_granted"])
def test_art36_3_and_art37_reasons_are_never_left_out(world: World, outcome: str) -> None:
    """条例第三十六条第（三）项、第三十七条: the reasons are required when the reply is submitted."""
    with pytest.raises(services.ActionRefused, match="不予公开的理由"):
        world.close(world.register(), outcome, D("2025-03-20"), reason=" ")
    app = world.close(world.register(), outcome, D("2025-03-20"), reason="属于内部讨论记录")
    paragraphs = letters.letter_for(app).paragraphs
    text = "".join(paragraphs)
    assert "理由：属于内部讨论记录" in text and letters.REASONS_BLANK not in text
    # The reason was typed without its full stop; the letter's sentence still ends.
    assert next(p for p in paragraphs if "理由：" in p).endswith("属于内部讨论记录。")


def test_reply_docx_is_a4_with_gongwen_margins_and_fonts(world: World) -> None:
    app = world.close(world.register(), "granted", D("2025-03-20"))
    document = docx.Document(io.BytesIO(documents.to_docx(letters.letter_for(app))))
    section = document.sections[0]
    # GB/T 9704: A4, top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    title, *rest = document.paragraphs
    body = rest[3]

    def east_asian_font(paragraph: Any) -> str:
        return paragraph.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia"))

    assert title.runs[0].font.size.pt == 22 and east_asian_font(title) == "方正小标宋简体"
    assert body.runs[0].font.size.pt == 16 and east_asian_font(body) == "仿宋_GB2312"
    assert body.paragraph_format.line_spacing.pt == 28


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


def test_art35_excessive_states_the_reasons_asked_for_or_a_blank(world: World) -> None:
    app = world.close(world.register(), "not_processed.excessive", D("2025-03-20"))
    text = "".join(letters.letter_for(app).paragraphs)
    assert "要求您说明理由" in text and letters.EXCESSIVE_BLANK in text
    assert "本机关于2025年3月4日要求您说明理由" in text  # the §35 step on record (world.close)
    app = world.close(
        world.register(),
        "not_processed.excessive",
        D("2025-03-20"),
        reason="本机关于2025年3月10日要求说明理由，您的说明未涉及申请用途",
    )
    text = "".join(letters.letter_for(app).paragraphs)
    assert "（本机关于2025年3月10日要求说明理由" in text and "说明：" not in text

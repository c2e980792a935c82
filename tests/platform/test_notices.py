"""Every written notice of an application (书面告知) as DOCX and PDF from the same lines: what each
says (its articles, its deadlines as the clock computes them, the 文号 with the unit's 代字), who
may download it, and the 送达 recorded for it (条例 §§30, 32–34, 36, 42; 国办函〔2020〕109号)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import docx
import pypdfium2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from platform_world import World

from gongkai import fees, law, workdays
from gongkai.fees import FeeMethod
from gongkai_platform.applications import documents, notices, services
from gongkai_platform.applications.models import Application, DeliveryMethod, Event, Opinion
from gongkai_platform.applications.states import Action
from gongkai_platform.core.errors import ActionRefused
from gongkai_platform.holiday_calendar.selectors import calendar

D = date.fromisoformat
PDF = b"%PDF-1.4\n% disclosed\n"


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    try:
        return "".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def flat(text: str) -> str:
    return "".join(text.split())


def both(app: Application, key: str) -> tuple[str, str]:
    """The notice's text as its DOCX and its PDF print it (whitespace removed)."""
    doc = notices.build(app, key)
    return flat(docx_text(documents.to_docx(doc))), flat(pdf_text(documents.to_pdf(doc)))


def coded(world: World) -> None:
    world.town_a.document_code = "甲镇政信"
    world.town_a.address = "示例县甲镇人民路1号"
    world.town_a.phone = "0571-12345678"
    world.town_a.payment_instructions = "到甲镇便民服务中心窗口缴纳，或转账至甲镇财政所账户"
    world.town_a.save()


def cn(day: date) -> str:
    return documents.cn_date(day)


# What each notice must say, built from the law and the clock, never typed as the answer.
def _acknowledgement(world: World) -> tuple[Application, str, list[str]]:
    app = world.register()
    due = workdays.reply_deadline(app.received_on, calendar=calendar()).due
    return app, "acknowledgement", [
        "政府信息公开申请受理回执", "甲镇政信受〔2025〕1号", app.query_code,
        law.ART_33_2.cite(), law.REPLY.text, cn(due), law.ART_33_3.cite(), law.ART_30.cite(),
    ]  # fmt: skip


def _correction(world: World) -> tuple[Application, str, list[str]]:
    app = services.application_request_correction(
        actor=world.handler, application=world.register(), items="请写明所需文件的年份",
        reply_by=D("2025-03-20"), sent_on=D("2025-03-05"),
    )  # fmt: skip
    return app, "correction", [
        "政府信息公开申请补正告知书", "甲镇政信补〔2025〕1号", "请写明所需文件的年份",
        cn(D("2025-03-20")), law.ART_30.cite(), "视为您放弃申请", cn(D("2025-03-05")),
    ]  # fmt: skip


def _extension(world: World) -> tuple[Application, str, list[str]]:
    app = services.application_extend(
        actor=world.approver, application=world.register(), days=10,
        reason="需要调取档案馆的历史档案", on=D("2025-03-25"),
    )  # fmt: skip
    due = workdays.reply_deadline(app.received_on, extension_days=10, calendar=calendar()).due
    return app, "extension", [
        "政府信息公开申请延期答复告知书", "甲镇政信延〔2025〕1号", "需要调取档案馆的历史档案",
        law.ART_33_2.cite(), "延长10个工作日", cn(due), cn(D("2025-03-25")),
    ]  # fmt: skip


def _later(world: World) -> tuple[Application, str, list[str]]:
    app = services.application_ask_reasons(
        actor=world.handler, application=world.register(), reason="一周内申请120项",
        asked_on=D("2025-03-04"),
    )  # fmt: skip
    app = services.application_set_later_deadline(
        actor=world.approver, application=app, later_due_on=D("2025-05-30"),
        reason="120项信息需逐项检索、审查。", decided_on=D("2025-03-05"),
    )  # fmt: skip
    statutory = workdays.reply_deadline(app.received_on, calendar=calendar()).due
    return app, "later", [
        "政府信息公开申请延迟答复告知书", "甲镇政信迟〔2025〕1号", law.ART_35.cite(),
        cn(D("2025-03-04")), cn(statutory), cn(D("2025-05-30")), "120项信息需逐项检索、审查。特此告知", "2025年3月5日",
    ]  # fmt: skip


def _third_party(world: World) -> tuple[Application, str, list[str]]:
    app = services.application_consult_third_party(
        actor=world.handler, application=world.register(), party="某建筑有限公司",
        started_on=D("2025-03-05"), party_received_on=D("2025-03-07"),
    )  # fmt: skip
    pause = app.pauses.get()
    due = workdays.third_party_reply_deadline(D("2025-03-07"), calendar=calendar()).due
    return app, f"consultation-{pause.pk}", [
        "政府信息公开征求第三方意见书", "甲镇政信征〔2025〕1-1号", "某建筑有限公司：",
        law.ART_32.cite(), law.THIRD_PARTY.text, cn(due), "逾期未提出意见的，由本机关",
    ]  # fmt: skip


def _agency(world: World) -> tuple[Application, str, list[str]]:
    app = services.application_consult_agency(
        actor=world.handler, application=world.register(), party="示例县自然资源局",
        started_on=D("2025-03-05"),
    )  # fmt: skip
    pause = app.pauses.get()
    return app, f"consultation-{pause.pk}", [
        "政府信息公开申请征求意见函", "甲镇政信征〔2025〕1-1号", "示例县自然资源局：",
        law.ART_33_3.cite(), law.ART_34.cite(), law.CO_MAKER.text, "视为同意公开",
    ]  # fmt: skip


def _objection(world: World) -> tuple[Application, str, list[str]]:
    app = services.application_consult_third_party(
        actor=world.handler, application=world.register(), party="某建筑有限公司",
        started_on=D("2025-03-05"),
    )  # fmt: skip
    app = services.application_end_third_party(
        actor=world.handler, application=app, opinion=Opinion.OBJECT, ended_on=D("2025-03-12"),
        note="中标价格属于公共资金使用情况，不公开可能对公共利益造成重大影响",
        party_notified_on=D("2025-03-13"),
    )  # fmt: skip
    pause = app.pauses.get()
    return app, f"objection-{pause.pk}", [
        "政府信息公开决定告知书（第三方）", "甲镇政信告〔2025〕1-1号", "某建筑有限公司：",
        law.ART_32.cite(), "中标价格属于公共资金使用情况", law.REVIEW_APPLICATION.text,
        law.LITIGATION.text, cn(D("2025-03-13")),
    ]  # fmt: skip


def _fee(world: World) -> tuple[Application, str, list[str]]:
    app = services.application_issue_fee_notice(
        actor=world.handler, application=world.register(), method=FeeMethod.PER_PAGE, units=50,
        sent_on=D("2025-03-10"), notice_received_on=D("2025-03-11"),
    )  # fmt: skip
    due = workdays.fee_payment_deadline(D("2025-03-11"), calendar=calendar()).due
    return app, "fee", [
        "政府信息公开信息处理费收费通知书", "甲镇政信费〔2025〕1号", law.ART_42.cite(),
        law.FEES_109.title, law.FEES_ART_5.cite(), fees.standard(FeeMethod.PER_PAGE), "50页",
        f"{app.fee_amount}元",
        "到甲镇便民服务中心窗口缴纳", law.FEE_PAYMENT.text, cn(due),
    ]  # fmt: skip


def _reply(world: World) -> tuple[Application, str, list[str]]:
    app = world.close(world.register(), "granted", D("2025-03-20"))
    return app, "reply", [
        "政府信息公开申请答复书", "甲镇政信复〔2025〕1号", law.LITIGATION_ART_46.cite(),
        "示例县人民政府", cn(D("2025-03-20")),
    ]  # fmt: skip


def _not_ours(world: World) -> tuple[Application, str, list[str]]:
    app = world.close(
        world.register(), "unable.not_held", D("2025-03-20"), ground="36_5",
        responsible_agency="示例县自然资源局", responsible_contact="0571-7654321",
        reason="该信息由示例县自然资源局制作",
    )  # fmt: skip
    return app, "reply", [
        "政府信息公开申请告知书", "甲镇政信复〔2025〕1号", "示例县自然资源局",
        "0571-7654321", law.ART_36_5.locator, law.REVIEW_ART_23.cite(),
    ]  # fmt: skip


def _service(world: World) -> tuple[Application, str, list[str]]:
    app = services.application_record_delivery(
        actor=world.registrar, application=world.register(), document="acknowledgement",
        method=DeliveryMethod.POST, tracking_number="EMS1234567890CN",
        delivered_on=D("2025-03-04"), delivered_by="李四",
    )  # fmt: skip
    delivery = app.deliveries.get()
    return app, f"service-{delivery.pk}", [
        "送达回证", "政府信息公开申请受理回执（甲镇政信受〔2025〕1号）", "受送达人：张三",
        "邮寄（邮寄单号：EMS1234567890CN）", cn(D("2025-03-04")), "送达人：李四", "受送达人签收",
    ]  # fmt: skip


CASES: dict[str, Callable[[World], tuple[Application, str, list[str]]]] = {
    "受理回执_条例第三十三条": _acknowledgement,
    "补正告知书_条例第三十条": _correction,
    "延期告知书_条例第三十三条第二款": _extension,
    "延迟答复告知书_条例第三十五条": _later,
    "征求第三方意见书_条例第三十二条": _third_party,
    "征求其他机关意见函_条例第三十四条": _agency,
    "第三方告知书_条例第三十二条": _objection,
    "收费通知书_国办函2020_109号": _fee,
    "答复书_条例第三十六条": _reply,
    "告知书_条例第三十六条第五项": _not_ours,
    "送达回证": _service,
}


@pytest.mark.parametrize("case", list(CASES))
def test_every_notice_says_what_the_law_requires_in_docx_and_pdf(world: World, case: str) -> None:
    coded(world)
    app, key, expected = CASES[case](world)
    app.refresh_from_db()
    word, pdf = both(app, key)
    for text in expected:
        assert flat(text) in word, text
        assert flat(text) in pdf, text
    # Every notice: the seal's place, the issuing unit, the office's contact details (附注).
    for text in (
        documents.SEAL_MARK,
        "甲镇人民政府",
        "联系电话：0571-12345678",
        "示例县甲镇人民路1号",
    ):
        assert flat(text) in word and flat(text) in pdf, text
    section = docx.Document(io.BytesIO(documents.to_docx(notices.build(app, key)))).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    pdf_doc = pypdfium2.PdfDocument(documents.to_pdf(notices.build(app, key)))
    width, height = pdf_doc[0].get_size()
    pdf_doc.close()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)


def test_the_unit_administrator_sets_the_code_that_opens_every_number(world: World) -> None:
    """GB/T 9704 §7.2.4: 发文机关代字〔年份〕序号; without a 代字 the unit's name stands in."""
    from gongkai_platform.accounts import services as accounts

    app = world.register()
    assert notices.build(app, "acknowledgement").number == "甲镇人民政府受〔2025〕1号"
    accounts.unit_update(
        actor=world.admin, unit=world.town_a, document_code="甲镇政信",
        payment_instructions="甲镇便民服务中心窗口",
    )  # fmt: skip
    app.refresh_from_db()
    assert notices.build(app, "acknowledgement").number == "甲镇政信受〔2025〕1号"
    staff = Client()
    staff.force_login(world.admin)
    page = staff.get(reverse("accounts:unit", args=[world.town_a.pk])).content.decode()
    assert "发文机关代字" in page and "甲镇政信" in page and "甲镇便民服务中心窗口" in page


def test_each_consultation_has_its_own_letter_and_number(world: World) -> None:
    """Several consultations of one case (§32, §34): a letter each, numbered in order."""
    app = services.application_consult_third_party(
        actor=world.handler, application=world.register(), party="甲公司",
        started_on=D("2025-03-05"),
    )  # fmt: skip
    app = services.application_end_third_party(
        actor=world.handler, application=app, opinion=Opinion.AGREE, ended_on=D("2025-03-06")
    )
    app = services.application_consult_agency(
        actor=world.handler, application=app, party="示例县财政局", started_on=D("2025-03-07")
    )
    first, second = app.pauses.order_by("pk")
    assert notices.build(app, f"consultation-{first.pk}").number.endswith("〔2025〕1-1号")
    letter = notices.build(app, f"consultation-{second.pk}")
    assert letter.number.endswith("〔2025〕1-2号") and letter.addressee == "示例县财政局："
    # No objection, so no 第三方告知书 for the first.
    with pytest.raises(LookupError):
        notices.build(app, f"objection-{first.pk}")


def test_a_notice_exists_only_once_its_step_is_taken(world: World) -> None:
    app = world.register()
    assert [e.key for e in notices.entries(app)] == ["acknowledgement"]
    for key in ("correction", "extension", "fee", "reply", "consultation-1", "service-1", "x"):
        with pytest.raises(LookupError):
            notices.build(app, key)


def test_delivery_is_a_named_action_with_its_event(world: World) -> None:
    app = world.register()
    with pytest.raises(ActionRefused, match="邮寄单号"):
        services.application_record_delivery(
            actor=world.registrar, application=app, document="acknowledgement",
            method=DeliveryMethod.POST,
        )  # fmt: skip
    with pytest.raises(ActionRefused, match="没有该文书"):
        services.application_record_delivery(
            actor=world.registrar, application=app, document="reply", method=DeliveryMethod.EMAIL
        )
    corrected = services.application_request_correction(
        actor=world.handler, application=world.register(), items="请写明年份",
        reply_by=D("2025-03-20"), sent_on=D("2025-03-05"),
    )  # fmt: skip
    with pytest.raises(ActionRefused, match="早于文书的成文日期"):
        services.application_record_delivery(
            actor=world.registrar, application=corrected, document="correction",
            method=DeliveryMethod.EMAIL, delivered_on=D("2025-03-04"),
        )  # fmt: skip
    with pytest.raises(ActionRefused):
        services.application_record_delivery(
            actor=world.other_handler, application=app, document="acknowledgement",
            method=DeliveryMethod.EMAIL,
        )  # fmt: skip
    app = services.application_record_delivery(
        actor=world.registrar, application=app, document="acknowledgement",
        method=DeliveryMethod.IN_PERSON, delivered_on=D("2025-03-03"),
    )  # fmt: skip
    delivery = app.deliveries.get()
    assert delivery.recipient == "张三" and delivery.delivered_by
    event = Event.objects.filter(application=app).last()
    assert event is not None and event.action == Action.RECORD_DELIVERY
    assert event.after["deliveries"][0][:3] == ["acknowledgement", "2025-03-03", "in_person"]


def _tracking(app: Application) -> Client:
    """The applicant's browser after tracking the application with its 查询码."""
    from gongkai_platform.portal.views import TRACKING_APPLICATION_KEY

    client = Client()
    session = client.session
    session[TRACKING_APPLICATION_KEY] = app.pk
    session.save()
    return client


def test_staff_download_each_notice_of_their_units_cases_only(world: World) -> None:
    app = services.application_consult_third_party(
        actor=world.handler, application=world.register(), party="某公司",
        started_on=D("2025-03-05"),
    )  # fmt: skip
    pause = app.pauses.get()
    staff = Client()
    staff.force_login(world.handler)
    page = staff.get(reverse("application", args=[app.pk])).content.decode()
    assert "受理回执" in page and "征求意见函（某公司）" in page
    for key in ("acknowledgement", f"consultation-{pause.pk}"):
        pdf = staff.get(reverse("notice", args=[app.pk, key, "pdf"]))
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        word = staff.get(reverse("notice", args=[app.pk, key, "docx"]))
        assert word.content.startswith(b"PK")
    assert staff.get(reverse("notice", args=[app.pk, "reply", "pdf"])).status_code == 404
    assert staff.get(reverse("notice", args=[app.pk, "acknowledgement", "exe"])).status_code == 404
    other = Client()
    other.force_login(world.other_handler)  # town B: not this case's unit
    url = reverse("notice", args=[app.pk, "acknowledgement", "pdf"])
    assert other.get(url).status_code == 404


def test_the_applicant_downloads_only_their_own_notices_on_the_portal(world: World) -> None:
    app = services.application_consult_third_party(
        actor=world.handler, application=world.register(), party="某公司",
        started_on=D("2025-03-05"),
    )  # fmt: skip
    pause = app.pauses.get()
    applicant = _tracking(app)
    page = applicant.get(reverse("portal:status")).content.decode()
    assert "受理回执" in page and "某公司" not in page  # the third party is not named
    got = applicant.get(reverse("portal:notice", args=["acknowledgement", "pdf"]))
    assert got.status_code == 200 and got.content.startswith(b"%PDF")
    consultation = reverse("portal:notice", args=[f"consultation-{pause.pk}", "pdf"])
    assert applicant.get(consultation).status_code == 404
    assert (
        Client().get(reverse("portal:notice", args=["acknowledgement", "pdf"])).status_code == 404
    )
    # Another applicant's case, tracked in another browser, is not reachable from this one.
    other = world.register(applicant_name="王五")
    mine = docx_text(
        applicant.get(reverse("portal:notice", args=["acknowledgement", "docx"])).content
    )
    assert app.query_code in mine and other.query_code not in mine
    theirs = _tracking(other).get(reverse("portal:notice", args=["acknowledgement", "docx"]))
    assert other.query_code in docx_text(theirs.content)


def test_reply_attachments_reach_the_applicant_when_delivered_online_条例第三十六条(
    world: World,
) -> None:
    app = world.register()
    with pytest.raises(ActionRefused, match="PDF、JPEG 或 PNG"):
        services.application_attach(
            actor=world.handler, application=app,
            upload=SimpleUploadedFile("名单.exe", b"MZ\x90\x00", "application/octet-stream"),
        )  # fmt: skip
    app = services.application_attach(
        actor=world.handler, application=app,
        upload=SimpleUploadedFile("危房改造补助名单.pdf", PDF, "application/pdf"),
    )  # fmt: skip
    attachment = app.attachments.get()
    app = world.close(app, "granted", D("2025-03-20"))
    reply = notices.build(app, "reply")
    assert "附件：1. 危房改造补助名单.pdf" in reply.fields
    assert flat("附件：1. 危房改造补助名单.pdf") in flat(pdf_text(documents.to_pdf(reply)))
    applicant = _tracking(app)
    url = reverse("portal:reply_attachment", args=[attachment.pk])
    assert applicant.get(url).status_code == 404  # not yet delivered 网上获取
    assert url not in applicant.get(reverse("portal:status")).content.decode()  # no link yet
    services.application_record_delivery(
        actor=world.handler, application=app, document="reply", method=DeliveryMethod.ONLINE,
        delivered_on=D("2025-03-21"),
    )  # fmt: skip
    assert url in applicant.get(reverse("portal:status")).content.decode()
    got = applicant.get(url)
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF  # type: ignore[attr-defined]
    # Only a reply that provides information carries any (§36(2), §37).
    refused = world.close(world.register(), "unable.not_held", D("2025-03-20"))
    with pytest.raises(ActionRefused, match="予以公开或者部分公开"):
        services.application_attach(
            actor=world.handler, application=refused,
            upload=SimpleUploadedFile("x.pdf", PDF, "application/pdf"),
        )  # fmt: skip
    # Third parties' letters cannot be "fetched online" by the applicant.
    consulted = services.application_consult_third_party(
        actor=world.handler, application=world.register(), party="某公司",
        started_on=D("2025-03-05"),
    )  # fmt: skip
    with pytest.raises(ActionRefused, match="网上获取"):
        services.application_record_delivery(
            actor=world.handler, application=consulted,
            document=f"consultation-{consulted.pauses.get().pk}", method=DeliveryMethod.ONLINE,
        )  # fmt: skip


def test_a_deadline_in_an_unscheduled_year_is_printed_as_provisional(world: World) -> None:
    """A last day counted over days whose holiday schedule the State Council has not published
    (2027 in the packaged calendar) may move: the notice says so rather than promise it
    (条例第三十三条; docs/law.md §8)."""
    provisional = "（暂定，以国务院公布的节假日安排为准）"
    assert provisional not in "".join(notices.build(world.register(), "acknowledgement").paragraphs)
    late = world.register(arrived_on=D("2026-12-01"))
    assert workdays.reply_deadline(late.received_on, calendar=calendar()).provisional
    assert provisional in "".join(notices.build(late, "acknowledgement").paragraphs)

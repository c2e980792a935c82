"""The written notices in a real browser (Playwright driving Debian's /usr/bin/chromium), each
page checked with axe-core (WCAG 2.1 A/AA, no serious or critical violation): the handler
downloads a notice from the case page, records its 送达 by post with the 邮寄单号, attaches the
information the reply provides (条例第三十六条第（二）项) and, once the reply is approved, records
its delivery 网上获取; the applicant tracks the case on the portal with the 查询码, finds the
case's notices listed and downloads the 答复书 and the attached file.

``GONGKAI_SCREENSHOTS=docs/screenshots`` saves a screenshot of each page.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
from browser_tools import act, audit, reflows
from django.utils import timezone
from platform_world import make_world
from pytest_django.fixtures import Settings
from test_notices_browser import login, shot

from gongkai_platform.applications import services as applications
from gongkai_platform.applications.models import Application, Channel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DISCLOSED = b"%PDF-1.4\n% the disclosed list\n"


def test_notices_are_delivered_and_downloaded_on_the_portal_条例第三十六条(
    chromium: Any, live_server: Any, tmp_path: Path, settings: Settings
) -> None:
    from playwright.sync_api import expect

    settings.PORTAL_LIMITS = {"min_fill_seconds": 0}
    world = make_world()
    world.town_a.document_code = "甲镇政信"
    world.town_a.save()
    base = str(live_server.url)
    today = timezone.localdate()
    app = applications.application_register(
        actor=world.registrar, unit=world.town_a, channel=Channel.LETTER, arrived_on=today,
        applicant_type="natural_person", applicant_name="周八", id_number="110101198001012468",
        phone="13700002468", description="本镇2025年农村公路养护资金使用情况",
        handler=world.handler,
    )  # fmt: skip

    handler = login(chromium, base, "handler")
    handler.goto(f"{base}/applications/{app.pk}/")
    table = handler.locator("table[aria-labelledby='notices-h']")
    expect(table).to_contain_text("受理回执")
    with handler.expect_download() as download:
        table.get_by_role("link", name="受理回执 DOCX").click()
    path = tmp_path / "receipt.docx"
    download.value.save_as(path)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(path.read_bytes())).paragraphs)
    assert f"甲镇政信受〔{today.year}〕1号" in text and app.query_code in text

    act(
        handler,
        "记录送达",
        {"送达文书": "受理回执", "送达方式": "邮寄", "邮寄单号": "EMS1100220033CN"},
    )
    expect(table).to_contain_text("EMS1100220033CN")
    disclosed = tmp_path / "养护资金使用情况.pdf"
    disclosed.write_bytes(DISCLOSED)
    act(handler, "上传答复附件", {}, {"所公开的政府信息": disclosed})
    expect(handler.get_by_role("link", name="养护资金使用情况.pdf")).to_be_visible()
    audit(handler, "case-notices")
    shot(handler, "case-notices")

    # The reply is approved (two people, §36), then delivered for download on the portal.
    applications.application_submit_reply(
        actor=world.handler, application=app.pk, outcome="granted", ground="36_2",
        submitted_on=today,
    )  # fmt: skip
    applications.application_approve_reply(
        actor=world.approver, application=app.pk, approved_on=today
    )
    handler.reload()
    act(handler, "记录送达", {"送达文书": "政府信息公开申请答复书", "送达方式": "网上获取"})
    expect(table).to_contain_text("网上获取")
    assert Application.objects.get(pk=app.pk).deliveries.count() == 2

    public = chromium.new_context(locale="zh-CN", accept_downloads=True).new_page()
    public.goto(f"{base}/gk/track/")
    public.get_by_label("查询码").fill(app.query_code)
    public.get_by_label("联系电话或证件号码的后4位").fill("2468")
    public.get_by_role("button", name="查询").click()
    listed = public.locator("#notices")
    expect(listed).to_contain_text("受理回执")
    expect(listed).to_contain_text("政府信息公开申请答复书")
    with public.expect_download() as download:
        public.get_by_role("link", name="下载政府信息公开申请答复书（PDF）").click()
    reply = tmp_path / "reply.pdf"
    download.value.save_as(reply)
    assert reply.read_bytes().startswith(b"%PDF")
    with public.expect_download() as download:
        public.locator("#attachments").get_by_role("link", name="养护资金使用情况.pdf").click()
    got = tmp_path / "got.pdf"
    download.value.save_as(got)
    assert got.read_bytes() == DISCLOSED
    audit(public, "portal-status-notices")
    reflows(public, "portal-status-notices")
    shot(public, "portal-status-notices")

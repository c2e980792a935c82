"""The case page in a real browser (Playwright driving Debian's /usr/bin/chromium), checked with
axe-core (WCAG 2.1 A/AA, no serious or critical violation) and at 320 CSS pixels:

- two consultations at once (条例第三十二条、第三十四条): the handler records the receipt of one
  and the objection of the other, chosen by name; the page lists both with their own deadlines,
  and the reply deadline's explanation says how the paused intervals were counted;
- the §35 later deadline (条例第三十五条): the handler asks for reasons, the approver sets the later
  date; the case page and the case list show it.

``GONGKAI_SCREENSHOTS=docs/screenshots`` saves a screenshot of each page.
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

import pytest
from browser_tools import act, audit, login, reflows
from django.utils import timezone
from platform_world import make_world

from gongkai_platform.applications import services
from gongkai_platform.applications.models import Pause

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page: Any, name: str) -> None:
    folder = os.environ.get("GONGKAI_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/consult-{name}.png", full_page=True)


def test_consultations_at_once_and_a_later_deadline_条例第三十二条_第三十四条_第三十五条(
    chromium: Any, live_server: Any
) -> None:
    from playwright.sync_api import expect

    world = make_world()
    base = str(live_server.url)
    today = timezone.localdate()
    sent = today - timedelta(days=3)
    consulted = world.register(arrived_on=today - timedelta(days=5))
    services.application_consult_third_party(
        actor=world.handler, application=consulted, party="甲建筑公司", started_on=sent
    )
    services.application_consult_agency(
        actor=world.handler, application=consulted, party="县住房和城乡建设局", started_on=sent
    )
    agency = Pause.objects.get(party="县住房和城乡建设局")
    third_party = Pause.objects.get(party="甲建筑公司")

    handler = login(chromium, base, "handler")
    handler.goto(f"{base}/applications/{consulted.pk}/")
    expect(handler.locator("dt:text('状态') + dd")).to_contain_text("征求第三方意见")
    act(
        handler,
        "登记对方收到征求意见书日期",
        {
            "征求意见事项": str(agency),
            "对方收到征求意见书日期": (sent + timedelta(days=1)).isoformat(),
        },
    )
    act(
        handler,
        "第三方意见征求结束",
        {
            "征求意见事项": str(third_party),
            "第三方意见": "不同意公开",
            "意见内容或理由": "涉及商业秘密",
        },
    )
    # Still waiting for the agency; both consultations listed, each with its own dates.
    expect(handler.locator("dt:text('状态') + dd")).to_contain_text("征求其他机关意见")
    table = handler.get_by_role("table", name="征求意见")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text("甲建筑公司")
    expect(table).to_contain_text("不同意公开：涉及商业秘密")
    expect(table).to_contain_text((sent + timedelta(days=1)).isoformat())
    expect(
        handler.get_by_role("region", name="其他机关答复期限（条例第三十四条）：县住房和城乡建设局")
    ).to_be_visible()
    # While consulting: each open consultation's deadline, the forms choosing among them.
    audit(handler, "case while consulting")
    shot(handler, "consulting")
    act(handler, "其他机关意见征求结束", {"意见（条例第三十四条）": "同意公开"})
    expect(handler.locator("dt:text('状态') + dd")).to_contain_text("办理中")
    handler.get_by_text("计算过程").first.click()
    expect(handler.locator("pre.trace").first).to_contain_text(
        "暂停计算（征求第三方意见（条例第三十二条）：甲建筑公司"
    )
    # The overridden objection is told to the third party in writing.
    act(
        handler,
        "书面告知第三方决定公开",
        {
            "书面告知第三方日期": today.isoformat(),
            "决定予以公开的内容和理由": "不公开会对公共利益造成重大影响，决定公开中标价格",
        },
    )
    expect(table).to_contain_text(today.isoformat())
    # Each consultation step on the timeline names the party it concerned.
    timeline = handler.locator("ol.timeline")
    expect(timeline).to_contain_text("登记对方收到征求意见书日期（县住房和城乡建设局）")
    expect(timeline).to_contain_text("第三方意见征求结束（甲建筑公司）")
    audit(handler, "case with consultations")
    shot(handler, "case")
    reflows(handler, "case with consultations")

    # §35: the handler asks for reasons; the approver sets a later deadline.
    excessive = world.register(arrived_on=today - timedelta(days=2))
    handler.set_viewport_size({"width": 1280, "height": 900})
    handler.goto(f"{base}/applications/{excessive.pk}/")
    act(handler, "要求申请人说明理由", {"说明": "一个月内申请200项，请说明用途"})
    expect(handler.get_by_text("确定延迟答复期限", exact=True)).to_have_count(0)  # the head's
    approver = login(chromium, base, "approver")
    approver.goto(f"{base}/applications/{excessive.pk}/")
    later = today + timedelta(days=90)
    act(
        approver,
        "确定延迟答复期限",
        {
            "延迟答复期限（必填）": later.isoformat(),
            "确定延迟答复期限的理由": "申请人说明理由合理，200项需逐项检索",
        },
    )
    expect(approver.locator("dd", has_text="确定延迟答复期限至")).to_contain_text(later.isoformat())
    # No extension on top of the agency's own later date.
    expect(approver.get_by_text("延长答复期限", exact=True)).to_have_count(0)
    deadline = approver.get_by_role("region", name="延迟答复期限（条例第三十五条）")
    expect(deadline).to_contain_text(later.isoformat())
    audit(approver, "case with a later deadline")
    shot(approver, "later")
    approver.goto(f"{base}/applications/")
    row = approver.locator("tr", has=approver.get_by_role("link", name=excessive.number))
    expect(row).to_contain_text(later.isoformat())
    expect(row).to_contain_text("延迟答复期限（条例第三十五条）")
    audit(approver, "case list")
    shot(approver, "list")

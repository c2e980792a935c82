"""The oversight pages in a real browser (Playwright driving Debian's /usr/bin/chromium): the
county supervisor reads the register, the roll-up, a unit's checks and the statistics; each
chart is drawn by ECharts (served from node_modules) beside its data table; the county
administrator registers a missing unit's report by uploading it.  Every page passes axe-core
(WCAG 2.1 A/AA, no serious or critical violation) and reflows at 320 CSS pixels.

``GONGKAI_SCREENSHOTS=DIR`` also saves a desktop screenshot of each page.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from browser_tools import DESKTOP, audit, reflows
from county_world import IDENTITY, MISSING, YEAR, make_county

from gongkai_platform.oversight.demo import report_file as uploaded

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_oversight_pages_work_and_are_accessible(
    chromium: Any, live_server: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    county = make_county(applications_per_unit=5)
    base = str(live_server.url)
    shots = os.environ.get("GONGKAI_SCREENSHOTS")

    def session(username: str) -> Any:
        page = chromium.new_context(locale="zh-CN", viewport=DESKTOP).new_page()
        page.goto(f"{base}/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill("pw-" + username)
        page.get_by_role("button", name="登录").click()
        return page

    def check(page: Any, name: str) -> None:
        audit(page, name)
        if shots:
            page.screenshot(path=f"{shots}/oversight-{name}.png", full_page=True)
        reflows(page, name)
        page.set_viewport_size(DESKTOP)

    supervisor = session("county-supervisor")
    supervisor.goto(f"{base}/")
    supervisor.get_by_role("link", name="上级监督").click()
    supervisor.get_by_role("link", name=f"{YEAR}年度").click()
    expect(supervisor.get_by_role("heading", level=1)).to_contain_text(
        f"{YEAR}年度政府信息公开工作年度报告登记"
    )
    chase = supervisor.locator("#chase + ul")
    expect(chase).to_contain_text(county.townships[MISSING].name)
    expect(supervisor.locator(".chart svg")).to_have_count(1)  # drawn by ECharts
    expect(supervisor.get_by_role("table").first).to_contain_text("未公布")
    check(supervisor, "register")

    supervisor.get_by_role("link", name="汇总", exact=True).click()
    expect(supervisor.get_by_role("heading", level=1)).to_contain_text("统计表汇总")
    expect(supervisor.locator(".chart svg")).to_have_count(1)
    expect(supervisor.get_by_role("row", name="本年新收申请").first).to_be_visible()
    check(supervisor, "area")

    supervisor.get_by_role("link", name=county.townships[IDENTITY].name).click()
    expect(supervisor.get_by_role("heading", level=2).filter(has_text="透明度评分")).to_be_visible()
    expect(supervisor.get_by_text("t3.", exact=False).first).to_be_visible()
    expect(supervisor.get_by_role("button", name="上传并读取")).to_have_count(0)  # read-only
    check(supervisor, "unit")

    supervisor.get_by_role("link", name="办理统计").click()
    expect(supervisor.locator(".chart svg")).to_have_count(1)
    supervisor.get_by_label("分组").select_option("handler")
    supervisor.get_by_role("button", name="筛选").click()
    expect(supervisor.get_by_role("heading", name="各承办人")).to_be_visible()
    check(supervisor, "statistics")

    admin = session("county-admin")
    missing = county.townships[MISSING]
    admin.goto(f"{base}/oversight/{county.county.pk}/{YEAR}/units/{missing.pk}/")
    check(admin, "unit-admin")
    file = tmp_path / "report.json"
    file.write_bytes(uploaded(missing, YEAR, date(YEAR + 1, 2, 5), 3))
    admin.get_by_label("登记收到的年度报告").set_input_files(str(file))
    admin.get_by_role("button", name="上传并读取").click()
    expect(admin.get_by_role("status")).to_contain_text("已登记收到的年度报告")
    expect(admin.locator("dl.facts")).to_contain_text("逾期")  # 2-5 is after the county's 1-31

    # The administrator re-checks a unit's report; its re-check history lists the check.
    town = county.townships[IDENTITY]
    admin.goto(f"{base}/oversight/{county.county.pk}/{YEAR}/units/{town.pk}/")
    admin.get_by_role("button", name="复核（单位重新公布后）").click()
    expect(admin.get_by_role("status")).to_contain_text("已复核")
    admin.get_by_role("link", name="复核记录（1 次）").click()
    expect(admin.get_by_role("heading", level=1)).to_contain_text("年度报告复核记录")
    expect(admin.get_by_role("heading", level=2).first).to_contain_text("（最近一次）")
    expect(admin.locator("dl.facts").first).to_contain_text("首次复核")
    check(admin, "checks")

    # The county's own report claims to cover its units: compared with their sum, not added.
    admin.goto(f"{base}/oversight/{county.county.pk}/{YEAR}/rollup/")
    expect(admin.locator("#area-check + p")).to_contain_text("未声明涵盖下级单位")
    admin.get_by_label("依据（如报告中的说明）").fill("报告说明：本报告涵盖全县各乡镇、部门")
    admin.get_by_role("button", name="声明：本级报告涵盖下级单位").click()
    expect(admin.get_by_role("status")).to_contain_text("已声明本级报告涵盖下级单位")
    compared = admin.get_by_role("table", name="与各单位之和不符的项目")
    expect(compared).to_contain_text("t3.new_received.total")
    check(admin, "area-claimed")

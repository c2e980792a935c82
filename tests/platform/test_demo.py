"""The demo command builds its county through the services, across outcomes and stages."""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command
from django.utils import timezone

from gongkai_platform.applications.models import Application, Event
from gongkai_platform.applications.outcomes import OUTCOME_ROWS
from gongkai_platform.applications.states import State


def test_load_demo(db: None) -> None:
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "127.0.0.1:8000" in out.getvalue() and "chengban" in out.getvalue()
    apps = Application.objects.all()
    assert 45 <= apps.count() <= 55
    assert set(apps.values_list("state", flat=True)) == set(State)
    assert set(apps.exclude(outcome="").values_list("outcome", flat=True)) == {
        row.key for row in OUTCOME_ROWS
    }
    assert Event.objects.filter(action="register").count() == apps.count()
    call_command("load_demo", stdout=StringIO())  # a second run changes nothing
    assert Application.objects.count() == apps.count()


def test_load_demo_fills_the_oversight_pages_once(
    db: None, django_capture_on_commit_callbacks: Any
) -> None:
    """After the README's first command, the county supervisor's register shows last year's
    reports on time, late, missing, not required and changed after publication; the roll-up
    counts who reported; a unit with a broken identity has its findings and a re-check history.
    A second run adds nothing.  The commit hooks run as they do outside the tests (the
    applicants' notices are written then: a fee notice whose case was closed for the fee unpaid
    in the same transaction made the command fail)."""
    from gongkai_platform.accounts.models import Unit
    from gongkai_platform.oversight import demo, selectors
    from gongkai_platform.oversight.models import OversightEvent, ReceivedReport
    from gongkai_platform.reports.models import AnnualReport

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True) as hooks:
        call_command("load_demo", stdout=out)
    assert hooks  # the applicants' notices were queued
    assert "/oversight/" in out.getvalue() and "jiandu" in out.getvalue()
    county = Unit.objects.get(name="示例县人民政府")
    year = demo.demo_year(timezone.localdate())
    status = {r.unit.name: r.status for r in selectors.register(county, year)}
    assert status == {
        "示例县人民政府": "missing",  # the county compiles its own report from its units' later
        "甲镇人民政府": "missing",  # the applications demo's towns: theirs is to compile
        "乙镇人民政府": "missing",
        "丙镇人民政府": "on_time",
        "丁镇人民政府": "late",
        "戊乡人民政府": "on_time",
        "东城街道办事处": "modified",
        "示例县教育局": "on_time",
        "示例县民政局": "late",
        "示例县财政局": "missing",
        "示例县自然资源局": "on_time",
        "示例县档案局": "exempt",
    }
    rows, result = selectors.area_rollup(county, year)
    total = result.totals[year]["t3.new_received.total"]
    assert (total.reported, total.units) == (7, 7)
    identity = next(r for r in rows if r.unit.name == "戊乡人民政府")
    assert any(
        f.rule.startswith("t3.") for f in selectors.unit_findings(result, identity.unit, year)
    )
    copied = next(r for r in rows if r.unit.name == "丁镇人民政府")
    assert selectors.unit_findings(result, copied.unit, year)  # last year's text again
    republished = Unit.objects.get(name="东城街道办事处")
    second = selectors.check_history(republished, year)[-1]
    assert second.version == 2 and not second.same_report
    assert second.fixed and all(f["rule"].startswith("t3.") for f in second.fixed)
    counts = (
        Unit.objects.count(),
        AnnualReport.objects.count(),
        ReceivedReport.objects.count(),
        OversightEvent.objects.count(),
    )
    again = StringIO()
    call_command("load_demo", stdout=again)
    assert "上级监督演示数据已存在" in again.getvalue()
    assert counts == (
        Unit.objects.count(),
        AnnualReport.objects.count(),
        ReceivedReport.objects.count(),
        OversightEvent.objects.count(),
    )

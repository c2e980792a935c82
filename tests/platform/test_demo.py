"""The demo command builds its county through the services, across outcomes and stages."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

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

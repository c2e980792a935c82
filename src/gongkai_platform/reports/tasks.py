"""Rendering a published report (slow: the PDF) in the task worker."""

from __future__ import annotations

from django_tasks import task

from gongkai_platform.reports.models import AnnualReport
from gongkai_platform.reports.services import report_render


@task()
def render_report(report_id: int) -> None:
    report_render(AnnualReport.objects.get(pk=report_id))

"""The annual report as PDF, printed by WeasyPrint from the HTML of :mod:`gongkai.render.html`.

One layout for screen and paper (条例 §50; 国办公开办函〔2021〕30号): A4 with the GB/T 9704
margins, CJK text set in the 公文 fonts when installed and in Noto CJK otherwise, so the PDF
carries real text (searchable, extractable), not images of glyphs.
"""

from __future__ import annotations

from typing import cast

import weasyprint

from gongkai.render.html import render_html
from gongkai.report import Report


def html_to_pdf(html: str) -> bytes:
    return cast(bytes, weasyprint.HTML(string=html).write_pdf())


def render_pdf(report: Report) -> bytes:
    """``report`` as a PDF document."""
    return html_to_pdf(render_html(report))

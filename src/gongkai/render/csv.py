"""The annual report's figures as CSV in long form: one line per cell (条例 §50).

Columns ``key,label,value,raw``: the cell key of report-json.md, the printed label path joined
with " / " (table, row labels, column labels, as in 国办公开办函〔2021〕30号), the figure, and the
printed text where it was not a plain number.  Cells come in printed order, blanks included.
UTF-8 with a byte-order mark, so that Excel in a Chinese locale opens it as UTF-8.
"""

from __future__ import annotations

import csv
import io

from gongkai.render import cell_labels, formula_safe, number_text
from gongkai.report import Report

HEADER = ("key", "label", "value", "raw")
LABEL_SEPARATOR = " / "


def render_csv(report: Report) -> bytes:
    """The cells of ``report`` as UTF-8 CSV (with BOM)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for key, path in cell_labels(report):
        value = report.cells.get(key)
        writer.writerow(
            (
                formula_safe(key),
                formula_safe(LABEL_SEPARATOR.join(path)),
                "" if value is None else number_text(value),
                formula_safe(report.raw.get(key, "")),
            )
        )
    return out.getvalue().encode("utf-8-sig")

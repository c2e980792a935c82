"""Every table of the oversight pages as CSV or XLSX, and a unit's problem list (工作建议书) as
DOCX.  Text cells that a spreadsheet would run as a formula are made inert
(:func:`gongkai.render.formula_safe`): agency names and messages come from documents anyone publishes."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from gongkai import law
from gongkai.render import spreadsheet_cell
from gongkai.report import Finding

Table = tuple[Sequence[str], Iterable[Sequence[Any]]]


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel on a Chinese Windows opens it correctly."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_cell(_plain(v)) for v in row])
    return buffer.getvalue().encode("utf-8")


def to_xlsx(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    from gongkai.render.xlsx import table_workbook

    return table_workbook([(title, header, ([_plain(v) for v in row] for row in rows))])


def advice_docx(
    root_name: str,
    unit_name: str,
    year: int,
    status: str,
    findings: Sequence[Finding],
    score: float | None,
) -> bytes:
    """The 工作建议书 to a unit: its status and every problem found, each with its rule."""
    import docx

    document = docx.Document()
    document.add_heading(f"关于{unit_name}{year}年度政府信息公开工作年度报告的工作建议书", level=1)
    document.add_paragraph(f"{unit_name}：")
    document.add_paragraph(
        f"根据{law.citation(law.ART_47, law.ART_49, form='full')}和{law.ART_50.locator}，{root_name}对你单位"
        f"{year}年度政府信息公开工作年度报告进行了核查。公布情况：{status}。"
        + (f"透明度评分：{score} 分。" if score is not None else "")
    )
    if findings:
        document.add_paragraph("发现以下问题，请逐项核实，整改后重新公布并告知：")
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, ("序号", "问题", "规则编号", "单元格"), strict=True
        ):
            cell.text = text
        for i, f in enumerate(findings, 1):
            cells = table.add_row().cells
            cells[0].text = str(i)
            cells[1].text = f.message
            cells[2].text = f.rule
            cells[3].text = " ".join(f.cells)
    elif status == "未公布":
        document.add_paragraph(
            f"截至本建议书出具之日，尚未收到你单位{year}年度政府信息公开工作年度报告，"
            f"请按{law.ART_49.short()}的期限尽快公布并告知。"
        )
    else:
        document.add_paragraph("未发现问题。")
    document.add_paragraph(root_name)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

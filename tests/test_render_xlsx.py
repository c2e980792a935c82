"""The XLSX rendering: a sheet per printed table, merged cells, and figures as numbers."""

import io

from openpyxl import load_workbook

from gongkai.render import render
from gongkai.render.layout import layout
from tools import edge_report


def workbook(report):
    return load_workbook(io.BytesIO(render(report, "xlsx")))


def test_sheets_and_report_information():
    report = edge_report("cn2021")
    wb = workbook(report)
    assert wb.sheetnames == ["报告信息", "表二 主动公开", "表三 申请情况", "表四 复议诉讼"]
    info = {row[0]: row[1] for row in wb["报告信息"].iter_rows(values_only=True)}
    assert info["机关名称"] == "示例县人民政府"
    assert info["报告年度"] == report.year
    assert info["格式代码"] == "cn2021"
    assert "国办公开办函〔2021〕30号" in info["年报格式"]
    assert info["发布日期"].date().isoformat() == "2024-01-20"
    assert all(len(name) <= 31 for name in wb.sheetnames)


def test_figures_are_numbers_and_printed_text_is_text():
    report = edge_report("cn2021", 1)
    wb = workbook(report)
    for group, sheet in [("t2", "表二 主动公开"), ("t3", "表三 申请情况"), ("t4", "表四 复议诉讼")]:
        ws = wb[sheet]
        for key, (r, c) in layout(report.definition, group).positions().items():
            cell = ws.cell(row=r + 1, column=c + 1)
            expected = report.cells[key]
            if expected is None:
                assert cell.value == report.raw.get(key), key
            else:
                assert cell.data_type == "n", key
                assert isinstance(cell.value, int | float) and cell.value == expected, key
    assert wb["表二 主动公开"]["B14"].value == 96171.6


def test_merged_cells_and_header_style():
    wb = workbook(edge_report("cn2021"))
    t3 = wb["表三 申请情况"]
    merged = {str(r) for r in t3.merged_cells.ranges}
    assert {"A1:C3", "D1:J1", "E2:I2", "A6:A27", "A4:C4"} <= merged
    assert t3["A6"].value == "三、本年度办理结果"
    assert t3["D1"].font.bold and t3["D1"].alignment.horizontal == "center"
    assert t3.print_title_rows == "$1:$3"
    assert t3.page_setup.orientation == "landscape"


def test_cn2014_and_local_sheets():
    assert workbook(edge_report("cn2014")).sheetnames == ["报告信息", "统计表"]
    local = workbook(edge_report("local"))["统计表"]
    assert [c.value for c in local[1]] == ["指标", "数值"]

"""Ingest's first bricks: printed figures (parse_number) and tables into grids and cells."""

import io

import docx
import pytest
from openpyxl import Workbook

from gongkai import formats
from gongkai.ingest import (
    LayoutMismatch,
    docx_grids,
    html_grids,
    parse_number,
    read_cells,
    read_local,
    xlsx_grids,
)
from gongkai.render.layout import layout

NUMBERS = [
    # printed text, value, raw
    ("", None, None),
    ("   ", None, None),
    ("\u3000\xa0", None, None),
    ("0", 0, None),
    ("12", 12, None),
    (" 12 ", 12, None),
    ("96171.6", 96171.6, None),
    ("-18538", -18538, None),
    ("+1036", 1036, "+1036"),
    ("１２", 12, "１２"),
    ("－５", -5, "－５"),
    ("−7", -7, "−7"),
    ("3,020.782", 3020.782, "3,020.782"),
    ("12,345", 12345, "12,345"),
    ("１，２３４", 1234, "１，２３４"),
    ("/", None, "/"),
    ("—", None, "—"),
    ("——", None, "——"),
    ("-", None, "-"),
    ("无", None, "无"),
    ("543900元", None, "543900元"),
    ("12,34", None, "12,34"),
    ("1 234", None, "1 234"),
    ("1e5", None, "1e5"),
]


@pytest.mark.parametrize(("text", "value", "raw"), NUMBERS)
def test_parse_number(text, value, raw):
    got = parse_number(text)
    assert got == (value, raw)
    assert type(got[0]) is type(value)


HTML = """<html><body>
<table>
  <caption>表</caption>
  <thead><tr><th rowspan="2">项目</th><th colspan="2">数量</th></tr>
  <tr><th>甲</th><th>乙</th></tr></thead>
  <tbody>
  <tr><td>一</td><td>&nbsp;</td><td rowspan="9">7</td></tr>
  <tr><td colspan="2">合计 <b>x</b></td></tr>
  </tbody>
</table>
<table><tr><td>外<table><tr><td>内</td></tr></table></td></tr></table>
</body></html>"""


def test_html_tables_expand_spans_and_blank_nbsp():
    first, outer, inner = html_grids(HTML)
    assert first == [
        ["项目", "数量", "数量"],
        ["项目", "甲", "乙"],
        ["一", "", "7"],
        ["合计 x", "合计 x", "7"],  # the rowspan stops at the table's last row
    ]
    assert outer == [["外内"]]
    assert inner == [["内"]]


def test_docx_tables_repeat_merged_cells():
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(1, 1)).text = "合并"
    table.cell(2, 2).text = "5"
    data = io.BytesIO()
    document.save(data)
    assert docx_grids(data.getvalue()) == [
        [
            ["合并", "合并", ""],
            ["合并", "合并", ""],
            ["", "", "5"],
        ]
    ]


def test_xlsx_sheets_repeat_merged_cells_and_print_numbers():
    workbook = Workbook()
    ws = workbook.active
    ws.title = "甲"
    ws["A1"] = "标题"
    ws.merge_cells("A1:B2")
    ws["C1"] = 96171.6
    ws["C2"] = 0
    ws["C3"] = "/"
    workbook.create_sheet("跳过")["A1"] = 1
    data = io.BytesIO()
    workbook.save(data)
    assert xlsx_grids(data.getvalue(), skip=["跳过"]) == [
        [
            ["标题", "标题", "96171.6"],
            ["标题", "标题", "0"],
            ["", "", "/"],
        ]
    ]


def test_read_cells_takes_figures_where_the_layout_prints_them():
    grid_layout = layout(formats.CN2021, "t4")
    grid = [[""] * grid_layout.n_cols for _ in range(grid_layout.n_rows)]
    r, c = grid_layout.positions()["t4.review.total"]
    grid[r][c] = "１２"
    r, c = grid_layout.positions()["t4.lit_direct.other"]
    grid[r][c] = "/"
    cells = read_cells(formats.CN2021, "t4", grid)
    assert len(cells) == 15
    assert cells["t4.review.total"] == (12, "１２")
    assert cells["t4.lit_direct.other"] == (None, "/")
    assert cells["t4.review.upheld"] == (None, None)


def test_read_cells_refuses_a_table_of_another_shape():
    with pytest.raises(LayoutMismatch, match="应为 28 行 × 10 列，实际为 2 行 × 3 列"):
        read_cells(formats.CN2021, "t3", [["", "", ""], ["", "", ""]])


def test_read_local():
    assert read_local([["指标", "数值"], ["申请/总数", "3"], ["其他", "无"]]) == {
        "local.申请/总数": (3, None),
        "local.其他": (None, "无"),
    }
    with pytest.raises(LayoutMismatch):
        read_local([["项目", "数"]])

"""The CSV rendering: one line per cell in printed order, labels as printed, UTF-8 with BOM."""

import csv
import io

import pytest

from gongkai.render import render
from tools import edge_report


def rows(report):
    data = render(report, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_one_row_per_cell_in_printed_order():
    report = edge_report("cn2021", 1)
    lines = rows(report)
    assert [r["key"] for r in lines] == list(report.definition.cells)
    assert list(lines[0]) == ["key", "label", "value", "raw"]
    by_key = {r["key"]: r for r in lines}
    assert by_key["t3.withheld.state_secret.natural_person"]["label"] == (
        "收到和处理政府信息公开申请情况 / 三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密"
        " / 申请人情况 / 自然人"
    )
    assert by_key["t4.lit_direct.pending"]["label"] == (
        "政府信息公开行政复议、行政诉讼情况 / 行政诉讼 / 未经复议直接起诉 / 尚未审结"
    )
    assert by_key["t2.admin_fee.amount_wan_yuan"]["value"] == "96171.6"
    for key, value in report.cells.items():
        line = by_key[key]
        assert line["value"] == ("" if value is None else str(value))
        assert line["raw"] == report.raw.get(key, "")


def test_local_and_extra_cells_are_listed():
    report = edge_report("local")
    assert [r["key"] for r in rows(report)] == list(report.cells)
    assert rows(report)[0]["label"].startswith("政府信息公开统计表 / ")
    cn2014 = edge_report("cn2014")
    cn2014.cells["extra.收费减免"] = 3
    last = rows(cn2014)[-1]
    assert (last["key"], last["label"], last["value"]) == (
        "extra.收费减免",
        "政府信息公开情况统计表 / 收费减免",
        "3",
    )


def test_formula_like_text_is_neutralised():
    report = edge_report("cn2021")
    report.cells["t4.review.total"] = None
    report.raw["t4.review.total"] = "=HYPERLINK(1)"
    report.cells["t4.review.other"] = None
    report.raw["t4.review.other"] = "+1036"
    by_key = {r["key"]: r for r in rows(report)}
    assert by_key["t4.review.total"]["raw"] == "'=HYPERLINK(1)"
    assert by_key["t4.review.other"]["raw"] == "+1036"


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-18", "-18"),  # a signed figure is data
        ("+1,036", "+1,036"),
        ("-3.5%", "-3.5%"),
        ("张三", "张三"),
    ],
)
def test_formula_safe_is_the_one_neutralisation(text: str, safe: str) -> None:
    from gongkai.render import formula_safe

    assert formula_safe(text) == safe

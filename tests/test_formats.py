"""The template generations as data (条例 §50; 国办公开办函〔2021〕30号, 〔2019〕60号, 国办发〔2014〕32号)."""

import docx
import pytest

from gongkai import formats
from gongkai.render.layout import layout
from tools import CORPUS


def test_art50_cn2021_has_the_keys_of_report_json():
    keys = list(formats.CN2021.cells)
    assert len(keys) == 10 + 25 * 7 + 15
    assert keys[:3] == ["t2.regulation.issued", "t2.regulation.repealed", "t2.regulation.in_force"]
    assert "t2.admin_fee.amount_wan_yuan" in keys
    assert "t3.other.overdue_correction.org_legal_service" in keys
    assert keys[-1] == "t4.lit_after_review.total"
    assert formats.CN2021.cells["t2.admin_fee.amount_wan_yuan"].kind is formats.Kind.AMOUNT


def test_art50_cn2019_differs_from_cn2021_as_the_spec_says():
    keys = set(formats.CN2019.cells)
    assert len(formats.CN2019.cells) == 22 + 23 * 7 + 15
    assert "t3.other.total" in keys and "t3.other.other.total" not in keys
    assert "t2.central_procurement.total_amount_wan_yuan" in keys
    assert formats.CN2019.cells["t2.admin_license.delta_items"].kind is formats.Kind.SIGNED
    assert "t2.regulation.issued" not in keys


def test_cn2014_rows_follow_the_2017_township_report_order():
    """seed-000-township-2017.txt is the authority for the 统计表 row list (docs/law.md §3.2)."""
    text = (CORPUS / "seed-000-township-2017.txt").read_text("utf-8")
    table_lines = [
        line for line in text.splitlines() if line.startswith("| ") and "|--" not in line
    ]
    printed = [line.split("|")[1].strip().replace(" ", "") for line in table_lines]
    printed = [p for p in printed if p and p != "统计指标"]
    ours = [
        (row.path[0].text if isinstance(row, formats.Row) else row.text)
        .replace("（", "(")
        .replace("）", ")")
        for row in formats.CN2014.table("stats").rows
    ]
    printed = [p.replace("（", "(").replace("）", ")") for p in printed]
    assert len(printed) == len(ours)
    for seen, declared in zip(printed, ours, strict=True):
        row_spellings = {declared}
        for row in formats.CN2014.table("stats").data_rows():
            if row.path[0].text.replace("（", "(").replace("）", ")") == declared:
                row_spellings |= {
                    v.replace("（", "(").replace("）", ")") for v in row.path[0].spellings()
                }
        assert seen in row_spellings, (seen, declared)


def test_art50_template_2021_docx_has_our_grid_geometry():
    """The official blank template's tables have exactly the rows × columns our layout derives."""
    document = docx.Document(str(CORPUS / "template-2021-blank.docx"))
    shapes = [(len(t.rows), len(t.columns)) for t in document.tables]
    ours = [
        (layout(formats.CN2021, g).n_rows, layout(formats.CN2021, g).n_cols)
        for g in ("t2", "t3", "t4")
    ]
    assert shapes == ours


def test_template_2021_labels_are_our_printed_labels():
    document = docx.Document(str(CORPUS / "template-2021-blank.docx"))
    t3 = document.tables[1]
    printed = {cell.text.strip() for row in t3.rows for cell in row.cells}
    grid = layout(formats.CN2021, "t3")
    for cell in grid.cells:
        if cell.header and cell.text not in ("商业企业", "科研机构"):  # printed with a line break
            assert cell.text in printed, cell.text


@pytest.mark.parametrize(("year", "name"), [(2008, "local"), (2013, "local"), (2014, "cn2014"),
                                            (2018, "cn2014"), (2019, "cn2019"), (2020, "cn2019"),
                                            (2021, "cn2021"), (2030, "cn2021")])  # fmt: skip
def test_format_for_year(year, name):
    assert formats.for_year(year).name == name


def test_unknown_format_message_is_chinese():
    with pytest.raises(formats.UnknownFormat) as info:
        formats.get("cn2099")
    assert "未知的年报格式" in str(info.value)


@pytest.mark.parametrize("fmt", ["cn2021", "cn2019", "cn2014"])
def test_layout_covers_every_position_once(fmt):
    definition = formats.get(fmt)
    for group in definition.groups():
        grid = layout(definition, group)
        seen: dict[tuple[int, int], object] = {}
        for cell in grid.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    assert (r, c) not in seen
                    seen[(r, c)] = cell
        assert len(seen) == grid.n_rows * grid.n_cols
        assert set(grid.positions()) == {
            c.key for b in definition.groups()[group] for c in b.cells()
        }


def test_t3_results_label_spans_22_rows_in_2021_and_20_in_2019():
    for fmt, span in ((formats.CN2021, 22), (formats.CN2019, 20)):
        cell = next(c for c in layout(fmt, "t3").cells if c.text == "三、本年度办理结果")
        assert (cell.rowspan, cell.colspan) == (span, 1)


def test_only_the_2014_statistics_table_is_an_attachment():
    # 国办发〔2014〕32号: the 统计表 is published as the report's 附件; later formats print their
    # tables inside sections 二 to 四 (国办公开办函〔2019〕60号, 〔2021〕30号).
    attached = {name for name, fmt in formats.FORMATS.items() if fmt.tables_attached}
    assert attached == {"cn2014"}

"""Shapes of published reports the corpus lacks, built from the official labels of the formats.

Reports under 条例 §50 (国办公开办函〔2021〕30号) also reach us as web pages copied one cell per
line (blank lines for empty cells, some row labels lost), as traditional-Chinese pages, and as
narrative-only reports; the figures here come from :func:`gongkai.synth.consistent_report`, so the
expected cells are known exactly and the identities hold.
"""

from __future__ import annotations

import opencc
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai import formats
from gongkai.ingest.interpret import interpret
from gongkai.ingest.source import Line, Printed, Source, SourceTable
from gongkai.report import Number
from gongkai.synth import consistent_report
from tools import CORPUS

CN2021 = formats.get("cn2021")
T3 = CN2021.table("t3")
HEAD = ["示例县人民政府2022年政府信息公开工作年度报告", "一、总体情况", "本年度工作稳步推进。"]


def _rules(report) -> set[str]:
    return {f.rule for f in report.findings}


def _t3_lines(
    values: dict[str, Number | None], *, lost: set[str] = frozenset(), one_per_line: bool
) -> list[str]:
    """表三 as printed: each label path element when it changes, then the row's figures."""
    out = ["三、收到和处理政府信息公开申请情况", T3.corner[0], "申请人情况"]
    out += [c.path[-1].text for c in T3.columns]
    printed: tuple[str, ...] = ()
    for row in T3.data_rows():
        path = tuple(lab.text for lab in row.path)
        figures = [
            "" if values[T3.key(row, c)] is None else str(values[T3.key(row, c)])
            for c in T3.columns
        ]
        heads = [p for i, p in enumerate(path[:-1]) if printed[i : i + 1] != (p,)]
        printed = path
        label = [] if row.key in lost else [path[-1]]
        if one_per_line:
            out += heads + label + figures
        else:
            out += [*heads, "\t".join([*label, *figures])]
    return out


def test_one_cell_per_line_with_blank_cells_and_lost_labels() -> None:
    report = consistent_report("cn2021", 7)
    values = dict(report.cells)
    values["t3.granted.org_research"] = None  # printed blank: a blank line
    values["t3.withheld.process_info.org_other"] = None
    lost = {"withheld.security_stability", "withheld.third_party_rights"}
    text = "\n".join([*HEAD, *_t3_lines(values, lost=lost, one_per_line=True)])
    got = interpret(Source.from_text(text))
    t3_keys = [k for k in CN2021.cells if k.startswith("t3.")]
    assert {k: got.cells[k] for k in t3_keys} == {k: values[k] for k in t3_keys}
    placed = [f for f in got.findings if f.rule == "ingest.label_lost"]
    assert {f.cells[0] for f in placed} == {
        "t3.withheld.security_stability.natural_person",
        "t3.withheld.third_party_rights.natural_person",
    }
    assert got.provenance["t3.granted.total"].line is not None


def test_traditional_chinese_page() -> None:
    report = consistent_report("cn2021", 11)
    received = report.cells["t3.new_received.total"]
    simplified = "\n".join(
        [
            *HEAD,
            f"本年度共收到政府信息公开申请{received}件。",
            *_t3_lines(report.cells, one_per_line=False),
        ]
    )
    text = opencc.OpenCC("s2t").convert(simplified)
    assert "政府資訊" in text or "公開" in text  # the page really is traditional
    got = interpret(Source.from_text(text))
    assert got.year == 2022 and got.format == "cn2021"
    t3_keys = [k for k in CN2021.cells if k.startswith("t3.")]
    assert {k: got.cells[k] for k in t3_keys} == {k: report.cells[k] for k in t3_keys}
    fact = got.facts["t3.new_received.total"]
    assert fact.value == received and "公開" in fact.quote  # quoted as printed


def test_narrative_only_report_gets_its_cells_from_sentences() -> None:
    text = "\n".join(
        [
            *HEAD,
            "二、收到和处理政府信息公开申请情况",
            "2022年，本机关共收到政府信息公开申请15件，上年结转2件，已办结16件，结转下年度继续办理1件。",
            "三、政府信息公开行政复议、行政诉讼情况",
            "全年因政府信息公开被申请行政复议1件，未发生行政诉讼。",
        ]
    )
    got = interpret(Source.from_text(text))
    assert got.cells["t3.new_received.total"] == 15
    assert got.cells["t3.carried_over.total"] == 2
    assert got.cells["t3.total_processed.total"] == 16
    assert got.cells["t3.carried_forward.total"] == 1
    assert got.cells["t4.review.total"] == 1
    assert got.cells["t3.new_received.natural_person"] is None  # never inferred
    assert "收到政府信息公开申请15件" in got.provenance["t3.new_received.total"].text
    assert "ingest.cells_from_text" in _rules(got)


def test_pingtan_dishui_narrative_only() -> None:
    """pingtan-dishui-2013: no table; 受理117件 / 办结171件 count 审批事项, not applications."""
    path = CORPUS / "pingtan-dishui-2013.txt"
    got = interpret(Source.from_text(path.read_text("utf-8")))
    assert got.format == "local" and got.year == 2013
    assert got.cells.get("local.正文.行政复议数") == 0
    assert 117 not in got.cells.values() and 171 not in got.cells.values()
    assert all(k in got.provenance for k, v in got.cells.items() if v is not None)


def test_label_typo_is_read_and_reported() -> None:
    report = consistent_report("cn2021", 5)
    lines = _t3_lines(report.cells, one_per_line=False)
    lines = [line.replace("5.属于三类内部事务信息", "5.属于三类内部事物信息") for line in lines]
    got = interpret(Source.from_text("\n".join([*HEAD, *lines])))
    key = "t3.withheld.internal_affairs.total"
    assert got.cells[key] == report.cells[key]
    (typo,) = [f for f in got.findings if f.rule == "ingest.label_typo"]
    assert typo.severity == "info" and "事物" in typo.message


def test_collapsed_other_rows_are_a_finding_not_a_guess() -> None:
    report = consistent_report("cn2021", 9)
    lines = _t3_lines(report.cells, one_per_line=False)
    keep = []
    for line in lines:
        if line.startswith(("1.申请人无正当理由", "2.申请人逾期未按", "3.其他")):
            continue
        keep.append(line.replace("（六）其他处理", "（六）其他处理\t" + "\t".join(["1"] * 7)))
    got = interpret(Source.from_text("\n".join([*HEAD, *keep])))
    assert "ingest.collapsed_rows" in _rules(got)
    assert all(
        got.cells[f"t3.other.{r}.{c.key}"] is None
        for r in ("overdue_correction", "overdue_fee", "other")
        for c in T3.columns
    )


def test_a_printed_subtotal_column_is_left_out() -> None:
    """Some reports add 法人或其他组织小计 to 表三 (docs/law.md §1.4): accepted, not a figure."""
    report = consistent_report("cn2021", 13)
    columns = [c.key for c in T3.columns]
    lines = [*HEAD, "三、收到和处理政府信息公开申请情况", T3.corner[0]]
    lines.append(
        "\t".join(
            [
                "自然人",
                "商业企业",
                "科研机构",
                "社会公益组织",
                "法律服务机构",
                "其他",
                "小计",
                "总计",
            ]
        )
    )
    for row in T3.data_rows():
        values = [report.cells[T3.key(row, c)] for c in T3.columns]
        orgs = sum(v for v in values[1:6] if v is not None)
        printed = [*values[:6], orgs, values[6]]
        lines.append("\t".join([row.path[-1].text, *(str(v) for v in printed)]))
    got = interpret(Source.from_text("\n".join(lines)))
    for row in T3.data_rows():
        assert [got.cells[T3.key(row, c)] for c in T3.columns] == [
            report.cells[f"t3.{row.key}.{c}"] for c in columns
        ]
    assert "ingest.subtotal_column" in _rules(got)


def test_a_subtotal_column_of_a_structural_table_is_left_out() -> None:
    report = consistent_report("cn2021", 17)
    header = [
        "",
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "小计",
        "总计",
    ]
    grid = [[Printed(t, 1, 1) for t in header]]
    for n, row in enumerate(T3.data_rows(), start=2):
        values = [report.cells[T3.key(row, c)] for c in T3.columns]
        printed = [*values[:6], sum(v or 0 for v in values[1:6]), values[6]]
        grid.append([Printed(row.path[-1].text, 1, n), *(Printed(str(v), 1, n) for v in printed)])
    lines = [Line(HEAD[0], 1, 0), *(Line("\t".join(c.text for c in r), 1, r[0].line) for r in grid)]
    source = Source("t.pdf", "pdf", lines, tables=[SourceTable(grid)])
    got = interpret(source)
    t3_keys = [k for k in CN2021.cells if k.startswith("t3.")]
    assert {k: got.cells[k] for k in t3_keys} == {k: report.cells[k] for k in t3_keys}
    assert got.provenance["t3.granted.total"].page == 1
    assert "ingest.subtotal_column" in _rules(got)


def test_blank_marks_stay_blank_and_keep_their_print() -> None:
    """report-json.md "Cell values": "/", "—" and "无" are not 0; the printed form is kept."""
    lines = [
        *HEAD,
        "第二十条第（一）项",
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
        "规章\t/\t—\t无",
        "行政规范性文件\t0\t1\t12",
    ]
    got = interpret(Source.from_text("\n".join(lines)))
    assert [got.cells[f"t2.regulation.{c}"] for c in ("issued", "repealed", "in_force")] == [
        None
    ] * 3
    assert [got.raw[f"t2.regulation.{c}"] for c in ("issued", "repealed", "in_force")] == [
        "/",
        "—",
        "无",
    ]
    assert got.cells["t2.normative_doc.issued"] == 0  # a printed zero is a zero


def test_money_printed_in_yuan_is_converted_with_a_finding() -> None:
    # 本年收费金额 is in 万元; 2500000 with no unit is only plausible in 元 (250 亿元 otherwise).
    lines = [
        *HEAD,
        "第二十条第（八）项",
        "信息内容\t本年收费金额（单位：万元）",
        "行政事业性收费\t2500000",
    ]
    got = interpret(Source.from_text("\n".join(lines)))
    assert got.cells["t2.admin_fee.amount_wan_yuan"] == 250
    (f,) = [f for f in got.findings if f.rule == "ingest.money_yuan"]
    assert f.severity == "info" and f.actual == 2500000
    assert got.raw["t2.admin_fee.amount_wan_yuan"] == "2500000元"


def test_labels_that_contradict_the_year_are_reported_not_forced() -> None:
    lines = [
        "示例县人民政府2022年政府信息公开工作年度报告",
        "第二十条第（一）项",
        "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量",
        "规章\t1\t2\t3",
        "规范性文件\t4\t5\t6",
    ]
    got = interpret(Source.from_text("\n".join(lines)))
    assert got.format == "cn2019"
    assert got.cells["t2.normative_doc.total_published"] == 6
    assert "ingest.format_labels" in _rules(got)


def test_run_together_digits_are_split_only_when_the_identities_decide() -> None:
    # "230 000023": seven cells, and only 23|0|0|0|0|0|23 makes the row total add up (I3).
    decided = "\n".join([*HEAD, T3.corner[0], "一、本年新收政府信息公开申请数量230 000023"])
    got = interpret(Source.from_text(decided))
    assert [got.cells[f"t3.new_received.{c.key}"] for c in T3.columns] == [23, 0, 0, 0, 0, 0, 23]
    # "1234": 规章 issued / repealed / in force admit several readings: blank, with candidates.
    open_ = "\n".join(
        [*HEAD, "第二十条第（一）项", "信息内容本年制发件数本年废止件数现行有效件数规章1234"]
    )
    got = interpret(Source.from_text(open_))
    assert got.cells["t2.regulation.issued"] is None
    (f,) = [f for f in got.findings if f.rule == "ingest.ambiguous_digits"]
    assert [1, 2, 34] in f.expected and [12, 3, 4] in f.expected


PIECES = st.sampled_from(
    [
        *"0123456789 \t\n|、.（）一二三四五六年度报告申请件条元",
        "本年新收政府信息公开申请数量",
        "第二十条第（一）项",
        "指标名称 计量单位 2012年度 历年累计",
        "主动公开信息数条",
        "其中：1、网站公开条",
        "复议后起诉",
        "2019年政府信息公开工作年度报告",
        "收到政府信息公开申请",
        "（六）其他处理",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=80).map("".join) | st.text(max_size=300))
def test_any_text_is_interpreted_without_raising(text: str) -> None:
    report = interpret(Source.from_text(text))
    report.dumps()  # and the result is a valid document


def test_year_in_chinese_numerals_and_agency_from_the_signature() -> None:
    text = "\n".join(
        [
            "二〇二〇年度政府信息公开工作年度报告",
            "一、总体情况",
            "本年度工作稳步推进。",
            "六、其他需要报告的事项",
            "无。",
            "示例镇人民政府",
            "2021年1月20日",
        ]
    )
    got = interpret(Source.from_text(text))
    assert (got.year, got.format, got.agency) == (2020, "cn2019", "示例镇人民政府")
    assert got.published_on is not None and got.published_on.isoformat() == "2021-01-20"


def test_misnumbered_section_headings_are_reported() -> None:
    """国办公开办函〔2021〕30号 fixes six parts in order; 四 printed as 三 is reported."""
    text = "\n".join(
        [
            *HEAD,
            "二、主动公开政府信息情况",
            "三、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "问题若干。",
            "六、其他需要报告的事项",
            "无。",
        ]
    )
    got = interpret(Source.from_text(text))
    (f,) = [f for f in got.findings if f.rule == "ingest.section_misnumbered"]
    assert (f.expected, f.actual) == (4, 3)
    assert got.sections["problems"].startswith("五、存在的主要问题")


def test_a_gap_in_free_section_numbering_is_reported() -> None:
    # seed-000 (2014 统计表 era, titles free): 一、二、三 then 五.
    path = CORPUS / "seed-000-township-2017.txt"
    got = interpret(Source.from_text(path.read_text("utf-8")))
    (f,) = [f for f in got.findings if f.rule == "ingest.section_misnumbered"]
    assert (f.expected, f.actual) == (4, 5)


def test_a_2014_statistics_table_read_structurally() -> None:
    """The 2014 统计表 (国办发〔2014〕32号) as a ruled table: label, unit column, figure."""
    table = formats.get("cn2014").tables[0]
    rows = [[Printed(t, 1, 1) for t in ("统计指标", "单位", "统计数")]]
    expected = {}
    for n, row in enumerate(table.rows, start=2):
        if not hasattr(row, "key"):
            rows.append(
                [Printed(row.text, 1, n), Printed(row.unit or "——", 1, n), Printed("", 1, n)]
            )
            continue
        value = "" if n % 7 == 0 else str(n)
        expected[row.key] = int(value) if value else None
        rows.append(
            [Printed(row.label.text, 1, n), Printed(row.unit or "", 1, n), Printed(value, 1, n)]
        )
    lines = [Line("某镇人民政府2016年政府信息公开工作年度报告", 1, 0)]
    lines += [Line("\t".join(c.text for c in r), 1, r[0].line) for r in rows]
    got = interpret(Source("t.docx", "docx", lines, tables=[SourceTable(rows)]))
    assert got.format == "cn2014"
    assert {k: got.cells[k] for k in expected} == expected


CELL_TEXTS = st.sampled_from(
    ["", "0", "12", "3.5", "/", "无", "251000元", "自然人", "总计", "（七）总计", "1.属于国家秘密",
     "规章", "复议后起诉", "小计", "第二十条第（一）项", "一、本年新收政府信息公开申请数量", "条"]
)  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(
    st.integers(1, 6).flatmap(
        lambda w: st.lists(st.lists(CELL_TEXTS, min_size=w, max_size=w), max_size=12)
    )
)
def test_any_structural_table_is_interpreted_without_raising(grid: list[list[str]]) -> None:
    rows = [[Printed(t, 1, n) for t in row] for n, row in enumerate(grid, start=1)]
    lines = [Line("\t".join(row), 1, n) for n, row in enumerate(grid, start=1)]
    report = interpret(Source("t.pdf", "pdf", lines, tables=[SourceTable(rows)]))
    report.dumps()

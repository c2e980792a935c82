"""The rules added for published local tables and series (gongkai.rules.cumulative), the
segmentation of run-together digits, and the audit command.

Local statistics tables of the 条例(2007) §32 era print each indicator's year figure (本年度) and
its running total since the 条例 took effect (历年累计); the rules check that the running total
includes the year, that "其中" rows add up, and that it grows year on year by the year's figure.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.cli import main
from gongkai.ingest.segment import Slot, at_most, equals, solve, splits, sum_of
from gongkai.report import Report
from gongkai.rules import check
from tools import CORPUS

ROW = "local.主动公开文件数"


def local(year: int, this: int, total: int, web: int | None = None) -> Report:
    report = Report.blank("local", year=year, agency="示例区管委会")
    report.cells = {
        f"{ROW}.本年度": this,
        f"{ROW}.历年累计": total,
        f"{ROW}.网站公开数.本年度": this if web is None else web,
        f"{ROW}.网站公开数.历年累计": total,
    }
    return report


def rules_of(report: Report, previous: Report | None = None) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in check(report, previous):
        out.setdefault(f.rule, []).append(f)
    return out


def test_running_total_grows_by_the_year_figure() -> None:
    """历年累计 (Y) = 历年累计 (Y−1) + 本年度 (Y): a consistent pair passes, a restart is reported."""
    assert "cross_year.cumulative" not in rules_of(
        local(2016, 3460, 85376), local(2015, 2949, 81916)
    )
    found = rules_of(local(2017, 2122, 10037), local(2016, 3460, 85376))["cross_year.cumulative"]
    assert {(f.expected, f.actual) for f in found} == {(87498, 10037)}
    assert found[0].severity == "warning"  # a body may restart its count on reorganisation


def test_running_total_is_compared_only_with_the_year_before() -> None:
    assert "cross_year.cumulative" not in rules_of(
        local(2017, 2122, 10037), local(2015, 2949, 81916)
    )


def test_running_total_includes_the_year() -> None:
    (f,) = rules_of(local(2016, 85376, 3460, web=85376))["local.cumulative_below_year"][:1]
    assert f.severity == "error" and f.actual == 3460


def test_part_rows_add_up_to_their_row() -> None:
    found = rules_of(local(2013, 1853, 5395, web=1713))["local.parts_sum"]
    assert {(f.expected, f.actual) for f in found} == {(1713, 1853)}


def test_splits_are_every_reading_without_leading_zeros() -> None:
    assert splits(["294981916"], 2) == [
        (2, 94981916), (29, 4981916), (294, 981916), (2949, 81916), (29498, 1916),
        (294981, 916), (2949819, 16), (29498191, 6),
    ]  # fmt: skip
    assert splits(["01"], 2) == [(0, 1)]
    assert splits(["001"], 2) == []  # "01" is no number
    assert splits(["35", "-15"], 2) == [(35, -15)]
    assert (23, 0, 0, 0, 0, 0, 23) in splits(["230", "000023"], 7)


def test_a_split_is_taken_only_when_the_evidence_singles_it_out() -> None:
    keys = ("a.本年度", "a.历年累计")
    slot = Slot(keys, "346085376", splits(["346085376"], 2))
    solve([slot], [at_most(*keys, "本年度不大于累计", hard=True)], lambda k: None)
    assert slot.chosen is None  # 3|…, 34|…, 3460|… all possible: undecided
    assert slot.candidates == [(3, 46085376), (34, 6085376), (3460, 85376)]
    slot = Slot(keys, "346085376", splits(["346085376"], 2))
    solve([slot], [equals("a.本年度", 3460, "正文")], lambda k: None)
    assert slot.chosen == (3460, 85376)


def test_contradicting_evidence_leaves_the_cells_blank() -> None:
    keys = ("x.a", "x.b")
    slot = Slot(keys, "1234", splits(["1234"], 2))
    solve([slot], [equals("x.a", 1, "一"), equals("x.a", 12, "二")], lambda k: None)
    assert slot.chosen is None


def test_rows_are_decided_together_through_shared_identities() -> None:
    # Two rows whose own totals admit two readings each (1|10|11 and 11|0|11); the column
    # total of p decides both.
    a = Slot(("r1.p", "r1.q", "r1.t"), "11011", splits(["11011"], 3))
    b = Slot(("r2.p", "r2.q", "r2.t"), "11011", splits(["11011"], 3))
    constraints = [
        sum_of("r1.t", ["r1.p", "r1.q"], "r1"),
        sum_of("r2.t", ["r2.p", "r2.q"], "r2"),
        sum_of("tot.p", ["r1.p", "r2.p"], "p"),
    ]
    solve([a, b], constraints, {"tot.p": 2}.get)
    assert (a.chosen, b.chosen) == ((1, 10, 11), (1, 10, 11))


def test_audit_command_on_the_pingtan_series(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(CORPUS / f"pingtan-zhq-{y}.txt") for y in (2016, 2017)]
    code = main(["audit", "--json", *files])
    docs = json.loads(capsys.readouterr().out)
    assert [d["year"] for d in docs] == [2016, 2017]
    rules = {f["rule"] for f in docs[1]["findings"]}
    assert "cross_year.cumulative" in rules
    assert code == 1  # structure.format_year is an error: 2017 prints a local table


def test_audit_command_takes_directories_and_globs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    series = tmp_path / "平潭"
    series.mkdir()
    for y in (2016, 2017):
        (series / f"pingtan-zhq-{y}.txt").write_bytes(
            (CORPUS / f"pingtan-zhq-{y}.txt").read_bytes()
        )
    main(["audit", "--json", str(series)])
    from_dir = json.loads(capsys.readouterr().out)
    main(["audit", "--json", str(series / "*.txt")])
    from_glob = json.loads(capsys.readouterr().out)
    assert [d["year"] for d in from_dir] == [d["year"] for d in from_glob] == [2016, 2017]
    assert "cross_year.cumulative" in {f["rule"] for f in from_dir[1]["findings"]}


def test_audit_command_reports_an_unreadable_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "没有这个文件.pdf"
    code = main(["audit", str(missing)])
    assert code == 1
    assert "没有这个文件" in capsys.readouterr().err


def test_every_reading_finding_is_documented() -> None:
    """Finding ids never change meaning and are documented (report-json.md "Rule ids")."""
    import re

    root = Path(__file__).resolve().parents[2]
    used = set()
    for path in (root / "src" / "gongkai" / "ingest").glob("*.py"):  # both stages
        used |= set(re.findall(r'"(ingest\.[a-z_]+)"', path.read_text("utf-8")))
    documented = set(
        re.findall(r"`(ingest\.[a-z_]+)`", (root / "docs" / "ingest.md").read_text("utf-8"))
    )
    assert used and used <= documented

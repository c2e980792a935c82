"""The gongkai command line: Chinese help, exit codes, and the JSON shapes other tools rely on."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.cli import main, rules_markdown
from gongkai.report import Report
from gongkai.synth import consistent_report

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gongkai", *args], capture_output=True, text=True, check=False
    )


def test_help_is_chinese():
    result = run("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("用法：gongkai")
    for word in ("命令", "核查年报", "显示本帮助并退出"):
        assert word in result.stdout
    assert "usage" not in result.stdout and "show this help" not in result.stdout


def test_argument_errors_are_chinese():
    result = run("check")
    assert result.returncode == 2
    assert "缺少必需的参数" in result.stderr


def test_new_writes_a_blank_valid_document(tmp_path, capsys):
    out = tmp_path / "r.json"
    assert (
        main(
            [
                "new",
                "--format",
                "cn2021",
                "--agency",
                "平罗县渠口乡人民政府",
                "--year",
                "2025",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    report = Report.load(out)
    assert (report.format, report.agency, report.year) == ("cn2021", "平罗县渠口乡人民政府", 2025)
    assert all(v is None for v in report.cells.values())
    assert main(["new", "--year", "2017"]) == 0
    assert json.loads(capsys.readouterr().out)["format"] == "cn2014"


def test_check_exit_status_and_json_output(tmp_path, capsys):
    good = consistent_report("cn2021", 4)
    path = tmp_path / "good.json"
    path.write_text(good.dumps(), "utf-8")
    assert main(["check", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"findings": []}

    good.cells["t3.granted.natural_person"] = int(good.cells["t3.granted.natural_person"]) + 1
    path.write_text(good.dumps(), "utf-8")
    assert main(["check", str(path), "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert {f["rule"] for f in findings if f["severity"] == "error"} == {
        "t3.outcomes_sum",
        "t3.row_total",
    }
    assert set(findings[0]) == {"rule", "severity", "cells", "expected", "actual", "message"}

    assert main(["check", str(path)]) == 1
    human = capsys.readouterr().out
    assert "[错误] t3.outcomes_sum" in human and "共 " in human


def test_check_with_previous_year(tmp_path, capsys):
    last, this = consistent_report("cn2021", 1), consistent_report("cn2021", 2)
    last.year, this.year = 2023, 2024
    (tmp_path / "a.json").write_text(last.dumps(), "utf-8")
    (tmp_path / "b.json").write_text(this.dumps(), "utf-8")
    main(["check", str(tmp_path / "b.json"), "--previous", str(tmp_path / "a.json"), "--json"])
    rules = {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert "cross_year.carry_over" in rules


@pytest.mark.parametrize("content", ["{", '{"schema": "gongkai/annual-report@1"}', ""])
def test_check_bad_input_is_a_clear_error_not_a_crash(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content, "utf-8")
    result = run("check", str(path))
    assert result.returncode == 2
    assert result.stderr.startswith("gongkai：错误：") and "Traceback" not in result.stderr


def test_check_missing_file():
    result = run("check", "/nonexistent/r.json")
    assert result.returncode == 2 and "找不到文件" in result.stderr


def test_formats_lists_generations_and_cells(capsys):
    assert main(["formats", "-v"]) == 0
    out = capsys.readouterr().out
    for name in ("cn2021", "cn2019", "cn2014", "local", "国办公开办函〔2021〕30号"):
        assert name in out
    main(["formats", "cn2021"])
    assert "t3.other.overdue_fee.total" in capsys.readouterr().out


def test_docs_rules_md_is_generated_from_the_code():
    from gongkai.rules import check

    check(Report.blank("local"))
    assert (ROOT / "docs" / "rules.md").read_text("utf-8") == rules_markdown()


def test_schema_command_prints_the_schema(capsys):
    main(["schema"])
    assert (
        json.loads(capsys.readouterr().out)["properties"]["schema"]["const"]
        == "gongkai/annual-report@1"
    )


def test_subcommand_help_is_chinese_once():
    result = run("deadline", "--help")
    assert result.stdout.startswith("用法：gongkai deadline") and "用法：用法" not in result.stdout

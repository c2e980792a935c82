"""``render()`` targets and the ``gongkai render`` command: outputs, stdout, Chinese errors."""

import argparse
import io
import json

import pytest

from gongkai.render import (
    RENDERERS,
    TARGETS,
    UnknownTarget,
    add_render_parser,
    render,
    render_command,
)
from gongkai.report import Report
from tools import edge_report


def parse(*argv):
    parser = argparse.ArgumentParser(prog="gongkai")
    add_render_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["render", *argv])


@pytest.fixture
def report_file(tmp_path):
    path = tmp_path / "年报.json"
    path.write_text(edge_report("cn2021", 1).dumps(), encoding="utf-8")
    return path


def test_targets():
    assert TARGETS == ("html", "pdf", "docx", "xlsx", "csv", "json")
    assert set(RENDERERS) == set(TARGETS)
    report = edge_report("cn2021")
    assert Report.loads(render(report, "json").decode()).cells == report.cells


def test_unknown_target_is_a_value_error_in_chinese():
    with pytest.raises(ValueError, match="不支持的输出格式：odt（可用：html、pdf、docx") as info:
        render(edge_report("cn2021"), "odt")
    assert isinstance(info.value, UnknownTarget)


def test_text_target_goes_to_stdout(report_file, capsysbinary):
    assert render_command(parse(str(report_file), "--to", "csv")) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(b"\xef\xbb\xbfkey,label,value,raw")


def test_output_file_and_target_from_its_suffix(report_file, tmp_path):
    out = tmp_path / "out.docx"
    assert render_command(parse(str(report_file), "-o", str(out))) == 0
    assert out.read_bytes().startswith(b"PK")


def test_binary_target_defaults_to_a_file_next_to_the_input(report_file):
    assert render_command(parse(str(report_file), "--to", "xlsx")) == 0
    assert report_file.with_suffix(".xlsx").read_bytes().startswith(b"PK")


def test_stdin_input(report_file, monkeypatch, capsysbinary):
    monkeypatch.setattr("sys.stdin", io.StringIO(report_file.read_text(encoding="utf-8")))
    assert render_command(parse("-", "--to", "json", "-o", "-")) == 0
    assert json.loads(capsysbinary.readouterr().out)["format"] == "cn2021"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--to", "odt"], "不支持的输出格式：odt"),
        ([], "不支持的输出格式：（未指定）"),
        (["-o", "x.txt"], "不支持的输出格式：txt"),
    ],
)
def test_bad_targets_exit_2(report_file, capsys, argv, message):
    assert render_command(parse(str(report_file), *argv)) == 2
    assert message in capsys.readouterr().err


def test_missing_file_and_bad_json_exit_2(tmp_path, capsys):
    assert render_command(parse(str(tmp_path / "无.json"), "--to", "html")) == 2
    assert "找不到文件" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert render_command(parse(str(bad), "--to", "html")) == 2
    assert "不是有效的 JSON" in capsys.readouterr().err
    invalid = tmp_path / "invalid.json"
    invalid.write_text('{"schema": "x"}', encoding="utf-8")
    assert render_command(parse(str(invalid), "--to", "html")) == 2
    assert "年报文档不符合" in capsys.readouterr().err


def test_unwritable_output_exits_2(report_file, tmp_path, capsys):
    assert render_command(parse(str(report_file), "-o", str(tmp_path / "无此目录" / "a.html"))) == 2
    assert "无法写出文件" in capsys.readouterr().err


def test_unreadable_input_exits_2(tmp_path, capsys):
    assert render_command(parse(str(tmp_path), "--to", "html")) == 2
    assert "无法读取文件" in capsys.readouterr().err


def test_binary_from_stdin_needs_an_output_file(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("{}"))
    assert render_command(parse("-", "--to", "pdf")) == 2
    assert "须用 -o 指定文件" in capsys.readouterr().err

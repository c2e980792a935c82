"""``gongkai ingest`` over many files: errors recorded, the batch goes on, resume, time limit."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from stage_one import CORPUS, printed_example

from gongkai.cli import main
from gongkai.ingest import batch
from gongkai.ingest.pipeline import ingest_file
from gongkai.report import Report

GOOD = ["pingtan-dishui-2013.txt", "seed-002-township-2020.txt", "shanghai-gov-office-2019.html"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three real reports and one broken file (a truncated PDF), in a nested directory."""
    root = tmp_path / "reports"
    (root / "sub").mkdir(parents=True)
    for name in GOOD[:2]:
        shutil.copy(CORPUS / name, root / name)
    shutil.copy(CORPUS / GOOD[2], root / "sub" / GOOD[2])
    (root / "sub" / "broken.pdf").write_bytes(printed_example("pdf")[:4000])
    (root / ".hidden").mkdir()
    (root / ".hidden" / "skip.txt").write_text("不应读取")
    (root / "notes.json").write_text("{}")  # not a report extension: not walked
    return root


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def slow_on_broken(path: str) -> dict:
    """A reader that hangs on one file (test hook for the per-file time limit)."""
    if path.endswith("broken.pdf"):
        time.sleep(600)
    return ingest_file(path)


def crash_on_broken(path: str) -> dict:
    """A reader whose worker dies on one file."""
    if path.endswith("broken.pdf"):
        os._exit(3)
    return ingest_file(path)


def test_errors_are_recorded_and_the_batch_goes_on(folder, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    status = main(["ingest", str(folder), "--jsonl", str(out), "--workers", "2"])
    assert status == 1
    assert "共 4 份文件，成功 3 份，失败 1 份" in capsys.readouterr().err
    got = {Path(r["file"]).name: r for r in records(out)}
    assert set(got) == {*GOOD, "broken.pdf"}
    assert "PDF" in got["broken.pdf"]["error"]
    assert got["broken.pdf"]["sha256"] is not None
    for name in GOOD:
        assert len(got[name]["sha256"]) == 64
        report = Report.from_json(got[name]["report"])  # valid report-json
        assert report.format in ("local", "cn2019")
    assert (
        Report.from_json(got["shanghai-gov-office-2019.html"]["report"]).cells[
            "t3.new_received.total"
        ]
        == 859
    )


def test_resume_skips_done_files_by_path_and_hash(folder, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    first = batch.run([str(folder)], jsonl=str(out), workers=1)
    assert (first.total, first.skipped, len(first.failed)) == (4, 0, 1)
    again = batch.run([str(folder)], jsonl=str(out), workers=1, resume=True)
    assert (again.total, again.skipped) == (4, 4)
    assert len(records(out)) == 4
    changed = folder / GOOD[0]
    changed.write_text(changed.read_text("utf-8") + "\n", encoding="utf-8")  # new SHA-256
    third = batch.run([str(folder)], jsonl=str(out), workers=1, resume=True)
    assert third.skipped == 3
    assert [Path(r["file"]).name for r in records(out)][4:] == [GOOD[0]]


def test_interrupted_jsonl_line_is_redone(folder, tmp_path):
    out = tmp_path / "out.jsonl"
    batch.run([str(folder / GOOD[0]), str(folder / GOOD[1])], jsonl=str(out), workers=1)
    text = out.read_text("utf-8")
    out.write_text(text[: text.index("\n") + 1] + text[text.index("\n") + 1 :][:50], "utf-8")
    again = batch.run([str(folder / GOOD[0]), str(folder / GOOD[1])], jsonl=str(out), resume=True)
    assert again.skipped == 1


def test_out_directory_documents_and_index(folder, tmp_path):
    out = tmp_path / "docs"
    summary = batch.run([str(folder)], out=str(out), workers=2)
    assert len(summary.failed) == 1
    index = records(out / batch.INDEX)
    assert {Path(r["file"]).name for r in index} == {*GOOD, "broken.pdf"}
    for record in index:
        if "error" in record:
            assert "output" not in record
            continue
        report = Report.loads((out / record["output"]).read_text("utf-8"))
        assert report.format
    again = batch.run([str(folder)], out=str(out), resume=True)
    assert again.skipped == 4


def test_same_file_name_in_two_directories(tmp_path):
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "report.txt").write_text(f"{d}县人民政府2020年政府信息公开工作年度报告")
    batch.run([str(tmp_path / "a"), str(tmp_path / "b")], out=str(tmp_path / "out"), workers=1)
    outputs = sorted(r["output"] for r in records(tmp_path / "out" / batch.INDEX))
    assert len(set(outputs)) == 2 and "report.txt.json" in outputs


def test_timeout_kills_a_hung_file(folder, tmp_path):
    out = tmp_path / "out.jsonl"
    started = time.perf_counter()
    summary = batch.run([str(folder)], jsonl=str(out), workers=2, timeout=3, task=slow_on_broken)
    assert time.perf_counter() - started < 60
    [failed] = summary.failed
    assert failed["file"].endswith("broken.pdf")
    assert "处理超时（超过 3 秒）" in failed["error"]
    assert sum("report" in r for r in records(out)) == 3


def test_crashed_worker_is_recorded(folder, tmp_path):
    out = tmp_path / "out.jsonl"
    summary = batch.run([str(folder)], jsonl=str(out), workers=2, task=crash_on_broken)
    [failed] = summary.failed
    assert "处理进程意外退出（退出码 3）" in failed["error"]
    assert sum("report" in r for r in records(out)) == 3


def test_single_file_prints_its_report(capsys):
    assert main(["ingest", str(CORPUS / "pingtan-dishui-2013.txt"), "--json"]) == 0
    report = Report.loads(capsys.readouterr().out)
    assert (report.agency, report.year) == ("平潭综合实验区地方税务局", 2013)


def test_single_broken_file_exit_status(tmp_path, capsys):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    assert main(["ingest", str(broken)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "broken.docx" in captured.err and "失败 1 份" in captured.err


def test_globs_and_missing_arguments(folder, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    pattern = str(folder / "**" / "*.html")
    assert main(["ingest", pattern, str(tmp_path / "nothing-*.pdf"), "--jsonl", str(out)]) == 1
    got = records(out)
    assert [Path(r["file"]).name for r in got if "report" in r] == [GOOD[2]]
    assert [r["error"] for r in got if "error" in r] == [
        f"找不到文件：{tmp_path / 'nothing-*.pdf'}"
    ]


def test_resume_needs_a_file_to_resume_from(folder, capsys):
    assert main(["ingest", str(folder), "--resume"]) == 2
    assert "--resume" in capsys.readouterr().err

"""The ingest benchmark keeps working (a tiny run; the numbers themselves are not tested)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_ingest.py"


def test_benchmark_runs_with_a_tiny_count(capsys):
    spec = importlib.util.spec_from_file_location("bench_ingest", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(["--rounds", "1", "--files", "6", "--workers", "1"])
    out = capsys.readouterr().out
    assert "基线 bytes.decode" in out and "基线 pypdfium2 文本导出" in out
    assert "倍" in out
    assert "6 份，失败 0 份" in out
    assert "内存峰值" in out

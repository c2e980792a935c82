"""Benchmark: ``gongkai rollup`` on 1,000 report JSON files (issue 11 target: ≥ 500 reports per
second per core, JSON Schema validation included).

Run: ``uv run python benchmarks/bench_rollup.py [N]``.  Writes N report-json documents
(a third of the units each in 2022, 2023 and 2024, townships and departments, with narratives)
to a temporary directory, then times in CPU seconds of this process (``time.process_time``, so
the rate is per core however busy the machine is):
(1) the baseline: reading and ``json.loads`` of every file;
(2) loading with validation by the compiled schema (``gongkai.rollup.load``);
(3) load + roll-up (status, rules with last year, totals, cross-unit text comparison);
(4) for comparison, validation by the interpreted schema (jsonschema) that loading used before.
Each rate is printed with its ratio to the baseline run in the same process.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from gongkai.report import _validator
from gongkai.rollup import load, rollup
from gongkai.synth import consistent_report

YEARS = (2022, 2023, 2024)


def rate(label: str, n: int, seconds: float, baseline: float | None) -> float:
    per_second = n / seconds
    ratio = f"，为基线的 {per_second / baseline:.3f} 倍" if baseline else ""
    print(f"{label}: {per_second:,.0f} 份/秒（{n} 份，{seconds:.2f} 秒{ratio}）")
    return per_second


def write_reports(directory: Path, n: int) -> None:
    for i in range(n):
        unit, year = divmod(i, len(YEARS))
        name = f"第{unit}镇人民政府" if unit % 3 else f"第{unit}局"
        report = consistent_report("cn2021", i, agency=name)
        report.year = YEARS[year]
        report.sections["problems"] = f"{name}在{YEARS[year]}年第{i}次整改中发现的问题各不相同。"
        (directory / f"{i:05d}.json").write_text(report.dumps(), encoding="utf-8")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        write_reports(directory, n)
        files = sorted(directory.glob("*.json"))
        load([str(files[0])], progress=False)  # compile the schema, register the rules

        t = time.process_time()
        docs = [json.loads(path.read_bytes()) for path in files]
        base = rate("基线：读取并 json.loads", n, time.process_time() - t, None)

        t = time.process_time()
        entries, errors = load([str(directory)], progress=False)
        assert not errors and len(entries) == n
        rate("载入（含编译后的 Schema 校验）", n, time.process_time() - t, base)

        t = time.process_time()
        entries, _ = load([str(directory)], progress=False)
        result = rollup(entries)
        seconds = time.process_time() - t
        assert len(result.units) == n
        rate("载入 + 汇总（期限、核查、合计、跨单位比对）", n, seconds, base)

        validator = _validator()
        t = time.process_time()
        for doc in docs:
            validator.validate(doc)
        rate("对照：jsonschema 解释执行的 Schema 校验", n, time.process_time() - t, base)


if __name__ == "__main__":
    main()

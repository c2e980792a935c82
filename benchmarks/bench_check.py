"""Benchmark: checking annual reports (issue target: ≥ 5,000 documents per second per core).

Run: ``uv run python benchmarks/bench_check.py [N]``.  Prints documents per second for
(1) the baseline, ``json.loads`` of each document, (2) the rules on already-loaded reports,
(3) load (schema validation included) + rules, each with its ratio to the baseline run in the
same process.  One process, one core: times are the process's CPU time (``time.process_time``),
so the rates are per core and other work on a shared machine does not deflate them.
"""

from __future__ import annotations

import json
import sys
import time

from gongkai.report import Report
from gongkai.rules import check
from gongkai.synth import consistent_report


def rate(label: str, n: int, seconds: float, baseline: float | None) -> float:
    per_second = n / seconds
    ratio = f"，为基线的 {per_second / baseline:.3f} 倍" if baseline else ""
    print(f"{label}: {per_second:,.0f} 份/秒（{n} 份，{seconds:.2f} 秒{ratio}）")
    return per_second


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    formats = ("cn2021", "cn2019", "cn2014")
    texts = [consistent_report(formats[i % 3], i).dumps() for i in range(n)]
    check(Report.loads(texts[0]))  # register the rules and warm caches outside the timings

    t = time.process_time()
    for text in texts:
        json.loads(text)
    base = rate("基线 json.loads", n, time.process_time() - t, None)

    reports = [Report.loads(text) for text in texts]
    t = time.process_time()
    for report in reports:
        check(report)
    rate("核查（已载入）", n, time.process_time() - t, base)

    t = time.process_time()
    for text in texts:
        check(Report.loads(text))
    rate("载入（含 Schema 校验）+ 核查", n, time.process_time() - t, base)


if __name__ == "__main__":
    main()

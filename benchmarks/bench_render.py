"""Benchmark: rendering annual reports (target: ≥ 50 DOCX per second).

Run: ``uv run python benchmarks/bench_render.py [N]`` (default 100).  Renders N synthetic cn2021
reports (国办公开办函〔2021〕30号 layout) to each target and prints documents per second, each with
its ratio to the baseline run in the same process: ``report.dumps()`` (schema validation and JSON
serialisation) of the same reports.  One process, one core; caches are warmed before timing;
times are the process's CPU time (``time.process_time``), a rate per core.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from gongkai.render import render
from gongkai.report import Report
from gongkai.synth import consistent_report

TARGETS = ("csv", "html", "docx", "xlsx", "pdf")


def timed(reports: list[Report], job: Callable[[Report], object]) -> float:
    start = time.process_time()
    for report in reports:
        job(report)
    return time.process_time() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    reports = [consistent_report("cn2021", seed) for seed in range(n)]
    for target in TARGETS:  # load WeasyPrint, build the DOCX package and the templates
        render(reports[0], target)

    base = n / timed(reports, Report.dumps)
    print(f"基线 report.dumps(): {base:,.0f} 份/秒（{n} 份）")
    for target in TARGETS:
        per_second = n / timed(reports, lambda r, t=target: render(r, t))
        print(
            f"{target:>5}: {per_second:,.1f} 份/秒（{n} 份，每份 {1000 / per_second:.1f} 毫秒，"
            f"为基线的 {per_second / base:.3f} 倍）"
        )


if __name__ == "__main__":
    main()

"""Benchmark: rendering annual reports (targets: ≥ 50 DOCX and ≥ 5 PDF per second per core).

Run: ``uv run python benchmarks/bench_render.py [N]`` (default 100).  Renders N distinct synthetic
cn2021 reports (国办公开办函〔2021〕30号 layout) to each target and prints documents per second,
each with its ratio to the baseline run in the same process: ``report.dumps()`` (schema validation
and JSON serialisation) of the same reports.  The reports differ (Typst caches the result of an
identical input, so rendering one report N times would measure the cache).  PDF is timed twice:
tagged (what gongkai publishes, see :mod:`gongkai.render.pdf`) and untagged, to show what the
structure tags cost.  One process, one core; caches are warmed before timing (on a report not
timed); times are the process's CPU time (``time.process_time``), a rate per core.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from gongkai.render import document, render
from gongkai.render.pdf import compile_pdf, report_json
from gongkai.report import Report
from gongkai.synth import consistent_report

TARGETS = ("csv", "html", "docx", "xlsx", "pdf")


def timed(reports: list[Report], job: Callable[[Report], object]) -> float:
    start = time.process_time()
    for report in reports:
        job(report)
    return time.process_time() - start


def untagged_pdf(report: Report) -> bytes:
    return compile_pdf("report", report_json(document(report)), tagged=False)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    warm, *reports = [consistent_report("cn2021", seed) for seed in range(n + 1)]
    for target in TARGETS:  # load Typst and its fonts, build the DOCX package and the templates
        render(warm, target)
    untagged_pdf(warm)

    base = n / timed(reports, Report.dumps)
    print(f"基线 report.dumps(): {base:,.0f} 份/秒（{n} 份）")
    jobs: list[tuple[str, Callable[[Report], object]]] = [
        (target, lambda r, t=target: render(r, t)) for target in TARGETS
    ]
    jobs.append(("pdf（无标签）", untagged_pdf))
    for name, job in jobs:
        per_second = n / timed(reports, job)
        print(
            f"{name:>5}: {per_second:,.1f} 份/秒（{n} 份，每份 {1000 / per_second:.1f} 毫秒，"
            f"为基线的 {per_second / base:.3f} 倍）"
        )


if __name__ == "__main__":
    main()

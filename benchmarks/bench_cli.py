"""Benchmark: start-up of the ``gongkai`` command (target: < 0.3 s for ``deadline`` and ``check``).

Run: ``uv run python benchmarks/bench_cli.py [N]`` (default 10).  Runs each command N times as a
fresh process (the installed ``gongkai`` script of this environment) and prints the median wall
time and the median CPU time (user + system of the child, from ``getrusage``); the CPU time is
what the command costs, the wall time what a person waits on an idle machine.  The baseline,
measured in the same way, is ``python -c pass``: the interpreter's own start-up.
"""

from __future__ import annotations

import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPORT = Path(__file__).resolve().parents[1] / "src/gongkai/examples/pingtan-zhq-2022.json"


def run(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    gongkai = shutil.which("gongkai", path=str(Path(sys.executable).parent)) or "gongkai"
    commands = {
        "python -c pass（基线）": [sys.executable, "-c", "pass"],
        "gongkai formats": [gongkai, "formats"],
        "gongkai deadline": [gongkai, "deadline", "--received", "2025-03-03"],
        "gongkai check": [gongkai, "check", str(REPORT)],
        "gongkai render --to html": [gongkai, "render", str(REPORT), "--to", "html"],
    }
    base = None
    for name, argv in commands.items():
        run(argv)  # warm the file cache
        walls, cpus = zip(*(run(argv) for _ in range(n)), strict=True)
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        base = base or cpu
        print(
            f"{name}: 墙钟 {wall * 1000:.0f} 毫秒，CPU {cpu * 1000:.0f} 毫秒"
            f"（中位数，{n} 次；CPU 为基线的 {cpu / base:.1f} 倍）"
        )


if __name__ == "__main__":
    main()

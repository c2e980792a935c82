"""Benchmark: reading published reports (issue targets: text/HTML ≥ 100 reports per second per
core, PDF ≥ 20 pages per second per core, a 10,000-file batch in ≤ 300 MB).

Run: ``uv run python benchmarks/bench_ingest.py [--rounds R] [--files N] [--workers W]``.
Throughput runs in one process (one core) on the real corpus files and prints each rate with its
ratio to a baseline measured in the same run on the same files: ``bytes.decode`` for text and
HTML, pypdfium2's plain text dump (``get_text_range``) for PDF pages.  Rates are given for
stage one (open) and for the whole pipeline (open → interpret → audit).  The batch part runs
``gongkai ingest``'s pool on N files copied from the corpus and prints the peak resident memory
of the parent and of the largest worker (``getrusage``), and parent + workers × largest; it runs
before the throughput part, so that nothing the benchmark itself does (printing a PDF with
Typst) is inherited by the forked workers or counted as the parent's peak.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

from gongkai import examples
from gongkai.ingest import batch
from gongkai.ingest.containers import open_bytes
from gongkai.ingest.pipeline import ingest_bytes
from gongkai.render import render

# The real reports the tests read, inside the repository.
CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"


def corpus(kinds: tuple[str, ...]) -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in kinds and p.name != "README.md")


def rate(label: str, unit: str, n: int, seconds: float, baseline: float | None) -> float:
    per_second = n / seconds
    ratio = f"，为基线的 {per_second / baseline:.4f} 倍" if baseline else ""
    print(f"  {label}: {per_second:,.1f} {unit}/秒（{n} {unit}，{seconds:.2f} 秒{ratio}）")
    return per_second


def timed(work: Callable[[], object], rounds: int) -> float:
    """CPU seconds of this process for ``rounds`` runs of ``work``: a rate per core that other
    work on a shared machine does not deflate."""
    started = time.process_time()
    for _ in range(rounds):
        work()
    return time.process_time() - started


def printed_example() -> list[tuple[str, bytes]]:
    """While the corpus holds no published PDF from a permitted source (tests/corpus/README.md),
    the real 平潭 2022 report (bundled example) printed by our renderer, so pages are measured."""
    print("（语料中暂无 PDF：以内置真实年报（平潭 2022）经本项目排版的 PDF 计时）")
    return [(f"{examples.NAME.removesuffix('.json')}.pdf", render(examples.report(), "pdf"))]


def text_dump(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def pdf_dump(data: bytes) -> int:
    document = pdfium.PdfDocument(data)
    try:
        for i in range(len(document)):
            page = document[i]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(document)
    finally:
        document.close()


def throughput(rounds: int) -> None:
    files = [(p.name, p.read_bytes()) for p in corpus((".txt", ".html"))]
    n = len(files) * rounds
    print(f"文本与网页（{len(files)} 份语料 × {rounds} 轮，单进程）：")
    base = rate(
        "基线 bytes.decode", "份", n, timed(lambda: [text_dump(d) for _, d in files], rounds), None
    )
    rate(
        "打开（第一阶段）",
        "份",
        n,
        timed(lambda: [open_bytes(d, name) for name, d in files], rounds),
        base,
    )
    rate(
        "完整流程（打开 → 识别 → 核查）",
        "份",
        n,
        timed(lambda: [ingest_bytes(d, name) for name, d in files], rounds),
        base,
    )

    pdfs = [(p.name, p.read_bytes()) for p in corpus((".pdf",))] or printed_example()
    pages = sum(pdf_dump(d) for _, d in pdfs) * rounds
    print(f"PDF（{len(pdfs)} 份，共 {pages // rounds} 页 × {rounds} 轮，单进程）：")
    base = rate(
        "基线 pypdfium2 文本导出",
        "页",
        pages,
        timed(lambda: [pdf_dump(d) for _, d in pdfs], rounds),
        None,
    )
    rate(
        "打开（第一阶段，含表格）",
        "页",
        pages,
        timed(lambda: [open_bytes(d, name) for name, d in pdfs], rounds),
        base,
    )
    rate(
        "完整流程（打开 → 识别 → 核查）",
        "页",
        pages,
        timed(lambda: [ingest_bytes(d, name) for name, d in pdfs], rounds),
        base,
    )


def memory(count: int, workers: int) -> None:
    sources = corpus((".txt", ".html", ".pdf", ".docx"))
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as tmp:
        root = Path(tmp, "files")
        root.mkdir()
        for i in range(count):
            source = sources[i % len(sources)]
            shutil.copy(source, root / f"{i:05d}-{source.name}")
        print(f"批量（{count} 份文件，{workers} 个工作进程）：")
        started = time.perf_counter()
        summary = batch.run([str(root)], jsonl=str(Path(tmp, "out.jsonl")), workers=workers)
        seconds = time.perf_counter() - started
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"  {summary.total} 份，失败 {len(summary.failed)} 份，{seconds:.1f} 秒（{summary.total / seconds:,.1f} 份/秒）"
    )
    print(
        f"  内存峰值：主进程 {parent:.0f} MB，最大工作进程 {worker:.0f} MB，"
        f"合计上限 {parent + workers * worker:.0f} MB"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="ingest 基准测试")
    parser.add_argument("--rounds", type=int, default=5, help="吞吐量测试的轮数")
    parser.add_argument("--files", type=int, default=10_000, help="批量测试的文件数")
    parser.add_argument("--workers", type=int, default=2, help="批量测试的工作进程数")
    args = parser.parse_args(argv)
    open_bytes(b"warm up", "warm.txt")
    # The batch first: its workers are forked from this process, and the PDF timing below prints
    # a report with Typst here, which took this process from 68 to 155 MB and every forked
    # worker from 55 to 115 MB (measured with 300 files and 2 workers) — memory of the
    # benchmark, not of ``gongkai ingest``, whose process never renders.
    memory(args.files, args.workers)
    throughput(args.rounds)
    sys.stdout.flush()


if __name__ == "__main__":
    main()

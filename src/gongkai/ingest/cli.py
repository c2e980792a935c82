"""``gongkai ingest``: read published annual reports (PDF, Word, web pages, text) into report-json.

The command runs :mod:`gongkai.ingest.batch` over files, directories and globs (条例 §50 reports,
read for supervision under 条例 §46–§47).  Exit status: 0 every file was read, 1 some failed (the
count is printed on standard error), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import sys

from gongkai.ingest.batch import run


def positive(value: str) -> float:
    number = float(value)
    if number <= 0:
        raise argparse.ArgumentTypeError(f"应为正数：{value}")
    return number


def ingest_command(args: argparse.Namespace) -> int:
    if args.resume and not (args.jsonl not in (None, "-") or args.out):
        print("gongkai：错误：--resume 需要与 --jsonl 文件或 --out 目录一起使用", file=sys.stderr)
        return 2
    summary = run(
        args.files,
        jsonl=args.jsonl,
        out=args.out,
        workers=args.workers,
        timeout=args.timeout,
        resume=args.resume,
    )
    for record in summary.failed:
        print(f"gongkai：{record['file']}：{record['error']}", file=sys.stderr)
    done = summary.total - summary.skipped
    skipped = f"，跳过已完成 {summary.skipped} 份" if summary.skipped else ""
    if summary.failed:
        print(
            f"共 {summary.total} 份文件{skipped}，成功 {done - len(summary.failed)} 份，"
            f"失败 {len(summary.failed)} 份",
            file=sys.stderr,
        )
        return 1
    if summary.total > 1:
        print(f"共 {summary.total} 份文件{skipped}，全部读取成功", file=sys.stderr)
    return 0


def add_ingest_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``gongkai ingest FILE... [--json] [--jsonl OUT] [--out DIR] [--workers N] …``."""
    parser = subparsers.add_parser(
        "ingest",
        help="读取已发布的年报文件（PDF、Word、网页、文本），转为年报 JSON 并核查",
        description="读取已发布的政府信息公开工作年度报告（PDF、DOCX、DOC、HTML、TXT），"
        "识别格式、表格与正文数据，输出年报 JSON（含核查发现）。可批量处理目录与通配符。",
    )
    parser.add_argument(
        "files",
        nargs="+",
        metavar="文件",
        help="年报文件、目录（递归查找）或通配符，如 'reports/**/*.pdf'",
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument(
        "--json",
        action="store_true",
        help="单个文件时把年报 JSON 输出到标准输出（未指定 --jsonl/--out 时的默认行为）",
    )
    output.add_argument(
        "--jsonl",
        metavar="输出文件",
        help='每个文件一行 {"file", "sha256", "report"|"error"}（“-”表示标准输出；多个文件时的默认）',
    )
    output.add_argument(
        "--out", metavar="目录", help="每个文件写一份年报 JSON 到该目录，并写索引 _index.jsonl"
    )
    parser.add_argument("--workers", type=int, metavar="N", help="并行进程数（默认为 CPU 核数）")
    parser.add_argument(
        "--timeout",
        type=positive,
        default=120.0,
        metavar="秒",
        help="单个文件的处理时限，超时即终止并记为失败（默认 120 秒）",
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="跳过 --jsonl 文件或 --out 目录中已有结果的文件（按路径与 SHA-256 判断）",
    )
    parser.set_defaults(func=ingest_command)

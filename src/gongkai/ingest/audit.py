"""The audit of a set of published annual reports, each year checked against the year before.

条例 §47 and 国办公开办函〔2021〕30号 ("明确责任") hold agencies to account for inaccurate reports.
One report is read and checked by :func:`gongkai.ingest.pipeline.audit`; this module audits a
set: it finds the series of one body, reads each series in year order so that each report's
reading can use the year before (running totals, carried-over applications as evidence for
run-together digits), and runs the cross-year rules (carry-over, documents in force, running
totals).  ``gongkai audit FILE...`` prints the findings.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.ingest.interpret import interpret
from gongkai.ingest.pipeline import checked
from gongkai.ingest.source import IngestError, Source
from gongkai.report import SEVERITY_NAMES, Report
from gongkai.rollup import agency_key
from gongkai.rules import has_errors


@dataclass
class Audited:
    source: Source
    report: Report  # findings: reading's, then the rules'
    previous: Report | None


def body(report: Report) -> str:
    """The key that groups one body's reports into a series."""
    return agency_key(report.agency)


def audit(sources: Iterable[Source]) -> list[Audited]:
    """Read and check every source, in the given order; one body's reports are read in year
    order, each with the report of the year before."""
    sources = list(sources)
    first = [interpret(s) for s in sources]
    order = sorted(range(len(sources)), key=lambda i: (body(first[i]), first[i].year or 0))
    out: dict[int, Audited] = {}
    latest: dict[str, Report] = {}
    for i in order:
        key, year = body(first[i]), first[i].year
        before = latest.get(key)
        consecutive = before is not None and year is not None and before.year == year - 1
        previous = before if consecutive else None
        # Without a report of the year before, the first reading is already the reading.
        reading = first[i] if previous is None else interpret(sources[i], previous=previous)
        report = checked(reading, previous)
        out[i] = Audited(sources[i], report, previous)
        if key and year is not None:
            latest[key] = report
    return [out[i] for i in range(len(sources))]


# gongkai audit ------------------------------------------------------------------------------


def add_audit_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``gongkai audit FILE|DIR|GLOB... [--json] [--all]``."""
    parser = subparsers.add_parser(
        "audit",
        help="审核已发布的年报：读取文件并核查，同一单位的多年年报逐年衔接核对",
        description="读取已发布的政府信息公开工作年度报告（PDF、DOCX、DOC、HTML、TXT），"
        "运行全部核查规则；同一单位多个年度的报告按年度顺序与上一年度核对（结转、累计数等）。",
    )
    parser.add_argument(
        "files",
        nargs="+",
        metavar="文件",
        help="年报文件、目录（递归查找）或通配符（如 'corpus/*.txt'）",
    )
    parser.add_argument("--json", action="store_true", help="以 JSON 输出每份报告的发现")
    parser.add_argument("--all", action="store_true", help="也列出“提示”级发现")
    parser.set_defaults(func=audit_command)


def audit_command(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from gongkai.ingest.batch import expand
    from gongkai.ingest.containers import open_path

    files, missing = expand(args.files)
    for record in missing:
        print(f"gongkai：{record['error']}", file=sys.stderr)
    sources = []
    failed = len(missing)
    # disable=None: the bar shows on a terminal only, never in a pipe or a log.
    for name in tqdm(files, desc="读取", unit="份", file=sys.stderr, disable=None):
        try:
            sources.append(open_path(name))
        except (IngestError, OSError) as exc:
            print(f"gongkai：{name}：{exc}", file=sys.stderr)
            failed += 1
    results = audit(sources)
    if args.json:
        docs = [
            {
                "file": a.source.name,
                "agency": a.report.agency,
                "year": a.report.year,
                "findings": [f.to_json() for f in a.report.findings],
            }
            for a in results
        ]
        json.dump(docs, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for a in results:
            r = a.report
            against = f"（与 {a.previous.year} 年度核对）" if a.previous else ""
            print(
                f"== {a.source.name}：{r.agency or '（未署名单位）'} {r.year or '（年度不详）'} 年度{against}"
            )
            shown = [f for f in r.findings if args.all or f.severity != "info"]
            for f in shown:
                print(f"[{SEVERITY_NAMES[f.severity]}] {f.rule}：{f.message}")
            if not shown:
                print("未发现问题。")
    errors = any(has_errors(a.report.findings) for a in results)
    return 1 if failed or errors else 0

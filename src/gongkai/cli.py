"""The ``gongkai`` command line: formats, new, check, render, deadline, ingest, audit, schema,
rules, demo.

Everything a user reads is Chinese; argparse's own English strings are replaced by
:class:`ChineseParser`.  Exit status: 0 success, 1 the check found errors, 2 bad input.

Start-up time.  A command imports only what it runs: the commands defined here import their
modules inside their handlers, and the commands defined in other modules (:data:`COMMANDS`) are
registered only when named on the command line (all of them for ``gongkai --help`` or an
unknown command).  So ``gongkai deadline`` loads neither the ingest stack (pdfplumber, openpyxl,
python-docx) nor Typst nor jsonschema (``tests/test_cli_startup.py``).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, cast

from gongkai import formats, law

# Commands defined in other modules: name -> (module, function that adds its parser and handler).
COMMANDS = {
    "render": ("gongkai.render", "add_render_parser"),
    "deadline": ("gongkai.workdays.cli", "add_deadline_parser"),
    "ingest": ("gongkai.ingest.cli", "add_ingest_parser"),
    "audit": ("gongkai.ingest.audit", "add_audit_parser"),
}
# Commands defined here, in the order of ``gongkai --help`` (COMMANDS come between the two).
FIRST_COMMANDS = ("formats", "new", "check")
LAST_COMMANDS = ("rollup", "schema", "rules", "demo")

# argparse prints these English phrases itself; the rest of its text comes from our help strings.
ARGPARSE_ZH = (
    ("the following arguments are required: ", "缺少必需的参数："),
    ("unrecognized arguments: ", "无法识别的参数："),
    ("invalid choice: ", "无效的选项："),
    ("choose from ", "可选："),
    ("expected one argument", "需要一个参数值"),
    ("expected 2 arguments", "需要两个参数值"),
    ("invalid int value: ", "不是整数："),
    ("argument ", "参数 "),
)


class ChineseFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(
        self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None
    ) -> None:
        # argparse passes prefix "" when it builds a subcommand's prog from the usage line
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseParser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        for english, chinese in ARGPARSE_ZH:
            message = message.replace(english, chinese)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{message}\n")


def fail(message: str) -> int:
    print(f"gongkai：错误：{message}", file=sys.stderr)
    return 2


# formats ------------------------------------------------------------------------------------


def cmd_formats(args: argparse.Namespace) -> int:
    for fmt in formats.FORMATS.values():
        first, last = fmt.years
        span = f"{first or '……'}–{last or '至今'}"
        print(f"{fmt.name}\t{fmt.title}（{fmt.basis}；报告年度 {span}）")
        if args.verbose or args.format == fmt.name:
            for group, blocks in fmt.groups().items():
                cells = sum(len(b.data_rows()) * len(b.columns) for b in blocks)
                print(f"  {group}\t{blocks[0].title}（{len(blocks)} 块，{cells} 个单元格）")
                if args.format == fmt.name:
                    for block in blocks:
                        for cell in block.cells():
                            print(f"    {cell.key}\t{' / '.join(cell.label_path[1:])}")
    return 0


# new ----------------------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    from gongkai.report import Report

    fmt = args.format or (formats.for_year(args.year).name if args.year else "cn2021")
    report = Report.blank(fmt, agency=args.agency, year=args.year)
    write_text(args.output, report.dumps())
    return 0


def write_text(output: str | None, text: str) -> None:
    if output is None or output == "-":
        sys.stdout.write(text)
    else:
        Path(output).write_text(text, encoding="utf-8")


# check --------------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    import json

    from gongkai.report import SEVERITIES, SEVERITY_NAMES, Report, ReportError
    from gongkai.rules import Options, check, has_errors

    try:
        report = Report.load(Path(args.report))
        previous = Report.load(Path(args.previous)) if args.previous else None
    except ReportError as exc:
        return fail(str(exc))
    options = Options(agency_level=args.agency_level)
    findings = check(report, previous, options)
    if args.json:
        json.dump(
            {"findings": [f.to_json() for f in findings]}, sys.stdout, ensure_ascii=False, indent=2
        )
        sys.stdout.write("\n")
    else:
        print(
            f"{report.agency or '（未署名单位）'} {report.year or '（年度不详）'} 年度报告（{report.definition.title}）"
        )
        for f in findings:
            print(f"[{SEVERITY_NAMES[f.severity]}] {f.rule}：{f.message}")
        counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
        summary = "，".join(f"{SEVERITY_NAMES[s]} {n} 条" for s, n in counts.items())
        print(f"共 {len(findings)} 条发现：{summary}" if findings else "未发现问题。")
    return 1 if has_errors(findings) else 0


# schema and rules ---------------------------------------------------------------------------


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from gongkai.report import json_schema

    write_text(args.output, json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")
    return 0


def rules_markdown() -> str:
    """docs/rules.md: the rule list, generated so that it cannot drift from the code."""
    from gongkai.report import SEVERITY_NAMES
    from gongkai.rules import all_rules

    lines = [
        "# 核查规则 / Rules",
        "",
        "由 `gongkai rules --markdown` 生成。规则编号稳定，含义不变。",
        "",
        "| 编号 | 级别 | 适用格式 | 检查内容 | 依据 |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| `{r.id}` | {SEVERITY_NAMES[r.severity]} | {'、'.join(r.formats)} | {r.title} | {r.basis} |"
        for r in all_rules()
    ]
    return "\n".join(lines) + "\n"


def cmd_rules(args: argparse.Namespace) -> int:
    from gongkai.report import SEVERITY_NAMES
    from gongkai.rules import all_rules

    if args.markdown:
        sys.stdout.write(rules_markdown())
        return 0
    for r in all_rules():
        print(
            f"{r.id}\t{SEVERITY_NAMES[r.severity]}\t{'/'.join(r.formats)}\t{r.title}（依据：{r.basis}）"
        )
    return 0


# demo ---------------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    """The main job until the platform exists: check and render the bundled real report."""
    from gongkai import examples
    from gongkai.render import TARGETS, render
    from gongkai.report import SEVERITY_NAMES
    from gongkai.rules import check, has_errors
    from gongkai.workdays import reply_deadline

    report = examples.report()
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    print(
        f"示例：{report.agency} {report.year} 年政府信息公开工作年度报告（{report.definition.basis}）"
    )
    findings = check(report, options=examples.OPTIONS)
    for f in findings:
        print(f"  [{SEVERITY_NAMES[f.severity]}] {f.rule}：{f.message}")
    print(f"核查：{len(findings)} 条发现，{'有' if has_errors(findings) else '无'}错误。")
    for i, target in enumerate(TARGETS, 1):
        path = out / f"{examples.NAME.removesuffix('.json')}.{target}"
        path.write_bytes(render(report, target))
        print(f"  [{i}/{len(TARGETS)}] 已生成 {path}")
    received = args.received or date.today()
    deadline = reply_deadline(received)
    print(
        f"今天（{received.isoformat()}）收到的依申请公开申请，法定答复期限（{law.ART_33.short()}）："
    )
    print(deadline.explain())
    return 0


# rollup ---------------------------------------------------------------------------------------


def cmd_rollup(args: argparse.Namespace) -> int:
    """Roll up many units' reports (条例 §47 监督): status by §49, totals, cross-unit findings."""
    import json

    from gongkai.report import SEVERITY_NAMES
    from gongkai.rollup import STATUS_NAMES, load, rollup, to_xlsx
    from gongkai.rules import Options

    entries, errors = load(args.paths)
    for message in errors:
        print(f"gongkai：{message}", file=sys.stderr)
    if not entries:
        return fail("没有读到任何年度报告")
    options = Options(township_deadline=args.township_deadline) if args.township_deadline else None
    result = rollup(entries, options=options, area=args.area)
    if args.year is not None and args.year not in result.totals:
        return fail(f"所给文件中没有 {args.year} 年度的报告")
    if args.xlsx:
        Path(args.xlsx).write_bytes(to_xlsx(result))
    if args.json:
        json.dump(result.to_json(args.year), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for year in result.years():
        members = [u for u in result.units if u.year == year]
        counts = {s: sum(1 for u in members if u.status == s) for s in STATUS_NAMES}
        summary = "，".join(f"{STATUS_NAMES[s]} {n}" for s, n in counts.items() if n)
        print(f"== {year} 年度：{len(members)} 个单位（{summary}）")
        for u in members:
            due = u.deadline.isoformat() if u.deadline else "—"
            published = u.report.published_on.isoformat() if u.report.published_on else "—"
            print(
                f"  {u.report.agency or '（未署名单位）'}：公布 {published}，期限 {due}，"
                f"{STATUS_NAMES[u.status]}"
            )
        for key in ROLLUP_HEADLINES:
            t = result.totals[year].get(key)
            if t is not None:
                shown = "—" if t.sum is None else t.sum
                print(f"  {key}：{shown}（{t.reported}/{t.units} 个单位填报）")
    for u, f in result.findings():
        if f.severity != "info":
            print(
                f"[{SEVERITY_NAMES[f.severity]}] {u.report.agency} {u.year}：{f.rule}：{f.message}"
            )
    return 0


# The figures printed per year by ``gongkai rollup`` without --json: applications and appeals.
ROLLUP_HEADLINES = (
    "t3.new_applications.total",
    "t3.total_processed.total",
    "t4.review.total.total",
    "t4.litigation_direct.total.total",
)


def township_deadline(text: str) -> tuple[int, int]:
    try:
        month, day = (int(part) for part in text.split("-"))
        date(2001, month, day)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为“月-日”，如 01-31：{text}") from None
    return month, day


def add_rollup_parser(sub: argparse._SubParsersAction[ChineseParser]) -> None:
    p = sub.add_parser(
        "rollup",
        help="汇总多个单位的年报：按单位和年度分组，公布期限、合计和跨单位核查",
        description="读取多个单位、多个年度的年度报告（JSON 文档或 ingest 能读取的任何文件），"
        f"按单位和年度分组：按{law.ART_49.short()}判断是否按期公布，逐项合计（空白不计为0，"
        "每项合计注明几个单位填报），核查每份报告并跨年度、跨单位比对。",
    )
    p.add_argument("paths", nargs="+", metavar="路径", help="年报 JSON、年报文件、目录或通配符")
    p.add_argument("--json", action="store_true", help="以 JSON 输出 units、totals、findings")
    p.add_argument("--xlsx", metavar="文件", help="另存为 Excel 工作簿（单位、汇总、发现）")
    p.add_argument("--year", type=int, help="--json 合计的年度（默认为最近一个年度）")
    p.add_argument("--area", metavar="单位", help="其报告声明涵盖其他单位的区域（如县人民政府）")
    p.add_argument(
        "--township-deadline",
        type=township_deadline,
        metavar="月-日",
        help=f"乡镇、街道年报的公布期限（{law.ART_49.short()}未规定，由地方确定）",
    )
    p.set_defaults(func=cmd_rollup)


# parser -------------------------------------------------------------------------------------


def build_parser(command: str | None = None) -> ChineseParser:
    """The parser of every command, or of the commands defined here plus ``command``."""
    parser = ChineseParser(
        prog="gongkai",
        description="gongkai（公开）：政府信息公开工作年度报告的格式、核查、排版与法定期限计算。",
    )
    sub = parser.add_subparsers(
        dest="command", title="命令", metavar="命令", parser_class=ChineseParser
    )
    sub.required = True
    _add_first_commands(sub)
    # The subcommand modules take plain ArgumentParser actions; ours build ChineseParsers.
    plain = cast("argparse._SubParsersAction[argparse.ArgumentParser]", sub)
    for name, (module, function) in COMMANDS.items():
        if command is None or command == name:
            getattr(importlib.import_module(module), function)(plain)
    _add_last_commands(sub)
    return parser


def _add_first_commands(sub: Any) -> None:
    p = sub.add_parser("formats", help="列出年报格式（各代模板）及其表格")
    p.add_argument(
        "format", nargs="?", choices=list(formats.FORMATS), help="列出该格式的全部单元格"
    )
    p.add_argument("-v", "--verbose", action="store_true", help="列出每种格式的表格")
    p.set_defaults(func=cmd_formats)

    p = sub.add_parser("new", help="生成一份空白、有效的年报文档（JSON）")
    p.add_argument("--format", choices=list(formats.FORMATS), help="年报格式（默认按年度确定）")
    p.add_argument("--agency", help="报告单位名称，如 平罗县渠口乡人民政府")
    p.add_argument("--year", type=int, help="报告年度（统计年度）")
    p.add_argument("-o", "--output", help="输出文件（默认输出到标准输出）")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("check", help="核查年报：勾稽关系、跨年度衔接、文表一致、结构与公布期限")
    p.add_argument("report", help="年报文档（JSON）")
    p.add_argument("--previous", help="同一单位上一年度的年报文档（JSON），用于跨年度核对")
    p.add_argument(
        "--agency-level",
        choices=["department", "government", "township"],
        help="单位层级（department 部门 / government 人民政府 / township 乡镇街道；默认按名称判断）",
    )
    p.add_argument("--json", action="store_true", help='以 JSON 输出 {"findings": [...]}')
    p.set_defaults(func=cmd_check)


def _add_last_commands(sub: Any) -> None:
    add_rollup_parser(sub)

    p = sub.add_parser("schema", help="输出年报文档的 JSON Schema")
    p.add_argument("-o", "--output", help="输出文件（默认输出到标准输出）")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("rules", help="列出全部核查规则及其编号、级别和依据")
    p.add_argument("--markdown", action="store_true", help="以 Markdown 表格输出（docs/rules.md）")
    p.set_defaults(func=cmd_rules)

    p = sub.add_parser(
        "demo", help="在内置示例（平潭综合实验区管委会 2022 年报）上运行核查、排版和期限计算"
    )
    p.add_argument("-o", "--output", default="out", help="输出目录（默认 out/）")
    p.add_argument("--received", type=date.fromisoformat, help="示例申请的收到日期（默认今天）")
    p.set_defaults(func=cmd_demo)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # The command is the first argument (the main parser has no other option than --help).
    known = argv[:1] and argv[0] in (*FIRST_COMMANDS, *COMMANDS, *LAST_COMMANDS)
    parser = build_parser(argv[0] if known else None)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:
        return 0
    except Exception as exc:
        # A ReportError can only come from a command that loaded gongkai.report.
        report = sys.modules.get("gongkai.report")
        if report is None or not isinstance(exc, report.ReportError):
            raise
        return fail(str(exc))


if __name__ == "__main__":
    raise SystemExit(main())

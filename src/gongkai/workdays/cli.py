"""``gongkai deadline``: the §33 reply deadline of one application, from the command line.

Same computation as the platform (:func:`gongkai.workdays.reply_deadline`): 20 working days from
receipt (条例 §33 para. 2), restarted on 补正 (§30), extended by at most 20 working days (§33
para. 2), with consultation and fee-payment intervals paused (§33 para. 3; 国办函〔2020〕109号).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from gongkai import law
from gongkai.workdays.calendar import WorkdaysError, default_calendar, parse_date
from gongkai.workdays.clock import REPLY_DAYS, Pause, reply_deadline


def add_deadline_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``deadline`` on the main CLI; the handler is stored as ``func``."""
    parser = subparsers.add_parser(
        "deadline",
        help="计算依申请公开的答复期限（工作日）",
        description=f"按{law.ART_33.cite()}计算答复期限，并列出逐日计算过程。",
    )
    parser.add_argument(
        "--received", required=True, metavar="YYYY-MM-DD", help="收到申请日期（第0日）"
    )
    parser.add_argument(
        "--days",
        default=str(REPLY_DAYS),
        metavar="N",
        help=f"答复期限工作日数（默认 {REPLY_DAYS}）",
    )
    parser.add_argument(
        "--pause",
        nargs=2,
        action="append",
        default=[],
        metavar=("START", "END"),
        help="不计入期限的期间（含首尾日），如征求第三方或其他机关意见、收费通知至缴费；可重复",
    )
    parser.add_argument(
        "--restart",
        metavar="YYYY-MM-DD",
        help="收到补正后申请的日期，答复期限自此重新起算（此前的暂停期间不再计入）",
    )
    parser.add_argument(
        "--extend",
        default="0",
        metavar="N",
        help=f"经批准延长的工作日数（最多 {law.EXTENSION.length}）",
    )
    parser.add_argument(
        "--calendar", metavar="DIR", help="节假日安排目录（<年份>.json），覆盖内置数据"
    )
    parser.add_argument(
        "--json", action="store_true", help="以 JSON 输出 {due, provisional, trace}"
    )
    parser.set_defaults(func=deadline_command)


def deadline_command(args: argparse.Namespace) -> int:
    """Print the deadline (explain text, or JSON with ``--json``); exit 2 on bad input."""
    try:
        pauses = [
            Pause(
                parse_date(start, what="--pause 开始日期"), parse_date(end, what="--pause 结束日期")
            )
            for start, end in args.pause
        ]
        calendar = default_calendar()
        if args.calendar:
            calendar = calendar.with_directory(Path(args.calendar))
        deadline = reply_deadline(
            parse_date(args.received, what="--received 收到日期"),
            days=_parse_count(args.days, what="--days"),
            pauses=pauses,
            restart_from=parse_date(args.restart, what="--restart 日期") if args.restart else None,
            extension_days=_parse_count(args.extend, what="--extend"),
            calendar=calendar,
        )
    except WorkdaysError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(deadline.to_json(), ensure_ascii=False, indent=2))
    else:
        print(deadline.explain())
    return 0


def _parse_count(text: str, *, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise WorkdaysError(f"{what} 应为整数，收到：{text}") from None

"""The statutory clock: periods of the 条例 counted by hand against the official schedules.

Every expected date below was counted by hand from the notices (the count is in the comment);
day 0 is the start date and never counts (docs/law.md §8).
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.workdays import (
    MAX_EXTENSION_DAYS,
    REPLY_DAYS,
    DayKind,
    EventKind,
    Pause,
    ScheduledDay,
    WorkdaysError,
    YearSchedule,
    add_working_days,
    co_maker_reply_deadline,
    correction_notice_deadline,
    default_calendar,
    fee_payment_deadline,
    is_working_day,
    publication_deadline,
    reply_deadline,
    third_party_reply_deadline,
)
from gongkai.workdays.cli import add_deadline_parser


def d(text: str) -> date:
    return date.fromisoformat(text)


# --- §33 reply deadline around the 2024–2026 holidays -------------------------------------------


def test_art33_reply_due_20_working_days_across_national_day_2024() -> None:
    # Received Fri 2024-09-27 (day 0).  09-28 Sat off; 09-29 Sun 调休上班 = 1; 09-30 = 2;
    # 10-01..10-07 国庆 off; 10-08..10-11 = 3..6; 10-12 Sat 调休上班 = 7; 10-14..18 = 8..12;
    # 10-21..25 = 13..17; 10-28 = 18, 10-29 = 19, 10-30 = 20.
    deadline = reply_deadline(d("2024-09-27"))
    assert deadline.due == d("2024-10-30")
    assert not deadline.provisional


def test_art33_receipt_on_a_saturday_counts_from_the_next_working_day() -> None:
    # Received Sat 2024-09-28: the next working day is Sun 09-29 (调休上班), so the count is the
    # same as for a Friday receipt: 2024-10-30.
    assert reply_deadline(d("2024-09-28")).due == d("2024-10-30")
    # Ordinary weekend: Sat 2024-11-09 and Fri 2024-11-08 both start on Mon 11-11 = 1;
    # 11-11..15 = 1..5, 11-18..22 = 6..10, 11-25..29 = 11..15, 12-02..06 = 16..20.
    assert reply_deadline(d("2024-11-09")).due == d("2024-12-06")
    assert reply_deadline(d("2024-11-08")).due == d("2024-12-06")


def test_art33_reply_due_across_spring_festival_2025() -> None:
    # Received Fri 2025-01-24.  01-25 Sat off; 01-26 Sun 调休上班 = 1; 01-27 = 2;
    # 01-28..02-04 春节 off (8 days); 02-05..07 = 3..5; 02-08 Sat 调休上班 = 6; 02-09 Sun off;
    # 02-10..14 = 7..11; 02-17..21 = 12..16; 02-24..27 = 17..20.
    assert reply_deadline(d("2025-01-24")).due == d("2025-02-27")


def test_art30_correction_notice_due_7_working_days_across_spring_festival_2025() -> None:
    # Received Fri 2025-01-24: 01-26 = 1, 01-27 = 2, (01-28..02-04 off), 02-05 = 3, 02-06 = 4,
    # 02-07 = 5, 02-08 Sat 调休上班 = 6, (02-09 Sun off), 02-10 = 7.
    assert correction_notice_deadline(d("2025-01-24")).due == d("2025-02-10")


def test_art26_publication_due_20_working_days_over_may_day_2026() -> None:
    # Formed Thu 2026-04-30.  05-01..05-05 劳动节 off; 05-06..08 = 1..3; 05-09 Sat 调休上班 = 4;
    # 05-11..15 = 5..9; 05-18..22 = 10..14; 05-25..29 = 15..19; 06-01 = 20.
    assert publication_deadline(d("2026-04-30")).due == d("2026-06-01")


def test_art32_and_art34_consultation_answers_due_in_15_working_days() -> None:
    # Request received Fri 2024-09-27: 09-29 = 1, 09-30 = 2, 10-08..11 = 3..6, 10-12 = 7,
    # 10-14..18 = 8..12, 10-21 = 13, 10-22 = 14, 10-23 = 15.
    assert third_party_reply_deadline(d("2024-09-27")).due == d("2024-10-23")
    assert co_maker_reply_deadline(d("2024-09-27")).due == d("2024-10-23")


def test_fee_payment_due_20_working_days_after_the_notice_109() -> None:
    # 国办函〔2020〕109号: the same count as a reply received that day.
    assert fee_payment_deadline(d("2024-09-27")).due == d("2024-10-30")


# --- §33 para. 3 pauses ---------------------------------------------------------------------------


def test_art33_pause_spanning_national_day_skips_only_its_working_days() -> None:
    # Received Fri 2024-09-20.  Without a pause: 09-23..27 = 1..5, 09-29 = 6, 09-30 = 7,
    # 10-08..11 = 8..11, 10-12 = 12, 10-14..18 = 13..17, 10-21..23 = 18..20 -> 10-23.
    assert reply_deadline(d("2024-09-20")).due == d("2024-10-23")
    # Third-party consultation 09-27..10-09: its working days 09-27, 09-29, 09-30, 10-08, 10-09
    # (5) do not count.  09-23..26 = 1..4; 10-10 = 5, 10-11 = 6, 10-12 = 7, 10-14..18 = 8..12,
    # 10-21..25 = 13..17, 10-28..30 = 18..20.
    pause = Pause(d("2024-09-27"), d("2024-10-09"), "征求第三方意见")
    deadline = reply_deadline(d("2024-09-20"), pauses=[pause])
    assert deadline.due == d("2024-10-30")
    paused = [step for step in deadline.trace if step.kind is EventKind.PAUSE]
    assert [step.day for step in paused] == [d("2024-09-27") + timedelta(days=i) for i in range(13)]
    assert all(not step.counted and "征求第三方意见" in step.note for step in paused)


def test_art33_pause_of_zero_working_days_changes_nothing() -> None:
    # 10-01..10-07 are all days off already.
    pause = Pause(d("2024-10-01"), d("2024-10-07"))
    assert reply_deadline(d("2024-09-27"), pauses=[pause]).due == d("2024-10-30")


def test_art33_two_pauses_add_their_working_days() -> None:
    # Received Fri 2024-11-08.  11-11 = 1; pause 11-12, 11-13; 11-14 = 2, 11-15 = 3;
    # 11-18..22 = 4..8; pause 11-25, 11-26; 11-27..29 = 9..11; 12-02..06 = 12..16;
    # 12-09..12 = 17..20.
    pauses = [
        Pause(d("2024-11-25"), d("2024-11-26"), "收费通知至缴费"),
        Pause(d("2024-11-12"), d("2024-11-13"), "征求第三方意见"),
    ]
    assert reply_deadline(d("2024-11-08"), pauses=pauses).due == d("2024-12-12")


def test_art33_overlapping_consultations_are_not_double_counted() -> None:
    # A third party and another agency consulted at once: 11-12..13 and 11-13..14 pause
    # 11-12, 11-13, 11-14 (3 working days) -> 12-06 plus 3 working days = 12-11.
    pauses = [
        Pause(d("2024-11-12"), d("2024-11-13"), "征求第三方意见"),
        Pause(d("2024-11-13"), d("2024-11-14"), "征求其他机关意见"),
    ]
    deadline = reply_deadline(d("2024-11-08"), pauses=pauses)
    assert deadline.due == d("2024-12-11")
    notes = [step.note for step in deadline.trace if step.kind is EventKind.PAUSE]
    assert len(notes) == 3
    assert "征求第三方意见；征求其他机关意见" in notes[0]


# --- §30 restart, §33 extension ------------------------------------------------------------------


def test_art30_supplement_restarts_the_reply_clock() -> None:
    # Received 2024-09-20; supplemented application received Wed 2024-10-09 (new day 0).
    # 10-10 = 1, 10-11 = 2, 10-12 Sat 调休上班 = 3, 10-14..18 = 4..8, 10-21..25 = 9..13,
    # 10-28..31 = 14..17, 11-01 = 18, 11-04 = 19, 11-05 = 20.
    deadline = reply_deadline(d("2024-09-20"), restart_from=d("2024-10-09"))
    assert deadline.due == d("2024-11-05")
    kinds = [step.kind for step in deadline.trace[:2]]
    assert kinds == [EventKind.START, EventKind.RESTART]
    assert "第三十条" in deadline.trace[1].note
    assert sum(step.counted for step in deadline.trace) == REPLY_DAYS


def test_art30_supplement_before_receipt_is_refused() -> None:
    with pytest.raises(WorkdaysError, match="早于原申请收到日期"):
        reply_deadline(d("2024-09-20"), restart_from=d("2024-09-19"))


def test_art30_supplement_after_an_earlier_pause_restarts_and_drops_the_pause() -> None:
    # Received Fri 2024-03-01; a consultation paused 03-04..03-06 (§33 para. 3); the supplemented
    # application arrived Mon 03-11, the new day 0 (§30).  The earlier pause no longer counts.
    # 03-12..15 = 1..4, 03-18..22 = 5..9, 03-25..29 = 10..14, 04-01..03 = 15..17,
    # 04-04..06 清明 off, Sun 04-07 调休上班 = 18, 04-08 = 19, 04-09 = 20.
    deadline = reply_deadline(
        d("2024-03-01"),
        pauses=[Pause(d("2024-03-04"), d("2024-03-06"), "征求第三方意见")],
        restart_from=d("2024-03-11"),
    )
    assert deadline.due == d("2024-04-09")
    dropped = deadline.trace[1]
    assert dropped.kind is EventKind.PAUSE and not dropped.counted
    assert "不再影响答复期限" in dropped.note and "第三十条" in dropped.note
    assert deadline.trace[2].kind is EventKind.RESTART
    assert sum(step.counted for step in deadline.trace) == REPLY_DAYS


def test_art30_pause_running_over_the_restart_keeps_its_later_part() -> None:
    # Received 2024-03-01; a fee notice pause 03-08..03-13 still runs when the supplement arrives
    # Mon 03-11 (day 0).  03-12 and 03-13 stay paused; 03-14 = 1, 03-15 = 2, 03-18..22 = 3..7,
    # 03-25..29 = 8..12, 04-01..03 = 13..15, 04-07 = 16, 04-08..11 = 17..20.
    deadline = reply_deadline(
        d("2024-03-01"),
        pauses=[Pause(d("2024-03-08"), d("2024-03-13"), "收费通知至缴费")],
        restart_from=d("2024-03-11"),
    )
    assert deadline.due == d("2024-04-11")
    assert "跨越重新起算日" in deadline.trace[1].note
    paused = [step.day for step in deadline.trace if step.kind is EventKind.PAUSE][1:]
    assert paused == [d("2024-03-12"), d("2024-03-13")]


def test_art30_pause_before_the_original_receipt_is_still_refused() -> None:
    with pytest.raises(WorkdaysError, match="开始于收到申请日期"):
        reply_deadline(
            d("2024-03-04"),
            pauses=[Pause(d("2024-03-01"), d("2024-03-05"))],
            restart_from=d("2024-03-11"),
        )


def test_art33_extension_adds_up_to_20_working_days_after_the_base_due_date() -> None:
    # Base due 2024-10-30 (see above); then 10-31 = 1, 11-01 = 2, 11-04..08 = 3..7,
    # 11-11..15 = 8..12, 11-18..22 = 13..17, 11-25..27 = 18..20.
    deadline = reply_deadline(d("2024-09-27"), extension_days=MAX_EXTENSION_DAYS)
    assert deadline.due == d("2024-11-27")
    extension = [step for step in deadline.trace if step.kind is EventKind.EXTENSION]
    assert len(extension) == 1 and extension[0].day == d("2024-10-30")
    assert "第三十三条第二款" in extension[0].note
    assert deadline.due == add_working_days(d("2024-10-30"), 20).due


def test_art33_extension_over_20_working_days_is_refused() -> None:
    with pytest.raises(WorkdaysError, match="最长不得超过20个工作日"):
        reply_deadline(d("2024-09-27"), extension_days=21)


# --- provisional years ---------------------------------------------------------------------------


def test_art33_year_without_published_schedule_is_provisional() -> None:
    # 2027 has no notice here: weekends + 放假办法 days only.  Received Wed 2027-01-20:
    # 01-21 = 1, 01-22 = 2, 01-25..29 = 3..7, 02-01..04 = 8..11, 02-05 除夕 off, 02-06/07
    # weekend, 02-08 初三 off, 02-09..12 = 12..15 (09 is not a guessed 补假), 02-15..19 = 16..20.
    deadline = reply_deadline(d("2027-01-20"))
    assert deadline.due == d("2027-02-19")
    assert deadline.provisional
    notes = [step.note for step in deadline.trace if step.kind is EventKind.UNPUBLISHED_YEAR]
    assert len(notes) == 1
    assert "2027年节假日安排尚未公布" in notes[0] and "重新计算" in notes[0]
    assert "（暂定）" in deadline.explain()


def test_count_running_into_an_unpublished_year_is_provisional() -> None:
    deadline = reply_deadline(d("2026-12-10"))
    assert deadline.provisional
    assert any(step.kind is EventKind.UNPUBLISHED_YEAR for step in deadline.trace)


def test_count_within_published_year_is_final() -> None:
    assert not reply_deadline(d("2026-11-02")).provisional


# --- edge cases and bad input --------------------------------------------------------------------


def test_zero_working_days_is_day_zero() -> None:
    deadline = add_working_days(d("2024-10-01"), 0)
    assert deadline.due == d("2024-10-01")
    assert [step.kind for step in deadline.trace] == [EventKind.START]
    assert not deadline.provisional


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: add_working_days(d("2024-10-01"), -1), "不小于0的整数"),
        (lambda: add_working_days(d("2024-10-01"), True), "不小于0的整数"),
        (lambda: Pause(d("2024-10-09"), d("2024-10-01")), "早于开始日期"),
        (
            lambda: reply_deadline(
                d("2024-10-09"), pauses=[Pause(d("2024-10-01"), d("2024-10-10"))]
            ),
            "起算日",
        ),
        (lambda: reply_deadline(d("2024-10-09"), extension_days=-1), "不小于0的整数"),
        (lambda: reply_deadline(datetime(2024, 10, 9, 9, 0)), "必须是日期"),
        (lambda: reply_deadline(d("2003-10-09")), "早于日历覆盖的最早年份"),
        (lambda: reply_deadline(d("2099-10-09")), "超出日历可推算的范围"),
        (
            lambda: reply_deadline(
                d("2024-10-09"), pauses=[Pause(d("2024-10-10"), d("2204-10-10"))]
            ),
            "超出日历可推算的范围",
        ),
    ],
)
def test_bad_input_is_refused_with_a_chinese_message(call: object, message: str) -> None:
    assert callable(call)
    with pytest.raises(WorkdaysError, match=message):
        call()


def test_workdays_error_is_a_value_error() -> None:
    assert issubclass(WorkdaysError, ValueError)


# --- editable calendar ---------------------------------------------------------------------------


def test_overriding_a_year_with_an_extra_day_off_moves_the_deadline() -> None:
    # Same case as the National Day test, but 2024-10-30 made a day off: the 20th working day
    # moves to Thu 10-31.
    base = default_calendar()
    schedule = base.schedule(2024)
    assert schedule is not None
    extra = ScheduledDay(d("2024-10-30"), True, "假设的放假日", "测试用通知")
    edited = base.with_year(YearSchedule(2024, (*schedule.days, extra)))
    assert reply_deadline(d("2024-09-27"), calendar=edited).due == d("2024-10-31")
    assert reply_deadline(d("2024-09-27"), calendar=base).due == d("2024-10-30")


# --- trace, JSON, explain ------------------------------------------------------------------------


def test_to_json_shape_is_what_the_cli_prints() -> None:
    payload = reply_deadline(d("2024-09-27")).to_json()
    assert set(payload) == {"due", "provisional", "trace"}
    assert payload["due"] == "2024-10-30" and payload["provisional"] is False
    json.dumps(payload)  # serialisable as is
    by_date = {step["date"]: step for step in payload["trace"]}
    assert by_date["2024-09-27"]["kind"] == "start"
    assert by_date["2024-10-01"] == {
        "date": "2024-10-01",
        "kind": "holiday",
        "counted": False,
        "ordinal": None,
        "note": "国庆节 放假（国办发明电〔2023〕7号），不计入",
    }
    assert by_date["2024-09-29"]["kind"] == "makeup_workday"
    assert by_date["2024-09-29"]["ordinal"] == 1
    assert by_date["2024-10-30"]["ordinal"] == 20


def test_trace_covers_every_day_from_day_zero_to_due() -> None:
    deadline = reply_deadline(d("2024-09-27"))
    days = [step.day for step in deadline.trace]
    assert days == [d("2024-09-27") + timedelta(days=i) for i in range(34)]
    weekend = next(step for step in deadline.trace if step.day == d("2024-10-13"))
    assert weekend.kind is DayKind.WEEKEND and not weekend.counted


def test_explain_reads_as_chinese_text() -> None:
    text = reply_deadline(d("2024-09-27")).explain()
    lines = text.splitlines()
    assert lines[0] == "2024-09-27（周五）收到申请（第0日，不计入）"
    assert "2024-09-29（周日）第1个工作日：国庆节 调休上班（国办发明电〔2023〕7号）" in lines
    assert "2024-10-30（周三）第20个工作日" in lines
    assert lines[-1] == "期限届满日：2024-10-30"


# --- properties ----------------------------------------------------------------------------------

starts = st.dates(min_value=date(2019, 1, 1), max_value=date(2027, 6, 30))
counts = st.integers(min_value=0, max_value=60)


@settings(deadline=None)
@given(start=starts, n=st.integers(min_value=1, max_value=60))
def test_property_due_is_always_a_working_day(start: date, n: int) -> None:
    assert is_working_day(add_working_days(start, n).due)


@settings(deadline=None)
@given(
    start=starts,
    n=counts,
    offset=st.integers(min_value=0, max_value=60),
    length=st.integers(min_value=0, max_value=30),
)
def test_property_a_pause_never_makes_the_due_date_earlier(
    start: date, n: int, offset: int, length: int
) -> None:
    pause = Pause(start + timedelta(days=offset), start + timedelta(days=offset + length))
    assert add_working_days(start, n, pauses=[pause]).due >= add_working_days(start, n).due


@settings(deadline=None)
@given(start=starts, a=counts, b=counts)
def test_property_counting_is_additive(start: date, a: int, b: int) -> None:
    middle = add_working_days(start, a).due
    assert add_working_days(start, a + b).due == add_working_days(middle, b).due


@settings(deadline=None)
@given(start=starts, n=counts)
def test_property_counted_steps_equal_n_and_are_numbered_in_order(start: date, n: int) -> None:
    deadline = add_working_days(start, n)
    counted = [step for step in deadline.trace if step.counted]
    assert [step.ordinal for step in counted] == list(range(1, n + 1))
    if counted:
        assert counted[-1].day == deadline.due


@settings(deadline=None)
@given(start=starts, extension=st.integers(min_value=0, max_value=MAX_EXTENSION_DAYS))
def test_property_extension_equals_counting_on_from_the_base_due_date(
    start: date, extension: int
) -> None:
    base = reply_deadline(start)
    extended = reply_deadline(start, extension_days=extension)
    assert extended.due == add_working_days(base.due, extension).due
    assert sum(step.counted for step in extended.trace) == REPLY_DAYS + extension


# --- performance ---------------------------------------------------------------------------------


def test_recomputing_many_due_dates_is_cheap() -> None:
    # The platform recomputes ~100,000 open deadlines after a calendar change in < 10 s;
    # 10,000 here must take well under a second's share of that.
    calendar = default_calendar()
    received = [d("2024-01-01") + timedelta(days=i % 900) for i in range(10_000)]
    started = time.perf_counter()
    for day in received:
        reply_deadline(day, calendar=calendar)
    assert time.perf_counter() - started < 1.0


# --- CLI -----------------------------------------------------------------------------------------


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="gongkai")
    add_deadline_parser(parser.add_subparsers())
    args = parser.parse_args(["deadline", *argv])
    result = args.func(args)
    assert isinstance(result, int)
    return result


def test_cli_prints_the_explanation(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("--received", "2024-09-27") == 0
    assert capsys.readouterr().out.splitlines()[-1] == "期限届满日：2024-10-30"


def test_cli_json_with_pause_restart_and_extension(capsys: pytest.CaptureFixture[str]) -> None:
    code = run_cli(
        "--received", "2024-09-20",
        "--restart", "2024-10-09",
        "--pause", "2024-10-14", "2024-10-15",
        "--extend", "5",
        "--json",
    )  # fmt: skip
    assert code == 0
    payload = json.loads(capsys.readouterr().out)
    # Restart gives 11-05 (see the §30 test); the pause skips 2 working days -> 11-07;
    # 5 more -> 11-08, 11-11, 11-12, 11-13, 11-14.
    assert payload["due"] == "2024-11-14"
    assert payload["provisional"] is False
    assert {step["kind"] for step in payload["trace"]} >= {"restart", "pause", "extension"}


def test_cli_art30_restart_after_a_pause_answers(capsys: pytest.CaptureFixture[str]) -> None:
    # The example: the pause 03-04..03-06 precedes the 补正 restart on 03-11; hand count
    # in test_art30_supplement_after_an_earlier_pause_restarts_and_drops_the_pause: 2024-04-09.
    code = run_cli(
        "--received", "2024-03-01", "--pause", "2024-03-04", "2024-03-06", "--restart", "2024-03-11"
    )  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "期限届满日：2024-04-09"
    assert any("不再影响答复期限" in line for line in out)


def test_cli_days_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("--received", "2025-01-24", "--days", "7", "--json") == 0
    assert json.loads(capsys.readouterr().out)["due"] == "2025-02-10"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--received", "2024-02-30"), "不是有效日期"),
        (("--received", "2024-09-27", "--pause", "2024-10-09", "x"), "不是有效日期"),
        (("--received", "2024-09-27", "--extend", "21"), "最长不得超过20个工作日"),
        (("--received", "2024-09-27", "--days", "abc"), "应为整数"),
        (("--received", "2024-09-27", "--calendar", "/nonexistent/dir"), "目录不存在"),
    ],
)
def test_cli_bad_input_exits_2_with_chinese_error(
    argv: tuple[str, ...], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(*argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("错误：") and message in captured.err


def test_cli_calendar_directory_overrides_packaged_years(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schedule = default_calendar().schedule(2024)
    assert schedule is not None
    extra = ScheduledDay(d("2024-10-30"), True, "假设的放假日", "测试用通知")
    (tmp_path / "2024.json").write_text(
        YearSchedule(2024, (*schedule.days, extra)).dumps(), encoding="utf-8"
    )
    assert run_cli("--received", "2024-09-27", "--calendar", str(tmp_path), "--json") == 0
    assert json.loads(capsys.readouterr().out)["due"] == "2024-10-31"

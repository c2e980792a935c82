"""The editable holiday calendar: packaged data against the official notices, overrides, fallback.

Expected dates are typed from the State Council General Office notices themselves (and from the
example 调休 lists in docs/law.md §8), not read back from the code.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from gongkai.workdays import (
    Calendar,
    DayKind,
    ScheduledDay,
    WorkdaysError,
    YearSchedule,
    default_calendar,
    describe_day,
    is_working_day,
)
from gongkai.workdays.calendar import packaged_data_dir
from gongkai.workdays.seed import schedule_from_chinese_calendar, write_year_files


def span(first: date, last: date) -> set[date]:
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


def d(text: str) -> date:
    return date.fromisoformat(text)


# 调休上班 lists from docs/law.md §8 ("Example data").
SPEC_MAKEUP_WORKDAYS = {
    2024: ["02-04", "02-18", "04-07", "04-28", "05-11", "09-14", "09-29", "10-12"],
    2025: ["01-26", "02-08", "04-27", "09-28", "10-11"],
    2026: ["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"],
}

# Days off as printed in each year's notice ("X月X日至X日放假调休"), one block per festival.
NOTICE_DAYS_OFF = {
    2024: [  # 国办发明电〔2023〕7号
        ("2024-01-01", "2024-01-01"),  # 元旦：1月1日放假，与周末连休
        ("2024-02-10", "2024-02-17"),  # 春节
        ("2024-04-04", "2024-04-06"),  # 清明节
        ("2024-05-01", "2024-05-05"),  # 劳动节
        ("2024-06-10", "2024-06-10"),  # 端午节：6月10日放假，与周末连休
        ("2024-09-15", "2024-09-17"),  # 中秋节
        ("2024-10-01", "2024-10-07"),  # 国庆节
    ],
    2025: [  # 国办发明电〔2024〕12号
        ("2025-01-01", "2025-01-01"),  # 元旦：不调休
        ("2025-01-28", "2025-02-04"),  # 春节：农历除夕至正月初七，共8天
        ("2025-04-04", "2025-04-06"),
        ("2025-05-01", "2025-05-05"),
        ("2025-05-31", "2025-06-02"),
        ("2025-10-01", "2025-10-08"),  # 国庆节、中秋节，共8天
    ],
    2026: [  # 国办发明电〔2025〕7号
        ("2026-01-01", "2026-01-03"),
        ("2026-02-15", "2026-02-23"),  # 春节：腊月二十八至正月初七，共9天
        ("2026-04-04", "2026-04-06"),
        ("2026-05-01", "2026-05-05"),
        ("2026-06-19", "2026-06-21"),
        ("2026-09-25", "2026-09-27"),
        ("2026-10-01", "2026-10-07"),
    ],
}

NOTICE_NUMBERS = {
    2024: "国办发明电〔2023〕7号",
    2025: "国办发明电〔2024〕12号",
    2026: "国办发明电〔2025〕7号",
}


@pytest.mark.parametrize("year", sorted(SPEC_MAKEUP_WORKDAYS))
def test_packaged_makeup_workdays_match_spec_section8_lists(year: int) -> None:
    schedule = default_calendar().schedule(year)
    assert schedule is not None
    expected = {d(f"{year}-{month_day}") for month_day in SPEC_MAKEUP_WORKDAYS[year]}
    assert {entry.day for entry in schedule.makeup_workdays} == expected


@pytest.mark.parametrize("year", sorted(NOTICE_DAYS_OFF))
def test_packaged_days_off_match_the_notice(year: int) -> None:
    schedule = default_calendar().schedule(year)
    assert schedule is not None
    expected = set().union(*(span(d(a), d(b)) for a, b in NOTICE_DAYS_OFF[year]))
    assert {entry.day for entry in schedule.days_off} == expected


@pytest.mark.parametrize("year", sorted(NOTICE_NUMBERS))
def test_packaged_entries_cite_their_notice(year: int) -> None:
    schedule = default_calendar().schedule(year)
    assert schedule is not None
    assert {entry.notice for entry in schedule.days} == {NOTICE_NUMBERS[year]}


def test_packaged_years_cover_the_2019_regulation_era() -> None:
    # 条例 (国务院令第711号) in force 2019-05-15; chinesecalendar 1.11 covers 2004–2026.
    assert set(range(2019, 2027)) <= set(default_calendar().years)


def test_packaged_files_are_one_per_year_and_named_by_year() -> None:
    paths = sorted(packaged_data_dir().glob("*.json"))
    assert [path.stem for path in paths] == [str(year) for year in default_calendar().years]


def test_new_year_bridge_set_by_next_years_notice_lives_in_the_december_file() -> None:
    # 2019 notice: 2018-12-30 至 2019-01-01 放假调休，2018-12-29（周六）上班.
    assert describe_day(d("2018-12-29")).kind is DayKind.MAKEUP_WORKDAY
    for day in ("2018-12-30", "2018-12-31", "2019-01-01"):
        assert describe_day(d(day)).kind is DayKind.HOLIDAY
    assert "2019年" in str(describe_day(d("2018-12-29")).notice)


def test_working_weekends_2024_national_day() -> None:
    for day in ("2024-09-29", "2024-10-12"):  # Sunday, Saturday: 调休上班
        info = describe_day(d(day))
        assert info.working
        assert info.kind is DayKind.MAKEUP_WORKDAY
        assert info.reason == "国庆节 调休上班（国办发明电〔2023〕7号）"
    assert not is_working_day(d("2024-10-01"))
    assert describe_day(d("2024-10-01")).reason == "国庆节 放假（国办发明电〔2023〕7号）"
    assert not is_working_day(d("2024-10-13"))  # an ordinary Sunday
    assert is_working_day(d("2024-10-08"))


def test_spring_festival_2025_and_may_day_2026() -> None:
    assert all(not is_working_day(day) for day in span(d("2025-01-28"), d("2025-02-04")))
    assert is_working_day(d("2025-01-26")) and is_working_day(d("2025-02-08"))
    assert all(not is_working_day(day) for day in span(d("2026-05-01"), d("2026-05-05")))
    assert is_working_day(d("2026-05-09"))


def test_unpublished_year_falls_back_to_statutory_days_without_observed_guesses() -> None:
    # 2027: no notice loaded.  放假办法 (2024 revision): 春节 = 除夕 + 初一至初三 (2027-02-05..08).
    assert describe_day(d("2027-02-05")).kind is DayKind.STATUTORY_HOLIDAY
    assert describe_day(d("2027-02-08")).kind is DayKind.STATUTORY_HOLIDAY
    # The holidays library marks 02-09 and 10-04 as "observed" (补假) guesses; we do not count them.
    assert is_working_day(d("2027-02-09"))
    assert is_working_day(d("2027-10-04"))
    info = describe_day(d("2027-03-01"))
    assert info.working and info.provisional and info.unpublished_year == 2027


def test_labour_day_2027_is_two_statutory_days_only() -> None:
    # 2027-05-01 (Sat) and 05-02 (Sun) are the two 放假办法 days; 05-03 (Mon) is a working day
    # until the 2027 notice says otherwise.
    assert describe_day(d("2027-05-01")).kind is DayKind.STATUTORY_HOLIDAY
    assert describe_day(d("2027-05-02")).kind is DayKind.STATUTORY_HOLIDAY
    assert describe_day(d("2027-05-03")).kind is DayKind.WORKDAY


def test_late_december_is_provisional_while_next_years_notice_is_missing() -> None:
    assert describe_day(d("2026-12-28")).unpublished_year == 2027
    assert not describe_day(d("2026-12-24")).provisional
    assert not describe_day(d("2025-12-31")).provisional  # the 2026 notice is loaded


def test_dates_outside_the_calendar_are_refused() -> None:
    with pytest.raises(WorkdaysError, match="早于日历覆盖的最早年份"):
        describe_day(d("2003-06-02"))
    last = default_calendar().years[-1]
    with pytest.raises(WorkdaysError, match="超出日历可推算的范围"):
        describe_day(date(last + 6, 1, 5))
    with pytest.raises(WorkdaysError, match="没有任何年度"):
        Calendar().describe(d("2024-01-02"))


def test_datetime_is_refused() -> None:
    from datetime import datetime

    with pytest.raises(WorkdaysError, match="必须是日期"):
        is_working_day(datetime(2024, 10, 1, 9, 30))


def test_override_year_with_an_extra_day_off_changes_classification() -> None:
    base = default_calendar()
    schedule = base.schedule(2024)
    assert schedule is not None
    extra = ScheduledDay(d("2024-10-30"), True, "假设的放假日", "测试用通知")
    edited = base.with_year(YearSchedule(2024, (*schedule.days, extra)))
    assert is_working_day(d("2024-10-30"), base)
    assert not is_working_day(d("2024-10-30"), edited)
    assert describe_day(d("2024-10-30"), edited).reason == "假设的放假日 放假（测试用通知）"
    # The original is untouched: calendars are values.
    assert is_working_day(d("2024-10-30"), base)


def test_adding_a_year_makes_it_published() -> None:
    schedule_2027 = YearSchedule(
        2027,
        (ScheduledDay(d("2027-02-09"), True, "春节", "测试用2027年通知"),),
    )
    calendar = default_calendar().with_year(schedule_2027)
    info = describe_day(d("2027-02-09"), calendar)
    assert info.kind is DayKind.HOLIDAY and not info.provisional
    assert not describe_day(d("2026-12-28"), calendar).provisional


def test_directory_override_reads_the_same_json_format(tmp_path: Path) -> None:
    (tmp_path / "2024.json").write_text(
        json.dumps(
            {
                "year": 2024,
                "days_off": [{"date": "2024-10-08", "name": "假设", "notice": "测试"}],
                "makeup_workdays": [],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    calendar = default_calendar().with_directory(tmp_path)
    assert not is_working_day(d("2024-10-08"), calendar)
    # The override replaces the whole year: 2024-10-01 is now an ordinary Tuesday.
    assert is_working_day(d("2024-10-01"), calendar)
    assert Calendar.from_directory(tmp_path).years == (2024,)


def test_from_days_builds_a_calendar_from_plain_rows() -> None:
    rows = [
        ScheduledDay(d("2024-10-01"), True, "国庆节", "国办发明电〔2023〕7号"),
        ScheduledDay(d("2024-10-12"), False, "国庆节", "国办发明电〔2023〕7号"),
        ScheduledDay(d("2025-01-01"), True, "元旦", "国办发明电〔2024〕12号"),
    ]
    calendar = Calendar.from_days(rows)
    assert calendar.years == (2024, 2025)
    assert describe_day(d("2024-10-12"), calendar).working
    assert not describe_day(d("2024-10-01"), calendar).working


def test_json_round_trip_is_lossless() -> None:
    schedule = default_calendar().schedule(2025)
    assert schedule is not None
    assert YearSchedule.from_json(json.loads(schedule.dumps())) == schedule
    assert YearSchedule.from_json(schedule.to_json()) == schedule


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"days_off": []}, "year"),
        ({"year": 2024, "days_off": {}}, "应为列表"),
        ({"year": 2024, "days_off": [{"date": "2024-10-01"}]}, "date、name、notice"),
        (
            {"year": 2024, "days_off": [{"date": "2024-10-32", "name": "x", "notice": "y"}]},
            "有效日期",
        ),
        (
            {"year": 2024, "days_off": [{"date": "2023-10-01", "name": "x", "notice": "y"}]},
            "其他年份",
        ),
        (
            {"year": 2024, "makeup_workdays": [{"date": "2024-10-08", "name": "x", "notice": "y"}]},
            "周六或周日",
        ),
        (
            {
                "year": 2024,
                "days_off": [{"date": "2024-10-05", "name": "x", "notice": "y"}],
                "makeup_workdays": [{"date": "2024-10-05", "name": "x", "notice": "y"}],
            },
            "重复",
        ),
        ({"year": 2024, "days_off": [{"date": "2024-10-01", "name": " ", "notice": "y"}]}, "缺少"),
    ],
)
def test_bad_schedule_data_is_refused_in_chinese(data: object, message: str) -> None:
    with pytest.raises(WorkdaysError, match=message):
        YearSchedule.from_json(data)


def test_bad_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "2024.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(WorkdaysError, match="无法读取"):
        Calendar.from_directory(tmp_path)
    (tmp_path / "2024.json").write_text('{"year": 2025}', encoding="utf-8")
    with pytest.raises(WorkdaysError, match="不一致"):
        Calendar.from_directory(tmp_path)
    with pytest.raises(WorkdaysError, match="目录不存在"):
        Calendar.from_directory(tmp_path / "missing")


def test_duplicate_years_are_refused() -> None:
    schedule = YearSchedule(2024, ())
    with pytest.raises(WorkdaysError, match="重复"):
        Calendar([schedule, schedule])


def test_seed_attributes_special_notices() -> None:
    schedule_2020 = schedule_from_chinese_calendar(2020)
    extension = {entry.day: entry.notice for entry in schedule_2020.days}
    assert extension[d("2020-01-31")] == "国务院办公厅关于延长2020年春节假期的通知"
    assert extension[d("2020-01-24")] == "国务院办公厅关于2020年部分节假日安排的通知"
    schedule_2015 = schedule_from_chinese_calendar(2015)
    notices_2015 = {entry.day: entry.notice for entry in schedule_2015.days}
    assert "70周年" in notices_2015[d("2015-09-03")]
    schedule_2019 = schedule_from_chinese_calendar(2019)
    notices_2019 = {entry.day: entry.notice for entry in schedule_2019.days}
    assert notices_2019[d("2019-05-04")] == "国务院办公厅关于调整2019年劳动节假期安排的通知"


def test_seed_keeps_hand_edited_files_unless_forced(tmp_path: Path) -> None:
    assert write_year_files(tmp_path, [2024]) == [tmp_path / "2024.json"]
    (tmp_path / "2024.json").write_text('{"year": 2024}', encoding="utf-8")
    assert write_year_files(tmp_path, [2024]) == []
    assert (tmp_path / "2024.json").read_text(encoding="utf-8") == '{"year": 2024}'
    write_year_files(tmp_path, [2024], force=True)
    assert YearSchedule.load(tmp_path / "2024.json") == default_calendar().schedule(2024)

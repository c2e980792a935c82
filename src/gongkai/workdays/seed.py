"""Generate the packaged holiday files (``data/<year>.json``) from the ``chinesecalendar`` library.

The files are the editable source of truth (see :mod:`gongkai.workdays.calendar`); this seed only
makes their first version reproducible.  ``chinesecalendar`` transcribes the State Council General
Office's annual notices 《国务院办公厅关于XXXX年部分节假日安排的通知》 (2004–2026 in version
1.11).  We attach to each date the notice that set it: the document number where at least two
independent sources agree on it, otherwise the notice's title, and the special notices for the
years that had one (2015 抗战胜利70周年, 2019 劳动节 adjustment, 2020 春节 extension).

Run ``python -m gongkai.workdays.seed [--force] [YEAR ...]``.  Existing files are kept unless
``--force`` is given, so hand corrections are not silently lost.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import chinese_calendar

from gongkai.workdays.calendar import ScheduledDay, YearSchedule, packaged_data_dir

FESTIVAL_NAMES = {
    chinese_calendar.Holiday.new_years_day: "元旦",
    chinese_calendar.Holiday.spring_festival: "春节",
    chinese_calendar.Holiday.tomb_sweeping_day: "清明节",
    chinese_calendar.Holiday.labour_day: "劳动节",
    chinese_calendar.Holiday.dragon_boat_festival: "端午节",
    chinese_calendar.Holiday.mid_autumn_festival: "中秋节",
    chinese_calendar.Holiday.national_day: "国庆节",
    chinese_calendar.Holiday.anti_fascist_70th_day: "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

# Document numbers confirmed by two or more independent sources (reposts of the notices and
# published transcriptions); other years cite the notice by title.
NOTICE_NUMBERS = {
    2021: "国办发明电〔2020〕27号",
    2022: "国办发明电〔2021〕11号",
    2023: "国办发明电〔2022〕16号",
    2024: "国办发明电〔2023〕7号",
    2025: "国办发明电〔2024〕12号",
    2026: "国办发明电〔2025〕7号",
}

ANTI_FASCIST_NOTICE = "国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知"
LABOUR_DAY_2019_NOTICE = "国务院办公厅关于调整2019年劳动节假期安排的通知"
SPRING_FESTIVAL_2020_EXTENSION_NOTICE = "国务院办公厅关于延长2020年春节假期的通知"
SPRING_FESTIVAL_2020_EXTENSION = frozenset({date(2020, 1, 31), date(2020, 2, 1), date(2020, 2, 2)})


def annual_notice(year: int) -> str:
    """The annual notice for ``year``: its number if confirmed, else its title."""
    return NOTICE_NUMBERS.get(year, f"国务院办公厅关于{year}年部分节假日安排的通知")


def notice_for(day: date, festival: chinese_calendar.Holiday) -> str:
    """Which notice set ``day`` for ``festival``."""
    if festival is chinese_calendar.Holiday.anti_fascist_70th_day:
        return ANTI_FASCIST_NOTICE
    if festival is chinese_calendar.Holiday.labour_day and day.year == 2019:
        return LABOUR_DAY_2019_NOTICE
    if day in SPRING_FESTIVAL_2020_EXTENSION:
        return SPRING_FESTIVAL_2020_EXTENSION_NOTICE
    # Late-December dates of a New Year bridge are set by the next year's notice.
    if festival is chinese_calendar.Holiday.new_years_day and day.month == 12:
        return annual_notice(day.year + 1)
    return annual_notice(day.year)


def seed_years() -> range:
    """The years ``chinesecalendar`` covers."""
    covered = [day.year for day in chinese_calendar.holidays]
    return range(min(covered), max(covered) + 1)


def schedule_from_chinese_calendar(year: int) -> YearSchedule:
    """The :class:`YearSchedule` of ``year`` as transcribed by ``chinesecalendar``."""
    days = []
    for source, off in ((chinese_calendar.holidays, True), (chinese_calendar.workdays, False)):
        for day, value in source.items():
            if day.year == year:
                festival = chinese_calendar.Holiday(value)
                days.append(
                    ScheduledDay(day, off, FESTIVAL_NAMES[festival], notice_for(day, festival))
                )
    return YearSchedule(year, tuple(sorted(days, key=lambda entry: entry.day)))


def write_year_files(
    directory: Path, years: range | list[int], *, force: bool = False
) -> list[Path]:
    """Write ``<year>.json`` for each year; keep existing files unless ``force``."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for year in years:
        path = directory / f"{year}.json"
        if path.exists() and not force:
            continue
        path.write_text(schedule_from_chinese_calendar(year).dumps(), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="由 chinesecalendar 生成节假日安排数据文件")
    parser.add_argument(
        "years", nargs="*", type=int, help="年份（默认：chinesecalendar 覆盖的全部年份）"
    )
    parser.add_argument("--dir", type=Path, default=packaged_data_dir(), help="输出目录")
    parser.add_argument("--force", action="store_true", help="覆盖已有文件（会丢失手工修改）")
    args = parser.parse_args(argv)
    written = write_year_files(args.dir, args.years or seed_years(), force=args.force)
    for path in written:
        print(f"已写入 {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The editable holiday calendar (节假日安排) behind every statutory working-day period.

The 条例 (国务院令第711号) gives its periods in 工作日 (§§26, 30, 32, 33, 34) and does not define the
term.  We follow the usual administrative-law reading (docs/law.md §8): a working day is a date
that is neither a Saturday or Sunday nor a day off in the State Council General Office's annual
notice 《国务院办公厅关于XXXX年部分节假日安排的通知》, plus the weekend days that notice turns
into working days (调休上班).

**Published years.**  One :class:`YearSchedule` per calendar year holds the days off and the
make-up working days, each with its festival name and the notice that set it.  The package ships
one JSON file per year in ``gongkai/workdays/data/`` (generated once by
:mod:`gongkai.workdays.seed`, then edited by hand when a notice is published or corrected).  A
:class:`Calendar` can be built from those files, from another directory of the same files, or from
plain :class:`ScheduledDay` rows (how the web platform builds it from its database table).

**Years with no published schedule.**  The notice for year Y usually appears in October–December
of Y−1.  For a year the calendar does not hold we fall back to weekends plus the statutory days of
《全国年节及纪念日放假办法》 (11 days through 2024; 13 days from 2025 under 国务院令第795号: 春节
除夕–初三, 劳动节 5‑1 and 5‑2), as computed by the ``holidays`` library.  We count only those
statutory days, not the library's "observed" (补假) days: the 办法 has a holiday that falls on a
Saturday or Sunday made up on a working day, but *which* working day is chosen by the notice, and
the library's "next weekday" is a guess.  Leaving the guesses out gives an earlier date than
counting them would, the safer side for an agency; the notice's own 调休 weekends can still move
the real date, which is why the result is only provisional.  Every such day is marked with the year whose schedule is
missing, so the clock can flag the result as provisional.  The notice for Y+1 can also rearrange
the last days of December of Y (e.g. the 2019 notice: 2018‑12‑29 上班, 12‑30 and 12‑31 放假), so
those days are provisional too while Y+1 is missing.

**JSON format** (one file per year, named ``<year>.json``, UTF-8)::

    {
      "year": 2024,
      "days_off": [
        {"date": "2024-10-01", "name": "国庆节", "notice": "国办发明电〔2023〕7号"}
      ],
      "makeup_workdays": [
        {"date": "2024-09-29", "name": "国庆节", "notice": "国办发明电〔2023〕7号"}
      ]
    }

- ``days_off``: every date the schedule gives off, weekend days inside a holiday block included
  (so the trace can name them).
- ``makeup_workdays``: Saturdays or Sundays that are working days (调休上班).
- A file holds the dates *of that calendar year*; ``notice`` says which notice set each date, which
  can be the next year's notice for late-December dates.
- ``notice`` is the document number when known, otherwise the notice's title.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache
from importlib.resources import files
from itertools import islice
from pathlib import Path
from typing import Any

import holidays

# A notice for year Y+1 has only ever rearranged 29–31 December of Y (元旦 of 2007, 2008, 2012,
# 2019, 2023, 2024); a week leaves room for any New Year bridge.
LATE_DECEMBER_FROM_DAY = 25

# How far beyond the last published year the statutory fallback is offered.  Further out the date
# is almost certainly a typing mistake, and a deadline that far away serves no one.
FALLBACK_YEARS = 5

# The festivals of 《全国年节及纪念日放假办法》 §2 (全体公民放假的节日), as the ``holidays`` library
# names them in zh_CN.  Its other entries (调休 substitutes, half-day festivals) are not statutory.
STATUTORY_FESTIVALS = frozenset(
    {"元旦", "农历除夕", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"}
)

WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


class WorkdaysError(ValueError):
    """Input the clock or the calendar cannot honestly work with; the message is for users."""


class DayKind(StrEnum):
    """What a date is for working-day counting."""

    WORKDAY = "workday"
    MAKEUP_WORKDAY = "makeup_workday"  # 调休上班: a weekend day that is a working day
    WEEKEND = "weekend"
    HOLIDAY = "holiday"  # a day off in a published schedule
    STATUTORY_HOLIDAY = "statutory_holiday"  # a 放假办法 day in a year with no published schedule


WORKING_KINDS = frozenset({DayKind.WORKDAY, DayKind.MAKEUP_WORKDAY})


def parse_date(text: str, *, what: str = "日期") -> date:
    """Read a ``YYYY-MM-DD`` date, with a Chinese message naming ``what`` on failure."""
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise WorkdaysError(f"{what}“{text}”不是有效日期，应为 YYYY-MM-DD 格式") from None


def require_date(value: object, *, what: str) -> date:
    """Refuse datetimes and other look-alikes: a deadline is a calendar date, never a moment."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise WorkdaysError(f"{what}必须是日期（date），收到：{value!r}")
    return value


@dataclass(frozen=True, slots=True)
class ScheduledDay:
    """One date set by a holiday notice: a day off (放假) or a make-up working day (调休上班)."""

    day: date
    off: bool
    name: str  # the festival, e.g. 国庆节
    notice: str  # the notice that set this date, e.g. 国办发明电〔2023〕7号

    def to_json(self) -> dict[str, str]:
        return {"date": self.day.isoformat(), "name": self.name, "notice": self.notice}


@dataclass(frozen=True)
class YearSchedule:
    """The published holiday arrangement of one calendar year."""

    year: int
    days: tuple[ScheduledDay, ...]

    def __post_init__(self) -> None:
        seen: set[date] = set()
        for entry in self.days:
            if entry.day.year != self.year:
                raise WorkdaysError(f"{self.year}年安排中出现了其他年份的日期：{entry.day}")
            if entry.day in seen:
                raise WorkdaysError(f"{self.year}年安排中日期重复：{entry.day}")
            if not entry.off and entry.day.weekday() < 5:
                raise WorkdaysError(
                    f"调休上班日必须是周六或周日：{entry.day}是{WEEKDAY_NAMES[entry.day.weekday()]}"
                )
            if not entry.name.strip() or not entry.notice.strip():
                raise WorkdaysError(f"{entry.day}缺少节日名称或通知文号")
            seen.add(entry.day)

    @property
    def days_off(self) -> tuple[ScheduledDay, ...]:
        return tuple(entry for entry in self.days if entry.off)

    @property
    def makeup_workdays(self) -> tuple[ScheduledDay, ...]:
        return tuple(entry for entry in self.days if not entry.off)

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "days_off": [entry.to_json() for entry in self.days_off],
            "makeup_workdays": [entry.to_json() for entry in self.makeup_workdays],
        }

    def dumps(self) -> str:
        """The file text: one entry per line, so a notice change is a readable diff."""

        def block(entries: tuple[ScheduledDay, ...]) -> str:
            lines = [json.dumps(entry.to_json(), ensure_ascii=False) for entry in entries]
            return "[\n" + ",\n".join(f"    {line}" for line in lines) + "\n  ]" if lines else "[]"

        return (
            f'{{\n  "year": {self.year},\n'
            f'  "days_off": {block(self.days_off)},\n'
            f'  "makeup_workdays": {block(self.makeup_workdays)}\n}}\n'
        )

    @classmethod
    def from_json(cls, data: object, *, source: str = "节假日安排") -> YearSchedule:
        """Build from the decoded JSON format described in the module docstring."""
        if not isinstance(data, Mapping) or not isinstance(data.get("year"), int):
            raise WorkdaysError(f"{source}：应为含整数 year 字段的 JSON 对象")
        year: int = data["year"]
        days: list[ScheduledDay] = []
        for field_name, off in (("days_off", True), ("makeup_workdays", False)):
            entries = data.get(field_name, [])
            if not isinstance(entries, list):
                raise WorkdaysError(f"{source}：{field_name} 应为列表")
            for number, entry in enumerate(entries, start=1):
                where = f"{source}：{field_name} 第{number}项"
                if not isinstance(entry, Mapping) or not all(
                    isinstance(entry.get(key), str) for key in ("date", "name", "notice")
                ):
                    raise WorkdaysError(f"{where}应含字符串字段 date、name、notice")
                day = parse_date(entry["date"], what=where)
                days.append(ScheduledDay(day, off, entry["name"], entry["notice"]))
        return cls(year, tuple(sorted(days, key=lambda entry: entry.day)))

    @classmethod
    def load(cls, path: Path) -> YearSchedule:
        """Read one ``<year>.json`` file; the file name must match its ``year``."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise WorkdaysError(f"无法读取节假日安排文件 {path}：{error}") from None
        schedule = cls.from_json(data, source=path.name)
        if path.stem != str(schedule.year):
            raise WorkdaysError(f"文件名 {path.name} 与其中的年份 {schedule.year} 不一致")
        return schedule


@dataclass(frozen=True, slots=True)
class DayInfo:
    """How the calendar classifies one date, and why.

    ``working`` and ``reason`` are derived once here: the clock reads them for every day it
    counts, and recounting many deadlines after a calendar change must stay cheap.
    """

    day: date
    kind: DayKind
    name: str | None = None  # festival name for holidays and make-up working days
    notice: str | None = None  # the notice, for published days
    unpublished_year: int | None = None  # the missing schedule that makes this day provisional
    working: bool = field(init=False)
    reason: str = field(init=False)  # why the date is or is not a working day, in Chinese

    def __post_init__(self) -> None:
        object.__setattr__(self, "working", self.kind in WORKING_KINDS)
        object.__setattr__(self, "reason", self._reason())

    @property
    def provisional(self) -> bool:
        return self.unpublished_year is not None

    def _reason(self) -> str:
        match self.kind:
            case DayKind.WORKDAY:
                return "工作日"
            case DayKind.WEEKEND:
                return "周末休息日"
            case DayKind.HOLIDAY:
                return f"{self.name} 放假（{self.notice}）"
            case DayKind.MAKEUP_WORKDAY:
                return f"{self.name} 调休上班（{self.notice}）"
            case DayKind.STATUTORY_HOLIDAY:
                return (
                    f"{self.name}（《全国年节及纪念日放假办法》规定的节日，当年安排未公布，暂定）"
                )


def _statutory_days(year: int) -> dict[date, str]:
    """The 放假办法 days of ``year`` that the fallback counts (see the module docstring)."""
    found: dict[date, str] = {}
    for day, names in holidays.country_holidays(
        "CN", years=year, observed=False, language="zh_CN"
    ).items():
        # The library joins festivals that share a date ("中秋节; 国庆节") and may tag lunar dates
        # it only estimates ("春节（推定）"); the bare festival name is what we match on.
        festivals = [name.split("（")[0] for name in str(names).split("; ")]
        statutory = [name for name in festivals if name in STATUTORY_FESTIVALS]
        if statutory:
            found[day] = "、".join(statutory)
    return found


class Calendar:
    """Working days for a set of published years, with the statutory fallback for the others.

    Immutable: :meth:`with_year` and :meth:`with_directory` return new calendars, so a calendar
    shared between threads or cached by the platform never changes under a running computation.
    """

    def __init__(self, schedules: Iterable[YearSchedule] = ()) -> None:
        by_year: dict[int, YearSchedule] = {}
        for schedule in schedules:
            if schedule.year in by_year:
                raise WorkdaysError(f"{schedule.year}年的节假日安排重复提供")
            by_year[schedule.year] = schedule
        self._schedules = dict(sorted(by_year.items()))
        # Per-year lookup tables, built on first use: one DayInfo per date, indexed by
        # (ordinal − ordinal of 1 January), so classifying a date is one list access.
        self._tables: dict[int, tuple[int, list[DayInfo]]] = {}

    @classmethod
    def from_days(cls, days: Iterable[ScheduledDay]) -> Calendar:
        """Build from plain rows (date, off, name, notice), e.g. the platform's database table."""
        by_year: dict[int, list[ScheduledDay]] = {}
        for entry in days:
            by_year.setdefault(entry.day.year, []).append(entry)
        return cls(
            YearSchedule(year, tuple(sorted(entries, key=lambda entry: entry.day)))
            for year, entries in by_year.items()
        )

    @classmethod
    def from_directory(cls, directory: Path) -> Calendar:
        """Build from a directory of ``<year>.json`` files (the packaged format)."""
        return cls(_load_directory(directory))

    def with_year(self, schedule: YearSchedule) -> Calendar:
        """A copy in which ``schedule`` replaces (or adds) its year."""
        return Calendar({**self._schedules, schedule.year: schedule}.values())

    def with_directory(self, directory: Path) -> Calendar:
        """A copy in which every ``<year>.json`` file of ``directory`` replaces (or adds) its year."""
        overrides = {schedule.year: schedule for schedule in _load_directory(directory)}
        return Calendar({**self._schedules, **overrides}.values())

    @property
    def years(self) -> tuple[int, ...]:
        """The years with a published schedule, ascending."""
        return tuple(self._schedules)

    def schedule(self, year: int) -> YearSchedule | None:
        return self._schedules.get(year)

    def is_published(self, year: int) -> bool:
        return year in self._schedules

    def describe(self, day: date) -> DayInfo:
        """Classify ``day``; raise :class:`WorkdaysError` outside the range the calendar covers."""
        base, infos = self._table(day.year)
        return infos[day.toordinal() - base]

    def days_after(self, day: date) -> Iterator[DayInfo]:
        """Every date after ``day``, in order; raises :class:`WorkdaysError` past the range."""
        year = day.year
        base, infos = self._table(year)
        yield from islice(infos, day.toordinal() - base + 1, None)
        while True:
            year += 1
            yield from self._table(year)[1]

    def _table(self, year: int) -> tuple[int, list[DayInfo]]:
        table = self._tables.get(year)
        if table is None:
            table = self._tables[year] = self._build_table(year)
        return table

    def _build_table(self, year: int) -> tuple[int, list[DayInfo]]:
        if not self._schedules:
            raise WorkdaysError("日历中没有任何年度的节假日安排，无法计算工作日")
        first, last = self.years[0], self.years[-1]
        if year < first:
            raise WorkdaysError(f"{year}年早于日历覆盖的最早年份（{first}年），无法计算工作日")
        if year > last + FALLBACK_YEARS:
            raise WorkdaysError(
                f"{year}年超出日历可推算的范围（最晚公布{last}年安排，最多推算至{last + FALLBACK_YEARS}年）"
            )
        schedule = self._schedules.get(year)
        scheduled = {entry.day: entry for entry in schedule.days} if schedule else {}
        statutory = {} if schedule else _statutory_days(year)
        late_december = date(year, 12, LATE_DECEMBER_FROM_DAY)
        next_missing = not self.is_published(year + 1)

        jan1 = date(year, 1, 1)
        infos: list[DayInfo] = []
        day = jan1
        while day.year == year:
            if schedule is None:
                unpublished: int | None = year
            elif next_missing and day >= late_december:
                unpublished = year + 1
            else:
                unpublished = None
            entry = scheduled.get(day)
            if entry is not None:
                kind = DayKind.HOLIDAY if entry.off else DayKind.MAKEUP_WORKDAY
                infos.append(DayInfo(day, kind, entry.name, entry.notice, unpublished))
            elif day in statutory:
                infos.append(DayInfo(day, DayKind.STATUTORY_HOLIDAY, statutory[day], None, year))
            else:
                kind = DayKind.WEEKEND if day.weekday() >= 5 else DayKind.WORKDAY
                infos.append(DayInfo(day, kind, unpublished_year=unpublished))
            day += timedelta(days=1)
        return jan1.toordinal(), infos


def _load_directory(directory: Path) -> list[YearSchedule]:
    if not directory.is_dir():
        raise WorkdaysError(f"节假日安排目录不存在：{directory}")
    return [YearSchedule.load(path) for path in sorted(directory.glob("*.json"))]


def packaged_data_dir() -> Path:
    """Where the packaged ``<year>.json`` files live."""
    return Path(str(files("gongkai.workdays").joinpath("data")))


@cache
def default_calendar() -> Calendar:
    """The packaged calendar, loaded once per process."""
    return Calendar.from_directory(packaged_data_dir())

"""Working-day arithmetic for the statutory periods of the 政府信息公开条例 (国务院令第711号).

The one clock of gongkai: every period in 工作日 (§§26, 30, 32, 33, 34; 国办函〔2020〕109号) is
computed here, against an editable calendar of the State Council's annual holiday schedules, and
returns the due date together with the trace of how it was reached.  See
:mod:`gongkai.workdays.calendar` for the data and :mod:`gongkai.workdays.clock` for the rules.
Pure Python: no Django.
"""

from gongkai.workdays.calendar import (
    Calendar,
    DayInfo,
    DayKind,
    ScheduledDay,
    WorkdaysError,
    YearSchedule,
    default_calendar,
)
from gongkai.workdays.clock import (
    CO_MAKER_REPLY_DAYS,
    CORRECTION_NOTICE_DAYS,
    FEE_PAYMENT_DAYS,
    MAX_EXTENSION_DAYS,
    PUBLICATION_DAYS,
    REPLY_DAYS,
    THIRD_PARTY_REPLY_DAYS,
    Deadline,
    EventKind,
    Pause,
    TraceStep,
    add_working_days,
    co_maker_reply_deadline,
    correction_notice_deadline,
    describe_day,
    fee_payment_deadline,
    is_working_day,
    publication_deadline,
    reply_deadline,
    third_party_reply_deadline,
)

__all__ = [
    "CORRECTION_NOTICE_DAYS",
    "CO_MAKER_REPLY_DAYS",
    "FEE_PAYMENT_DAYS",
    "MAX_EXTENSION_DAYS",
    "PUBLICATION_DAYS",
    "REPLY_DAYS",
    "THIRD_PARTY_REPLY_DAYS",
    "Calendar",
    "DayInfo",
    "DayKind",
    "Deadline",
    "EventKind",
    "Pause",
    "ScheduledDay",
    "TraceStep",
    "WorkdaysError",
    "YearSchedule",
    "add_working_days",
    "co_maker_reply_deadline",
    "correction_notice_deadline",
    "default_calendar",
    "describe_day",
    "fee_payment_deadline",
    "is_working_day",
    "publication_deadline",
    "reply_deadline",
    "third_party_reply_deadline",
]

"""Local formats before the national table (report years up to 2013, and anything unrecognised).

Under the 2007 条例 each province or city set its own statistics table (docs/law.md §3.1), so
there is no fixed row list: cells are keyed ``local.<printed label path>`` and carry no meaning
across reports.  The sections are those of 条例(2007) §32.
"""

from __future__ import annotations

from gongkai import law
from gongkai.formats.model import Format, Section, label

LOCAL_PREFIX = "local."

LOCAL = Format(
    name="local",
    title="地方政府信息公开统计表（无全国统一格式）",
    basis=law.ART_2007_32.cite(),
    years=(None, 2013),
    sections=(
        Section("overview", "一", label("概述", "总体情况", "基本情况")),
        Section("proactive", "二", label("主动公开政府信息的情况", "主动公开情况")),
        Section("applications", "三", label("依申请公开政府信息和不予公开政府信息的情况")),
        Section("appeals", "四", label("因政府信息公开申请行政复议、提起行政诉讼的情况")),
        Section("problems", "五", label("政府信息公开工作存在的主要问题及改进情况")),
        Section("other", "六", label("其他需要报告的事项")),
    ),
    tables=(),
)

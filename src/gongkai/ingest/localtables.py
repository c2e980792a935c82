"""The local statistics tables of reports before the national formats (条例(2007) §32 era).

Before 国办发〔2014〕32号 each province or city printed its own 统计表, and some bodies kept theirs
afterwards: 平潭 prints "指标名称 计量单位 2012年度 历年累计" and one row per indicator with a unit,
the year's figure and the running total since 2008.  There is no national key for these rows, so
cells are keyed ``local.<label>.<column>`` (report-json.md "Keys, local"): the label without its
numbering, a part row ("其中：1、网站公开") under the row it is part of, and the columns ``本年度``
(the printed "2012年度") and ``历年累计``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.formats import LOCAL_PREFIX
from gongkai.ingest.align import figure
from gongkai.ingest.labels import Stream, core
from gongkai.ingest.segment import Constraint, at_most, sum_of
from gongkai.ingest.texttables import PIECE, RowText

YEAR_COLUMN = "本年度"
CUMULATIVE = "历年累计"
HEADER = re.compile(r"指标名称\s*计量\s*单位\s*(\d{4})\s*年度?\s*历年\s*累计")
ROW = re.compile(
    r"\s*(?P<label>(?:其中\s*[：:]\s*)?(?:\d\s*[.、．]\s*)?[^\d\s][^\d]*?)\s*"
    r"(?P<unit>万元|人次|条|件|元|次|个|人|份)\s*"
    r"(?P<values>\d[\d\s]*?)"
    r"(?=\s*\d[.、．]\s*[^\d\s]|\s*[^\d\s]|\s*$)"
)
PART = re.compile(r"^\s*(?:其中\s*[：:]|\d\s*[.、．])")


@dataclass
class LocalTable:
    year: int
    rows: list[RowText]
    constraints: list[Constraint]


def key(label_path: tuple[str, ...], column: str) -> str:
    return LOCAL_PREFIX + ".".join((*label_path, column))


def read_local(stream: Stream) -> LocalTable | None:
    """The first 指标名称/计量单位/年度/历年累计 table of the text, or ``None``."""
    header = HEADER.search(stream.printed)
    if header is None:
        return None
    rows: list[RowText] = []
    constraints: list[Constraint] = []
    parent: tuple[str, ...] = ()
    children: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    pos = header.end()
    while True:
        m = ROW.match(stream.printed, pos)
        if m is None:
            break
        pos = m.end()
        label = m.group("label").strip()
        name = core(label)
        if PART.match(label) and parent:
            path = (*parent, name)
            children.setdefault(parent, []).append(path)
        else:
            path = (name,)
            parent = path
        keys = (key(path, YEAR_COLUMN), key(path, CUMULATIVE))
        tokens = PIECE.findall(m.group("values"))
        line = stream.line_of(m.start("label"))
        printed = m.group().strip()
        pieces = [figure(t, line) for t in tokens]
        rows.append(RowText(keys, label, line, printed, pieces, True))
        constraints.append(at_most(keys[0], keys[1], f"“{name}”本年度不大于历年累计", hard=True))
    for whole, parts in children.items():
        for column in (YEAR_COLUMN, CUMULATIVE):
            constraints.append(
                sum_of(
                    key(whole, column),
                    [key(p, column) for p in parts],
                    f"“{whole[-1]}”{column} = 其中各项之和",
                )
            )
    if not rows:
        return None
    return LocalTable(int(header.group(1)), rows, constraints)

"""The numbered parts of a report's text (条例 §50; 国办公开办函〔2021〕30号 fixes six of them).

The 2019 and 2021 formats fix the six parts and their order (一 总体情况 … 六 其他需要报告的事项);
reports before them title their parts freely after 条例(2007) §32.  Headings are found as
"一、…" followed by words that say what the part is about; the text between two headings is the
part's narrative, without the tables printed inside it.  A heading whose number is not the one
the format gives its part, or a gap in the numbering, is reported (``ingest.section_misnumbered``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.formats import Format
from gongkai.ingest.labels import simplified
from gongkai.report import SECTION_KEYS, Finding

NUMERALS = "一二三四五六七八九十"
RUN_ON = re.compile(rf"([{NUMERALS}]{{1,2}})\s*[、.．]\s*(?=(\S[^\n]{{0,40}}))")
ISOLATED = re.compile(r"[^\u4e00-\u9fff（(]")  # what may stand before a heading
# What a heading says → the part it opens, most specific first.
TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("other", re.compile(r"^\s*(?:政府信息公开)?其他需要报告|^\s*其他事项")),
    ("appeals", re.compile(r"^[^，。]{0,24}(?:复议|诉讼)")),
    ("applications", re.compile(r"^[^，。]{0,12}(?:依申请|收到和处理|申请公开)")),
    ("proactive", re.compile(r"^[^，。]{0,12}(?:主动公开|重点领域)")),
    ("problems", re.compile(r"^[^，。]{0,16}(?:问题|不足|改进|工作措施|工作计划|工作打算)")),
    (
        "overview",
        re.compile(r"^\s*(?:概述|概况|总体情况|基本情况|[^，。]{0,10}工作(?:基本|总体)情况)"),
    ),
)


@dataclass(frozen=True)
class Heading:
    number: int
    key: str
    start: int  # printed offset of the heading
    text: str


def _number(numeral: str) -> int:
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + NUMERALS.index(numeral[1]) + 1
    return NUMERALS.index(numeral[0]) + 1


def headings(
    printed: str, skip: list[tuple[int, int]], titles: tuple[str, ...] = ()
) -> list[Heading]:
    """The part headings of ``printed``, in order, outside the ``skip`` spans (tables).

    A heading starts a line or follows punctuation; one that prints a title of the format
    (``titles``) is a heading wherever it stands, as in scraped pages run together on one line.
    """
    plain = simplified(printed)
    out: list[Heading] = []
    for m in RUN_ON.finditer(plain):
        if any(a <= m.start() < b for a, b in skip):
            continue
        words = m.group(2)
        run_on = m.start() > 0 and ISOLATED.match(plain[m.start() - 1]) is None
        if run_on and not any(words.startswith(t) for t in titles):
            continue
        key = next((k for k, pattern in TOPICS if pattern.search(words)), None)
        number = _number(m.group(1))
        if out and number <= out[-1].number:
            continue  # a numbered list inside a part, or a repeated title
        if key is None:
            # A part the format does not name (2014: 四、政府信息公开的收费及减免情况) counts for
            # the numbering when it comes next; its text stays with the part before it.
            if not out or number != out[-1].number + 1:
                continue
            key = out[-1].key
        out.append(Heading(number, key, m.start(), printed[m.start() : m.end(2)].strip()))
    return out


def split(
    printed: str, fmt: Format, skip: list[tuple[int, int]]
) -> tuple[dict[str, str], list[Finding]]:
    """The narrative of each part (tables cut out) and the findings about the headings."""
    found = headings(
        printed, skip, tuple(s.title.text for s in fmt.sections if len(s.title.text) > 4)
    )
    texts = {key: "" for key in SECTION_KEYS}
    findings: list[Finding] = []

    def cut(a: int, b: int) -> str:
        pieces = []
        cursor = a
        for s, e in sorted(skip):
            if e <= cursor or s >= b:
                continue
            pieces.append(printed[cursor:s])
            cursor = max(cursor, e)
        pieces.append(printed[cursor:b])
        return "".join(pieces).strip()

    first = found[0].start if found else len(printed)
    preamble = cut(0, first)
    for n, head in enumerate(found):
        end = found[n + 1].start if n + 1 < len(found) else len(printed)
        body = cut(head.start, end)
        texts[head.key] = (texts[head.key] + "\n" + body).strip()
    texts["overview"] = (preamble + "\n" + texts["overview"]).strip()

    national = fmt.name in ("cn2021", "cn2019")
    expected = {s.key: _number(s.number) for s in fmt.sections}
    previous = 0
    for head in found:
        if national and expected.get(head.key) not in (None, head.number):
            findings.append(
                Finding(
                    "ingest.section_misnumbered",
                    "warning",
                    (),
                    expected[head.key],
                    head.number,
                    f"标题“{head.text[:30]}”的序号为{_numeral(head.number)}，"
                    f"按格式应为{_numeral(expected[head.key])}",
                )
            )
        elif not national and head.number != previous + 1:
            findings.append(
                Finding(
                    "ingest.section_misnumbered",
                    "warning",
                    (),
                    previous + 1,
                    head.number,
                    f"标题“{head.text[:30]}”的序号为{_numeral(head.number)}，"
                    f"前一部分为{_numeral(previous) if previous else '（无）'}，序号不连续",
                )
            )
        previous = head.number
    if national:
        present = {h.key for h in found}
        for section in fmt.sections:
            if section.key not in present:
                findings.append(
                    Finding(
                        "ingest.section_heading_missing",
                        "info",
                        (),
                        f"{section.number}、{section.title.text}",
                        None,
                        f"未找到“{section.number}、{section.title.text}”的标题",
                    )
                )
    return texts, findings


def _numeral(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    return "十" + NUMERALS[n - 11]

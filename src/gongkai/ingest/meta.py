"""The facts about a published report besides its figures: who, for which year, published when.

条例 §49 sets the publication deadline by the kind of body and the report year, and §50 the
generation of the format follows the year (docs/law.md §0), so ingest reads the agency (title
line or signature), the report year (title or text), and the publication date (the page's
发布时间, else the date under the signature, which may be in Chinese numerals: 二○一三年一月二十日).
"""

from __future__ import annotations

import re
from datetime import date

from gongkai.ingest.labels import normalise, simplified
from gongkai.ingest.source import Source

# "标题: …" lines of a saved web page (the Pingtan archive) and the meta of stage one.
PAGE_FIELD = re.compile(r"^\s*(标题|发布时间|发布日期|发布机构)\s*[:：]\s*(.*?)\s*$")
TITLE_YEAR = re.compile(r"(\d{4})\s*年\s*度?[^\d，。]{0,30}?(?:信息|政务|资讯)公开")
AGENCY_BEFORE_YEAR = re.compile(r"^\s*(.{2,40}?)\s*(?:关于)?\s*\d{4}\s*年")
AGENCY_AFTER_YEAR = re.compile(
    r"^\s*\d{4}\s*年\s*度?\s*(\S{2,30}?)\s*(?:政府)?(?:信息|政务|资讯)公开"
)
AGENCY_LINE = re.compile(
    r"^\s*(\S{2,40}(?:人民政府|政府|管委会|管理委员会|局|委员会|办公室|办公厅|街道办事处|厅|委))\s*$"
)
DIGIT_DATE = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
CN_YEAR = re.compile(r"([〇○零O一二三四五六七八九]{4})年")
CN_DATE = re.compile(
    r"([〇○零O一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)


def page_fields(source: Source) -> dict[str, str]:
    """The 标题/发布时间/发布机构 of the page: stage one's meta, else header lines of the text."""
    out = {k: v for k, v in source.meta.items() if v}
    mapping = {
        "标题": "title",
        "发布时间": "published",
        "发布日期": "published",
        "发布机构": "publisher",
    }
    for line in source.lines[:20]:
        m = PAGE_FIELD.match(line.text)
        if m and m.group(2):
            out.setdefault(mapping[m.group(1)], m.group(2))
    return out


def _cn_number(text: str) -> int:
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)
    return CN_DIGITS[text]


def parse_date(text: str) -> date | None:
    """The first date in ``text``, in digits or Chinese numerals."""
    for m in DIGIT_DATE.finditer(text):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
    cn = CN_DATE.search(text)
    if cn:
        year = int("".join(str(CN_DIGITS[c]) for c in cn.group(1)))
        try:
            return date(year, _cn_number(cn.group(2)), _cn_number(cn.group(3)))
        except (ValueError, KeyError):
            return None
    return None


def title_of(source: Source, fields: dict[str, str]) -> str | None:
    if fields.get("title"):
        return fields["title"]
    for line in source.lines[:15]:
        if "年" in line.text and "报告" in simplified(line.text) and len(line.text.strip()) <= 60:
            return line.text.strip()
    return None


def report_year(source: Source, title: str | None) -> int | None:
    """The statistics year: from the title, else the first "YYYY年…信息公开" of the text."""
    for text in (title or "", *(line.text for line in source.lines[:60])):
        plain = simplified(text)
        m = TITLE_YEAR.search(plain) or TITLE_YEAR.search(_cn_year(plain))
        if m and 1990 <= int(m.group(1)) <= 2200:
            return int(m.group(1))
    return None


def _cn_year(text: str) -> str:
    """A year written in Chinese numerals (二〇二〇年) in digits, the rest unchanged."""
    return CN_YEAR.sub(lambda m: "".join(str(CN_DIGITS[c]) for c in m.group(1)) + "年", text)


def agency(source: Source, title: str | None, fields: dict[str, str]) -> str | None:
    """The reporting body as printed: a line of its own at the top, the title's prefix, or the
    page's 发布机构."""
    for line in source.lines[:6]:
        m = AGENCY_LINE.match(line.text)
        if m:
            return normalise(m.group(1))
    if title:
        title = simplified(title)
        m = AGENCY_BEFORE_YEAR.match(title) or AGENCY_AFTER_YEAR.match(title)
        if m and not m.group(1).isdigit():
            return normalise(m.group(1))
    publisher = fields.get("publisher")
    if publisher:
        return normalise(publisher)
    for line in reversed(source.lines[-15:]):  # the signature above the date
        m = AGENCY_LINE.match(line.text)
        if m:
            return normalise(m.group(1))
    return None


def published_on(source: Source, fields: dict[str, str], year: int | None) -> date | None:
    """The page's 发布时间, else the last date near the end that falls after the report year."""
    if fields.get("published"):
        found = parse_date(fields["published"])
        if found:
            return found
    tail = "\n".join(line.text for line in source.lines[-40:])[-3000:]
    candidates: list[date] = []
    for piece in re.split(r"(?<=日)", tail):
        found = parse_date(piece)
        if found and (year is None or found.year > year):
            candidates.append(found)
    return candidates[0] if candidates else None

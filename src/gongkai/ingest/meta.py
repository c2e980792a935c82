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
PAGE_FIELD = re.compile(
    r"^\s*(标题|发布时间|发布日期|发布机构|机关名称)\s*(?:[:：]|\t)\s*(.*?)\s*$"
)  # a web page's "标题：…" lines, or the rows of a workbook's 报告信息 sheet (label, tab, value)
TITLE_YEAR = re.compile(r"(\d{4})\s*年\s*度?[^\d，。]{0,30}?(?:信息|政务|资讯)公开")
# A year the text looks ahead to ("2021 年,我局将…政务公开" in the last section) is no report year.
PLANNED = re.compile(r"将|计划|拟|下一步|明年")
# The end of the statistics period stated alone ("截止2023年12月31日我局…发布信息34条").
YEAR_END = re.compile(r"截[至止]\s*(\d{4})\s*年\s*12\s*月\s*31\s*日")
AGENCY_BEFORE_YEAR = re.compile(r"^\s*(.{2,40}?)\s*(?:关于)?\s*\d{4}\s*年")
AGENCY_AFTER_YEAR = re.compile(
    r"^\s*\d{4}\s*年\s*度?\s*(\S{2,30}?)\s*(?:政府)?(?:信息|政务|资讯)公开"
)
AGENCY_LINE = re.compile(
    r"^\s*(\S{2,40}(?:人民政府|政府|管委会|管理委员会|局|委员会|办公室|办公厅|街道办事处|厅|委))\s*$"
)
TITLE_ANY_YEAR = re.compile(r"(\d{4})\s*年")
STAT_PERIOD = re.compile(
    r"统计(?:期限|时限|期间|时间|区间|周期)[^。；\d]{0,12}(\d{4})\s*年\s*0?1\s*月\s*0?1\s*日"
    r"[^。；\d]{0,8}(\d{4})\s*年\s*12\s*月\s*31\s*日"
)
# What an agency's name never holds: a sentence ("根据《中华人民共和国政府信息公开条例》和…").
# Nor a site's breadcrumb ("首页>政务公开>…>新政镇人民政府") or a page viewer's caption
# ("Page 8 - …"): no agency's name holds Latin letters or path separators.
NOT_A_NAME = re.compile(
    r"[《》“”\"，,。；;：:、>＞›»/|A-Za-z]|根据|按照|依据|本报告|条例|本机关|首页|当前位置"
    r"|我(?:局|委|办|区|市|县)"
)
# A page viewer's caption before the title ("Page 8 - 某某局2022年…报告", "P. 9").
PAGE_PREFIX = re.compile(r"^\s*(?:Page|P\.?)\s*\d{1,4}\s*[-–—:：]?\s*", re.IGNORECASE)
# The agency named in the opening sentence: "特向社会公布某某局2020年度政府信息公开工作年度报告",
# "由某某局编制的2020年度政府信息公开工作报告".
AGENCY_IN_SENTENCE = re.compile(
    r"(?:公布|发布|由)\s*([^\s，。、；：（()“”\"《》,;:]{2,30}?(?:人民政府|政府|管委会|管理委员会|局|委员会"
    r"|办公室|办公厅|街道办事处|街道|厅|委|镇|乡))\s*(?:编制的?)?\s*\d{4}\s*年\s*度?\s*(?:政府)?(?:信息|政务)公开"
)
# A title garbled in conversion ("某镇2023年政府信息公开 工作告年度报"): short, with a year, 公开
# and 报.
BREADCRUMB = re.compile(r"[>＞›»]|首页|当前位置")
YEAR_REPORT = re.compile(r"\d{4}\s*年报")  # "2020年报_审计局", a viewer's name for the report
# A title run into the first sentence ("某街道2024年政府信息公开工作年度报告根据《条例》…编制。").
RUN_ON_TITLE = re.compile(
    r"^(.{2,40}?\d{4}\s*年\s*度?\s*(?:政府)?信息公开工作(?:年度)?报告)(?=根据|依据|按照)"
)
GARBLED_TITLE = re.compile(r"^.{0,20}\d{4}\s*年.{0,8}公开.{0,12}报")
SHORT_FORM = re.compile(r"[(（]以下简称[“\"]?([^”\"）)]{2,12})[”\"]?[)）]")
AGENCY_TAIL = re.compile(
    r"([^\s，。、；：（(“”\"]{2,40}?(?:人民政府|政府|管委会|管理委员会|局|委员会|办公室|办公厅|厅|委))\s*$"
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
        "机关名称": "publisher",
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
    """The page's 标题, else the first short line naming a year and a 报告; a title broken over
    two lines ("…2022年政府信息公开工作" / "年度报告") is joined."""
    if fields.get("title"):
        return PAGE_PREFIX.sub("", fields["title"])
    lines = [PAGE_PREFIX.sub("", line.text.strip()) for line in source.lines[:15]]
    for i, text in enumerate(lines):
        plain = simplified(text)
        if BREADCRUMB.search(plain):
            continue  # "首页>信息公开>年度报告>…": the site's path, not the title
        if "年" in plain and ("报告" in plain or YEAR_REPORT.search(plain)) and len(text) <= 60:
            return text
        if len(text) <= 40 and GARBLED_TITLE.match(plain):
            return text
        run_on = RUN_ON_TITLE.match(text) if i == 0 else None
        if run_on:
            return run_on.group(1)
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if (
            "年" in plain
            and "公开" in plain
            and "报告" in simplified(following)
            and len(text + following) <= 60
        ):
            return text + following
    return None


def report_year(source: Source, title: str | None) -> int | None:
    """The statistics year: from the title, else the statistics period the report states
    ("统计期限为2022年1月1日至2022年12月31日"), else the first "YYYY年…信息公开" of the text —
    never a year the text merely mentions nearby."""
    plain_title = _cn_year(simplified(title or ""))
    m = TITLE_YEAR.search(plain_title)
    years = {int(y) for y in TITLE_ANY_YEAR.findall(plain_title) if 1990 <= int(y) <= 2200}
    if m and 1990 <= int(m.group(1)) <= 2200:
        return int(m.group(1))
    if len(years) == 1:
        return years.pop()
    head = simplified("\n".join(line.text for line in source.lines[:300]))
    period = STAT_PERIOD.search(head)
    if period and period.group(1) == period.group(2):
        return int(period.group(1))
    for text in (line.text for line in source.lines[:60]):
        plain = simplified(text)
        m = TITLE_YEAR.search(plain) or TITLE_YEAR.search(_cn_year(plain))
        if m and 1990 <= int(m.group(1)) <= 2200 and not PLANNED.search(m.group(0)):
            return int(m.group(1))
    end = YEAR_END.search(head)
    return int(end.group(1)) if end and 1990 <= int(end.group(1)) <= 2200 else None


def _cn_year(text: str) -> str:
    """A year written in Chinese numerals (二〇二〇年) in digits, the rest unchanged."""
    return CN_YEAR.sub(lambda m: "".join(str(CN_DIGITS[c]) for c in m.group(1)) + "年", text)


def agency(source: Source, title: str | None, fields: dict[str, str]) -> str | None:
    """The reporting body as printed: a line of its own at the top, the title's prefix, the
    page's 发布机构, or the signature; a short form ("市科委") is replaced by the full name the
    signature or the text gives for it.  A candidate that reads as a sentence is never a name."""
    found = _first_agency(source, title, fields)
    if found is None:
        return None
    return _full_name(source, found) or found


def _plausible(name: str) -> bool:
    return 2 <= len(name) <= 40 and not name.isdigit() and not NOT_A_NAME.search(name)


def _first_agency(source: Source, title: str | None, fields: dict[str, str]) -> str | None:
    for line in source.lines[:6]:
        m = AGENCY_LINE.match(line.text)
        if m and _plausible(normalise(m.group(1))):
            return normalise(m.group(1))
    if title:
        title = simplified(title)
        m = AGENCY_BEFORE_YEAR.match(title) or AGENCY_AFTER_YEAR.match(title)
        if m and _plausible(normalise(m.group(1))):
            return normalise(m.group(1))
    publisher = fields.get("publisher")
    if publisher and _plausible(normalise(publisher)):
        return normalise(publisher)
    head = simplified("\n".join(line.text for line in source.lines[:10]))
    named = AGENCY_IN_SENTENCE.search(head)
    if named and _plausible(normalise(named.group(1))):
        return normalise(named.group(1))
    return _signature(source)


def _signature(source: Source) -> str | None:
    for line in reversed(source.lines[-15:]):  # the signature above the date
        m = AGENCY_LINE.match(line.text)
        if m and _plausible(normalise(m.group(1))):
            return normalise(m.group(1))
    return None


def _full_name(source: Source, short: str) -> str | None:
    """The full name of which ``short`` is an abbreviation: the signature's, or the name the
    text introduces it for ("重庆市科学技术委员会（以下简称市科委）")."""
    head = "\n".join(line.text for line in source.lines[:80])
    for m in SHORT_FORM.finditer(simplified(head)):
        if normalise(m.group(1)) == short:
            before = simplified(head)[: m.start()]
            full = AGENCY_TAIL.search(before)
            if full:
                # "本报告由某某县人民政府（以下简称县政府）": the name after the last preposition.
                name = normalise(re.split(r"由|为|是|系", full.group(1))[-1])
                if _plausible(name):
                    return name
    signed = _signature(source)
    if signed and _abbreviates(short, signed):
        return signed
    return None


def _abbreviates(short: str, full: str) -> bool:
    """``short`` is an abbreviation of ``full``: its characters in order, clearly shorter, and
    not just its beginning (平潭综合实验区 is not short for 平潭综合实验区管委会, it is its zone)."""
    if len(full) < len(short) + 3 or full.startswith(short) or full[-1] != short[-1]:
        return False
    rest = iter(full)
    return all(ch in rest for ch in short)


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

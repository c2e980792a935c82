"""Messy layouts of consistent synthetic reports: the shapes real published reports take.

A 条例 §50 report in the 国办公开办函〔2021〕30号 format reaches ingest through PDF layout text,
PDF→markdown converters, OCR, scraped web pages and re-typed copies.  Each *family* below prints
one :func:`gongkai.synth.consistent_report` the way one of those channels does (issue 10's
failure classes, plus run-together digits, traditional characters, full-width digits, OCR
confusions and page marks inside tables).  The tests read the text back and hold every cell to
"right, or blank with a finding naming it"; the figures are known, so a wrong cell cannot hide.

``print_report(report, family, rng)`` returns the text and the cells a reader may be held to
(a cell printed blank is expected blank).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import cache

import opencc

from gongkai import formats
from gongkai.formats import Row
from gongkai.report import Number, Report

CN2021 = formats.get("cn2021")
T4 = CN2021.table("t4")  # 表四 is the same in the 2019 and 2021 formats
T3_HEADER = [c.path[-1].text for c in CN2021.table("t3").columns]
T4_HEADER = [c.path[-1].text for c in T4.columns[:5]]
FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")
OCR = {"0": ("O", "〇", "o"), "1": ("l", "I")}
# Explanations printed in a label cell after the caption (as 2019-format templates were filled in).
GLOSSES = ("（设区的市、自治州人民政府应提供相关数据）", "(含本机关制定发布的决定、公告、通告)",
           "（指本年度办件量，含第3类事项）")  # fmt: skip
ITEM = re.compile(r"^\d{1,2}[.、．]")


@dataclass(frozen=True)
class Family:
    """How one channel prints a table row: separator, where labels and figures go, and what
    else lands inside the table."""

    sep: str = "\t"  # "\t", " ", "|", "line" (one per line), "double" (and an empty line after each), "bar" (one per line, a "|" line between), "scraped" (an empty line after each, a blank cell one more), "" (run together)
    own_line: bool = False  # the label on its own line, the figures on the next
    merged_slot: bool = False  # a merged label cell leaves an empty slot (PDF layout text)
    ragged: bool = False  # markdown with a stray trailing cell or a group-label fragment
    row_tables: bool = False  # each 表三 row as a heading and a small table of its own
    t4_stacked: bool = False  # 表四 as three stacked 5-column tables
    t2_loose: bool = False  # 表二 (五)(六)(八) as "label number" lines
    page_marks: bool = False  # page footers and running heads inside the tables
    blanks: bool = False  # some cells printed blank
    figure: str = "plain"  # "plain", "fullwidth" or "ocr"
    traditional: bool = False
    glosses: bool = False  # an explanation in brackets after some labels (表二's instructions)
    t4_vertical: bool = False  # 表四's header one character per line, after a sentence on 复议
    cut: bool = False  # an excerpt cut after a 表三 row and the next row's item number


FAMILIES: dict[str, Family] = {
    "tabs": Family(blanks=True),
    "merged_label_slots": Family(merged_slot=True, blanks=True),
    "markdown_ragged": Family(sep="|", ragged=True, blanks=True),
    "label_own_line": Family(sep=" ", own_line=True),
    # PDF text separating figures by spaces: a blank cell leaves no trace at all.
    "spaces_blank_vanishes": Family(sep=" ", blanks=True),
    "one_cell_per_line_double": Family(sep="double", blanks=True),
    "one_cell_per_line": Family(sep="line", blanks=True),
    "row_tables": Family(row_tables=True),
    "t4_stacked": Family(t4_stacked=True),
    "t2_loose": Family(t2_loose=True),
    "run_together": Family(sep=""),
    "traditional": Family(traditional=True),
    "fullwidth": Family(sep=" ", figure="fullwidth"),
    "ocr_digits": Family(figure="ocr"),
    "page_marks": Family(page_marks=True, own_line=True, sep=" "),
    # Seen on unseen reports (docs/ingest.md, 未见过的报告):
    "label_glosses": Family(sep="|", glosses=True, blanks=True),
    "bar_lines": Family(sep="bar", blanks=True),
    "t4_vertical_header": Family(sep=" ", t4_vertical=True),
    "cut_short": Family(sep="double", cut=True, blanks=True),
    "one_cell_per_line_scraped": Family(sep="scraped", blanks=True),
    # Several at once: a traditional-character page converted to markdown from a scan.
    "combined": Family(sep="|", ragged=True, blanks=True, figure="ocr", traditional=True),
}


class Printer:
    def __init__(self, report: Report, family: Family, rng: random.Random) -> None:
        self.report = report
        self.family = family
        self.rng = rng
        self.expected: dict[str, Number | None] = dict(report.cells)
        self.page = 1
        self.title = f"{report.agency}{report.year}年政府信息公开工作年度报告"
        self.was_cut = False

    def figure(self, key: str) -> str:
        """A cell as printed: blank now and then, in the family's digits."""
        value = self.expected[key]
        if self.family.blanks and self.rng.random() < 0.04:
            self.expected[key] = None
            return ""
        text = "" if value is None else str(value)
        if self.family.figure == "fullwidth":
            return text.translate(FULL_WIDTH)
        if self.family.figure == "ocr" and self.rng.random() < 0.3:
            return "".join(
                self.rng.choice(OCR[ch]) if ch in OCR and self.rng.random() < 0.5 else ch
                for ch in text
            )
        return text

    def marks(self) -> list[str]:
        """A page break inside a table: footer, running head, sometimes the column header."""
        if not self.family.page_marks or self.rng.random() < 0.7:
            return []
        self.page += 1
        out = [f"— {self.page - 1} —", self.title]
        return out

    def row(self, label: str, figures: list[str], heads: list[str], group: str = "") -> list[str]:
        """One table row as printed (``heads``: group labels printed beside it, if any;
        ``group``: the label of the block the row belongs to)."""
        f = self.family
        if f.row_tables:
            generic = [f"数据{i}" for i in range(1, len(figures) + 1)]
            header = (
                T3_HEADER if len(figures) == len(T3_HEADER) and self.rng.random() < 0.5 else generic
            )
            return [*heads, label, "\t".join(header), "\t".join(figures)]
        if f.sep in ("line", "double"):
            out = [*heads, label]
            for text in figures:
                out += [text] if f.sep == "line" else ["", text]
            return out
        if f.sep == "scraped":
            out = [*heads, label]
            for text in figures:
                out += ["", text] if text else [""]  # a blank cell keeps only its line break
            return out
        if f.sep == "bar":
            out = [*heads, "|", label, "|"] if heads else [label, "|"]
            for text in figures:
                out += [text, "|"]
            return out
        if f.sep == "|":
            cells = [label, *figures]
            if f.ragged and group and self.rng.random() < 0.4:
                cells = [group[:4], *cells]  # "| （三）不 | 4.保护第三方合法权益 |"
            line = "| " + " | ".join(cells) + " |"
            if f.ragged and self.rng.random() < 0.3:
                line += "  |"  # a stray empty cell at the end
            return [line]
        if f.sep == "":
            return [*heads, label + "".join(figures)]
        if f.own_line:
            return [*heads, label, *self.marks(), f.sep.join(figures)]
        if f.merged_slot:
            if heads:
                return ["\t".join([heads[-1], label, *figures])]
            return ["\t".join([label, "", *figures])]
        return [*heads, f.sep.join([label, *figures])]

    def t2(self) -> list[str]:
        out = ["二、主动公开政府信息情况"]
        for table in (t for t in self.report.definition.tables if t.group == "t2"):
            caption = table.caption or ""
            item = caption[caption.index("（") :]
            loose = self.family.t2_loose and not table.id.endswith("一") and len(table.columns) == 1
            out.append(f"{item}{caption}" if loose else caption)
            if not loose:
                out.append("\t".join(["信息内容", *(c.path[-1].text for c in table.columns)]))
            for data_row in table.data_rows():
                figures = [self.figure(table.key(data_row, c)) for c in table.columns]
                label = data_row.label.text if data_row.label else ""
                if self.family.glosses and self.rng.random() < 0.6:
                    label += self.rng.choice(GLOSSES)
                if loose:
                    out.append(f"{label} {' '.join(figures)}")
                else:
                    out += self.row(label, figures, [])
        return out

    def t3(self) -> list[str]:
        t3 = self.report.definition.table("t3")
        out = ["三、收到和处理政府信息公开申请情况", t3.corner[0], "申请人情况"]
        out.append("\t".join(T3_HEADER))
        printed: tuple[str, ...] = ()
        for data_row in t3.data_rows():
            path = tuple(lab.text for lab in data_row.path)
            heads = [p for i, p in enumerate(path[:-1]) if printed[i : i + 1] != (p,)]
            printed = path
            if self.family.merged_slot and len(path) == 3:
                heads = [path[1] if heads else ""]
            elif self.family.merged_slot:
                heads = []
            figures = [self.figure(t3.key(data_row, c)) for c in t3.columns]
            out += self.row(path[-1], figures, heads, path[1] if len(path) == 3 else "")
            out += self.marks() if not self.family.own_line else []
            if self.family.cut and self.rng.random() < 0.08:
                return out + self.cut_after(data_row)
        return out

    def cut_after(self, last: Row) -> list[str]:
        """The excerpt ends after ``last``: what remains of the next row is its item number
        ("7.") or the first characters of its label; no cell after the cut is printed."""
        self.was_cut = True
        t3 = self.report.definition.table("t3")
        rows = t3.data_rows()
        after = rows[rows.index(last) + 1 :]
        for data_row in after:
            for c in t3.columns:
                self.expected[t3.key(data_row, c)] = None
        for key in self.expected:
            if key.startswith("t4."):
                self.expected[key] = None
        if not after:
            return []
        label = after[0].path[-1].text
        item = ITEM.match(label)
        return ["", item.group() if item else label[:3]]

    def t4(self) -> list[str]:
        out = ["四、政府信息公开行政复议、行政诉讼情况"]
        if self.family.t4_vertical:
            return out + self.t4_vertical()
        keys = [T4.key(r, c) for r in T4.data_rows() for c in T4.columns]
        figures = [self.figure(k) for k in keys]
        sep = (
            "\t"
            if self.family.sep in ("line", "double", "scraped", "bar", "|", "")
            else self.family.sep
        )
        if self.family.t4_stacked:
            for n, name in enumerate(
                ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")
            ):
                out += [name, "\t".join(T4_HEADER), sep.join(figures[5 * n : 5 * n + 5])]
            return out
        out += ["行政复议\t行政诉讼", "\t".join(T4_HEADER), "未经复议直接起诉\t复议后起诉"]
        out += ["\t".join(T4_HEADER * 2)]
        out.append(("" if self.family.sep == "" else sep).join(figures))
        return out

    def t4_vertical(self) -> list[str]:
        """PDF layout text of 表四 whose narrow header cells wrap one character per line."""
        keys = [T4.key(r, c) for r in T4.data_rows() for c in T4.columns]
        year = self.report.year or 2022
        out = [f"{year} 年,因政府信息公开工作被申请行政复议、提起行政诉讼的情况如下:"]
        out += ["行政复议 行政诉讼", "未经复议直接起诉 复议后起诉"]
        for i in range(max(map(len, T4_HEADER))):
            out.append(" ".join(word[i] for word in T4_HEADER * 3 if i < len(word)))
        out.append(" ".join(self.figure(k) for k in keys))
        return out

    def text(self) -> str:
        sections = self.report.sections
        lines = [
            self.title,
            "一、总体情况",
            sections.get("overview", ""),
            *self.t2(),
            sections.get("applications", ""),
            *self.t3(),
        ]
        if self.was_cut:
            return "\n".join(lines)
        lines += [
            *self.t4(),
            sections.get("appeals", ""),
            "五、存在的主要问题及改进情况",
            sections.get("problems", ""),
            "六、其他需要报告的事项",
            sections.get("other", ""),
            f"{self.report.agency}",
            f"{(self.report.year or 2022) + 1}年1月20日",
        ]
        return "\n".join(lines)


@cache
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def print_report(
    report: Report, family: str, rng: random.Random
) -> tuple[str, dict[str, Number | None]]:
    """``report`` printed in ``family``: the text and the cells as printed (blank ones None)."""
    printer = Printer(report, FAMILIES[family], rng)
    text = printer.text()
    if FAMILIES[family].traditional:
        text = str(_s2t().convert(text))
    return text, printer.expected

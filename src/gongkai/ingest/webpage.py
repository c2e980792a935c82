"""Web pages (HTML in any encoding) as a :class:`~gongkai.ingest.source.Source` (ingest, stage one).

Most 政府信息公开工作年度报告 are published on the agency's 政府信息公开专栏 (条例 §23, §50) as
web pages, saved by the portal in UTF-8, GBK or GB2312 and sometimes Big5.  The encoding comes
from a BOM, else the page's own ``<meta charset>`` / ``http-equiv`` declaration, else a guess
(:func:`gongkai.ingest.text.decode`).  The page becomes lines by its block structure; scripts,
styles, forms and the portal's navigation (``nav``/``header``/``footer`` elements, ARIA
landmarks, and elements whose class or id is one of :data:`NAV_WORDS`) are dropped.

A table that holds no other table becomes a :class:`~gongkai.ingest.source.SourceTable`
(rowspan/colspan expanded by :mod:`gongkai.ingest.grid`) and each of its rows a line of
tab-joined cells; a table that holds tables is page layout (old portals) and is read as blocks.
Parsing is lxml's HTML parser, which fetches nothing and runs nothing: a hostile page is text.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import lxml.html
from lxml import etree

from gongkai.ingest.grid import cell_text, flow_text, html_rows, html_table_spans, printed_table
from gongkai.ingest.source import IngestError, Printed, Source, SourceTable
from gongkai.ingest.text import MAX_LINES, Lines, decode, too_long

# Where a page may declare its encoding: <meta charset=…>, <meta http-equiv … content="…;
# charset=…"> or an XHTML page's <?xml … encoding="…"?> (which lxml refuses in decoded text).
_META_CHARSET = re.compile(
    rb"<meta[^>]{0,400}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.I
)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]{0,200}\?>")
_XML_ENCODING = re.compile(rb"\A\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]{1,40})")
SNIFF_BYTES = 4096
MAX_ELEMENTS = 500_000  # a portal page has thousands; walking this many takes a few seconds
# huge_tree: a 20 MB text node is not an error; lxml's HTML parser never fetches or runs anything
PARSER = lxml.html.HTMLParser(huge_tree=True, no_network=True, remove_comments=False)

DROPPED_TAGS = frozenset([
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
    "applet", "svg", "math", "canvas", "head", "nav", "header", "footer", "aside", "form",
    "select", "option", "button", "input", "textarea", "map", "area", "audio", "video",
])  # fmt: skip
NAV_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "menu", "menubar"})
NAV_WORDS = frozenset([
    "nav", "navbar", "menu", "header", "footer", "breadcrumb", "breadcrumbs", "crumb", "crumbs",
    "sidebar", "topbar", "toolbar", "share", "copyright",
])  # fmt: skip
BLOCK_TAGS = frozenset([
    "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "html", "legend", "li", "main", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "td", "th", "thead", "tfoot", "tr", "ul",
])  # fmt: skip
PUBLISHED_META = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time")
_DATE = re.compile(r"(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})")


def declared_charset(data: bytes) -> str | None:
    head = data[:SNIFF_BYTES]
    match = _META_CHARSET.search(head) or _XML_ENCODING.match(head)
    return match.group(1).decode("ascii") if match else None


def is_dropped(el: Any) -> bool:
    """Script, form or portal chrome; an article's own ``<header>`` (its title) is kept."""
    if (
        el.tag in ("header", "footer")
        and next(el.iterancestors("article", "main"), None) is not None
    ):
        return False
    if el.tag in DROPPED_TAGS or el.get("role", "").strip().lower() in NAV_ROLES:
        return True
    words = f"{el.get('class', '')} {el.get('id', '')}".lower().split()
    return any(w in NAV_WORDS for w in words)


class PageReader:
    """One pass over the parsed page, collecting lines and tables in reading order."""

    def __init__(self) -> None:
        self.out = Lines()
        self.lines = self.out.lines
        self.tables: list[SourceTable] = []
        self.run: list[str] = []

    def line(self, text: str) -> int:
        return self.out.add(text)

    def flush(self) -> None:
        text = flow_text("".join(self.run))
        self.run.clear()
        if text:
            self.line(text)

    def table(self, table: Any) -> None:
        rows = html_rows(table)
        if len(rows) + len(self.lines) > MAX_LINES:
            raise too_long()
        spans = html_table_spans(rows)
        for el in table.iter("br", "p", "div", "li"):  # "12<br>34" is two figures, not 1234
            el.tail = "\n" + (el.tail or "")
        texts = [cell_text(s.value.text_content()) for s in spans]
        starts: dict[int, list[str]] = {}
        for s, text in zip(spans, texts, strict=True):
            starts.setdefault(s.row, []).append(text)
        numbers = [self.line("\t".join(starts.get(r, []))) for r in range(len(rows))]
        placed = [
            s.map(Printed(text, None, numbers[s.row])) for s, text in zip(spans, texts, strict=True)
        ]
        found = printed_table(placed, [(None, n) for n in numbers])
        if found:
            self.tables.append(found)

    def read(self, root: Any) -> None:
        walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
        for seen, (event, el) in enumerate(walker):
            if seen > 2 * MAX_ELEMENTS:  # a start and an end event per element
                raise IngestError(f"网页元素过多（超过 {MAX_ELEMENTS:,} 个），不像是一份年度报告")
            if event in ("comment", "pi"):
                self.run.append(el.tail or "")
            elif event == "end":
                if el.tag in BLOCK_TAGS:
                    self.flush()
                self.run.append(el.tail or "")
            elif is_dropped(el):
                walker.skip_subtree()
            elif el.tag == "table" and next(el.iterdescendants("table"), None) is None:
                self.flush()
                self.table(el)
                walker.skip_subtree()
            else:
                if el.tag in BLOCK_TAGS or el.tag == "br":
                    self.flush()
                self.run.append(el.text or "")
        self.flush()


def page_meta(root: Any, encoding: str) -> dict[str, str]:
    meta = {"encoding": encoding}
    title = root.find(".//title")
    if title is not None and flow_text(title.text_content()):
        meta["title"] = flow_text(title.text_content())
    for el in root.iter("meta"):
        name = (el.get("name") or el.get("property") or "").strip().lower()
        match = _DATE.search(el.get("content") or "") if name in PUBLISHED_META else None
        if match:
            try:
                meta["published"] = date(*(int(g) for g in match.groups())).isoformat()
            except ValueError:
                continue
            break
    return meta


def read_html(data: bytes, name: str) -> Source:
    text, encoding = decode(data, declared_charset(data))
    if not text.strip():
        raise IngestError("网页内容为空")
    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text), parser=PARSER)
    except (etree.LxmlError, ValueError) as exc:
        raise IngestError(f"无法解析网页：{exc}") from None
    reader = PageReader()
    reader.read(root)
    return Source(
        name=name,
        kind="html",
        lines=reader.lines,
        tables=reader.tables,
        meta=page_meta(root, encoding),
    )

"""Plain text in whatever encoding a government site or office PC saved it in (ingest, stage one).

Published 政府信息公开工作年度报告 (条例 §50) reach us as text copied from web pages and PDFs,
saved as UTF-8 (with or without a BOM), GBK/GB2312, UTF-16 from Windows Notepad, or Big5 for
traditional-Chinese pages.  :func:`decode` turns the bytes into text and names the encoding;
GB2312 and GBK are read as their superset GB18030 so that a rarer character does not break the
whole file.  Bytes that are not text at all (a binary file with a wrong extension) give an
:class:`~gongkai.ingest.source.IngestError`, never a page of mojibake.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from gongkai.ingest.source import IngestError, Line, Source

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# GB2312 and GBK are read as GB18030 (their superset), Big5 as Big5-HKSCS; the names below are
# the WHATWG labels Python does not know.
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs"}
ALIASES = {"x-gbk": "gbk", "gb_2312-80": "gb2312", "x-x-big5": "big5", "unicode": "utf-16"}

# Control characters other than tab, newline, carriage return, form feed: a text file has none.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.01
GUESSES = ("gb18030", "big5", "utf_16_le", "utf_16_be", "cp1252")
MAX_LINES = 100_000  # an annual report has a few thousand lines at most; beyond this it is not one


class Lines:
    """The numbered lines a reader emits, refused once there are more than any report has."""

    def __init__(self) -> None:
        self.lines: list[Line] = []

    def add(self, text: str) -> int:
        """Append a line; its 1-based number."""
        self.lines.append(Line(text, None, len(self.lines) + 1))
        if len(self.lines) > MAX_LINES:
            raise too_long()
        return len(self.lines)


def too_long() -> IngestError:
    return IngestError(f"内容过长（超过 {MAX_LINES:,} 行），不像是一份年度报告")


def normal_encoding(name: str) -> str:
    """The codec we decode with for an encoding named in a file or guessed: GBK → GB18030."""
    key = name.strip().lower()
    try:
        canonical = codecs.lookup(ALIASES.get(key, key)).name
    except LookupError:
        raise IngestError(f"不支持的字符编码：{name}") from None
    return SUPERSETS.get(canonical, canonical)


def bom_encoding(data: bytes) -> str | None:
    return next((enc for bom, enc in BOMS if data.startswith(bom)), None)


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """``(text, encoding)``: a BOM wins, then ``declared`` (from an HTML meta), then UTF-8, then a guess."""
    encoding = bom_encoding(data)
    if encoding is None and declared:
        try:
            encoding = normal_encoding(declared)
            if encoding.startswith(("utf-16", "utf-32")):
                encoding = (
                    "utf-8"  # markup read as ASCII cannot be UTF-16: browsers take UTF-8 (WHATWG)
                )
            text = data.decode(encoding)
        except (IngestError, LookupError, UnicodeError):
            encoding = None  # a page that lies about its charset: fall back to looking at it
        else:
            return checked(text), encoding
    if encoding is None:
        try:
            return checked(data.decode("utf-8")), "utf-8"
        except UnicodeDecodeError:
            encoding = guess(data)
    return checked(data.decode(encoding, errors="replace")), encoding.removesuffix("-sig")


def guess(data: bytes) -> str:
    # Only what Chinese government files are saved in: a short GBK page is otherwise easily
    # "detected" as Korean or Japanese.
    best = charset_normalizer.from_bytes(data, cp_isolation=list(GUESSES)).best()
    if best is None:
        raise IngestError("无法识别文件的字符编码，可能不是文本文件")
    return normal_encoding(best.encoding)


def checked(text: str) -> str:
    """``text`` unless it is binary data that happened to decode (control characters)."""
    controls = len(_CONTROL.findall(text))
    if controls and (controls > MAX_CONTROL_SHARE * len(text) or "\x00" in text):
        raise IngestError("文件含有大量控制字符，不是文本文件")
    return text


def read_text(data: bytes, name: str) -> Source:
    """A ``.txt``/``.md`` file: one line per line, blank lines kept (they can be blank cells)."""
    text, encoding = decode(data)
    source = Source.from_text(text, name=name)
    if len(source.lines) > MAX_LINES:
        raise too_long()
    source.meta["encoding"] = encoding
    return source

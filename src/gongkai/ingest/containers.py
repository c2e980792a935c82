"""Opening any published report file into a :class:`Source` (ingest, stage one).

A 政府信息公开工作年度报告 (条例 §50) is found as PDF, DOCX, legacy DOC, a saved web page or
text, or as an Excel workbook.  The reader is chosen by the file's content, not its name: ``%PDF``
is a PDF, a zip holding ``word/document.xml`` is DOCX, one holding ``xl/workbook.xml`` is XLSX, an OLE2 compound file (``D0 CF 11 E0``) is a Word 97–2003
document, markup is HTML, and anything else must decode as text.  A wrong extension therefore
still reads; a file that is none of these gives an :class:`IngestError` with a Chinese message.

Limits keep a batch safe: files over :data:`MAX_BYTES` are refused before they are read, and
plain text over :data:`MAX_TEXT_BYTES` before it is decoded (a report's text is a few hundred
kilobytes; an 80 MB one-line text took 23 s and 1.6 GB to refuse later).  Saved web pages keep
the larger limit: an embedded image makes a real page tens of megabytes, and the HTML reader has
its own bounds.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from gongkai.ingest.pdf import read_pdf
from gongkai.ingest.source import IngestError, Source
from gongkai.ingest.text import bom_encoding, read_text
from gongkai.ingest.webpage import read_html
from gongkai.ingest.word import read_doc, read_docx
from gongkai.ingest.workbook import WORKBOOK, read_xlsx

MAX_BYTES = 100 * 1024 * 1024
MAX_TEXT_BYTES = 10 * 1024 * 1024
OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")
SNIFF = 2048

# Markup that starts an HTML document or fragment (a portal's saved article body starts at <p>).
_HTML_START = re.compile(
    r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|p|div|table|span|br|h[1-6]|center|font|section|article)[\s>/]",
    re.I | re.S,
)
_HTML_ANYWHERE = re.compile(r"<(?:html|body|table|/p|/div|br\s*/?)[\s>]", re.I)

Reader = Callable[[bytes, str], Source]


def sniff(data: bytes) -> str:
    """The container of ``data``: ``pdf``, ``docx``, ``xlsx``, ``doc``, ``zip``, ``html`` or
    ``text``."""
    head = data[:SNIFF]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(OLE2):
        return "doc"
    if head.startswith(b"PK\x03\x04"):
        if _zip_has(data, "word/document.xml"):
            return "docx"
        return "xlsx" if _zip_has(data, WORKBOOK) else "zip"
    encoding = (
        bom_encoding(head) or "latin-1"
    )  # markup is ASCII in every encoding we read but UTF-16/32
    text = head.decode(encoding.removesuffix("-sig"), errors="ignore").lstrip("\ufeff")
    if _HTML_START.match(text) or (text.lstrip().startswith("<") and _HTML_ANYWHERE.search(text)):
        return "html"
    return "text"


def _zip_has(data: bytes, member: str) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return member in archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        return False


def _not_supported(data: bytes, name: str) -> Source:
    raise IngestError("压缩包既不是 Word 文档（DOCX）也不是 Excel 工作簿（XLSX），不支持读取")


READERS: dict[str, Reader] = {
    "pdf": read_pdf,
    "docx": read_docx,
    "xlsx": read_xlsx,
    "doc": read_doc,
    "zip": _not_supported,
    "html": read_html,
    "text": read_text,
}


def check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise IngestError(f"文件过大（{size / 1048576:.0f} MB，上限 {MAX_BYTES // 1048576} MB）")


def open_bytes(data: bytes, name: str) -> Source:
    """The :class:`Source` of a file's content; ``name`` is only for messages and provenance."""
    check_size(len(data))
    if not data.strip():
        raise IngestError("文件为空")
    kind = sniff(data)
    if kind == "text" and len(data) > MAX_TEXT_BYTES:
        raise IngestError(
            f"文本文件过大（{len(data) / 1048576:.0f} MB，上限 "
            f"{MAX_TEXT_BYTES // 1048576} MB），不像是一份年度报告"
        )
    try:
        return READERS[kind](data, name)
    except RecursionError:
        raise IngestError("文件结构嵌套过深，无法读取") from None
    except MemoryError:
        raise IngestError("文件过大，内存不足以读取") from None


def read_file(path: Path) -> bytes:
    """The bytes of a file on disk; its size is checked before it is read."""
    try:
        check_size(path.stat().st_size)
        return path.read_bytes()
    except FileNotFoundError:
        raise IngestError(f"找不到文件：{path}") from None
    except IsADirectoryError:
        raise IngestError(f"这是目录而不是文件：{path}") from None
    except PermissionError:
        raise IngestError(f"没有权限读取文件：{path}") from None
    except OSError as exc:
        raise IngestError(f"无法读取文件：{path}（{exc.strerror}）") from None


def open_path(path: str | Path) -> Source:
    """The :class:`Source` of a file on disk."""
    path = Path(path)
    return open_bytes(read_file(path), path.name)

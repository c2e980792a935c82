"""Word documents (DOCX, and DOC through LibreOffice) as a :class:`Source` (ingest, stage one).

Many agencies fill in the official template of 国办公开办函〔2021〕30号 (and its predecessors) in
Word and publish the file.  Paragraphs and tables are read in body order; each table becomes a
:class:`~gongkai.ingest.source.SourceTable` with horizontal (``gridSpan``, ``gridBefore``) and
vertical (``vMerge``) merges expanded, and each table row is also a line of tab-joined cells.

A DOCX is a zip: before python-docx opens it, the declared sizes are checked so that a "zip
bomb" is refused instead of filling the memory.  A legacy ``.doc`` is converted to DOCX by
LibreOffice headless in a temporary directory, with a time limit.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from gongkai.ingest.grid import Span, cell_text, printed_table
from gongkai.ingest.source import IngestError, Printed, Source, SourceTable
from gongkai.ingest.text import Lines

MAX_MEMBERS = 10_000
MAX_UNPACKED = 200 * 1024 * 1024  # all members together, as declared in the zip directory
MAX_RATIO = 200  # a member inflating more than this (and past 1 MB) is a bomb, not a document
RATIO_FLOOR = 1024 * 1024
P, TBL, SDT, SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
DOC_TIMEOUT = 60  # seconds for LibreOffice to convert one .doc (under the batch's default 120)


def checked_zip(data: bytes, what: str = "DOCX", member: str = "word/document.xml") -> None:
    """Refuse a corrupt or hostile Office file (``what``: DOCX, XLSX) before any parser inflates
    it; ``member`` is the part every such file has."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise IngestError(f"{what} 文件已损坏，无法解压：{exc}") from None
    if len(members) > MAX_MEMBERS:
        raise IngestError(f"{what} 压缩包内文件过多（{len(members)} 个），疑似压缩炸弹")
    if sum(m.file_size for m in members) > MAX_UNPACKED:
        raise IngestError(f"{what} 解压后超过 200 MB，疑似压缩炸弹")
    for m in members:
        if m.file_size > RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise IngestError(f"{what} 内的 {m.filename} 压缩比异常，疑似压缩炸弹")
    if not any(m.filename == member for m in members):
        raise IngestError(f"压缩包中没有 {member}，不是 {what} 文件")


class BodyReader:
    """Lines and tables of a document body, in order."""

    def __init__(self) -> None:
        self.out = Lines()
        self.lines = self.out.lines
        self.tables: list[SourceTable] = []

    def line(self, text: str) -> int:
        return self.out.add(text)

    def paragraph(self, text: str) -> None:
        for part in text.splitlines():
            if part.strip():
                self.line(part.strip())

    def table(self, table: Table) -> None:
        spans: list[Span[Printed]] = []
        rows: list[tuple[int | None, int]] = []
        above: dict[int, Printed] = {}  # grid column → the cell a vMerge continues
        for r, tr in enumerate(table._tbl.tr_lst):
            number = len(self.lines) + 1
            texts: list[str] = []
            c = tr.grid_before
            for tc in tr.tc_lst:
                width = max(tc.grid_span, 1)
                printed = above.get(c) if tc.vMerge == "continue" else None
                if printed is None:
                    text = cell_text(_Cell(tc, table).text)
                    texts.append(text)
                    printed = Printed(text, None, number)
                for k in range(width):
                    above[c + k] = printed
                spans.append(Span(r, c, 1, width, printed))
                c += width
            rows.append((None, self.line("\t".join(texts))))
        found = printed_table(spans, rows)
        if found:
            self.tables.append(found)

    def read(self, document: Any) -> None:
        """The body in order; content controls (``w:sdt``, used by some templates) are opened."""
        body = document.element.body
        pending = list(body.iterchildren())[::-1]
        while pending:
            element = pending.pop()
            if element.tag == P:
                self.paragraph(Paragraph(element, document).text)
            elif element.tag == TBL:
                self.table(Table(element, document))
            elif element.tag == SDT:
                content = element.find(SDT_CONTENT)
                if content is not None:
                    pending.extend(list(content.iterchildren())[::-1])


def read_docx(data: bytes, name: str) -> Source:
    checked_zip(data)
    reader = BodyReader()
    try:
        document = docx.Document(io.BytesIO(data))
        reader.read(document)
    except IngestError:
        raise
    except Exception as exc:  # python-docx on a damaged package raises whatever its parts raise
        raise IngestError(f"无法读取 DOCX 文件：{type(exc).__name__}") from None
    meta: dict[str, str] = {}
    title = (document.core_properties.title or "").strip()
    if title:
        meta["title"] = title
    return Source(name=name, kind="docx", lines=reader.lines, tables=reader.tables, meta=meta)


def read_doc(data: bytes, name: str) -> Source:
    """A legacy Word 97–2003 file, converted by LibreOffice, read as DOCX."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise IngestError(
            "读取 .doc 文件需要 LibreOffice，请安装 Debian 软件包 libreoffice-writer-nogui"
        )
    with tempfile.TemporaryDirectory(prefix="gongkai-doc-") as tmp:
        source = Path(tmp, "input.doc")
        source.write_bytes(data)
        command = [
            soffice,
            f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",  # no clash between workers
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            tmp,
            str(source),
        ]
        # soffice forks soffice.bin: a session of its own lets a timeout kill them both
        with subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        ) as process:
            try:
                process.wait(timeout=DOC_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                raise IngestError(f".doc 文件转换超时（{DOC_TIMEOUT} 秒）") from None
        converted = Path(tmp, "input.docx")
        if not converted.exists():
            raise IngestError("LibreOffice 无法转换此 .doc 文件，文件可能已损坏")
        result = read_docx(converted.read_bytes(), name)
    result.kind = "doc"
    return result

"""Attachments of catalog items: accepted types, metadata stripped before publication, text kept
for search.

A document a unit publishes (条例 §23: through its website, searchable and downloadable) must not
carry what its authoring tools wrote into it: the author's and last editor's names, the company,
comments, revision counts, the camera and GPS position of a photo.  So every attachment is
rewritten on upload:

- PDF: the pages are copied into a new document (pdfium), which leaves the document information
  dictionary and the XMP metadata stream behind;
- DOCX: the core properties (author, last modified by, comments, keywords, revision, …) are
  emptied (python-docx);
- JPEG and PNG: the pixels are re-encoded without EXIF, XMP or text chunks (Pillow).

The type is decided by the file's first bytes, never by its name alone.  The text kept for search
is read by the ingest readers (:func:`gongkai.ingest.pdf.read_pdf`, which reads a scanned page
without a text layer by Tesseract OCR where it is installed, and
:func:`gongkai.ingest.word.read_docx`, which keeps tables and content controls).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime

import docx
import pypdfium2 as pdfium
from django.conf import settings
from PIL import Image, UnidentifiedImageError

from gongkai.ingest.pdf import read_pdf
from gongkai.ingest.word import read_docx
from gongkai_platform.core.errors import ActionRefused, ErrorCode

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
JPEG = "image/jpeg"
PNG = "image/png"
SUFFIXES = {PDF: (".pdf",), DOCX: (".docx",), JPEG: (".jpg", ".jpeg"), PNG: (".png",)}


@dataclass(frozen=True)
class Cleaned:
    data: bytes
    content_type: str
    text: str


def sniff(head: bytes, data: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return DOCX
        except zipfile.BadZipFile:
            return None
    return None


def sanitize(data: bytes, name: str) -> Cleaned:
    """The file rewritten without metadata, its type and its text; a Chinese refusal otherwise."""
    limit = settings.UPLOAD_MAX_BYTES
    if len(data) > limit:
        raise ActionRefused(ErrorCode.INVALID, f"附件不能超过 {limit // (1024 * 1024)} MB")
    kind = sniff(data[:16], data)
    if kind is None:
        raise ActionRefused(ErrorCode.INVALID, "附件只接受 PDF、DOCX、JPEG 或 PNG 文件")
    if not name.lower().endswith(SUFFIXES[kind]):
        raise ActionRefused(ErrorCode.INVALID, "附件扩展名与文件内容不符")
    try:
        if kind == PDF:
            return _pdf(data, name)
        if kind == DOCX:
            return _docx(data, name)
        return _image(data, kind)
    except ActionRefused:
        raise
    except Exception:  # a damaged file: the libraries raise many kinds; the user needs one answer
        raise ActionRefused(ErrorCode.INVALID, f"附件“{name}”已损坏或无法读取") from None


def _pdf(data: bytes, name: str) -> Cleaned:
    text = read_pdf(data, name).text
    source = pdfium.PdfDocument(data)
    try:
        clean = pdfium.PdfDocument.new()
        clean.import_pages(source)
        out = io.BytesIO()
        clean.save(out)
    finally:
        source.close()
    return Cleaned(out.getvalue(), PDF, text)


# Core properties of a Word file that name people or carry history (ECMA-376 part 2, §11).
_DOCX_PEOPLE = ("author", "last_modified_by", "comments", "keywords", "category", "subject")


def _docx(data: bytes, name: str) -> Cleaned:
    text = read_docx(data, name).text
    document = docx.Document(io.BytesIO(data))
    props = document.core_properties
    for field in _DOCX_PEOPLE:
        setattr(props, field, "")
    props.revision = 1
    epoch = datetime(2000, 1, 1)
    props.created = props.modified = props.last_printed = epoch
    out = io.BytesIO()
    document.save(out)
    return Cleaned(out.getvalue(), DOCX, text)


def _image(data: bytes, kind: str) -> Cleaned:
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except UnidentifiedImageError:
        raise ActionRefused(ErrorCode.INVALID, "图片无法读取") from None
    # A fresh image holds pixels only: no EXIF, XMP, ICC comments or PNG text chunks survive.
    pixels = Image.new(image.mode, image.size)
    pixels.paste(image)
    out = io.BytesIO()
    if kind == JPEG:
        pixels.save(out, format="JPEG", quality=92)
    else:
        pixels.save(out, format="PNG", optimize=True)
    return Cleaned(out.getvalue(), kind, "")

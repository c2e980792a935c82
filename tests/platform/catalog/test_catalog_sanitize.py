"""Attachments lose their metadata before publication and keep their text for search."""

from __future__ import annotations

import io

import docx
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

from gongkai.ingest import pdf as pdf_reader
from gongkai_platform.catalog.sanitize import DOCX, JPEG, PDF, PNG, sanitize
from gongkai_platform.core.errors import ActionRefused
from tools import require_tool

CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"  # Debian fonts-noto-cjk


def pdf_with_metadata() -> bytes:
    """A one-page PDF whose information dictionary names an author and a producer."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        None,  # the content stream, below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Author (Zhang San) /Producer (Secret Office Suite) /Title (Draft v7) >>",
    ]
    stream = b"BT /F1 12 Tf 20 100 Td (Budget 2025 subsidy list) Tj ET"
    objects[3] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"  # type: ignore[operator]
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_pdf_information_dictionary_is_removed_and_text_kept() -> None:
    source = pdf_with_metadata()
    assert pdfium.PdfDocument(source).get_metadata_dict()["Author"] == "Zhang San"
    cleaned = sanitize(source, "预算.pdf")
    assert cleaned.content_type == PDF and "Budget 2025 subsidy list" in cleaned.text
    clean = pdfium.PdfDocument(cleaned.data)
    assert len(clean) == 1
    metadata = clean.get_metadata_dict()
    assert (
        not metadata.get("Author")
        and not metadata.get("Title")
        and "Secret" not in metadata.get("Producer", "")
    )
    assert b"Zhang San" not in cleaned.data and b"Draft v7" not in cleaned.data


def test_docx_core_properties_are_emptied_and_text_kept() -> None:
    document = docx.Document()
    document.core_properties.author = "张三"
    document.core_properties.last_modified_by = "李四"
    document.core_properties.comments = "内部讨论稿，勿外传"
    document.add_paragraph("补贴对象须在本镇连续居住满三年。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "补贴标准"
    table.rows[0].cells[1].text = "每月500元"
    out = io.BytesIO()
    document.save(out)
    cleaned = sanitize(out.getvalue(), "标准.docx")
    assert cleaned.content_type == DOCX
    assert "连续居住满三年" in cleaned.text and "补贴标准\t每月500元" in cleaned.text
    props = docx.Document(io.BytesIO(cleaned.data)).core_properties
    assert (props.author, props.last_modified_by, props.comments) == ("", "", "")
    assert "张三".encode() not in cleaned.data and "勿外传".encode() not in cleaned.data


def test_jpeg_exif_and_png_text_chunks_are_removed() -> None:
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x013B] = "Photographer Wang"  # Artist
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "red").save(out, format="JPEG", exif=exif.tobytes())
    assert b"Photographer Wang" in out.getvalue()
    cleaned = sanitize(out.getvalue(), "现场.jpg")
    assert cleaned.content_type == JPEG and b"Photographer Wang" not in cleaned.data
    assert not Image.open(io.BytesIO(cleaned.data)).getexif()
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Zhang San")
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "blue").save(out, format="PNG", pnginfo=info)
    cleaned = sanitize(out.getvalue(), "流程图.png")
    assert cleaned.content_type == PNG and b"Zhang San" not in cleaned.data
    assert Image.open(io.BytesIO(cleaned.data)).size == (16, 16)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"GIF89a......", "a.gif", "只接受 PDF、DOCX、JPEG 或 PNG"),
        (b"%PDF-1.4 garbage", "a.pdf", "已损坏或无法读取"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "a.pdf", "扩展名与文件内容不符"),
        (b"PK\x03\x04 not a zip", "a.docx", "只接受"),
    ],
    ids=["其他类型", "损坏的PDF", "扩展名不符", "非Word压缩包"],
)
def test_bad_files_get_a_chinese_refusal(data: bytes, name: str, message: str) -> None:
    with pytest.raises(ActionRefused, match=message):
        sanitize(data, name)


def scanned_pdf(text: str) -> bytes:
    """A PDF holding one page image of ``text`` and no text layer, as a scanner makes it."""
    font = ImageFont.truetype(CJK_FONT, 36, index=2)  # index 2: the SC face
    page = Image.new("RGB", (1240, 400), "white")
    ImageDraw.Draw(page).text((60, 150), text, font=font, fill="black")
    out = io.BytesIO()
    page.save(out, format="PDF", resolution=150)
    return out.getvalue()


def test_scanned_pdf_text_is_read_by_ocr_for_search() -> None:
    """A scanned attachment (图片版) has no text layer: the ingest reader's Tesseract path reads it,
    so its words are searchable like any other attachment's."""
    require_tool("tesseract")
    if pdf_reader.tesseract() is None:
        pytest.fail("tesseract is installed without its chi_sim language data")
    data = scanned_pdf("耕地地力保护补贴发放名单")
    assert pdfium.PdfDocument(data)[0].get_textpage().get_text_range().strip() == ""
    cleaned = sanitize(data, "名单.pdf")
    assert "耕地地力保护补贴" in cleaned.text.replace(" ", "")

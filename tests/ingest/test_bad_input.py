"""Bad input to stage one of ingest: a clear Chinese IngestError, never a crash or a hang."""

from __future__ import annotations

import base64
import contextlib
import io
import random
import re
import time
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stage_one import DATA, docx_bytes, printed_example, printed_pdf

from gongkai.ingest import containers, word
from gongkai.ingest import pdf as pdf_reader
from gongkai.ingest.containers import open_bytes, open_path
from gongkai.ingest.source import IngestError, Source
from gongkai.ingest.text import decode
from gongkai.ingest.webpage import read_html

CJK = "[\u4e00-\u9fff]"


def refused(data: bytes, name: str = "bad") -> str:
    with pytest.raises(IngestError) as info:
        open_bytes(data, name)
    message = str(info.value)
    assert re.search(CJK, message), message  # for users: Chinese
    return message


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(IngestError, match="文件为空"):
        open_path(empty)
    assert "文件为空" in refused(b" \n\t ")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(IngestError, match="找不到文件"):
        open_path(tmp_path / "none.pdf")
    with pytest.raises(IngestError, match="目录"):
        open_path(tmp_path)


def test_random_binary():
    noise = random.Random(20240101).randbytes(64 * 1024)
    assert "不是文本文件" in refused(noise, "noise.bin")


def test_binary_with_wrong_extension():
    png = b"\x89PNG\r\n\x1a\n" + random.Random(7).randbytes(4096)
    assert "不是文本文件" in refused(png, "report.pdf")


def test_corrupt_pdf():
    truncated = printed_example("pdf")[:5000]  # a real report's PDF cut short
    assert "PDF" in refused(truncated, "cut.pdf")
    assert "PDF 文件已损坏" in refused(b"%PDF-1.7\n" + b"garbage " * 100, "junk.pdf")


def test_encrypted_pdf():
    message = refused((DATA / "encrypted.pdf").read_bytes(), "encrypted.pdf")
    assert "已加密" in message


def test_pdf_page_with_too_many_lines_skips_table_finding(monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_EDGES", 10)
    rows = "".join(f"<tr><td>第{i}行</td><td>{i}</td></tr>" for i in range(8))
    html = f"<style>td {{ border: 1px solid }}</style><p>年度报告</p><table>{rows}</table>"
    source = open_bytes(printed_pdf(html), "lines.pdf")
    assert source.tables == []
    [finding] = source.findings
    assert (finding.rule, finding.severity, finding.actual) == (
        "ingest.tables_skipped",
        "warning",
        [1],
    )
    assert source.lines[0].text == "年度报告"  # the text is still read


def test_corrupt_docx():
    data = docx_bytes()
    assert "DOCX" in refused(data[: len(data) // 2], "cut.docx")


def test_zip_that_is_not_an_office_document():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("ppt/presentation.xml", "<presentation/>")
    assert "不是 Word 文档（DOCX）也不是 Excel 工作簿" in refused(out.getvalue(), "slides.docx")


def test_broken_workbook_is_refused_in_chinese():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    assert "XLSX" in refused(out.getvalue(), "book.xlsx")


def test_docx_zip_bomb_refused_before_inflating():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (64 * 1024 * 1024))  # inflates ~1000×
    bomb = out.getvalue()
    assert len(bomb) < 200 * 1024
    assert "压缩炸弹" in refused(bomb, "bomb.docx")


def test_docx_too_many_members(monkeypatch):
    monkeypatch.setattr(word, "MAX_MEMBERS", 3)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for part in ("document", "styles", "settings", "fontTable"):
            z.writestr(f"word/{part}.xml", "<x/>")
    assert "文件过多" in refused(out.getvalue(), "many.docx")


def test_too_large_refused_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.pdf"
    with big.open("wb") as f:  # sparse: 101 MB on paper, nothing on disk
        f.truncate(containers.MAX_BYTES + 1)
    monkeypatch.setattr(type(big), "read_bytes", lambda self: pytest.fail("read"))
    with pytest.raises(IngestError, match="文件过大"):
        open_path(big)


def test_fifty_megabyte_html_finishes_in_bounded_time():
    paragraph = "<p>平潭综合实验区政府信息公开工作年度报告，受理申请117件。</p>".encode()
    page = b"<html><body>" + paragraph * (1 + 50 * 1024 * 1024 // len(paragraph)) + b"</body>"
    assert len(page) >= 50 * 1024 * 1024
    started = time.perf_counter()
    message = refused(page, "huge.html")
    assert "不像是一份年度报告" in message
    assert time.perf_counter() - started < 60


def test_fifty_megabyte_page_with_an_embedded_image_reads():
    image = base64.b64encode(random.Random(3).randbytes(38 * 1024 * 1024))
    page = (
        b"<p>\xe5\xb9\xb4\xe5\xba\xa6\xe6\x8a\xa5\xe5\x91\x8a</p><img src='data:image/png;base64,"
    )
    page += image + b"'><p>117</p>"
    assert len(page) >= 50 * 1024 * 1024
    started = time.perf_counter()
    assert [ln.text for ln in open_bytes(page, "img.html").lines] == ["年度报告", "117"]
    assert time.perf_counter() - started < 60


def test_html_with_millions_of_elements_finishes_in_bounded_time():
    page = b"<html><body>" + b"<span>\xe5\xad\x97</span>" * 700_000 + b"</body></html>"
    started = time.perf_counter()
    assert "网页元素过多" in refused(page, "spans.html")
    assert time.perf_counter() - started < 60


def test_html_table_with_huge_spans():
    page = b"<table>" + b'<tr><td rowspan="65534" colspan="1000">x</td></tr>' * 2000 + b"</table>"
    assert "表格过大" in refused(page, "spans.html")


def test_deeply_nested_html_does_not_crash():
    page = b"<div>" * 100_000 + "深".encode() + b"</div>" * 100_000
    source = open_bytes(page, "deep.html")  # libxml2 stops at its depth limit; no recursion here
    assert isinstance(source, Source)


def test_html_lying_about_its_charset():
    page = '<meta charset="utf-8"><p>平潭县人民政府</p>'.encode("gb18030")
    source = open_bytes(page, "liar.html")
    assert source.lines[0].text == "平潭县人民政府"
    assert source.meta["encoding"] == "gb18030"


@pytest.mark.parametrize("charset", ["rot13", "base64", "no-such-codec", "zip", "utf-16", "utf-32"])
def test_html_declaring_a_bogus_charset(charset):
    page = f'<meta charset="{charset}"><p>年度报告</p>'.encode()
    assert open_bytes(page, "bogus.html").lines[0].text == "年度报告"


FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=4096))
def test_fuzz_text_decoder(data):
    try:
        text, encoding = decode(data)
    except IngestError:
        return
    assert isinstance(text, str) and encoding


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=4096),
        st.text(max_size=2000).map(lambda t: ("<html><body><table><tr><td>" + t).encode()),
        st.lists(
            st.sampled_from(
                [
                    "<table>",
                    "</table>",
                    "<tr>",
                    "<td rowspan=3>",
                    "<td colspan=999999>",
                    "<th>",
                    "</td>",
                    "<p>",
                    "<br>",
                    "<!--",
                    "-->",
                    "<script>",
                    "&nbsp;",
                    "１２",
                    "<meta charset=gbk>",
                ]
            ),
            max_size=200,
        ).map(lambda parts: "".join(parts).encode()),
    )
)
def test_fuzz_html_reader(data):
    try:
        source = read_html(data, "fuzz.html")
    except IngestError:
        return
    for table in source.tables:
        assert len({len(row) for row in table.rows}) == 1  # rectangular


@FUZZ
@given(st.binary(max_size=2048))
def test_fuzz_any_container(data):
    with contextlib.suppress(IngestError):
        open_bytes(data, "fuzz")

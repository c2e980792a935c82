"""Reading a published report from its web address (gongkai.ingest.remote), against a server on
127.0.0.1: only http/https, a deadline that a slow server cannot stretch, a size limit, the
content sniffed, and a Chinese message for every failure."""

from __future__ import annotations

import time

import pytest

from gongkai.ingest.pipeline import ingest_bytes
from gongkai.ingest.remote import fetch
from gongkai.ingest.source import IngestError
from local_http import LOCAL, Route, closed_port, serving
from tools import CORPUS

HTML = (CORPUS / "pingtan-html").glob("*.htm*")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_report_page_is_fetched_hashed_and_read_like_a_file() -> None:
    page = next(iter(sorted(HTML))).read_bytes()
    routes = {
        "/2013/report.html": Route(page, headers={"Content-Type": "text/html; charset=utf-8"}),
        "/moved": Route(status=302, headers={"Location": "/2013/report.html"}),
    }
    with serving(routes) as base:
        got = fetch(f"{base}/moved", allowed=LOCAL)
    assert got.url == f"{base}/moved" and got.final_url == f"{base}/2013/report.html"
    assert got.data == page and got.kind == "html" and got.content_type == "text/html"
    assert len(got.sha256) == 64 and got.fetched_at.tzinfo is not None
    assert got.name == "report.html"
    report = ingest_bytes(got.data, got.name)
    assert report.year is not None and any(v is not None for v in report.cells.values())


def test_json_served_without_an_extension_gets_a_json_name() -> None:
    with serving({"/api/r": Route(b'{"a": 1}', headers={"Content-Type": "application/json"})}) as b:
        assert fetch(f"{b}/api/r", allowed=LOCAL).name == "r.json"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://127.0.0.1/report.pdf", "只能读取 http 或 https 网址"),
        ("file:///etc/passwd", "只能读取 http 或 https 网址"),
        ("", "只能读取 http 或 https 网址"),
        ("http://", "只能读取 http 或 https 网址"),
    ],
)
def test_only_http_and_https(url: str, message: str) -> None:
    with pytest.raises(IngestError, match=message):
        fetch(url, allowed=LOCAL)


def test_every_failure_is_a_chinese_message_never_a_hang() -> None:
    routes = {
        "/to-ftp": Route(status=302, headers={"Location": "ftp://127.0.0.1/report.pdf"}),
        "/to-file": Route(status=302, headers={"Location": "file:///etc/passwd"}),
        "/gone": Route(b"no", status=410),
        "/big": Route(b"%PDF-1.7 " + b"x" * 5000, length=-1),
        "/liar": Route(b"%PDF-1.7", length=10**9),
        "/slow": Route(b"%PDF-1.7 " + b"x" * 100, drip=0.2),
        "/image.png": Route(PNG, headers={"Content-Type": "image/png"}),
        "/empty": Route(b"  "),
        "/archive.zip": Route(b"PK\x03\x04" + b"\x00" * 40),
    }
    with serving(routes) as base:
        cases = [
            ("/to-ftp", "重定向到不支持的地址"),
            ("/to-file", "HTTP 302"),  # urllib itself refuses a redirect to a file
            ("/gone", "HTTP 410"),
            ("/liar", "文件过大（954 MB，上限 1 KB）"),
            ("/image.png", r"不是年度报告文件（image/png）"),
            ("/empty", "内容为空"),
            ("/archive.zip", "不是年度报告文件（压缩包）"),
        ]
        for path, message in cases:
            with pytest.raises(IngestError, match=message):
                fetch(base + path, max_bytes=1000, allowed=LOCAL)
        with pytest.raises(IngestError, match="超过上限"):  # no honest Content-Length needed
            fetch(base + "/big", max_bytes=1000, allowed=LOCAL)
        started = time.monotonic()
        with pytest.raises(IngestError, match="超时"):
            fetch(base + "/slow", timeout=1.0, allowed=LOCAL)  # bytes keep coming, but too slowly
        assert time.monotonic() - started < 3
    with pytest.raises(IngestError, match="无法访问网址"):
        fetch(f"http://127.0.0.1:{closed_port()}/report.pdf", timeout=2, allowed=LOCAL)


def test_an_internal_address_is_refused_unless_its_network_is_allowed() -> None:
    """Server-side request forgery: a URL must not make the server read its own loopback, the
    cloud metadata address or the office LAN; an intranet site is read only when allowed."""
    routes = {"/r.html": Route(b"<p>report</p>", headers={"Content-Type": "text/html"})}
    with serving(routes) as base:
        with pytest.raises(IngestError, match=r"指向内部网络地址 127\.0\.0\.1，为安全起见不予读取"):
            fetch(f"{base}/r.html")
        assert fetch(f"{base}/r.html", allowed=LOCAL).data == b"<p>report</p>"


def test_a_redirect_to_an_internal_address_is_refused() -> None:
    """The address is checked on every connection, so an allowed (or public) site cannot send
    the reader on to an internal one."""
    inner = {"/secret": Route(b"internal", headers={"Content-Type": "text/plain"})}
    with serving(inner, host="127.0.0.2") as hidden:
        outer = {"/r": Route(status=302, headers={"Location": f"{hidden}/secret"})}
        with serving(outer) as base, pytest.raises(IngestError, match=r"内部网络地址 127\.0\.0\.2"):
            fetch(f"{base}/r", allowed=LOCAL)

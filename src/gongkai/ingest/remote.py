"""Fetching a published report from its web address, for the same readers as a file.

Agencies publish their 政府信息公开工作年度报告 on their own websites (条例 §49, §50; docs/law.md),
so a supervising office or a researcher often has a URL rather than a file.  :func:`fetch` gets
the bytes and nothing more: the reader is still chosen by content
(:func:`gongkai.ingest.containers.sniff`), exactly as for a file on disk.

What keeps a fetch safe and bounded:

- only ``http`` and ``https`` (also after a redirect: no ``file:`` or ``ftp:``);
- a timeout on connecting and on every read, and a deadline for the whole download, so a server
  that sends a byte a second cannot hold the caller (at most about twice ``timeout``);
- a size limit, checked against ``Content-Length`` before reading and again while reading;
- the content sniffed: an image, audio, video or an archive that is not DOCX/XLSX is refused
  with a message saying what came back;
- only public addresses: the address actually connected to (after DNS, and for every redirect)
  must be a global one, or inside a network the caller allows (an intranet site on 政务外网), so a
  URL cannot make the server read its own loopback, the cloud's metadata address or the office
  LAN (server-side request forgery).  Checked on the connected socket, so a name that resolves
  to a public address first and a private one later gains nothing.

Every failure is an :class:`~gongkai.ingest.source.IngestError` with a Chinese message.  Only the
standard library is used (``urllib``): no HTTP client is among the project's dependencies.
"""

from __future__ import annotations

import hashlib
import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from http.client import HTTPMessage
from pathlib import PurePosixPath
from typing import IO, Any
from urllib.parse import unquote, urlsplit

from gongkai.ingest.containers import sniff
from gongkai.ingest.source import IngestError

SCHEMES = ("http", "https")
MAX_FETCH_BYTES = 50 * 1024 * 1024
TIMEOUT = 20.0  # seconds: twice this, plus reading, stays within gunicorn's 60 s (scripts/serve.sh)
CHUNK = 64 * 1024
# Declared types that are never a report, whatever the bytes sniff as (a PNG sniffs as text).
NOT_REPORTS = ("image/", "audio/", "video/", "font/")
USER_AGENT = "gongkai (government information disclosure report reader)"


@dataclass(frozen=True)
class Fetched:
    """What a fetch brought back: the bytes and where, when and as what they came."""

    url: str  # as asked
    final_url: str  # after redirects
    data: bytes
    content_type: str  # as the server declared it ("" if it did not)
    kind: str  # the container sniffed from the content: pdf, docx, xlsx, doc, html, text
    fetched_at: datetime
    sha256: str

    @property
    def name(self) -> str:
        """A file name for the readers' messages and provenance: the URL's last path segment,
        with ``.json`` where the server sent JSON (the report-json reader is chosen by it)."""
        segment = unquote(PurePosixPath(urlsplit(self.final_url).path).name) or "report"
        if self.content_type == "application/json" and not segment.lower().endswith(".json"):
            segment += ".json"
        return segment


class _SchemeGuard(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http/https addresses only."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme.lower() not in SCHEMES:
            raise IngestError(
                f"网址被重定向到不支持的地址：{newurl}（只能读取 http 或 https 网址）"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _guarded(base: type[http.client.HTTPConnection], allowed: Sequence[Network]) -> Any:
    """``base`` whose connections refuse a peer address that is neither global nor in
    ``allowed``, checked on the socket once connected (before any TLS or request is sent)."""

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        sock = socket.create_connection(address, *args, **kwargs)
        peer = ipaddress.ip_address(sock.getpeername()[0])
        if isinstance(peer, ipaddress.IPv6Address) and peer.ipv4_mapped is not None:
            peer = peer.ipv4_mapped
        if not peer.is_global and not any(peer in network for network in allowed):
            sock.close()
            raise IngestError(
                f"网址 {address[0]} 指向内部网络地址 {peer}，为安全起见不予读取"
                "（如确需读取内网网站，请由管理员在设置中允许该网段）"
            )
        return sock

    class Guarded(base):  # type: ignore[valid-type,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._create_connection = create_connection

    return Guarded


class _GuardedHTTP(urllib.request.HTTPHandler):
    def __init__(self, allowed: Sequence[Network]) -> None:
        super().__init__()
        self.connection = _guarded(http.client.HTTPConnection, allowed)

    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(self.connection, req)


class _GuardedHTTPS(urllib.request.HTTPSHandler):
    def __init__(self, allowed: Sequence[Network]) -> None:
        super().__init__()
        self.connection = _guarded(http.client.HTTPSConnection, allowed)

    def https_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(self.connection, req, context=self._context)  # type: ignore[attr-defined]


def _size(size: int) -> str:
    return f"{size / 1048576:.0f} MB" if size >= 1048576 else f"{size / 1024:.0f} KB"


def fetch(
    url: str,
    *,
    timeout: float = TIMEOUT,
    max_bytes: int = MAX_FETCH_BYTES,
    allowed: Sequence[Network] = (),
) -> Fetched:
    """The content at ``url`` (http or https), within ``timeout`` seconds and ``max_bytes``,
    from a public address or one inside the ``allowed`` networks."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES or not parts.netloc:
        raise IngestError(f"只能读取 http 或 https 网址：{url or '（空）'}")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    # No proxy from the environment: the address checked must be the one the report comes from.
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        _SchemeGuard,
        _GuardedHTTP(allowed),
        _GuardedHTTPS(allowed),
    )
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            content_type = response.headers.get_content_type() if response.headers else ""
            if "Content-Type" not in response.headers:
                content_type = ""
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise IngestError(
                    f"网址上的文件过大（{_size(int(declared))}，上限 {_size(max_bytes)}）：{url}"
                )
            data = _read(response, url, deadline, timeout, max_bytes)
            final_url = response.geturl()
    except IngestError:
        raise
    except urllib.error.HTTPError as exc:
        raise IngestError(
            f"网址返回错误 HTTP {exc.code}（{exc.reason}），无法读取：{url}"
        ) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise IngestError(f"读取网址超时（{timeout:.0f} 秒内未完成）：{url}") from None
        raise IngestError(f"无法访问网址（{exc.reason}）：{url}") from None
    except TimeoutError:
        raise IngestError(f"读取网址超时（{timeout:.0f} 秒内未完成）：{url}") from None
    except (OSError, ValueError) as exc:  # connection reset, bad port, malformed response
        raise IngestError(f"无法访问网址（{exc}）：{url}") from None
    if not data.strip():
        raise IngestError(f"网址返回的内容为空：{url}")
    kind = sniff(data)
    if content_type.startswith(NOT_REPORTS) or kind == "zip":
        shown = content_type or "压缩包"
        raise IngestError(f"网址返回的不是年度报告文件（{shown}），无法读取：{url}")
    return Fetched(
        url=url,
        final_url=final_url,
        data=data,
        content_type=content_type,
        kind=kind,
        fetched_at=datetime.now(UTC),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _read(response: Any, url: str, deadline: float, timeout: float, max_bytes: int) -> bytes:
    """The body in chunks, refusing it as soon as it passes ``max_bytes`` or the deadline.
    ``read1`` returns after one read from the socket: ``read(n)`` would wait for all n bytes,
    and a server sending a byte at a time would then never reach the deadline check."""
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read1(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise IngestError(f"网址上的文件过大（超过上限 {_size(max_bytes)}）：{url}")
        if time.monotonic() > deadline:
            raise IngestError(f"读取网址超时（{timeout:.0f} 秒内未完成）：{url}")
        chunks.append(chunk)
    return b"".join(chunks)

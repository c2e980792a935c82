"""Checks on uploaded files (identity proofs, 条例 §29(1); the information a reply provides,
§36(2)): type by content, size by setting.

Files are stored under ``MEDIA_ROOT`` (``$GONGKAI_DATA_DIR/uploads``), which is never served
directly; the download view checks the user's unit first.  The type is decided by the file's first
bytes, not by the name or the browser's claim.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from gongkai_platform.core.errors import ActionRefused, ErrorCode

# Accepted types: their signature, the names they may carry, and the type to serve them with.
SIGNATURES = (
    (b"%PDF-", (".pdf",), "application/pdf"),
    (b"\xff\xd8\xff", (".jpg", ".jpeg"), "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", (".png",), "image/png"),
)


def content_type(head: bytes) -> str | None:
    return next((mime for magic, _, mime in SIGNATURES if head.startswith(magic)), None)


def check_upload(upload: UploadedFile) -> str:
    """The file's content type; a refusal if it is too large or not a PDF, JPEG or PNG."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise ActionRefused(ErrorCode.INVALID, f"上传文件不能超过 {limit // (1024 * 1024)} MB")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    name = (upload.name or "").lower()
    for magic, suffixes, mime in SIGNATURES:
        if head.startswith(magic):
            if not name.endswith(suffixes):
                raise ActionRefused(ErrorCode.INVALID, "文件扩展名与文件内容不符")
            return mime
    raise ActionRefused(ErrorCode.INVALID, "上传文件只接受 PDF、JPEG 或 PNG 格式")

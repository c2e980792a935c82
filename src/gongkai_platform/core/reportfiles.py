"""Reading a published annual report from a file someone hands the platform: a report-json
document (``gongkai/annual-report@1``), or any file the ingest readers read (PDF, DOCX, HTML,
text; ``gongkai.ingest``), through the same pipeline as ``gongkai ingest``.  Used by the
supervising office receiving its units' reports and by a unit importing last year's report in
its first year on the platform; a file that cannot be read is a refusal in Chinese."""

from __future__ import annotations

import logging

from gongkai.report import Report, ReportError
from gongkai_platform.core.errors import ActionRefused, ErrorCode

logger = logging.getLogger(__name__)


def read_report(data: bytes, name: str) -> Report:
    """The report in ``data`` (the file's name says its type)."""
    if name.lower().endswith(".json"):
        try:
            return Report.loads(data.decode("utf-8"))
        except UnicodeDecodeError:
            raise ActionRefused(ErrorCode.INVALID, "文件不是 UTF-8 编码的 JSON") from None
        except ReportError as exc:
            raise ActionRefused(ErrorCode.INVALID, str(exc)) from None
    from gongkai.ingest.pipeline import ingest_bytes
    from gongkai.ingest.source import IngestError

    try:
        return ingest_bytes(data, name)
    except IngestError as exc:
        raise ActionRefused(ErrorCode.INVALID, str(exc)) from None
    except Exception as exc:  # a reader's bug costs this file, not the page (logged to fix it)
        logger.exception("读取年度报告文件 %s 时出错", name)
        raise ActionRefused(
            ErrorCode.INVALID, f"无法读取该文件（内部错误 {type(exc).__name__}），请改用 JSON 文件"
        ) from None

"""A published report's file once its container is opened: lines and tables, each with its place.

Ingest of published 政府信息公开工作年度报告 (条例 §50) runs in two stages.  Stage one opens the
container (PDF, DOCX, DOC, HTML in any encoding, plain text) into a :class:`Source`: the running
text as numbered lines and the tables found structurally, as printed, in the original characters
(traditional forms stay traditional here; matching normalises later).  Stage two
(:mod:`gongkai.ingest.interpret`) reads the report model out of a ``Source``.  Every value of the
model points back, through :class:`gongkai.report.Provenance`, to a line of the ``Source``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.report import Finding, Provenance


class IngestError(Exception):
    """A file that cannot be read at all; the message is for users (Chinese)."""


@dataclass(frozen=True)
class Line:
    """One line of running text as printed.

    ``page`` is the 1-based page of a paged source (PDF) and ``None`` otherwise; ``number`` is
    1-based, counted within the page for paged sources and in the whole document otherwise.  A
    table row is also a line (its cells joined by a tab), so every table cell has a line number.
    """

    text: str
    page: int | None
    number: int


@dataclass(frozen=True)
class Printed:
    """One grid position of a table: the printed text and the line that holds it."""

    text: str
    page: int | None
    line: int

    def provenance(self) -> Provenance:
        return Provenance(page=self.page, line=self.line, text=self.text)


@dataclass
class SourceTable:
    """A table found structurally (a ruled PDF table, a DOCX or HTML table).

    ``rows`` is rectangular; a merged cell repeats its :class:`Printed` at every position it
    covers, as :func:`gongkai.ingest.grid.html_table_grid` does for texts.
    """

    rows: list[list[Printed]]

    @property
    def texts(self) -> list[list[str]]:
        return [[cell.text for cell in row] for row in self.rows]


@dataclass
class Source:
    """What stage one read from one file.

    ``kind`` is the container that was read (``pdf``, ``docx``, ``doc``, ``html``, ``text``);
    ``meta`` holds what the container says besides the body (``title``, ``published`` as an
    ISO date from a page's 发布时间, ``encoding``); ``findings`` are stage one's own findings
    (a page with no text layer, a table cut by a page break …).
    """

    name: str
    kind: str
    lines: list[Line]
    tables: list[SourceTable] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @classmethod
    def from_text(cls, text: str, *, name: str = "<text>") -> Source:
        """A plain-text source: one line per line of ``text``, no structural tables."""
        lines = [Line(t, None, n) for n, t in enumerate(text.splitlines(), start=1)]
        return cls(name=name, kind="text", lines=lines)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

"""The vocabulary in which a template generation of the annual report is written down as data.

条例 §50 fixes what an annual report contains and lets the national OGI office publish a unified
format; the office has done so three times (national 统计表 under 国办发〔2014〕32号, the 试行 format
of 国办公开办函〔2019〕60号, the format of 国办公开办函〔2021〕30号).  Each generation is declared once
with the classes below (see ``cn2021.py`` etc.); rendering, checking, ingest and the web forms all
read that one declaration.

A table is declared by its data rows and data columns.  Each row and column carries its *label
path*: the printed header cells from the outside in (``("三、本年度办理结果", "（三）不予公开",
"1.属于国家秘密")``).  Merged header cells are not declared: equal neighbouring path elements
merge, exactly as on the printed form, and :mod:`gongkai.render.layout` derives the grid from that.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """What a cell may hold (docs/law.md §1.6 I5)."""

    COUNT = "count"  # an integer ≥ 0
    SIGNED = "signed"  # an integer that may be negative (2019 本年增/减)
    AMOUNT = "amount"  # a decimal ≥ 0 (money, 万元)


@dataclass(frozen=True)
class Label:
    """A printed caption and the spellings accepted for it on ingest.

    ``text`` is reproduced exactly when rendering; ``variants`` are other printed forms seen in
    real reports (1、 for 1., traditional characters, known typos).
    """

    text: str
    variants: tuple[str, ...] = ()

    def spellings(self) -> tuple[str, ...]:
        return (self.text, *self.variants)


def label(text: str, *variants: str) -> Label:
    return Label(text, tuple(variants))


@dataclass(frozen=True)
class Row:
    """A data row: its key part and its printed label path (outermost first)."""

    key: str
    path: tuple[Label, ...]
    unit: str | None = None  # printed in a unit column (cn2014) or implied
    kind: Kind = Kind.COUNT

    @property
    def label(self) -> Label | None:
        return self.path[-1] if self.path else None  # 表四's single row has no label


@dataclass(frozen=True)
class Column:
    """A data column: its key part and its printed header path (outermost first)."""

    key: str
    path: tuple[Label, ...]
    kind: Kind = Kind.COUNT
    unit: str | None = None

    @property
    def label(self) -> Label:
        return self.path[-1]


@dataclass(frozen=True)
class Note:
    """A printed row that carries no figure (a block heading or a fill-in sentence)."""

    text: str
    unit: str = ""


@dataclass(frozen=True)
class Cell:
    """One figure of a report: where it sits in its table and what it may hold."""

    key: str
    table: Table
    row: Row
    column: Column

    @property
    def kind(self) -> Kind:
        # A column's kind wins over the default row kind, and an explicit row kind over both.
        if self.row.kind is not Kind.COUNT:
            return self.row.kind
        return self.column.kind

    @property
    def unit(self) -> str | None:
        return self.column.unit or self.row.unit

    @property
    def label_path(self) -> tuple[str, ...]:
        return (
            self.table.title,
            *(lab.text for lab in self.row.path),
            *(lab.text for lab in self.column.path),
        )


@dataclass(frozen=True)
class Table:
    """One printed table (or one captioned block of 表二).

    ``prefix`` starts every cell key; a cell key is ``prefix.row.column`` with empty parts
    dropped.  ``corner`` is the text of the top-left header cell (表三 prints its identity there).
    ``rows`` may interleave :class:`Note` rows, printed but carrying no figure (cn2014 headings).
    """

    id: str
    title: str
    prefix: str
    columns: tuple[Column, ...]
    rows: tuple[Row | Note, ...]
    corner: tuple[str, ...] = ()
    unit_column: str | None = None  # caption of a printed unit column (cn2014: 单位)
    caption: str | None = None  # a caption row printed above the block (表二: 第二十条第（一）项)
    group: str = ""  # blocks of one group print as one table (表二); defaults to the id

    def __post_init__(self) -> None:
        if not self.group:
            object.__setattr__(self, "group", self.id)

    def data_rows(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if isinstance(r, Row))

    def key(self, row: Row, column: Column) -> str:
        return ".".join(part for part in (self.prefix, row.key, column.key) if part)

    def cells(self) -> Iterator[Cell]:
        for row in self.data_rows():
            for column in self.columns:
                yield Cell(self.key(row, column), self, row, column)


@dataclass(frozen=True)
class Section:
    """A numbered report section with its fixed title (2021 format: 一 总体情况 … 六 其他)."""

    key: str  # report-json.md `sections` key
    number: str  # 一, 二, …
    title: Label
    tables: tuple[str, ...] = ()  # groups of the tables printed in this section


@dataclass(frozen=True)
class Format:
    """A template generation: its sections, its tables and the years it governs."""

    name: str
    title: str
    basis: str  # the notice that set it
    years: tuple[int | None, int | None]  # first and last report year (inclusive), None = open
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    # True when the tables are published as the report's attachment (附件) after the signature
    # instead of inside their sections: the 统计表 of 国办发〔2014〕32号.
    tables_attached: bool = False
    _cells: dict[str, Cell] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for table in self.tables:
            for cell in table.cells():
                if cell.key in self._cells:
                    raise ValueError(f"{self.name}: duplicate cell key {cell.key}")
                self._cells[cell.key] = cell

    @property
    def cells(self) -> dict[str, Cell]:
        """Every cell of the format by key, in printed order."""
        return self._cells

    def table(self, table_id: str) -> Table:
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(table_id)

    def groups(self) -> dict[str, tuple[Table, ...]]:
        """The printed tables: blocks grouped in order (表二's blocks form one table)."""
        out: dict[str, list[Table]] = {}
        for table in self.tables:
            out.setdefault(table.group, []).append(table)
        return {group: tuple(blocks) for group, blocks in out.items()}

    def covers(self, year: int) -> bool:
        first, last = self.years
        return (first is None or year >= first) and (last is None or year <= last)

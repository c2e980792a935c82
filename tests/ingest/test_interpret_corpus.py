"""Stage two of ingest on real published reports (条例 §50), against values read by hand.

Each ``expected/<file>.json`` lists the cells a person read from the document by eye (the
generation, agency, year, publication date and every legibly printed cell); a cell it does not
list was blank or could not be read with certainty.  The test prints the accuracy per document
(correct / legibly printed cells) and fails on any silently wrong value: a value that differs from
the hand reading, or a value where the document shows none, with no ``ingest.*`` finding naming
the cell.  The Pingtan series is read in year order, each year with the year before as evidence,
as the audit does.

Where the reader of today is known to get a document silently wrong, the document is listed in
``KNOWN_MISREAD`` with exactly the keys it misreads; the test fails when that set changes in
either direction, so a fix (or a new misreading) cannot go unnoticed.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from stage_one import printed_example

from gongkai import examples, formats
from gongkai.ingest.audit import audit
from gongkai.ingest.containers import open_bytes
from gongkai.ingest.interpret import interpret
from gongkai.ingest.source import Source
from gongkai.report import Report
from tools import CORPUS

EXPECTED = Path(__file__).resolve().parent / "expected"
FIXTURES = sorted(p.name for p in EXPECTED.glob("*.json"))
LOCAL_COLUMNS = ("本年度", "历年累计")
# The real 平潭 2022 report (bundled example, read by hand) printed by our renderer: the corpus has
# no published PDF or DOCX from a permitted source yet (tests/corpus/README.md).
PRINTED = ("pdf", "docx", "html", "xlsx")

# Documents read silently wrong today: the exact keys (cells, or agency/year/published_on/format)
# and the failure class of issue 10 they belong to.  Keep it honest and short; empty it as the
# table reader learns.
KNOWN_MISREAD: dict[str, dict[str, str]] = {}


def expected_cells(doc: dict) -> dict[str, float | int]:
    """The hand-read cells of a fixture, with its row shorthands spelled out as cell keys."""
    fmt = formats.get(doc["format"])
    cells = dict(doc.get("cells", {}))
    if "t3" in doc:
        columns = [c.key for c in fmt.table("t3").columns]
        for row, values in doc["t3"].items():
            assert len(values) == len(columns), row
            cells.update({f"t3.{row}.{c}": v for c, v in zip(columns, values, strict=True)})
    if "t4" in doc:
        t4 = fmt.table("t4")
        keys = [t4.key(r, c) for r in t4.data_rows() for c in t4.columns]
        cells.update(dict(zip(keys, doc["t4"], strict=True)))
    for path, values in doc.get("local", {}).items():
        cells.update({f"local.{path}.{c}": v for c, v in zip(LOCAL_COLUMNS, values, strict=True)})
    cells = {k: v for k, v in cells.items() if v is not None}  # null: printed blank
    unknown = [k for k in cells if not k.startswith("local.") and k not in fmt.cells]
    assert not unknown, f"fixture keys not in {fmt.name}: {unknown}"
    return cells


def source(name: str) -> Source:
    """The opened corpus file: text files directly, other containers through stage one."""
    if name.startswith("printed:"):
        kind = name.removeprefix("printed:")
        return open_bytes(printed_example(kind), f"{examples.NAME.removesuffix('.json')}.{kind}")
    path = CORPUS / name
    if path.suffix == ".txt":
        return Source.from_text(path.read_text("utf-8"), name=name)
    containers = pytest.importorskip("gongkai.ingest.containers")
    return containers.open_path(path)


@cache
def pingtan_series() -> dict[str, Report]:
    """Every Pingtan text, audited together: each body's series is read in year order."""
    names = sorted(p.name for p in CORPUS.glob("pingtan-*.txt"))
    return {a.source.name: a.report for a in audit(source(n) for n in names)}


def read(name: str) -> Report:
    if name.startswith("pingtan-") and name.endswith(".txt"):
        return pingtan_series()[name]
    return interpret(source(name))


def flagged(report: Report) -> set[str]:
    return {key for f in report.findings if f.rule.startswith("ingest.") for key in f.cells}


def hand_reading(fixture: str) -> dict:
    """The expected document: a corpus fixture, or the bundled example for a printed copy."""
    if fixture.startswith("printed:"):
        report = examples.report()
        return {
            "file": fixture,
            "format": report.format,
            "agency": report.agency,
            "year": report.year,
            "published_on": report.published_on.isoformat() if report.published_on else None,
            "cells": report.cells,
        }
    return dict(json.loads((EXPECTED / fixture).read_text("utf-8")))


@pytest.mark.parametrize("fixture", FIXTURES + [f"printed:{kind}" for kind in PRINTED])
def test_cells_match_the_hand_reading(fixture: str) -> None:
    doc = hand_reading(fixture)
    report = read(doc["file"])
    published = report.published_on.isoformat() if report.published_on else None
    got = {
        "format": report.format,
        "agency": report.agency,
        "year": report.year,
        "published_on": published,
    }
    misread = {key for key, value in got.items() if value != doc[key]}
    assert "format" not in misread, (report.format, doc["format"])

    expected = expected_cells(doc)
    marked = flagged(report)
    correct = sum(1 for k, v in expected.items() if report.cells.get(k) == v)
    silent = {
        k: (report.cells.get(k), v)
        for k, v in expected.items()
        if report.cells.get(k) is not None and report.cells.get(k) != v and k not in marked
    }
    invented = {
        k: v
        for k, v in report.cells.items()
        if v is not None and k not in expected and k not in marked
    }
    missed = sorted(k for k, v in expected.items() if report.cells.get(k) is None)
    share = f"{correct / len(expected):.0%}" if expected else "no printed cell"
    unsplit = {k for f in report.findings if f.rule == "ingest.ambiguous_digits" for k in f.cells}
    misread |= set(silent) | set(invented)
    print(
        f"\n{doc['file']}: {correct}/{len(expected)} legible cells correct ({share}); "
        f"flagged blanks {len(missed)}; run-together cells left blank as ambiguous {len(unsplit)}; "
        f"silently misread (cells and metadata) {len(misread)}"
    )
    known = set(KNOWN_MISREAD.get(doc["file"], {}))
    assert misread == known, (
        f"misread {sorted(misread)} but known {sorted(known)}: "
        f"silently wrong values (got, expected) {silent}, values where the hand reading has none "
        f"{invented}, metadata { ({k: (got[k], doc[k]) for k in misread if k in got}) }"
    )
    assert all(k in marked for k in missed), f"blank without a finding: {missed}"
    for key in report.cells:
        if report.cells[key] is not None:
            assert key in report.provenance, f"no provenance for {key}"


def test_known_misreads_name_real_keys() -> None:
    for name, keys in KNOWN_MISREAD.items():
        fixture = name.rsplit(".", 1)[0] + ".json"
        assert fixture in FIXTURES or name.removeprefix("printed:") in PRINTED, name
        assert all(k in ("agency", "year", "published_on") or "." in k for k in keys), keys
        assert all(reason.strip() for reason in keys.values()), keys  # the class, or why none


def test_every_fixture_file_is_a_corpus_document() -> None:
    assert len(FIXTURES) >= 10
    for fixture in FIXTURES:
        doc = json.loads((EXPECTED / fixture).read_text("utf-8"))
        assert doc["file"].rsplit(".", 1)[0] == fixture.removesuffix(".json")


def test_the_html_page_and_its_text_give_the_same_cells() -> None:
    """pingtan-html/ holds the original page of a report whose scraped text is also in the
    corpus: both readings must agree cell for cell."""
    pages = sorted((CORPUS / "pingtan-html").glob("*.html"))
    assert pages
    for page in pages:
        html = interpret(source(f"pingtan-html/{page.name}"))
        text = interpret(source(page.name.replace(".html", ".txt")))
        assert html.format == text.format
        assert (html.agency, html.year, html.published_on) == (
            text.agency,
            text.year,
            text.published_on,
        )
        assert html.cells == text.cells
        assert any(v is not None for v in html.cells.values())

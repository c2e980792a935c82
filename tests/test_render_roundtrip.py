"""Evidence that the renderers print every figure where the format puts it.

Each report is rendered to DOCX, HTML and XLSX and read back with :mod:`gongkai.ingest.grid`,
which knows nothing of the renderers but the layout; the cells read back must equal the report's
(None stays None, 0 stays 0, decimals equal, printed "/" and "—" come back as raw).
"""

import pytest

from gongkai import formats
from gongkai.ingest import read_rendered
from gongkai.render import render
from tools import edge_report

KINDS = ("docx", "html", "xlsx")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("fmt", list(formats.FORMATS))
def test_cells_survive_render_and_read_back(fmt, seed, kind):
    report = edge_report(fmt, seed)
    readings = read_rendered(render(report, kind), kind, report.definition)

    assert list(readings) == list(report.cells)  # every cell, in printed order
    for key, expected in report.cells.items():
        value, raw = readings[key]
        assert value == expected, key
        assert (value is None) == (expected is None), key
        assert raw == report.raw.get(key), key
    assert 0 in report.cells.values()
    assert None in report.cells.values()
    assert set(report.raw.values()) <= {"/", "—"}


def test_the_edge_report_has_every_awkward_value():
    report = edge_report("cn2021", 1)
    values = list(report.cells.values())
    assert 0 in values and None in values
    assert report.cells["t2.admin_fee.amount_wan_yuan"] == 96171.6
    assert sorted(report.raw.values()) == ["/", "—"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_blank_report_reads_back_blank(kind):
    report = edge_report("cn2021")
    report.cells = dict.fromkeys(report.cells)
    report.raw = {}
    readings = read_rendered(render(report, kind), kind, report.definition)
    assert set(readings.values()) == {(None, None)}


@pytest.mark.parametrize("kind", KINDS)
def test_a_local_report_without_figures_prints_no_table(kind):
    report = edge_report("local")
    report.cells = {}
    report.raw = {}
    assert read_rendered(render(report, kind), kind, report.definition) == {}

"""The ``gongkai`` command imports only what the command it runs needs, so that it starts fast:
``deadline`` and ``formats`` load neither the ingest stack nor a renderer nor the JSON Schema
validator; ``check`` loads the compiled validator and the rules (and the text normaliser of
gongkai.ingest.labels) but not the readers."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "src/gongkai/examples/pingtan-zhq-2022.json"
HEAVY = ("openpyxl", "pdfplumber", "pdfminer", "docx", "typst", "gongkai.ingest", "holidays")

PROBE = """
import json, sys
from gongkai.cli import main
sys.stdout = open("/dev/null", "w")
status = main(sys.argv[1:])
sys.stdout = sys.__stdout__
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""


def loaded(*argv):
    """The exit status of ``gongkai argv`` run in a fresh interpreter, and the modules it loaded."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], check=True, capture_output=True, text=True
    ).stdout
    result = json.loads(out)
    return result["status"], set(result["modules"])


def heavy(modules):
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


@pytest.mark.parametrize(
    "argv",
    [["deadline", "--received", "2025-03-03"], ["formats"], ["formats", "cn2021"]],
    ids=["deadline", "formats", "formats-cells"],
)
def test_light_commands_do_not_import_the_heavy_modules(argv):
    status, modules = loaded(*argv)
    assert status == 0
    assert heavy(modules) == []
    assert "jsonschema" not in modules
    assert "gongkai.report" not in modules


def test_check_loads_the_rules_but_not_the_readers():
    status, modules = loaded("check", str(EXAMPLE))
    assert status == 0  # the real report has warnings only
    # The validator compiled at install, not jsonschema (only loaded to explain a rejection).
    assert {"gongkai.rules", "gongkai.schema._validator"} <= modules
    assert "jsonschema" not in modules
    readers = ("openpyxl", "pdfplumber", "pdfminer", "docx", "typst", "gongkai.ingest.grid")
    assert [m for m in heavy(modules) if m.startswith(readers)] == []


def test_the_probe_sees_a_heavy_import():
    """The probe can fail: ``render --to docx`` does load python-docx."""
    _, modules = loaded("render", str(EXAMPLE), "--to", "docx", "-o", "/dev/null")
    assert "docx" in heavy(modules)


def test_help_still_lists_every_command(capsys):
    from gongkai.cli import main

    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    for command in ("formats", "new", "check", "render", "deadline", "ingest", "audit", "demo"):
        assert command in text

"""The interchange document gongkai/annual-report@1 (docs/report-json.md) and its JSON Schema."""

import json
import re
from importlib import resources

import pytest

from gongkai.report import Report, ReportError, json_schema, validate
from gongkai.synth import consistent_report


def test_committed_schema_is_the_generated_one():
    committed = (
        resources.files("gongkai.schema").joinpath("annual-report-1.schema.json").read_text("utf-8")
    )
    assert json.loads(committed) == json_schema()


@pytest.mark.parametrize("fmt", ["cn2021", "cn2019", "cn2014", "local"])
def test_round_trip_through_json(fmt):
    report = consistent_report(fmt, seed=7)
    again = Report.loads(report.dumps())
    assert again == report


def test_blank_document_is_valid_and_keeps_nulls():
    report = Report.blank("cn2021", agency="平罗县渠口乡人民政府", year=2024)
    doc = json.loads(report.dumps())
    assert doc["schema"] == "gongkai/annual-report@1"
    assert set(doc["cells"]) == set(report.definition.cells)
    assert all(v is None for v in doc["cells"].values())  # blank is never 0


def test_printed_zero_and_blank_stay_distinct():
    report = Report.blank("cn2021")
    report.cells["t3.new_received.total"] = 0
    again = Report.loads(report.dumps())
    assert again.cells["t3.new_received.total"] == 0
    assert again.cells["t3.carried_over.total"] is None


@pytest.mark.parametrize(
    ("mutate", "needle"),
    [
        (lambda d: d["cells"].pop("t3.new_received.total"), "t3.new_received.total"),
        (lambda d: d["cells"].__setitem__("t3.bogus.total", 1), "t3.bogus.total"),
        (
            lambda d: d["cells"].__setitem__("t3.new_received.total", "12"),
            "cells/t3.new_received.total",
        ),
        (lambda d: d.__setitem__("format", "cn2099"), "format"),
        (lambda d: d.__setitem__("schema", "other"), "schema"),
        (
            lambda d: d["cells"].__setitem__("t3.new_received.total", 1.5),
            "cells/t3.new_received.total",
        ),
    ],
)
def test_schema_rejects_malformed_documents_with_a_chinese_message(mutate, needle):
    doc = json.loads(consistent_report("cn2021").dumps())
    mutate(doc)
    with pytest.raises(ReportError) as info:
        validate(doc)
    assert "年报文档不符合" in str(info.value)
    assert needle.split("/")[0] in str(info.value)


@pytest.mark.parametrize(
    ("mutate", "explained"),
    [
        (lambda d: d.pop("agency"), "缺少必填字段 agency"),
        (lambda d: d.__setitem__("year", "2022"), 'year：应为整数或空值（null），实为 "2022"'),
        (lambda d: d.__setitem__("format", "cn2099"), '不在允许范围内（可选："cn2021"'),
        (lambda d: d.__setitem__("extra", 1), "不允许的字段 extra"),
        (lambda d: d["cells"].__setitem__("t3.bogus.total", 1), "t3.bogus.total"),
    ],
)
def test_schema_rejection_is_explained_in_chinese_not_in_jsonschema_english(mutate, explained):
    doc = json.loads(consistent_report("cn2021").dumps())
    mutate(doc)
    with pytest.raises(ReportError) as info:
        validate(doc)
    message = str(info.value)
    assert explained in message
    english = {"is", "not", "of", "type", "required", "property", "valid", "under", "allowed"}
    assert not english & set(re.findall(r"[A-Za-z]+", message)), message


def test_one_missing_object_counts_once():
    doc = json.loads(consistent_report("cn2021").dumps())
    for name in ("agency", "year", "cells"):
        doc.pop(name)
    with pytest.raises(ReportError) as info:
        validate(doc)
    assert "缺少必填字段 agency、year、cells" in str(info.value)
    assert "另有" not in str(info.value)


def test_invalid_json_and_missing_file(tmp_path):
    with pytest.raises(ReportError, match="不是有效的 JSON"):
        Report.loads("{")
    with pytest.raises(ReportError, match="找不到文件"):
        Report.load(tmp_path / "nope.json")
    bad = tmp_path / "gbk.json"
    bad.write_bytes('{"agency": "淮安"}'.encode("gbk"))
    with pytest.raises(ReportError, match="UTF-8"):
        Report.load(bad)


def test_negative_count_loads_so_the_audit_can_report_it():
    doc = json.loads(consistent_report("cn2021").dumps())
    doc["cells"]["t3.granted.total"] = -3
    assert Report.from_json(doc).cells["t3.granted.total"] == -3


def test_the_validator_written_at_install_is_used_while_it_matches_the_schema(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``python -m gongkai.schema`` (scripts/setup.sh) writes the compiled validator so that a
    one-report command does not compile 0.8 MB of code at start; a stale one is never used."""
    import importlib

    from gongkai import examples, report

    generated = importlib.import_module("gongkai.schema._validator")
    report._compiled.cache_clear()
    try:
        assert report._compiled() is generated.validate
        monkeypatch.setattr(report, "_schema_digest", lambda: "another schema")
        report._compiled.cache_clear()
        fresh = report._compiled()
        assert fresh is not generated.validate
        fresh(json.loads(examples.report().dumps()))  # the schema compiled now still validates
    finally:
        monkeypatch.undo()
        report._compiled.cache_clear()

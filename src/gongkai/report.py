"""The annual report as data: the ``gongkai/annual-report@1`` interchange document.

One document is one agency's 政府信息公开工作年度报告 for one year (条例 §49–§50), whether the
platform compiled it or ingest read it from a published file.  The fields and their meaning are
specified in ``docs/report-json.md``; the JSON Schema (``schema/annual-report-1.schema.json``) is
generated from the format definitions by :func:`json_schema` and checked on every load and dump.

Value semantics (report-json.md "Cell values"): a number is what was printed, ``None`` is a blank,
unreadable or missing cell and never becomes 0, and any printed form that is not a plain number is
kept verbatim in ``raw``.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from gongkai import formats
from gongkai.formats import LOCAL_PREFIX, Format, Kind

if TYPE_CHECKING:
    import jsonschema

SCHEMA_ID = "gongkai/annual-report@1"
SECTION_KEYS = ("overview", "proactive", "applications", "appeals", "problems", "other")

Number = int | float
Severity = Literal["error", "warning", "info"]
SEVERITY_NAMES: dict[Severity, str] = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


class ReportError(ValueError):
    """A document that cannot be read as an annual report; the message is for the user."""


@dataclass(frozen=True)
class Finding:
    """What a rule found: which cells, what it expected, what the report says, and why."""

    rule: str
    severity: Severity
    cells: tuple[str, ...]
    expected: Any
    actual: Any
    message: str

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "cells": list(self.cells),
            "expected": self.expected,
            "actual": self.actual,
            "message": self.message,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Finding:
        return cls(
            rule=data["rule"],
            severity=data["severity"],
            cells=tuple(data.get("cells", ())),
            expected=data.get("expected"),
            actual=data.get("actual"),
            message=data["message"],
        )


@dataclass(frozen=True)
class Fact:
    """A figure stated in the narrative, with the sentence it was read from."""

    value: Number
    quote: str


@dataclass(frozen=True)
class Provenance:
    """Where a value was printed in the source document."""

    page: int | None
    line: int | None
    text: str


@dataclass
class Report:
    format: str
    agency: str | None = None
    year: int | None = None
    published_on: date | None = None
    cells: dict[str, Number | None] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    provenance: dict[str, Provenance] = field(default_factory=dict)

    @property
    def definition(self) -> Format:
        return formats.get(self.format)

    @classmethod
    def blank(cls, fmt: str, *, agency: str | None = None, year: int | None = None) -> Report:
        """A document with every cell of ``fmt`` present and blank (``None``)."""
        definition = formats.get(fmt)
        return cls(
            format=definition.name,
            agency=agency,
            year=year,
            cells=dict.fromkeys(definition.cells),
            sections={key: "" for key in SECTION_KEYS},
        )

    def value(self, key: str) -> Number | None:
        return self.cells.get(key)

    # JSON ------------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "schema": SCHEMA_ID,
            "format": self.format,
            "agency": self.agency,
            "year": self.year,
            "published_on": self.published_on.isoformat() if self.published_on else None,
            "cells": dict(self.cells),
            "raw": dict(self.raw),
            "facts": {k: {"value": f.value, "quote": f.quote} for k, f in self.facts.items()},
            "sections": dict(self.sections),
            "findings": [f.to_json() for f in self.findings],
        }
        if self.provenance:
            doc["provenance"] = {
                k: {"page": p.page, "line": p.line, "text": p.text}
                for k, p in self.provenance.items()
            }
        return doc

    def dumps(self) -> str:
        doc = self.to_json()
        validate(doc)
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_json(cls, doc: Any, *, validated: bool = False) -> Report:
        """The report of a document; ``validated`` skips the schema check, for a document this
        system wrote itself with :meth:`to_json` from a report it had checked (the platform's
        stored reports: a roll-up reads thousands of them from the database)."""
        if not validated:
            validate(doc)
        published = doc.get("published_on")
        try:
            published_on = date.fromisoformat(published) if published else None
        except ValueError:
            raise ReportError(f"published_on 不是有效日期：{published}") from None
        return cls(
            format=doc["format"],
            agency=doc.get("agency"),
            year=doc.get("year"),
            published_on=published_on,
            cells=dict(doc["cells"]),
            raw=dict(doc.get("raw", {})),
            facts={k: Fact(v["value"], v["quote"]) for k, v in doc.get("facts", {}).items()},
            sections=dict(doc.get("sections", {})),
            findings=[Finding.from_json(f) for f in doc.get("findings", [])],
            provenance={
                k: Provenance(p.get("page"), p.get("line"), p.get("text", ""))
                for k, p in doc.get("provenance", {}).items()
            },
        )

    @classmethod
    def loads(cls, text: str) -> Report:
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ReportError(
                f"不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}"
            ) from None
        except RecursionError:
            raise ReportError("JSON 嵌套过深，不是年度报告文档") from None
        try:
            return cls.from_json(doc)
        except RecursionError:  # the schema validator walks a deep document recursively
            raise ReportError("JSON 嵌套过深，不是年度报告文档") from None

    @classmethod
    def load(cls, path: Path) -> Report:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ReportError(f"找不到文件：{path}") from None
        except UnicodeDecodeError:
            raise ReportError(f"文件不是 UTF-8 编码的 JSON：{path}") from None
        return cls.loads(text)


# Schema -------------------------------------------------------------------------------------

SCHEMA_RESOURCE = "annual-report-1.schema.json"


def _cell_schema(kind: Kind) -> dict[str, Any]:
    # Impossible values (negative counts) are findings of rule cells.type, not schema errors:
    # a published report that printed one must still load so that the audit can report it.
    return {"type": ["number", "null"] if kind is Kind.AMOUNT else ["integer", "null"]}


def _format_branch(fmt: Format) -> dict[str, Any]:
    if not fmt.cells:
        cells: dict[str, Any] = {
            "type": "object",
            "propertyNames": {"pattern": "^" + LOCAL_PREFIX.replace(".", r"\.") + ".+"},
            "additionalProperties": {"type": ["number", "null"]},
        }
    else:
        cells = {
            "type": "object",
            "properties": {key: _cell_schema(cell.kind) for key, cell in fmt.cells.items()},
            "required": list(fmt.cells),
            # cn2014 reports may add local rows (e.g. 收费减免) under extra.<label>
            "patternProperties": {r"^extra\..+": {"type": ["number", "null"]}},
            "additionalProperties": False,
        }
    return {
        "if": {"properties": {"format": {"const": fmt.name}}},
        "then": {"properties": {"cells": cells}},
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the document, derived from the format definitions."""
    nullable_string = {"type": ["string", "null"]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://gongkai.dev/schema/annual-report-1.schema.json",
        "title": "政府信息公开工作年度报告（gongkai/annual-report@1）",
        "type": "object",
        "required": ["schema", "format", "agency", "year", "published_on", "cells"],
        "additionalProperties": False,
        "properties": {
            "schema": {"const": SCHEMA_ID},
            "format": {"enum": list(formats.FORMATS)},
            "agency": nullable_string,
            "year": {"type": ["integer", "null"], "minimum": 1990, "maximum": 2200},
            "published_on": {
                "oneOf": [
                    {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                    {"type": "null"},
                ]
            },
            "cells": {"type": "object"},
            "raw": {"type": "object", "additionalProperties": {"type": "string"}},
            "facts": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "required": ["value", "quote"],
                    "additionalProperties": False,
                    "properties": {"value": {"type": "number"}, "quote": {"type": "string"}},
                },
            },
            "sections": {
                "type": "object",
                "propertyNames": {"enum": list(SECTION_KEYS)},
                "additionalProperties": {"type": "string"},
            },
            "findings": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["rule", "severity", "cells", "message"],
                    "additionalProperties": False,
                    "properties": {
                        "rule": {"type": "string", "pattern": r"^[a-z0-9_]+(\.[a-z0-9_]+)*$"},
                        "severity": {"enum": list(SEVERITIES)},
                        "cells": {"type": "array", "items": {"type": "string"}},
                        "expected": {},
                        "actual": {},
                        "message": {"type": "string"},
                    },
                },
            },
            "provenance": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "required": ["text"],
                    "additionalProperties": False,
                    "properties": {
                        "page": {"type": ["integer", "null"]},
                        "line": {"type": ["integer", "null"]},
                        "text": {"type": "string"},
                    },
                },
            },
        },
        "allOf": [_format_branch(fmt) for fmt in formats.FORMATS.values()],
    }


@cache
def _schema() -> dict[str, Any]:
    text = resources.files("gongkai.schema").joinpath(SCHEMA_RESOURCE).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


GENERATED = "_validator.py"  # in gongkai/schema: the compiled validator, written at install


def _schema_digest() -> str:
    return hashlib.sha256(
        resources.files("gongkai.schema").joinpath(SCHEMA_RESOURCE).read_bytes()
    ).hexdigest()


def write_compiled_validator() -> Path:
    """Write the schema compiled to Python source (fastjsonschema) beside the schema, stamped
    with the schema file's digest, so that a process imports it (bytecode, compiled at install by
    scripts/setup.sh) instead of generating and compiling 0.8 MB of code at every start: that was
    most of a one-report ``gongkai check``.  Run as ``python -m gongkai.schema``."""
    import fastjsonschema

    code = fastjsonschema.compile_to_code(_schema())
    # The generated code names its entry point after the schema's $id; it is the first function.
    entry = re.search(r"^def (\w+)\(", code, re.M)
    assert entry is not None
    path = Path(str(resources.files("gongkai.schema").joinpath(GENERATED)))
    stamp = f"SCHEMA_DIGEST = {_schema_digest()!r}\n"
    path.write_text(f"{stamp}{code}\nvalidate = {entry.group(1)}\n", encoding="utf-8")
    return path


@cache
def _compiled() -> Callable[[Any], Any]:
    """The schema compiled to Python code (fastjsonschema): about fifteen times faster than
    interpreting it, which makes validation a small part of loading a report rather than most of
    it (a roll-up loads thousands).  The validator written at install when it was made from
    this very schema file; otherwise compiled now, once per process."""
    try:
        generated = importlib.import_module("gongkai.schema._validator")
    except ImportError:
        generated = None
    if generated is not None and _schema_digest() == generated.SCHEMA_DIGEST:
        return cast("Callable[[Any], Any]", generated.validate)
    import fastjsonschema

    return fastjsonschema.compile(_schema())


@cache
def _validator() -> jsonschema.protocols.Validator:
    import jsonschema

    schema = _schema()
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def validate(doc: Any) -> None:
    """Raise :class:`ReportError` naming the first problem if ``doc`` breaks the schema.

    A valid document is accepted by the compiled validator alone; only a document it rejects is
    looked at again by jsonschema, whose error list names every problem in document order."""
    from fastjsonschema import JsonSchemaValueException

    try:
        _compiled()(doc)
        return
    except JsonSchemaValueException as exc:
        compiled_message = exc.message
    errors = sorted(_validator().iter_errors(doc), key=lambda e: list(e.absolute_path))
    if not errors:  # the two validators disagree: reject, with what the compiled one said
        raise ReportError(f"年报文档不符合 {SCHEMA_ID} 规范：{compiled_message}")
    first = errors[0]
    where = "/".join(str(p) for p in first.absolute_path) or "（文档根）"
    # One "缺少必填字段" names every missing field of its object, so those errors count once.
    others = [
        e
        for e in errors[1:]
        if not (
            e.validator == first.validator == "required" and e.absolute_path == first.absolute_path
        )
    ]
    more = f"（另有 {len(others)} 处）" if others else ""
    raise ReportError(f"年报文档不符合 {SCHEMA_ID} 规范：{where}：{_explain(first)}{more}")


_JSON_TYPES = {
    "object": "对象",
    "array": "数组",
    "string": "字符串",
    "integer": "整数",
    "number": "数字",
    "boolean": "布尔值",
    "null": "空值（null）",
}


def _explain(error: Any) -> str:
    """One jsonschema error in Chinese, by the keyword that failed; jsonschema's own (English)
    message only for a keyword the schema does not use today."""
    keyword, expected, value = error.validator, error.validator_value, error.instance
    shown = json.dumps(value, ensure_ascii=False)
    if len(shown) > 40:
        shown = shown[:40] + "…"
    if keyword == "required":
        missing = [name for name in expected if isinstance(value, dict) and name not in value]
        return f"缺少必填字段 {'、'.join(missing) or '（未知）'}"
    if keyword == "type":
        kinds = [expected] if isinstance(expected, str) else list(expected)
        wanted = "或".join(_JSON_TYPES.get(kind, kind) for kind in kinds)
        return f"应为{wanted}，实为 {shown}"
    if keyword == "additionalProperties":
        named = error.schema.get("properties", {})
        patterns = [re.compile(p) for p in error.schema.get("patternProperties", {})]
        extra = [
            name
            for name in (value if isinstance(value, dict) else {})
            if name not in named and not any(p.search(name) for p in patterns)
        ]
        return f"不允许的字段 {'、'.join(extra)}"
    if keyword in ("enum", "const"):
        options = expected if keyword == "enum" else [expected]
        listed = "、".join(json.dumps(option, ensure_ascii=False) for option in options)
        return f"取值 {shown} 不在允许范围内（可选：{listed}）"
    bounds = {
        "minimum": "不得小于",
        "maximum": "不得大于",
        "exclusiveMinimum": "必须大于",
        "exclusiveMaximum": "必须小于",
        "minLength": "长度不得少于",
        "maxLength": "长度不得多于",
        "minItems": "项数不得少于",
        "maxItems": "项数不得多于",
        "minProperties": "字段数不得少于",
    }
    if keyword in bounds:
        return f"{shown} {bounds[keyword]} {expected}"
    if keyword == "pattern":
        return f"{shown} 不符合格式 {expected}"
    if keyword == "format":
        return f"{shown} 不是有效的 {expected} 格式"
    if keyword in ("oneOf", "anyOf"):
        return f"{shown} 不符合任何一种允许的写法"
    return str(error.message)

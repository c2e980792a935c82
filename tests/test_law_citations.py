"""The law in one place (docs/law.md §4.1): neither the platform nor the rest of the core types an
article citation of the 条例, the 行政复议法 or the 行政诉讼法, or a statutory period; every one comes
from :mod:`gongkai.law`, so an amendment is one edit there.

The scan reads every string literal of the Python under src/ (docstrings and comments excepted:
they name the legal basis of the code for its readers, as the house style asks) and every
template, and fails on a citation "第…条" that is not of another act (《预算法》第十四条 is fine), an
item cited on its own (第（五）项), the 109号 办法 typed by its number, and a statutory period
("20个工作日", "六十日").
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from gongkai import law

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"

NUMERAL = "[0-9一二三四五六七八九十百零〇]+"
CITATION = re.compile(rf"(《[^》]*》)?第{NUMERAL}条")
# An item cited on its own (第（五）项), not as the end of an article's or paragraph's citation.
ITEM = re.compile(rf"(?<![条款])第（{NUMERAL}）项")
# The acts whose citations live in gongkai.law; a title naming another act is not ours to hold.
OUR_ACTS = ("政府信息公开条例", "行政复议法", "行政诉讼法")
# The 109号 办法 is cited as a whole (its articles are in gongkai.law where the code needs them).
FEES_ACT = re.compile(re.escape(law.FEES_109.short_name))
# The statute's periods as it writes them (20个工作日, 六十日, 六个月), not preceded by a figure.
PERIOD = re.compile(
    "|".join(rf"(?<![0-9一二三四五六七八九十]){re.escape(p.text)}" for p in law.PERIODS if p.days)
)

# What cannot come from gongkai.law, each with its reason (path patterns relative to src/).
ALLOWED: dict[str, str] = {
    "gongkai/law.py": "the one place",
    "gongkai_platform/*/migrations/*": "migrations record field labels as they were when written; "
    "Django replays them as history, and the models they describe take their labels from "
    "gongkai.law",
    "gongkai/formats/cn2021.py": "表二's block captions (第二十条第（一）项 …) as printed on the "
    "official blank form of 国办公开办函〔2021〕30号: a template generation is data of its own",
}


def _docstrings(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                found.add(id(body[0].value))
    return found


def python_literals(path: Path) -> Iterator[tuple[int, str]]:
    """Each string literal of a module (parts of f-strings included) but its docstrings."""
    tree = ast.parse(path.read_text("utf-8"), str(path))
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            yield node.lineno, node.value


def template_lines(path: Path) -> Iterator[tuple[int, str]]:
    yield from enumerate(path.read_text("utf-8").splitlines(), start=1)


def allowed(path: Path) -> bool:
    return any(path.relative_to(SRC).match(pattern) for pattern in ALLOWED)


def offences(text: str) -> list[str]:
    found = [
        m.group(0)
        for m in CITATION.finditer(text)
        if m.group(1) in (None, "《条例》") or any(act in m.group(1) for act in OUR_ACTS)
    ]
    found += [m.group(0) for m in ITEM.finditer(text)]
    found += [m.group(0) for m in FEES_ACT.finditer(text)]
    return found + [m.group(0) for m in PERIOD.finditer(text)]


# Our acts' titles typed in a page (the report texts of the demo and synthetic data quote them as
# an agency writes them, and stay).
TITLES = re.compile(
    "|".join(re.escape(a.title.split("》")[0] + "》") for a in (law.OGI, law.FEES_109))
)


def typed_law() -> list[str]:
    hits: list[str] = []
    for path in sorted(SRC.rglob("*")):
        if path.suffix not in {".py", ".html", ".txt"} or allowed(path):
            continue
        lines = python_literals(path) if path.suffix == ".py" else template_lines(path)
        for lineno, text in lines:
            found = offences(text)
            if path.suffix != ".py":
                found += [m.group(0) for m in TITLES.finditer(text)]
            hits += [f"{path.relative_to(ROOT)}:{lineno}: {hit}" for hit in found]
    return hits


def test_the_scan_finds_what_it_looks_for() -> None:
    assert offences("征求第三方意见（条例第三十二条）") == ["第三十二条"]
    assert offences("依据《中华人民共和国政府信息公开条例》第三十一条") == [
        "《中华人民共和国政府信息公开条例》第三十一条"
    ]
    assert offences("《中华人民共和国行政复议法》第二十条") != []
    assert offences("《中华人民共和国行政诉讼法》第四十六条") != []
    assert offences("自收到之日起20个工作日内答复，六十日内申请复议，六个月内起诉") == [
        "20个工作日",
        "六十日",
        "六个月",
    ]
    assert offences("按照《条例》第十九条") == ["《条例》第十九条"]
    assert offences("须选择第（一）项或第（二）项") == ["第（一）项", "第（二）项"]
    assert offences("《个人信息保护法》第十三条第一款第（三）项") == []
    assert offences("缴费期限（国办函〔2020〕109号）") == ["国办函〔2020〕109号"]
    assert offences("《预算法》第十四条") == []
    assert offences("每年1月31日前，3个工作日内，120个工作日") == []


def test_no_code_types_a_citation_or_period_of_the_law_条例_行政复议法_行政诉讼法() -> None:
    hits = typed_law()
    assert not hits, "typed where gongkai.law should be used:\n" + "\n".join(hits)

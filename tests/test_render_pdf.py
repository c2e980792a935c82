"""The PDF rendering: a real PDF whose CJK text is text (extractable), not tofu or images."""

import subprocess

import pytest

from gongkai.render import render
from tools import edge_report, require_tool


def flat(text):
    return "".join(text.split())


def pdf_text(tmp_path, data):
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        [require_tool("pdftotext"), "-layout", str(path), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    info = subprocess.run(
        [require_tool("pdfinfo"), str(path)], check=True, capture_output=True, text=True
    ).stdout
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    return text, pages


def test_pdf_carries_the_labels_and_figures_as_text(tmp_path, caplog):
    report = edge_report("cn2021", 1)
    data = render(report, "pdf")
    assert data.startswith(b"%PDF-")
    text, pages = pdf_text(tmp_path, data)
    assert 2 <= pages <= 6
    assert "本年新收政府信息公开申请数量" in text
    assert "96171.6" in text
    assert f"示例县人民政府{report.year}年政府信息公开工作年度报告" in flat(text)
    assert "2024年1月20日" in text
    assert "\ufffd" not in text
    assert not [r for r in caplog.records if r.name == "weasyprint"]  # no ignored CSS


@pytest.mark.parametrize("fmt", ["cn2019", "cn2014", "local"])
def test_other_formats_render(tmp_path, fmt):
    data = render(edge_report(fmt), "pdf")
    text, pages = pdf_text(tmp_path, data)
    assert 1 <= pages <= 6
    assert "政府信息公开工作年度报告" in flat(text)
    if fmt == "cn2014":
        assert "附件" in text and "政府信息公开情况统计表" in text

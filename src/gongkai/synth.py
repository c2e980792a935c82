"""Synthetic annual reports whose identities hold, for tests, benchmarks and the demo.

A report is built the way the platform compiles one (条例 §50; docs/law.md §1.6): each applicant
column of 表三 gets its outcomes, 结转下年度 and 上年结转 first, and 本年新收 is what makes I1 hold;
totals are sums (I2–I4).  The cn2014 table is built so that its implied identities (§3.2) hold.
Given the same seed the same report comes out.
"""

from __future__ import annotations

import random

from gongkai import formats
from gongkai.formats import Kind
from gongkai.report import Number, Report
from gongkai.rules.cn2014 import AT_MOST as CN2014_AT_MOST
from gongkai.rules.cn2014 import SUMS as CN2014_SUMS


def _small(rng: random.Random, scale: int) -> int:
    """Mostly zeros and small counts, as in a township's report, sometimes larger."""
    return 0 if rng.random() < 0.5 else rng.randint(0, scale)


def _t3(cells: dict[str, Number | None], rng: random.Random, outcome_rows: tuple[str, ...]) -> None:
    scale = rng.choice((3, 30, 300))
    for col in formats.T3_APPLICANT_COLUMNS:
        for row in outcome_rows:
            cells[f"t3.{row}.{col}"] = _small(rng, scale)
        processed = sum(int(cells[f"t3.{row}.{col}"] or 0) for row in outcome_rows)
        forward = _small(rng, scale)
        over = rng.randint(0, processed + forward)
        cells[f"t3.total_processed.{col}"] = processed
        cells[f"t3.carried_forward.{col}"] = forward
        cells[f"t3.carried_over.{col}"] = over
        cells[f"t3.new_received.{col}"] = processed + forward - over
    for row in (
        "new_received",
        "carried_over",
        *outcome_rows,
        "total_processed",
        "carried_forward",
    ):
        cells[f"t3.{row}.total"] = sum(
            int(cells[f"t3.{row}.{c}"] or 0) for c in formats.T3_APPLICANT_COLUMNS
        )


def _t4(cells: dict[str, Number | None], rng: random.Random) -> None:
    for block in formats.T4_BLOCK_KEYS:
        for part in formats.T4_RESULTS:
            cells[f"t4.{block}.{part}"] = _small(rng, 20)
        cells[f"t4.{block}.total"] = sum(
            int(cells[f"t4.{block}.{p}"] or 0) for p in formats.T4_RESULTS
        )


def _money(rng: random.Random) -> float:
    return round(rng.uniform(0, 5000), rng.choice((0, 1, 2)))


# Size of the parts of each cn2014 sum (rules/cn2014.SUMS gives which parts make which total).
CN2014_PART_SCALE = {"apply.received": 20, "apply.closed": 20, "apply.replied": 10,
                     "apply.replied.refused": 3, "review.total": 3, "litigation.total": 3,
                     "org.staff": 4}  # fmt: skip


def _cn2014(cells: dict[str, Number | None], rng: random.Random) -> None:
    """Totals from their parts (rules/cn2014.SUMS), "其中" figures within their whole (AT_MOST),
    every other figure a small count or amount."""
    totals = {total: parts for _, total, parts, _ in CN2014_SUMS}

    def fill(key: str, scale: int) -> Number:
        value = cells.get(key)
        if value is None:
            parts = totals.get(key)
            scale = CN2014_PART_SCALE.get(key, scale)
            value = sum(fill(p, scale) for p in parts) if parts else _small(rng, scale)
            cells[key] = value
        return value

    for total in totals:
        fill(total, 0)
    for part, whole, _ in CN2014_AT_MOST:
        cells[part] = rng.randint(0, int(fill(whole, 30)))
    for key, cell in formats.CN2014.cells.items():
        if cells.get(key) is None:
            cells[key] = (
                round(rng.uniform(0, 20), 1) if cell.kind is Kind.AMOUNT else _small(rng, 30)
            )


def _narrative(report: Report) -> None:
    """Section texts that quote the tables the way real reports do."""
    cells = report.cells
    if report.format in ("cn2021", "cn2019"):
        received, processed = cells["t3.new_received.total"], cells["t3.total_processed.total"]
        forward, review = cells["t3.carried_forward.total"], cells["t4.review.total"]
        litigation = int(cells["t4.lit_direct.total"] or 0) + int(
            cells["t4.lit_after_review.total"] or 0
        )
        report.sections.update(
            overview=f"{report.year}年，本机关认真贯彻《中华人民共和国政府信息公开条例》，"
            f"全年共收到政府信息公开申请{received}件，办结{processed}件，"
            f"结转下年度继续办理{forward}件。"
            "监督保障方面，将政府信息公开工作纳入年度绩效考核，开展社会评议，"
            "本年度未发生责任追究情况。",
            applications=f"本年新收政府信息公开申请{received}件，按时答复{processed}件。",
            appeals=f"本年度因政府信息公开工作被申请行政复议{review}件，被提起行政诉讼{litigation}件。",
            problems="政府信息公开工作仍存在公开内容不够全面等问题，下一步将加强培训。",
            other="本年度未收取信息处理费。",
        )
    else:
        report.sections.update(overview=f"{report.year}年政府信息公开工作总体平稳。")


def consistent_report(
    fmt: str = "cn2021", seed: int = 0, *, agency: str = "示例县人民政府"
) -> Report:
    """A report of ``fmt`` with random but consistent figures; the same seed gives the same report."""
    rng = random.Random(seed)
    definition = formats.get(fmt)
    year = rng.randint(
        *{"cn2021": (2021, 2025), "cn2019": (2019, 2020), "cn2014": (2014, 2018)}.get(
            fmt, (2008, 2013)
        )
    )
    report = Report.blank(fmt, agency=agency, year=year)
    cells = report.cells
    if fmt == "cn2021":
        for key in ("t2.regulation", "t2.normative_doc"):
            cells[f"{key}.issued"] = _small(rng, 10)
            cells[f"{key}.repealed"] = _small(rng, 5)
            cells[f"{key}.in_force"] = rng.randint(0, 200)
        for key in ("admin_license", "admin_penalty", "admin_coercion"):
            cells[f"t2.{key}.decisions"] = _small(rng, 5000)
        cells["t2.admin_fee.amount_wan_yuan"] = _money(rng)
        _t3(cells, rng, formats.t3_outcome_rows(definition))
        _t4(cells, rng)
    elif fmt == "cn2019":
        for key, cell in definition.cells.items():
            if key.startswith("t2."):
                cells[key] = (
                    rng.randint(-20, 20) if cell.kind == formats.Kind.SIGNED else _small(rng, 300)
                )
        cells["t2.central_procurement.total_amount_wan_yuan"] = _money(rng)
        _t3(cells, rng, formats.t3_outcome_rows(definition))
        _t4(cells, rng)
    elif fmt == "cn2014":
        _cn2014(cells, rng)
    else:
        for i, label in enumerate(("主动公开信息数", "申请总数", "行政复议数")):
            cells[f"local.{label}"] = rng.randint(0, 100 * (3 - i))
    _narrative(report)
    return report

"""Benchmark of the oversight pages (issue 11 targets: the roll-up of 1,000 units × 3 years from
the database < 2 s; the dashboard page p95 < 200 ms at 1,000 units).

Run: ``DATABASE_URL=postgres://user:pass@host/db uv run python benchmarks/bench_oversight.py [N]``
(SQLite without it).  The role needs CREATEDB: the benchmark works in a throw-away test database
(``test_<db>``), which it creates, fills with a county of ``N`` units (two thirds townships, a
third departments), each with a published annual report for 2022, 2023 and 2024, and drops at the
end.  Each time is given twice: the CPU time of this process (``time.process_time``: the Python
side, not inflated by other work on a shared machine, but without the database server's own
work) and wall-clock time (everything, but distorted by a busy machine); the best of several
runs, printed with the load average and with the ratio to a baseline measured in the same
process: fetching the same report rows with one plain SQL query for the roll-up; the login page
(the same middleware, no records) for the pages.  The roll-up is timed three ways: cold (no
report checked before: the rules run on all 3,000, and nothing stored), after an input changed
(the rules' findings kept from an earlier roll-up, ``oversight.models.CheckedFindings``, but the
stored roll-up's key no longer matches, so it is computed again) and stored (the roll-up of
``oversight.models.StoredRollup`` is current: its key is computed from the inputs and the result
read).  The pages read the stored roll-up as a person would after the first look.  DEBUG is off
as in production.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_platform.settings.test")
django.setup()  # before the platform's modules are imported (below, inside the functions)
RUNS = 3
YEARS = (2022, 2023, 2024)


def best(
    fn: Callable[[], object], runs: int = RUNS, before: Callable[[], object] | None = None
) -> tuple[float, float]:
    """The shortest CPU time and the shortest wall time of ``runs`` runs of ``fn``."""
    cpu, wall = [], []
    for _ in range(runs):
        if before is not None:
            before()
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    return min(cpu), min(wall)


def load() -> str:
    return "负载 {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def fill(n: int) -> int:
    """A county of ``n`` units with three years of published reports; returns the county's id."""
    from django.utils import timezone

    from gongkai.synth import consistent_report
    from gongkai_platform.accounts.models import Unit, UnitKind
    from gongkai_platform.reports.models import AnnualReport, ReportState

    county = Unit.objects.create(
        name="基准县人民政府", kind=UnitKind.COUNTY, ogi_office="办", index_prefix="000000001"
    )
    units = []
    for i in range(n):
        kind = UnitKind.DEPARTMENT if i % 3 == 0 else UnitKind.TOWNSHIP
        name = f"第{i}局" if kind == UnitKind.DEPARTMENT else f"第{i}镇人民政府"
        units.append(
            Unit(name=name, kind=kind, parent=county, ogi_office="办", index_prefix="000000001")
        )
    created = Unit.objects.bulk_create(units)
    for unit in created:
        unit.path = f"{county.path}{unit.pk}/"
    Unit.objects.bulk_update(created, ["path"], batch_size=1000)
    now = timezone.now()
    reports = []
    for i, unit in enumerate(created):
        for k, year in enumerate(YEARS):
            report = consistent_report("cn2021", i * 3 + k, agency=unit.name)
            report.year = year
            report.published_on = date(year + 1, 1 + i % 2, 5 + i % 20)  # some late
            reports.append(
                AnnualReport(
                    unit=unit,
                    year=year,
                    state=ReportState.PUBLISHED,
                    document=report.to_json(),
                    compiled_at=now,
                )
            )
    AnnualReport.objects.bulk_create(reports, batch_size=1000)
    return county.pk


def main() -> None:
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from gongkai_platform.accounts.models import Membership, Role, Unit
    from gongkai_platform.oversight.models import CheckedFindings, StoredRollup
    from gongkai_platform.oversight.selectors import area_rollup

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    if connection.vendor != "postgresql":
        print("注意：当前数据库不是 PostgreSQL，结果不代表生产环境（设置 DATABASE_URL）")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        t = time.perf_counter()
        root = Unit.objects.get(pk=fill(n))
        supervisor = User.objects.create_user("supervisor", password="pw")
        Membership.objects.create(user=supervisor, unit=root, role=Role.SUPERVISOR)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"准备 {n:,} 个单位 × {len(YEARS)} 个年度的年报：{time.perf_counter() - t:.1f} 秒")
        settings.DEBUG = False

        result = None

        def roll_up() -> None:
            nonlocal result
            _, result = area_rollup(root, YEARS[-1], years_back=len(YEARS) - 1)

        def fetch_rows() -> None:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT r.id, r.unit_id, r.year, r.document FROM reports_annualreport r "
                    "JOIN accounts_unit u ON u.id = r.unit_id WHERE u.path LIKE %s",
                    [root.path + "%"],
                )
                cursor.fetchall()

        def forget_stored() -> None:
            StoredRollup.objects.all().delete()

        def forget_all() -> None:
            CheckedFindings.objects.all().delete()
            forget_stored()

        base_cpu, base_wall = best(fetch_rows)
        for label, before in (
            ("冷：未核查过、未存储", forget_all),
            ("输入有变：已核查过、需重新汇总", forget_stored),
            ("已存储且为最新：核对键后读取", None),
        ):
            cpu, wall = best(roll_up, before=before)
            assert result is not None and len(result.unit_findings) == n
            flag = "" if cpu < 2 else "【未达标】"
            print(
                f"汇总 {n:,} 个单位 × {len(YEARS)} 个年度（{label}）："
                f"CPU {cpu:.2f} 秒（目标 < 2 秒）{flag}，墙钟 {wall:.2f} 秒；"
                f"为基线（一条 SQL 取同样的行：CPU {base_cpu:.2f} 秒，墙钟 {base_wall:.2f} 秒）的 "
                f"{cpu / base_cpu:.1f} 倍（CPU）、{wall / base_wall:.1f} 倍（墙钟），{load()}"
            )

        # As the web server does (gongkai_platform.wsgi): the heap settled after the first request.
        from gongkai_platform.serving import settle_after_first_request

        settle_after_first_request()
        client = Client()
        client.force_login(supervisor)

        def p95(path: str, runs: int = 20) -> tuple[float, float, float, float]:
            """p95 and median of the wall time and of the CPU time of ``runs`` requests."""
            client.get(path)  # warm up (the first look stores the roll-up)
            samples, cpu = [], []
            for _ in range(runs):
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get(path)
                cpu.append(time.process_time() - start_cpu)
                samples.append(time.perf_counter() - start)
                assert response.status_code == 200, path
            return (
                statistics.quantiles(samples, n=20)[-1],
                statistics.median(samples),
                statistics.quantiles(cpu, n=20)[-1],
                statistics.median(cpu),
            )

        login, _, login_cpu, _ = p95("/login/")
        some_unit = Unit.objects.filter(parent=root).order_by("pk").values_list("pk", flat=True)[0]
        for name, path, target in (
            ("登记与催报页（仪表盘）", f"/oversight/{root.pk}/{YEARS[-1]}/", 0.2),
            ("汇总页", f"/oversight/{root.pk}/{YEARS[-1]}/rollup/", None),
            ("单位页", f"/oversight/{root.pk}/{YEARS[-1]}/units/{some_unit}/", None),
        ):
            page, median, cpu, cpu_median = p95(path, 20 if target else 10)
            goal = f"（目标 p95 < {target * 1000:.0f} 毫秒）" if target else "（无目标，供参考）"
            flag = "【未达标】" if target and page >= target else ""
            print(
                f"{name}（{n:,} 个单位）：墙钟 p95 {page * 1000:.0f} 毫秒、中位数 {median * 1000:.0f} 毫秒"
                f"{goal}{flag}，CPU p95 {cpu * 1000:.0f} 毫秒、中位数 {cpu_median * 1000:.0f} 毫秒；"
                f"为基线（登录页 p95 墙钟 {login * 1000:.1f} 毫秒，CPU {login_cpu * 1000:.1f} 毫秒）的 "
                f"{page / login:.0f} 倍（墙钟）、{cpu / login_cpu:.0f} 倍（CPU），{load()}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

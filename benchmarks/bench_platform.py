"""Benchmark of the platform on PostgreSQL (issue targets: compile a report from 100,000
applications < 1 s; the handler's home with 100,000 open cases p95 < 100 ms; recount 100,000
due dates < 10 s).

Run: ``DATABASE_URL=postgres://user:pass@host/db uv run python benchmarks/bench_platform.py [N]``.
The role needs CREATEDB: the benchmark works in a throw-away test database (``test_<db>``), which
it creates, fills with ``N`` open applications in one township and ``N`` applications of a past
year (a mix of outcomes, some carried over) in another, and drops at the end.

Each figure is the best of several runs, printed with the load average (the machine may be
shared) and with its ratio to a baseline measured in the same process: for the report, fetching
the same rows with one plain SQL query; for the home page, the login page (the same middleware, no
records); for the recount, one ``UPDATE`` that rewrites the same rows with nothing computed and no
events (rolled back).  The server runs as in production: ``DEBUG`` off and the platform's
calendar re-check interval (the test settings re-read the calendar on every use).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

import django

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from gongkai_platform.accounts.models import Unit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_platform.settings.test")
django.setup()  # before the platform's modules are imported (below, inside the functions)
RUNS = 5


def fill(unit: Unit, n: int, handlers: list[User], *, year: int, open_share: float) -> None:
    from gongkai_platform.applications.models import Application, Channel
    from gongkai_platform.applications.outcomes import APPLICANT_CHOICES, CLOSING_CHOICES

    types = [key for key, _ in APPLICANT_CHOICES]
    outcomes = [key for key, _ in CLOSING_CHOICES]
    rng = random.Random(n)
    rows = []
    for i in range(n):
        received = date(year, 1, 1) + timedelta(days=rng.randrange(360))
        is_open = rng.random() < open_share
        closed = (
            None
            if is_open
            else min(received + timedelta(days=rng.randrange(5, 40)), date(year, 12, 31))
        )
        rows.append(
            Application(
                unit=unit,
                year=year,
                serial=i + 1,
                query_code=f"B{unit.pk}{i:08d}",
                channel=Channel.IN_PERSON,
                arrived_on=received,
                received_on=received,
                applicant_type=rng.choice(types),
                applicant_name="测试",
                id_number=f"{i:018d}",
                description="基准测试",
                state="in_progress" if is_open else "closed",
                handler=rng.choice(handlers),
                outcome="" if is_open else rng.choice(outcomes),
                legal_basis="" if is_open else "基准",
                closed_on=closed,
                due_on=received + timedelta(days=28) if is_open else None,
            )
        )
    Application.objects.bulk_create(rows, batch_size=5000)


def best(fn: Callable[[], object], runs: int, before: Callable[[], object] | None = None) -> float:
    """The shortest of ``runs`` timings of ``fn`` (``before`` runs untimed ahead of each)."""
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def report(label: str, seconds: float, target: float, baseline: float) -> None:
    print(
        f"{label}: {seconds:.2f} 秒（目标 < {target} 秒）{'' if seconds < target else '【未达标】'}"
        f"，为基线的 {seconds / baseline:.1f} 倍（基线 {baseline:.2f} 秒），{load()}"
    )


def load() -> str:
    return "负载 {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def main() -> None:
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import setup_test_environment

    from gongkai_platform.accounts.models import Membership, Role, Unit, UnitKind
    from gongkai_platform.applications.recount import recount_due_dates
    from gongkai_platform.reports.services import report_compile
    from gongkai_platform.settings import base

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    if connection.vendor != "postgresql":
        print("注意：当前数据库不是 PostgreSQL，结果不代表生产环境（设置 DATABASE_URL）")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        county = Unit.objects.create(
            name="县", kind=UnitKind.COUNTY, ogi_office="办", index_prefix="000000001"
        )
        town_open = Unit.objects.create(
            name="甲镇",
            kind=UnitKind.TOWNSHIP,
            parent=county,
            ogi_office="办",
            index_prefix="000000002",
        )
        town_past = Unit.objects.create(
            name="乙镇",
            kind=UnitKind.TOWNSHIP,
            parent=county,
            ogi_office="办",
            index_prefix="000000003",
        )
        handlers = [User.objects.create_user(f"h{i}", password="pw") for i in range(10)]
        for h in handlers:
            Membership.objects.create(user=h, unit=town_open, role=Role.HANDLER)
        approver = User.objects.create_user("approver", password="pw")
        Membership.objects.create(user=approver, unit=town_past, role=Role.APPROVER)
        admin = User.objects.create_user("admin", password="pw", is_superuser=True)
        t = time.perf_counter()
        fill(town_open, n, handlers, year=2025, open_share=1.0)
        fill(town_past, n, [approver], year=2024, open_share=0.05)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"准备 {2 * n:,} 件申请：{time.perf_counter() - t:.1f} 秒")

        settings.DEBUG = False
        settings.GONGKAI_CALENDAR_RECHECK_SECONDS = base.GONGKAI_CALENDAR_RECHECK_SECONDS

        compiled = None

        def compile_report() -> None:
            nonlocal compiled
            compiled = report_compile(actor=approver, unit=town_past, year=2024)

        def fetch_rows() -> None:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT id, applicant_type, received_on, closed_on, outcome "
                    "FROM applications_application WHERE unit_id = %s",
                    [town_past.pk],
                )
                cursor.fetchall()

        compile_report()  # first use imports the narrative reader's modules; a server has them
        report(
            f"汇总年报（{n:,} 件申请，含核查与保存）",
            best(compile_report, RUNS),
            1.0,
            best(fetch_rows, RUNS),
        )
        assert compiled is not None and compiled.document["cells"]["t3.new_received.total"] == n

        client = Client()
        client.force_login(handlers[0])

        def p95(path: str) -> tuple[float, float]:
            client.get(path)  # warm up
            samples = []
            for _ in range(50):
                start = time.perf_counter()
                response = client.get(path)
                samples.append(time.perf_counter() - start)
                assert response.status_code == 200
            return statistics.quantiles(samples, n=20)[-1], statistics.median(samples)

        home, median = min(p95("/") for _ in range(3))
        login, _ = min(p95("/login/") for _ in range(3))
        flag = "" if home < 0.1 else "【未达标】"
        print(
            f"承办人首页（本单位 {n:,} 件未办结）：p95 {home * 1000:.0f} 毫秒，中位数 {median * 1000:.0f} 毫秒"
            f"（目标 p95 < 100 毫秒）{flag}，为基线（登录页 p95 {login * 1000:.0f} 毫秒）的 "
            f"{home / login:.1f} 倍，{load()}"
        )

        changed = 0

        def recompute() -> None:
            nonlocal changed
            changed = recount_due_dates(actor=admin, reason="基准测试")

        def reset() -> None:
            """Every open due date as ``fill`` left it (all to be changed), the recount's events
            gone, the dead rows vacuumed."""
            with connection.cursor() as cursor:
                # The event table refuses deletions (core.protect); the throw-away database's
                # owner lifts that for the reset only.
                cursor.execute("ALTER TABLE applications_event DISABLE TRIGGER USER")
                cursor.execute("DELETE FROM applications_event WHERE action = 'recompute'")
                cursor.execute("ALTER TABLE applications_event ENABLE TRIGGER USER")
                cursor.execute(
                    "UPDATE applications_application SET due_on = received_on + 28, "
                    "due_kind = '' WHERE state <> 'closed'"
                )
                cursor.execute("VACUUM ANALYZE applications_application")
                cursor.execute("VACUUM ANALYZE applications_event")

        def rewrite_rows() -> None:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE applications_application SET due_on = due_on + 1, "
                    "version = version + 1 WHERE state <> 'closed'"
                )
                transaction.set_rollback(True)

        baseline = best(rewrite_rows, 2, reset)
        seconds = best(recompute, 2, reset)
        report(f"重新计算 {n:,} 个期限（全部改变、逐件留痕）", seconds, 10.0, baseline)
        print(f"  其中期限改变：{changed:,} 件")
        report(f"再次重新计算 {n:,} 个期限（无改变）", best(recompute, RUNS), 10.0, baseline)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

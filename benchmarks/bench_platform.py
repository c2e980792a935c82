"""Benchmark of the platform on PostgreSQL (issue targets: compile a report from 100,000
applications < 1 s; the handler's home with 100,000 open cases p95 < 100 ms; recount 100,000
due dates < 10 s).

Run: ``DATABASE_URL=postgres://user:pass@host/db uv run python benchmarks/bench_platform.py [N]``.
The role needs CREATEDB: the benchmark works in a throw-away test database (``test_<db>``), which
it creates, fills with ``N`` open applications in one township and ``N`` applications of a past
year (a mix of outcomes, some carried over) in another, and drops at the end.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from typing import TYPE_CHECKING

import django

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from gongkai_platform.accounts.models import Unit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_platform.settings.test")
django.setup()  # before the platform's modules are imported (below, inside the functions)


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


def timed(label: str, target: float, fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    seconds = time.perf_counter() - start
    print(
        f"{label}: {seconds:.2f} 秒（目标 < {target} 秒）{'' if seconds < target else '【未达标】'}"
    )
    return seconds


def main() -> None:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from gongkai_platform.accounts.models import Membership, Role, Unit, UnitKind
    from gongkai_platform.applications.services import application_recompute_due_dates
    from gongkai_platform.reports.services import report_compile

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

        report = None

        def compile_report() -> None:
            nonlocal report
            report = report_compile(actor=approver, unit=town_past, year=2024)

        compile_report()  # first use imports the narrative reader's modules; a server has them
        timed(f"汇总年报（{n:,} 件申请，含核查与保存）", 1.0, compile_report)
        assert report is not None and report.document["cells"]["t3.new_received.total"] == n

        client = Client()
        client.force_login(handlers[0])
        client.get("/")  # warm up
        samples = []
        for _ in range(50):
            start = time.perf_counter()
            response = client.get("/")
            samples.append(time.perf_counter() - start)
            assert response.status_code == 200
        p95 = statistics.quantiles(samples, n=20)[-1]
        flag = "" if p95 < 0.1 else "【未达标】"
        print(
            f"承办人首页（本单位 {n:,} 件未办结）：p95 {p95 * 1000:.0f} 毫秒，中位数 {statistics.median(samples) * 1000:.0f} 毫秒（目标 p95 < 100 毫秒）{flag}"
        )

        changed = 0

        def recompute() -> None:
            nonlocal changed
            changed = application_recompute_due_dates(actor=admin, reason="基准测试")

        timed(f"重新计算 {n:,} 个期限（全部改变、逐件留痕）", 10.0, recompute)
        print(f"  其中期限改变：{changed:,} 件")
        timed(f"再次重新计算 {n:,} 个期限（无改变）", 10.0, recompute)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

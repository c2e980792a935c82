"""Benchmark of the public portal on PostgreSQL (issue targets: with 1,000,000 catalog items in
1,000 units, search p95 < 100 ms and catalog page p95 < 50 ms server time; requests per second of
the item page as a ratio to a static file served by the same server).

Run: ``DATABASE_URL=postgres://user:pass@host/db uv run python benchmarks/bench_portal.py [ITEMS] [UNITS]``
(defaults 1,000,000 and 1,000).  The database named in the URL is used as it is — migrated, and
filled once if it holds fewer items than asked (about ten minutes for a million on two cores), so
that reruns measure at once; use a database of its own.  "Server time" is the time Django takes
to answer a request in process (``django.test.Client``: URL routing, view, queries, template), the
network left out.  The ratio is measured over real HTTP against one single-threaded WSGI server
that serves both the item page and a static file of the same size (Django's static files handler,
as in development).
"""

from __future__ import annotations

import http.client
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

import django

STATIC_DIR = Path(tempfile.mkdtemp(prefix="gongkai-bench-static-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_platform.settings.base")
os.environ.setdefault("DJANGO_DEBUG", "false")
django.setup()

from django.conf import settings  # noqa: E402

settings.STATICFILES_DIRS = [STATIC_DIR]
settings.ALLOWED_HOSTS = ["*"]

# Words that real catalogs are made of: titles are drawn from them, so the token index sees a
# realistic vocabulary (common words in a few percent of titles, rare ones in a few hundred).
SUBJECTS = (
    "农村危房改造", "保障性住房", "耕地地力保护补贴", "城乡居民最低生活保障", "特困人员救助供养", "义务教育",
    "医疗救助", "养老服务", "就业创业补贴", "财政预算", "财政决算", "三公经费", "政府采购", "重大建设项目",
    "安全生产检查", "食品安全抽检", "环境保护督察", "防汛抗旱", "森林防火", "道路交通", "村庄规划",
    "土地征收", "房屋征收补偿", "行政许可", "行政处罚", "公共资源交易", "户籍管理", "社会保险", "涉农补贴",
    "乡村振兴", "人居环境整治", "公共文化服务", "法律援助", "退役军人优待", "残疾人两项补贴", "临时救助",
)  # fmt: skip
KINDS = ("通知", "公告", "公示", "实施方案", "工作要点", "情况报告", "办法", "意见", "名单", "通报")
SEARCHES = (
    "住房",
    "补贴",
    "预算",
    "危房",
    "养老",
    "救助",
    "征收",
    "防汛",
    "许可",
    "社会保险",
    "残疾人",
    "人居环境",
    "农村危房改造",
    "政预",  # short words jieba does not cut out of "财政预算" and "房屋征收": substring matches
    "屋征",
)


def fill(n_items: int, n_units: int) -> None:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.utils import timezone

    from gongkai.catalog.index_number import generate, org_code_check_character
    from gongkai_platform.accounts.models import Unit, UnitKind
    from gongkai_platform.catalog.models import CatalogItem, Category, Column
    from gongkai_platform.catalog.search import tokens

    have = CatalogItem.objects.count()
    if have >= n_items:
        print(f"数据库已有 {have:,} 条目录信息，直接测量。")
        return
    if have:
        raise SystemExit(f"数据库已有 {have:,} 条（少于 {n_items:,} 条）：请换一个空数据库。")
    start = time.perf_counter()
    User.objects.get_or_create(username="bench")
    county = Unit.objects.create(
        name="基准县人民政府",
        kind=UnitKind.COUNTY,
        ogi_office="县政府办公室",
        index_prefix="000000019",
    )
    units = []
    for u in range(n_units):
        body = f"{u + 100:08d}"
        units.append(
            Unit.objects.create(
                name=f"第{u + 1}号镇人民政府",
                kind=UnitKind.TOWNSHIP,
                parent=county,
                ogi_office="党政办",
                index_prefix=body + org_code_check_character(body),
            )
        )
    categories = {
        unit.pk: [
            Category.objects.create(unit=unit, name=name, column=Column.STATUTORY, position=i)
            for i, name in enumerate(("机构职能", "政策文件", "财政资金", "乡村振兴", "社会救助"))
        ]
        for unit in units
    }
    with connection.cursor() as cursor:  # index after loading: far faster than during
        cursor.execute("DROP INDEX IF EXISTS catalog_item_search_vector")
    from functools import cache

    tokens_of = cache(tokens)  # jieba once per distinct title and per distinct summary
    rng = random.Random(20260101)
    per_unit = n_items // n_units
    columns = (
        "unit_id", "state", "index_number", "index_year", "index_serial", "title", "summary", "body",
        "doc_number", "publisher", "formed_on", "published_on", "published_at", "doc_kind", "validity",
        "art20", "category_id", "topic", "five_open", "disclosure_mode", "audience", "due_on",
        "due_provisional", "due_explanation", "search_tokens", "version", "created_at", "updated_at",
    )  # fmt: skip
    now = timezone.now()
    made = 0
    raw = (
        connection.connection.cursor()
    )  # psycopg: COPY is an order of magnitude faster than INSERT
    with raw.copy(f"COPY catalog_catalogitem ({', '.join(columns)}) FROM STDIN") as copy:
        for unit in units:
            serial: dict[int, int] = {}
            for _ in range(per_unit):
                subject = rng.choice(SUBJECTS)
                year = rng.choice((2021, 2022, 2023, 2024, 2025))
                formed = date(year, 1, 1) + timedelta(days=rng.randrange(350))
                published = formed + timedelta(days=rng.randrange(1, 30))
                serial[published.year] = serial.get(published.year, 0) + 1
                title = f"关于{year}年{subject}{rng.choice(KINDS)}"
                summary = f"公开本镇{year}年{subject}的对象、标准和{rng.choice(SUBJECTS)}情况。"
                copy.write_row((
                    unit.pk, "published", generate(unit.index_prefix, published.year, serial[published.year]),
                    published.year, serial[published.year], title, summary, "", "", unit.name, formed, published,
                    timezone.make_aware(datetime(published.year, published.month, published.day, 9)),
                    "other", "", f"art20_{rng.randrange(1, 16)}", rng.choice(categories[unit.pk]).pk, "", "",
                    "proactive", "public", formed + timedelta(days=28), False, "",
                    " " + " ".join(dict.fromkeys([*tokens_of(title), *tokens_of(summary)])) + " ",
                    1, now, now,
                ))  # fmt: skip
                made += 1
                if made % 50_000 == 0:
                    print(f"\r已写入 {made:,} 条", end="", flush=True)
    print(f"\n写入 {n_items:,} 条用时 {time.perf_counter() - start:.0f} 秒；建立索引……")
    from importlib import import_module

    migration = import_module("gongkai_platform.catalog.migrations.0002_search_indexes")
    with connection.cursor() as cursor:
        cursor.execute(migration.VECTOR_INDEX)
        cursor.execute("ANALYZE catalog_catalogitem")
    print(f"共用时 {time.perf_counter() - start:.0f} 秒")


def percentile(samples: list[float], q: float) -> float:
    return (
        statistics.quantiles(samples, n=100, method="inclusive")[q - 1]
        if len(samples) > 1
        else samples[0]
    )


def measure(label: str, urls: list[str], target_ms: float) -> None:
    from django.test import Client

    client = Client()
    for url in urls[:5]:
        client.get(url)  # warm caches
    times = []
    for url in urls:
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    p95 = percentile(times, 95)
    verdict = "" if p95 < target_ms else "【未达标】"
    print(
        f"{label}: p50 {percentile(times, 50):.1f} ms，p95 {p95:.1f} ms，最大 {max(times):.1f} ms"
        f"（{len(times)} 次，目标 p95 < {target_ms:.0f} ms）{verdict}"
    )
    slowest = sorted(zip(times, urls, strict=True), reverse=True)[:3]
    print("  最慢：" + "；".join(f"{url} {ms:.0f} ms" for ms, url in slowest))


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return None


def rps(port: int, path: str, seconds: float) -> float:
    done = 0
    deadline = time.perf_counter() + seconds
    connection = http.client.HTTPConnection("127.0.0.1", port)
    while time.perf_counter() < deadline:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        assert response.status == 200, (path, response.status)
        done += 1
        if response.getheader("Connection", "").lower() == "close" or response.version == 10:
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.close()
    return done / seconds


def main() -> None:
    n_items = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    n_units = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000
    from django.core.management import call_command
    from django.db import connection

    assert connection.vendor == "postgresql", "请用 DATABASE_URL 指定 PostgreSQL 数据库"
    call_command("migrate", verbosity=0)
    fill(n_items, n_units)

    from gongkai_platform.accounts.models import Unit
    from gongkai_platform.catalog.models import CatalogItem

    rng = random.Random(7)
    unit_ids = list(Unit.objects.filter(kind="township").values_list("pk", flat=True))
    item_ids = list(CatalogItem.objects.order_by("?").values_list("pk", flat=True)[:500])
    print(f"目录信息 {CatalogItem.objects.count():,} 条，单位 {len(unit_ids):,} 个。")

    searches = [f"/gk/search/?q={rng.choice(SEARCHES)}" for _ in range(150)]
    searches += [
        f"/gk/search/?q={rng.choice(SEARCHES)}&unit={rng.choice(unit_ids)}" for _ in range(50)
    ]
    searches += [
        f"/gk/search/?q={rng.choice(SEARCHES)}&year={rng.choice((2022, 2024))}" for _ in range(50)
    ]
    searches += [f"/gk/search/?q={rng.choice(SEARCHES)}&page=3" for _ in range(50)]
    measure("检索（两字词等，全部单位/单位内/按年/第3页）", searches, 100)
    pages = [f"/gk/u/{rng.choice(unit_ids)}/statutory/" for _ in range(100)]
    pages += [
        f"/gk/u/{rng.choice(unit_ids)}/statutory/?year={rng.choice((2021, 2023, 2025))}"
        for _ in range(100)
    ]
    pages += [f"/gk/u/{rng.choice(unit_ids)}/statutory/?page=5" for _ in range(50)]
    pages += [f"/gk/u/{rng.choice(unit_ids)}/" for _ in range(50)]
    measure("目录页（法定主动公开内容、按年、翻页、单位首页）", pages, 50)
    measure("信息页", [f"/gk/item/{pk}/" for pk in item_ids[:300]], 50)

    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.wsgi import get_wsgi_application
    from django.test import Client

    item_path = f"/gk/item/{item_ids[0]}/"
    size = len(Client().get(item_path).content)
    (STATIC_DIR / "same-size.html").write_bytes(b"x" * size)
    server = make_server(
        "127.0.0.1", 0, StaticFilesHandler(get_wsgi_application()), handler_class=QuietHandler
    )
    port = server.server_port
    threading.Thread(target=server.serve_forever, daemon=True).start()
    static_path = f"{settings.STATIC_URL if settings.STATIC_URL.startswith('/') else '/' + settings.STATIC_URL}same-size.html"
    rps(port, static_path, 1)
    rps(port, item_path, 1)
    static_rate = rps(port, static_path, 5)
    item_rate = rps(port, item_path, 5)
    server.shutdown()
    print(
        f"同一服务器（单线程 WSGI）：信息页 {item_rate:,.0f} 次/秒，同样大小（{size:,} 字节）的静态文件 "
        f"{static_rate:,.0f} 次/秒，比值 {item_rate / static_rate:.2f}"
    )


if __name__ == "__main__":
    main()

"""Load test: the platform's pages under concurrent clients, against a server on this machine.

Run (against ``scripts/serve.sh`` on PostgreSQL with ``manage.py load_demo`` and ``demo_catalog``)::

    uv run python benchmarks/load_portal.py --base http://127.0.0.1:8000 --clients 20

Each of ``--clients`` threads logs in as a handler of the demo (``chengban``), then requests in
turn the portal's search (a demo word), an item page, a report page (the list of annual reports,
an annual report's item page, or a published report as HTML) and the handler's home, until
``--requests`` requests in all were made or ``--seconds`` have passed, whichever comes first.
Prints, per page, the count, errors and the 50th/95th percentile and maximum of the response time,
and the throughput.  With ``--server-pid`` (gunicorn's master), also the CPU time the server's
processes spent per request: unlike response times, that does not depend on what else the machine runs.

Bounded and local by construction: only a loopback address is accepted, the count and the
duration are capped, and the script stops by itself.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_REQUESTS = 20_000
MAX_SECONDS = 600
SEARCH_WORDS = ("住房", "补贴", "危房改造", "通知", "政府信息公开", "规划", "预算", "乡村振兴")
KINDS = ("search", "item", "report", "home")


class Client:
    """One browser: its own cookies (session, CSRF), one request at a time."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, ""

    def login(self, username: str, password: str) -> bool:
        status, page = self.get("/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            return False
        data = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
        ).encode()
        request = urllib.request.Request(
            self.base + "/login/", data=data, headers={"Referer": self.base + "/login/"}
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return "/login/" not in response.url
        except urllib.error.HTTPError:
            return False


def discover(base: str) -> dict[str, list[str]]:
    """The URLs of each kind of page, found by following the portal's own links."""
    client = Client(base)
    items: set[str] = set()
    for word in SEARCH_WORDS:
        _, page = client.get("/gk/search/?q=" + urllib.parse.quote(word))
        items.update(re.findall(r'href="(/gk/item/\d+/)"', page))
    _, listing = client.get("/gk/reports/")
    reports = ["/gk/reports/", *sorted(set(re.findall(r'href="(/gk/item/\d+/)"', listing)))]
    _, index = client.get("/gk/")
    for unit in sorted(set(re.findall(r'href="(/gk/u/\d+/)"', index))):
        _, page = client.get(unit + "reports/")
        reports += sorted(set(re.findall(r'href="(/gk/annual-report/\d+/html/)"', page)))
    return {
        "search": ["/gk/search/?q=" + urllib.parse.quote(word) for word in SEARCH_WORDS],
        "item": sorted(items),
        "report": reports,
        "home": ["/"],
    }


def server_cpu_seconds(root: int) -> float:
    """CPU time (user + system) of process ``root`` and all its descendants (gunicorn's master
    and workers, or the ``uv run`` that started them), from /proc."""
    total = 0
    pending = [str(root)]
    while pending:
        pid = pending.pop()
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            pending += Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except FileNotFoundError:  # ended meanwhile
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000, help="in all (at most 20000)")
    parser.add_argument("--seconds", type=float, default=120, help="at most 600")
    parser.add_argument("--user", default="chengban")
    parser.add_argument("--password", default="gongkai-demo")
    parser.add_argument("--only", choices=KINDS, help="request only this kind of page")
    parser.add_argument("--server-pid", type=int, help="the web server's process: CPU per request")
    args = parser.parse_args()
    host = urllib.parse.urlsplit(args.base).hostname
    if host not in LOOPBACK:
        sys.exit(f"只对本机测试：--base 必须是 127.0.0.1 或 localhost，而不是 {host}")
    total = min(args.requests, MAX_REQUESTS)
    deadline = time.monotonic() + min(args.seconds, MAX_SECONDS)

    urls = discover(args.base)
    missing = [kind for kind in KINDS if not urls[kind]]
    if missing:
        sys.exit(f"找不到页面：{missing}（是否已运行 manage.py load_demo 和 demo_catalog？）")
    clients = [Client(args.base) for _ in range(args.clients)]
    if not all(c.login(args.user, args.password) for c in clients):
        sys.exit(f"无法以 {args.user} 登录")

    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    issued = 0

    def run(n: int) -> None:
        nonlocal issued
        client, rng = clients[n], random.Random(n)
        turn = n  # each client starts its round at a different kind of page
        while time.monotonic() < deadline:
            with lock:
                if issued >= total:
                    return
                issued += 1
            kind = args.only or KINDS[turn % len(KINDS)]
            turn += 1
            start = time.perf_counter()
            status, page = client.get(rng.choice(urls[kind]))
            elapsed = time.perf_counter() - start
            # a lost session would show the login form instead of the home page
            ok = status == 200 and 'name="password"' not in page
            with lock:
                times[kind].append(elapsed)
                if not ok:
                    errors[kind] += 1

    cpu_before = server_cpu_seconds(args.server_pid) if args.server_pid else 0.0
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.clients) as pool:
        list(pool.map(run, range(args.clients)))
    wall = time.perf_counter() - started
    cpu = server_cpu_seconds(args.server_pid) - cpu_before if args.server_pid else 0.0

    done = sum(len(t) for t in times.values())
    print(
        f"{args.clients} 个并发客户端，{done} 个请求，用时 {wall:.1f} 秒，"
        f"{done / wall:.1f} 请求/秒（系统负载 {os.getloadavg()[0]:.1f}）"
    )
    for kind in KINDS:
        t = times[kind]
        if t:
            print(
                f"  {kind:>6}: {len(t):5d} 次，错误 {errors[kind]}，"
                f"p50 {statistics.median(t) * 1000:6.0f} 毫秒，"
                f"p95 {percentile(t, 0.95) * 1000:6.0f} 毫秒，最长 {max(t) * 1000:6.0f} 毫秒"
            )
    if args.server_pid and done:
        print(f"  服务器 Web 进程 CPU：{cpu:.1f} 秒，每个请求 {cpu / done * 1000:.1f} 毫秒")


if __name__ == "__main__":
    main()

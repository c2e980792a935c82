#!/usr/bin/env bash
# Starts the agency platform for production on PostgreSQL, in the foreground: migrate,
# collectstatic, then gunicorn with N web workers, the task workers (manage.py db_worker) and the
# catalog timer (manage.py catalog_go_live every 5 minutes).  Ctrl-C or SIGTERM stops them all,
# and so does the end of any one of them (a supervisor then restarts the whole).  For systemd
# units (one service per role) see docs/deployment.md.
#
# Environment (docs/deployment.md §2): DATABASE_URL and DJANGO_SECRET_KEY are required;
# DJANGO_ALLOWED_HOSTS, GONGKAI_DATA_DIR, … as usual.  And:
#   GONGKAI_BIND           address of the web server (default 127.0.0.1:8000; a proxy in front)
#   GONGKAI_WEB_WORKERS    gunicorn processes (default 2 × cores + 1)
#   GONGKAI_TASK_WORKERS   db_worker processes (default 2)
#   GONGKAI_CATALOG_TIMER  seconds between catalog_go_live runs (default 300; 0 = none)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.local/bin:$PATH"

export DJANGO_SETTINGS_MODULE=gongkai_platform.settings.production
export RAYON_NUM_THREADS=1  # Typst (PDF) on one thread per worker process
if [ -z "${DATABASE_URL:-}" ] || [ -z "${DJANGO_SECRET_KEY:-}" ]; then
  echo "请先设置环境变量 DATABASE_URL（PostgreSQL）和 DJANGO_SECRET_KEY（见 docs/deployment.md）" >&2
  exit 2
fi
case "$DATABASE_URL" in
  postgres://*|postgresql://*|pgsql://*) ;;
  *) echo "生产环境须使用 PostgreSQL：DATABASE_URL 应以 postgres:// 开头" >&2; exit 2 ;;
esac

bind="${GONGKAI_BIND:-127.0.0.1:8000}"
web_workers="${GONGKAI_WEB_WORKERS:-$((2 * $(nproc) + 1))}"
task_workers="${GONGKAI_TASK_WORKERS:-2}"
timer="${GONGKAI_CATALOG_TIMER:-300}"

uv sync --frozen --quiet --compile-bytecode
manage() { uv run --frozen --no-sync python manage.py "$@"; }
manage migrate --noinput -v 0
manage collectstatic --noinput -v 0

pids=()
stop() {
  trap - EXIT INT TERM
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null || true
  wait || true
}
trap stop EXIT
trap 'exit 0' INT TERM

for i in $(seq 1 "$task_workers"); do
  uv run --frozen --no-sync python manage.py db_worker --queue-name default \
    --worker-id "$(hostname)-$i" &
  pids+=($!)
done
if [ "$timer" != 0 ]; then
  (
    trap 'kill "$nap" 2>/dev/null; exit 0' TERM
    while true; do
      manage catalog_go_live || true
      sleep "$timer" & nap=$!
      wait "$nap"
    done
  ) &
  pids+=($!)
fi
uv run --frozen --no-sync gunicorn gongkai_platform.wsgi:application \
  --bind "$bind" --workers "$web_workers" --worker-class sync \
  --timeout 60 --graceful-timeout 30 --max-requests 2000 --max-requests-jitter 200 \
  --access-logfile - --forwarded-allow-ips "${GONGKAI_FORWARDED_ALLOW_IPS:-127.0.0.1}" &
pids+=($!)
echo "gongkai 已启动：http://$bind/（Web 进程 $web_workers 个，任务进程 $task_workers 个）"
wait -n "${pids[@]}"

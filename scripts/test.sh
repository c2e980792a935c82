#!/usr/bin/env bash
# Set up, then run the whole test suite: lint, types (strict), tests.  The tests run on SQLite
# (the platform's default database); then the platform tests run again on PostgreSQL when
# GONGKAI_TEST_POSTGRES_URL names one (.ci/run starts one and sets it; on CI it is required).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.local/bin:$PATH"
uv run --frozen ruff check src tests benchmarks
uv run --frozen ruff format --check src tests benchmarks
uv run --frozen mypy
# The architecture: the pure core imports no Django; the platform apps import only the layers
# below them (contracts in pyproject.toml, [tool.importlinter]).
uv run --frozen lint-imports
# Every model change has its migration (branches that each add one are renumbered at merge).
env -u DATABASE_URL uv run --frozen python manage.py makemigrations --check --dry-run
env -u DATABASE_URL uv run --frozen pytest "$@"
if [ -n "${GONGKAI_TEST_POSTGRES_URL:-}" ]; then
  echo "平台测试（PostgreSQL）"
  DATABASE_URL="$GONGKAI_TEST_POSTGRES_URL" uv run --frozen pytest tests/platform
elif [ "${CI:-}" = true ]; then
  echo "CI 必须在 PostgreSQL 上运行平台测试，但未设置 GONGKAI_TEST_POSTGRES_URL" >&2
  exit 1
else
  echo "未设置 GONGKAI_TEST_POSTGRES_URL：跳过 PostgreSQL 上的平台测试（见 docs/deployment.md）"
fi

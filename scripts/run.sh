#!/usr/bin/env bash
# The main job: set up; check, render and time the bundled report (the core's CLI demo); then
# start the agency platform on its demo county (migrate, load the demo data, serve on
# 127.0.0.1:8000, printing the users to log in as).  GONGKAI_SERVE=0 stops before serving.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.local/bin:$PATH"
# Development on SQLite, selected explicitly: the WSGI/ASGI entry points default to production.
export DJANGO_SETTINGS_MODULE=gongkai_platform.settings.development
uv run --frozen gongkai demo --output out "$@"
uv run --frozen python manage.py migrate --noinput -v 0
uv run --frozen python manage.py load_demo
uv run --frozen python manage.py demo_catalog
if [ "${GONGKAI_SERVE:-1}" != 0 ]; then
  exec uv run --frozen python manage.py runserver 127.0.0.1:8000
fi

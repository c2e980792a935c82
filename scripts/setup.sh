#!/usr/bin/env bash
# Sets up everything gongkai needs on a Debian 12 machine with Python 3.11: the Debian packages
# (CJK fonts for PDF output, which Typst typesets from the Python wheel; Pango for WeasyPrint,
# with which the ingest tests print their HTML fixtures; poppler and LibreOffice to check rendered
# documents, PostgreSQL for the platform's production database and its second test pass, Chromium
# for the browser tests, tesseract to read scanned reports) and the Python environment from the
# committed lock file (uv.lock), its bytecode compiled.  Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils
              libreoffice-writer-nogui libreoffice-calc-nogui postgresql chromium
              tesseract-ocr tesseract-ocr-chi-sim)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else SUDO=none; fi
  if [ "$SUDO" = none ]; then
    echo "缺少系统软件包：${missing[*]}；请以 root 身份运行：apt-get install ${missing[*]}" >&2
    exit 2
  fi
  echo "安装系统软件包：${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

export PATH="$HOME/.local/bin:$PATH"
if ! command -v uv >/dev/null; then
  echo "安装 uv（Python 包管理器）"
  python3 -m pip install --user --quiet uv 2>/dev/null \
    || python3 -m pip install --user --quiet --break-system-packages uv
fi
# Bytecode compiled now, not on first use: a `gongkai` command starts in a fraction of the time
# (and where PYTHONDONTWRITEBYTECODE is set, Python would otherwise compile on every start).
uv sync --frozen --quiet --compile-bytecode
uv run --frozen --no-sync python -m gongkai.schema >/dev/null  # the report schema's compiled validator
uv run --frozen --no-sync python -m compileall -q -j 0 src >/dev/null

# axe-core, pinned in package-lock.json, for the accessibility checks of the portal's browser tests.
if ! command -v npm >/dev/null; then
  if [ "$(id -u)" != 0 ]; then echo "缺少 npm；请以 root 身份运行：apt-get install npm" >&2; exit 2; fi
  echo "安装 npm"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null
fi
npm ci --no-audit --no-fund --loglevel=error

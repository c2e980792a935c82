#!/usr/bin/env bash
# The main job on the embedded default: set up, then check, render and time the bundled report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.local/bin:$PATH"
uv run --frozen gongkai demo --output out "$@"

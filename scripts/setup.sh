#!/usr/bin/env bash
# Sets up a fresh machine: pnpm, the workspace's packages, and (when we are root and apt
# is there) Debian's Fashion-MNIST, which the trainer and the data tests read.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "10.34.9" ]; then
  npm install -g pnpm@10.34.9 >/dev/null
fi
if [ ! -d /usr/share/datasets/fashion-mnist ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq dataset-fashion-mnist) >/dev/null 2>&1 \
    || echo "setup: could not install dataset-fashion-mnist; tests that need it will skip" >&2
fi
pnpm install --frozen-lockfile 2>/dev/null || pnpm install

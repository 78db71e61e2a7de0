#!/usr/bin/env bash
# Sets up a fresh machine: pnpm, the workspace's packages, and (when we are root and apt
# is there) Debian's Fashion-MNIST, which the trainer and the data tests read.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "10.34.9" ]; then
  npm install -g pnpm@10.34.9 >/dev/null
fi
# Debian packages the tests use when present: Fashion-MNIST (data, trainer) and chromium (the
# WebGPU browser test). Without them those tests skip and say why.
want=()
[ -d /usr/share/datasets/fashion-mnist ] || want+=(dataset-fashion-mnist)
[ -x /usr/bin/chromium ] || want+=(chromium)
if [ ${#want[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${want[@]}") >/dev/null 2>&1 \
    || echo "setup: could not install ${want[*]}; tests that need them will skip" >&2
fi
pnpm install --frozen-lockfile || pnpm install --no-frozen-lockfile

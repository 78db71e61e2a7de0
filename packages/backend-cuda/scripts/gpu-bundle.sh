#!/usr/bin/env bash
# Prepares <repo>/.gpu for a GPU session, as shared/GPU.md describes: everything the GPU machine
# needs to run this package's tests with one command, since it has no Node and no npm packages.
#
#   bash packages/backend-cuda/scripts/gpu-bundle.sh      (here, once; .gpu/ is git-ignored)
#   then, with the device tool:  run(carry: [".gpu"], command: "bash .gpu/run.sh")
#
# .gpu/ holds:
#   gpu-tests.mjs       esbuild bundle of test/gpu/gpu-tests.ts (vitest aliased to a tiny shim,
#                       workspace packages bundled from their sources)
#   gpu-bench.mjs       bundle of bench/gpu-bench.ts, and torch-bench.py (PyTorch side by side)
#   torchts_cuda.node   the addon built here (sm_80 + sm_90 machine code, static cudart)
#   node.xz             this machine's node binary (the GPU machine has none)
#   run.sh              unpacks node, finds PyTorch's cuBLAS, runs the tests, logs under $OUT
#   native-src/         CMakeLists, sources and Node-API headers, to rebuild the addon there if
#                       the prebuilt one does not load (plain CMake, no cmake-js needed)
set -euo pipefail
pkg="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$pkg/../.." && pwd)"
out="$root/.gpu"
mkdir -p "$out"

# 1. The addon.
node "$pkg/scripts/build-native.mjs"
cp "$pkg/build/Release/torchts_cuda.node" "$out/torchts_cuda.node"

# 2. The test bundle (paths of aliases are relative to the working directory).
esbuild="$(cd "$pkg" && node -e "process.stdout.write(require.resolve('esbuild/bin/esbuild'))")"
(cd "$root" && "$esbuild" packages/backend-cuda/test/gpu/gpu-tests.ts \
  --bundle --platform=node --format=esm --target=node20 --log-level=warning \
  --outfile=.gpu/gpu-tests.mjs \
  --alias:vitest=./packages/backend-cuda/test/gpu/vitest-shim.ts \
  --alias:@torchts/core=./packages/core/src/index.ts \
  --alias:@torchts/backend-cpu=./packages/backend-cpu/src/index.ts \
  --alias:@torchts/backend-testkit=./packages/backend-testkit/src/index.ts)
(cd "$root" && "$esbuild" packages/backend-cuda/bench/gpu-bench.ts \
  --bundle --platform=node --format=esm --target=node20 --log-level=warning \
  --outfile=.gpu/gpu-bench.mjs --alias:@torchts/core=./packages/core/src/index.ts)
cp "$pkg/bench/torch-bench.py" "$out/torch-bench.py"

# 3. Node itself (about 24 MB compressed); redone when the node binary changes.
node_bin="$(command -v node)"
stamp="$(node --version) $(stat -c %s "$node_bin")"
if [ ! -f "$out/node.xz" ] || [ "$(cat "$out/node.stamp" 2>/dev/null)" != "$stamp" ]; then
  xz -9 -T2 -c "$node_bin" > "$out/node.xz"
  echo "$stamp" > "$out/node.stamp"
fi

# 4. Sources and headers for a rebuild on the GPU machine.
rm -rf "$out/native-src"
mkdir -p "$out/native-src/include"
cp -r "$pkg/CMakeLists.txt" "$pkg/src" "$out/native-src/"
rm -f "$out/native-src/src/"*.ts
headers="$(cd "$pkg" && node -e "process.stdout.write(require('path').resolve(require('node-api-headers').include_dir))")"
addon_api="$(cd "$pkg" && node -e "process.stdout.write(require('path').resolve(require('node-addon-api').include_dir))")"
cp -r "$headers" "$out/native-src/include/node-api-headers"
cp -r "$addon_api" "$out/native-src/include/node-addon-api"

# 5. The command the GPU session runs.
cp "$pkg/scripts/gpu-run.sh" "$out/run.sh"
chmod +x "$out/run.sh"
du -sh "$out" | sed 's/^/.gpu: /'
echo "run on the GPU machine: bash .gpu/run.sh [--filter <regexp>]   (carry: [\".gpu\"])"

#!/usr/bin/env bash
# Prepares <repo>/.gpu for a GPU session, as shared/GPU.md describes: everything the GPU machine
# needs to run this package's tests with one command, since it has no Node and no npm packages.
#
#   bash packages/backend-cuda/scripts/gpu-bundle.sh      (here, once; .gpu/ is git-ignored)
#   then, with the device tool:  run(carry: [".gpu"], command: "bash .gpu/run.sh")
#
# .gpu/ holds:
#   gpu-tests.mjs       esbuild bundle of test/gpu/gpu-tests.ts (vitest aliased to a tiny shim,
#                       workspace packages bundled from their sources): this package's tests
#   gpu-e2e.mjs         bundle of packages/torchts/test/gpu/gpu-e2e.ts: training through autograd,
#                       nn and optim on 'cuda', the 10,000-step memory loop, the blitz classifier
#   gpu-bench.mjs       bundle of bench/gpu-bench.ts (kernels), and torch-bench.py (PyTorch side by side)
#   bench/, py/         apps/bench bundled (`--cuda` plan: matmul, LeNet and ResNet-18 steps, the
#                       Fashion-MNIST epoch) with its PyTorch peer
#   fashion-mnist/      the Fashion-MNIST IDX files, xz-compressed (the GPU machine has no datasets)
#   torchts_cuda.node.xz  the addon built here (sm_80 + sm_90 machine code, static cudart)
#   node.xz             this machine's node binary (the GPU machine has none)
#   run.sh              unpacks, finds PyTorch's cuBLAS, runs the stages asked for, logs under $OUT
#   native-src.tar.xz   CMakeLists, sources and Node-API headers, to rebuild the addon there if
#                       the prebuilt one does not load (plain CMake, no cmake-js needed)
set -euo pipefail
pkg="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$pkg/../.." && pwd)"
out="$root/.gpu"
mkdir -p "$out"

# 1. The addon.
node "$pkg/scripts/build-native.mjs"
xz -6 -T2 -c "$pkg/build/Release/torchts_cuda.node" > "$out/torchts_cuda.node.xz"
rm -f "$out/torchts_cuda.node"

# 2. The bundles (paths of aliases are relative to the working directory). Workspace packages are
# bundled from their sources; torchts's optional import of the CUDA package is dropped by a
# bundle, so the entries under packages/torchts/test/gpu import attach-cuda.ts first.
esbuild="$(cd "$pkg" && node -e "process.stdout.write(require.resolve('esbuild/bin/esbuild'))")"
aliases=(--alias:vitest=./packages/backend-cuda/test/gpu/vitest-shim.ts --alias:torchts=./packages/torchts/src/index.ts)
for p in core backend-cpu backend-testkit backend-cuda autograd nn optim data; do
  aliases+=("--alias:@torchts/$p=./packages/$p/src/index.ts")
done
# apps/bench's TF.js peer never runs on the GPU machine: a stub keeps TF.js out of the bundle.
for p in tfjs tfjs-backend-wasm; do aliases+=("--alias:@tensorflow/$p=./packages/torchts/test/gpu/no-tfjs.ts"); done
# CommonJS dependencies (cli-progress) require Node's builtins: give the ESM bundle a `require`.
banner="import { createRequire as __ttsCreateRequire } from 'node:module'; const require = __ttsCreateRequire(import.meta.url);"
bundle() { (cd "$root" && "$esbuild" "$@" --bundle --platform=node --format=esm --target=node20 --log-level=warning --log-override:import-is-undefined=silent \
  --external:@torchts/backend-webgpu "--banner:js=$banner" "${aliases[@]}"); }
bundle packages/backend-cuda/test/gpu/gpu-tests.ts --outfile=.gpu/gpu-tests.mjs
bundle packages/torchts/test/gpu/gpu-e2e.ts --outfile=.gpu/gpu-e2e.mjs
bundle packages/backend-cuda/bench/gpu-bench.ts --outfile=.gpu/gpu-bench.mjs
bundle packages/torchts/test/gpu/profile-step.ts --outfile=.gpu/profile-step.mjs
mkdir -p "$out/bench" "$out/py"
bundle packages/torchts/test/gpu/bench-main.ts --outfile=.gpu/bench/main.js
bundle packages/torchts/test/gpu/bench-child.ts --outfile=.gpu/bench/child.js
echo '{ "type": "module" }' > "$out/bench/package.json"
cp "$root/apps/bench/py/peer_torch.py" "$out/py/peer_torch.py"
cp "$pkg/bench/torch-bench.py" "$out/torch-bench.py"

# Fashion-MNIST (about 27 MB as xz; made once).
mkdir -p "$out/fashion-mnist"
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  src="/usr/share/datasets/fashion-mnist/$f.gz"
  [ -f "$out/fashion-mnist/$f.xz" ] || { [ -f "$src" ] && gunzip -c "$src" | xz -9 -T2 > "$out/fashion-mnist/$f.xz"; } || true
done

# 3. Node itself (about 24 MB compressed); redone when the node binary changes.
node_bin="$(command -v node)"
stamp="$(node --version) $(stat -c %s "$node_bin")"
if [ ! -f "$out/node.xz" ] || [ "$(cat "$out/node.stamp" 2>/dev/null)" != "$stamp" ]; then
  xz -9 -T2 -c "$node_bin" > "$out/node.xz"
  echo "$stamp" > "$out/node.stamp"
fi

# 4. Sources and headers for a rebuild on the GPU machine.
tmp="$(mktemp -d)"
mkdir -p "$tmp/native-src/include"
cp -r "$pkg/CMakeLists.txt" "$pkg/src" "$tmp/native-src/"
rm -f "$tmp/native-src/src/"*.ts
headers="$(cd "$pkg" && node -e "process.stdout.write(require('path').resolve(require('node-api-headers').include_dir))")"
addon_api="$(cd "$pkg" && node -e "process.stdout.write(require('path').resolve(require('node-addon-api').include_dir))")"
cp -r "$headers" "$tmp/native-src/include/node-api-headers"
cp -r "$addon_api" "$tmp/native-src/include/node-addon-api"
tar -C "$tmp" -cJf "$out/native-src.tar.xz" native-src
rm -rf "$tmp" "$out/native-src"

# 5. The command the GPU session runs.
cp "$pkg/scripts/gpu-run.sh" "$out/run.sh"
chmod +x "$out/run.sh"
du -sh "$out" | sed 's/^/.gpu: /'
echo "run on the GPU machine: bash .gpu/run.sh [tests] [e2e] [kbench] [bench]   (carry: [\".gpu\"])"

#!/usr/bin/env bash
# Runs the bundled CUDA backend tests on the GPU machine (copied to .gpu/run.sh by gpu-bundle.sh):
#   bash .gpu/run.sh [--filter <regexp>]     the tests
#   bash .gpu/run.sh --bench [--filter <re>]  the kernel benchmarks, with PyTorch's side by side
# Logs and the JSON report go to $OUT (the device tool's output folder), else /tmp/tts-gpu-out.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${OUT:-/tmp/tts-gpu-out}"
mkdir -p "$out"
node=/tmp/tts-node
if [ ! -x "$node" ]; then
  xz -dc "$here/node.xz" > "$node" && chmod +x "$node" || { echo "could not unpack node" >&2; exit 2; }
fi
"$node" --version

nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>&1 | tee "$out/nvidia-smi.txt"

# cuBLAS: the GPU machine has it inside PyTorch's wheels (nvidia/cu13/lib or nvidia/cublas/lib).
if [ -z "${TORCHTS_CUBLAS:-}" ]; then
  lib="$(python3 -c "
import glob, os, site
dirs = site.getsitepackages() + [site.getusersitepackages()]
for d in dirs:
    for pat in ('nvidia/cu13/lib/libcublas.so.13', 'nvidia/cublas/lib/libcublas.so.13', 'nvidia/cu12/lib/libcublas.so.12', 'nvidia/cublas/lib/libcublas.so.12', 'nvidia/*/lib/libcublas.so.1*'):
        hits = sorted(glob.glob(os.path.join(d, pat)))
        if hits:
            print(hits[0]); raise SystemExit
" 2>/dev/null)"
  [ -z "$lib" ] && lib="$(ls /usr/local/cuda/lib64/libcublas.so.1[23] 2>/dev/null | head -1)"
  if [ -n "$lib" ]; then
    export TORCHTS_CUBLAS="$lib"
    export LD_LIBRARY_PATH="$(dirname "$lib")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  fi
fi
echo "TORCHTS_CUBLAS=${TORCHTS_CUBLAS:-<none: builtin GEMM kernels>}"

# The addon: the prebuilt one, or rebuilt here with plain CMake if it does not load (or when
# TTS_REBUILD=1; extra CMake flags in TTS_CMAKE_FLAGS, e.g. -DTORCHTS_CUDA_LINEINFO=ON).
export TORCHTS_CUDA_ADDON="$here/torchts_cuda.node"
if [ "${TTS_REBUILD:-0}" = 1 ] || ! "$node" -e "require(process.env.TORCHTS_CUDA_ADDON)" 2> "$out/addon-load.txt"; then
  echo "rebuilding the addon here ($(head -c 300 "$out/addon-load.txt" 2>/dev/null))" >&2
  src="$here/native-src"
  cmake -S "$src" -B /tmp/tts-native-build -G Ninja -DCMAKE_BUILD_TYPE=Release \
    "-DCMAKE_JS_INC=$src/include/node-api-headers;$src/include/node-addon-api" \
    -DCMAKE_LIBRARY_OUTPUT_DIRECTORY=/tmp/tts-native-build/Release ${TTS_CMAKE_FLAGS:-} > "$out/rebuild.log" 2>&1 &&
    cmake --build /tmp/tts-native-build -j "$(nproc)" >> "$out/rebuild.log" 2>&1 ||
    { echo "rebuild failed, see rebuild.log" >&2; tail -30 "$out/rebuild.log" >&2; exit 2; }
  export TORCHTS_CUDA_ADDON=/tmp/tts-native-build/Release/torchts_cuda.node
fi

if [ "${1:-}" = --bench ]; then
  shift
  "$node" "$here/gpu-bench.mjs" --json "$out/torchts-bench.json" "$@" 2>&1 | tee "$out/torchts-bench.log"
  python3 "$here/torch-bench.py" "$out/torchts-bench.json" "$out/bench.json" 2>&1 | tee "$out/bench-side-by-side.txt"
  exit 0
fi
"$node" "$here/gpu-tests.mjs" --json "$out/gpu-tests.json" "$@" 2>&1 | tee "$out/gpu-tests.log"
exit "${PIPESTATUS[0]}"

#!/usr/bin/env bash
# Runs the bundled GPU stages on the GPU machine (copied to .gpu/run.sh by gpu-bundle.sh):
#   bash .gpu/run.sh [tests] [e2e] [kbench] [bench]      (no stage named: tests e2e kbench bench)
#     tests   this package's tests: conformance, parity vs the CPU, allocator/OOM/memory loop
#     e2e     training on 'cuda' through autograd/nn/optim, 10,000 steps of flat memory, the blitz
#             classifier on 'cuda'
#     kbench  the kernel benchmarks, with PyTorch's times side by side
#     bench   apps/bench --cuda --epoch: matmul, LeNet and ResNet-18 steps, the Fashion-MNIST epoch,
#             torchts against PyTorch on the same GPU
#     profile V8 CPU profiles of LeNet and ResNet-18 steps, their GPU time per kind of op
#             (TORCHTS_CUDA_PROFILE=1), and with nsys their kernels, under $OUT/prof
# TTS_FILTER=<regexp> limits tests/e2e; TTS_STAGE_TIMEOUT (seconds, default 300) bounds each stage.
# Logs and JSON reports go to $OUT (the device tool's output folder), else /tmp/tts-gpu-out.
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
# cuDNN likewise (nvidia/cudnn/lib); its libcudnn.so.9 loads sub-libraries from its own folder.
if [ -z "${TORCHTS_CUDNN:-}" ]; then
  lib="$(python3 -c "
import glob, os, site
for d in site.getsitepackages() + [site.getusersitepackages()]:
    hits = sorted(glob.glob(os.path.join(d, 'nvidia/cudnn/lib/libcudnn.so.*')))
    if hits:
        print(hits[0]); raise SystemExit
" 2>/dev/null)"
  if [ -n "$lib" ]; then
    export TORCHTS_CUDNN="$lib"
    export LD_LIBRARY_PATH="$(dirname "$lib"):$LD_LIBRARY_PATH"
  fi
fi
echo "TORCHTS_CUDNN=${TORCHTS_CUDNN:-<none: builtin convolution kernels>}"

# The addon: the prebuilt one, or rebuilt here with plain CMake if it does not load (or when
# TTS_REBUILD=1; extra CMake flags in TTS_CMAKE_FLAGS, e.g. -DTORCHTS_CUDA_LINEINFO=ON).
export TORCHTS_CUDA_ADDON=/tmp/tts-addon/torchts_cuda.node
mkdir -p /tmp/tts-addon
[ -f "$TORCHTS_CUDA_ADDON" ] || xz -dc "$here/torchts_cuda.node.xz" > "$TORCHTS_CUDA_ADDON"
if [ "${TTS_REBUILD:-0}" = 1 ] || ! "$node" -e "require(process.env.TORCHTS_CUDA_ADDON)" 2> "$out/addon-load.txt"; then
  echo "rebuilding the addon here ($(head -c 300 "$out/addon-load.txt" 2>/dev/null))" >&2
  tar -C /tmp -xJf "$here/native-src.tar.xz"
  src=/tmp/native-src
  cmake -S "$src" -B /tmp/tts-native-build -G Ninja -DCMAKE_BUILD_TYPE=Release \
    "-DCMAKE_JS_INC=$src/include/node-api-headers;$src/include/node-addon-api" \
    -DCMAKE_LIBRARY_OUTPUT_DIRECTORY=/tmp/tts-native-build/Release ${TTS_CMAKE_FLAGS:-} > "$out/rebuild.log" 2>&1 &&
    cmake --build /tmp/tts-native-build -j "$(nproc)" >> "$out/rebuild.log" 2>&1 ||
    { echo "rebuild failed, see rebuild.log" >&2; tail -30 "$out/rebuild.log" >&2; exit 2; }
  export TORCHTS_CUDA_ADDON=/tmp/tts-native-build/Release/torchts_cuda.node
fi

# Fashion-MNIST where the blitz and the bench look for it (./data/FashionMNIST/raw).
if [ -d "$here/fashion-mnist" ] && [ ! -f data/FashionMNIST/raw/train-images-idx3-ubyte ]; then
  mkdir -p data/FashionMNIST/raw
  for f in "$here"/fashion-mnist/*.xz; do xz -dc "$f" > "data/FashionMNIST/raw/$(basename "$f" .xz)" & done
  wait
fi

limit="${TTS_STAGE_TIMEOUT:-300}"
filter=()
[ -n "${TTS_FILTER:-}" ] && filter=(--filter "$TTS_FILTER")
stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=(tests e2e kbench bench)
status=0
for stage in "${stages[@]}"; do
  echo "=== $stage ($(date +%T))"
  case "$stage" in
    tests) timeout "$limit" "$node" "$here/gpu-tests.mjs" --json "$out/gpu-tests.json" "${filter[@]}" > "$out/gpu-tests.log" 2>&1 ;;
    e2e) timeout "$limit" "$node" "$here/gpu-e2e.mjs" --json "$out/gpu-e2e.json" "${filter[@]}" > "$out/gpu-e2e.log" 2>&1 ;;
    kbench)
      timeout "$limit" "$node" "$here/gpu-bench.mjs" --json "$out/kernels-torchts.json" > "$out/kernels.log" 2>&1 &&
        timeout "$limit" python3 "$here/torch-bench.py" "$out/kernels-torchts.json" "$out/kernels.json" > "$out/kernels-side-by-side.txt" 2>&1 ;;
    profile)
      # Where a training step's time goes: V8 CPU profiles of LeNet (batch 64) and ResNet-18
      # (batch 128) steps (JS and launch overhead, or waiting for the GPU) and, when Nsight
      # Systems is installed, the GPU kernels of ResNet-18 steps.
      plan() { echo "{\"items\":[$1],\"timing\":{\"warmup\":3,\"reps\":20,\"minSeconds\":$2,\"maxReps\":100000},\"seed\":0,\"device\":\"cuda\"}"; }
      lenet='{"kind":"lenet-step","name":"lenet b64","batch":64,"channels":1}'
      resnet='{"kind":"resnet-step","name":"resnet18 b128","batch":128,"channels":3,"size":32}'
      mkdir -p "$out/prof"
      timeout "$limit" "$node" --cpu-prof --cpu-prof-dir="$out/prof" --cpu-prof-name=lenet.cpuprofile "$here/bench/child.js" torchts:cuda "$(plan "$lenet" 4)" > "$out/profile.log" 2>&1
      timeout "$limit" "$node" --cpu-prof --cpu-prof-dir="$out/prof" --cpu-prof-name=resnet.cpuprofile "$here/bench/child.js" torchts:cuda "$(plan "$resnet" 4)" >> "$out/profile.log" 2>&1
      TORCHTS_CUDA_PROFILE=1 timeout "$limit" "$node" "$here/profile-step.mjs" > "$out/prof/gpu-ops.txt" 2>&1
      nsys="$(command -v nsys || ls /usr/local/cuda/bin/nsys /opt/nvidia/nsight-systems/*/bin/nsys 2>/dev/null | head -1)"
      if [ -n "$nsys" ]; then
        timeout "$limit" "$nsys" profile -o /tmp/tts-resnet -f true "$node" "$here/bench/child.js" torchts:cuda "$(plan "$resnet" 2)" >> "$out/profile.log" 2>&1
        "$nsys" stats --report cuda_gpu_kern_sum --format csv /tmp/tts-resnet.nsys-rep > "$out/prof/resnet-kernels.csv" 2>> "$out/profile.log"
        "$nsys" stats --report cuda_api_sum --format csv /tmp/tts-resnet.nsys-rep > "$out/prof/resnet-api.csv" 2>> "$out/profile.log"
      else
        echo "no nsys on this machine" >> "$out/profile.log"
      fi ;;
    bench) TORCHTS_BENCH_PYTHON=python3 timeout "$limit" "$node" "$here/bench/main.js" --cuda --epoch --out "$out" > "$out/bench.log" 2>&1 ;;
    *) echo "unknown stage $stage" >&2; false ;;
  esac
  rc=$?
  [ $rc -ne 0 ] && status=1
  echo "=== $stage exit $rc"
  case "$stage" in
    tests) tail -25 "$out/gpu-tests.log" ;;
    e2e) tail -25 "$out/gpu-e2e.log" ;;
    kbench) cat "$out/kernels-side-by-side.txt" 2>/dev/null || tail -20 "$out/kernels.log" ;;
    bench) tail -30 "$out/bench.log" ;;
    profile) tail -5 "$out/profile.log"; cat "$out/prof/gpu-ops.txt"; head -40 "$out/prof/resnet-kernels.csv" 2>/dev/null ;;
  esac
done
exit $status

"""The bench workloads on PyTorch (CPU), printed as JSON rows for apps/bench to compare."""
import json
import statistics
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)


def median_seconds(fn, warmup=2, reps=7, min_seconds=0.3):
    for _ in range(warmup):
        fn()
    times = []
    start = time.perf_counter()
    while len(times) < reps or time.perf_counter() - start < min_seconds:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if len(times) >= 200:
            break
    return statistics.median(times)


rows = []
for n in (256, 512, 1024):
    a, b = torch.rand(n, n), torch.rand(n, n)
    s = median_seconds(lambda: torch.matmul(a, b), reps=3 if n >= 1024 else 7)
    rows.append({"workload": f"W1 matmul {n} f32", "unit": "GFLOP/s", "value": 2 * n**3 / s / 1e9})
for n in (1 << 20, 1 << 24):
    a, b = torch.rand(n), torch.rand(n)
    label = "1M" if n == 1 << 20 else "16M"
    s = median_seconds(lambda: a + b, reps=5)
    rows.append({"workload": f"W2 add {label}", "unit": "GB/s", "value": 3 * 4 * n / s / 1e9})
    s = median_seconds(lambda: torch.relu(a), reps=5)
    rows.append({"workload": f"W2 relu {label}", "unit": "GB/s", "value": 2 * 4 * n / s / 1e9})
print(json.dumps({"version": torch.__version__, "threads": torch.get_num_threads(), "rows": rows}))

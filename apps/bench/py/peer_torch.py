"""The bench workloads on PyTorch, printed as JSON rows for apps/bench to compare.

Usage: /usr/bin/python3 peer_torch.py THREADS PLAN_JSON

PLAN_JSON is the plan apps/bench/src/plan.ts builds (items, timing, seed, device); every item is
run exactly as the TypeScript side runs it (same names, sizes, timing policy, W5 data order).
With `"device": "cuda"` (the --cuda plan) everything runs on the GPU in float32 without TF32
(torchts's CUDA backend computes float32 in full precision), and each timed run ends with
torch.cuda.synchronize().
"""
import gzip
import json
import os
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

SIDE = 32
DEV = torch.device("cpu")


def sync():
    if DEV.type == "cuda":
        torch.cuda.synchronize()


def median_seconds(step, timing):
    """timing.ts medianSeconds: warmups, then the median of at least reps runs and minSeconds."""
    def fn():
        step()
        sync()
    slow = timing.get("slowSeconds") or float("inf")
    for _ in range(timing["warmup"]):
        t0 = time.perf_counter()
        fn()
        s = time.perf_counter() - t0
        if s > slow:
            return s
    times = []
    start = time.perf_counter()
    while len(times) < timing["reps"] or time.perf_counter() - start < timing["minSeconds"]:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if len(times) >= timing["maxReps"] or time.perf_counter() - start > slow:
            break
    return statistics.median(times)


def timing_for(item, timing):
    """Fewer runs for the 1024 matmul and the 16M elementwise ops (plan.ts timingFor)."""
    big = (item["kind"] == "matmul" and item["n"] >= 1024) or (item["kind"] in ("add", "relu") and item["n"] >= 1 << 24)
    if not big:
        return timing
    return dict(timing, reps=min(timing["reps"], 3 if item["kind"] == "matmul" else 5), maxReps=min(timing["maxReps"], 20))


UNITS = {"matmul": ("GFLOP/s", "higher"), "add": ("GB/s", "higher"), "relu": ("GB/s", "higher"),
         "conv": ("ms", "lower"), "lenet-step": ("steps/s", "higher"), "resnet-step": ("steps/s", "higher")}


def value_of(item, s):
    k = item["kind"]
    if k == "matmul":
        return 2 * item["n"] ** 3 / s / 1e9
    if k == "add":
        return 3 * 4 * item["n"] / s / 1e9
    if k == "relu":
        return 2 * 4 * item["n"] / s / 1e9
    if k == "conv":
        return s * 1000
    return 1 / s


class LeNet(nn.Module):
    """The blitz's LeNet."""

    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


class BasicBlock(nn.Module):
    """resnet.ts BasicBlock."""

    def __init__(self, in_planes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.shortcut = nn.Sequential()
        if stride != 1 or in_planes != planes:
            self.shortcut = nn.Sequential(nn.Conv2d(in_planes, planes, 1, stride=stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(out)) + self.shortcut(x))


class ResNet18(nn.Module):
    """resnet.ts ResNet18: the CIFAR variant (3x3 stem, no max pool)."""

    def __init__(self, channels, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, 64, 3, stride=1, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        blocks, in_planes = [], 64
        for planes, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
            blocks += [BasicBlock(in_planes, planes, stride), BasicBlock(planes, planes, 1)]
            in_planes = planes
        self.layers = nn.Sequential(*blocks)
        self.linear = nn.Linear(512, classes)

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = F.adaptive_avg_pool2d(self.layers(out), 1)
        return self.linear(torch.flatten(out, 1))


def prepare(item):
    k = item["kind"]
    if k == "matmul":
        a, b = torch.rand(item["n"], item["n"], device=DEV), torch.rand(item["n"], item["n"], device=DEV)
        return lambda: torch.matmul(a, b)
    if k == "add":
        a, b = torch.rand(item["n"], device=DEV), torch.rand(item["n"], device=DEV)
        return lambda: a + b
    if k == "relu":
        a = torch.rand(item["n"], device=DEV) - 0.5
        return lambda: torch.relu(a)
    if k == "conv":
        n, ci, co, size, kk = item["batch"], item["inChannels"], item["outChannels"], item["size"], item["kernel"]
        x = torch.randn(n, ci, size, size, device=DEV)
        w = (torch.randn(co, ci, kk, kk, device=DEV) * 0.1)
        b = (torch.randn(co, device=DEV) * 0.1)
        if not item["backward"]:
            def fwd():
                with torch.no_grad():
                    F.conv2d(x, w, b)
            return fwd
        x.requires_grad_(item["inputGrad"])
        w.requires_grad_()
        b.requires_grad_()
        gy = torch.randn(n, co, size - kk + 1, size - kk + 1, device=DEV)
        wrt = [x, w, b] if item["inputGrad"] else [w, b]
        return lambda: torch.autograd.grad(F.conv2d(x, w, b), wrt, gy)
    if k in ("lenet-step", "resnet-step"):
        model = (LeNet(item["channels"]) if k == "lenet-step" else ResNet18(item["channels"])).to(DEV)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9)
        criterion = nn.CrossEntropyLoss()
        side = SIDE if k == "lenet-step" else item["size"]
        x = torch.randn(item["batch"], item["channels"], side, side, device=DEV)
        y = torch.randint(0, 10, (item["batch"],), device=DEV)

        def step():
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
            loss.item()
        return step
    raise ValueError(f"unknown kind {k}")


# ---- W5 ----

def fashion_dir():
    for d in (os.path.join("data", "FashionMNIST", "raw"), "/usr/share/datasets/fashion-mnist"):
        if os.path.exists(os.path.join(d, "train-images-idx3-ubyte.gz")) or os.path.exists(os.path.join(d, "train-images-idx3-ubyte")):
            return d
    raise FileNotFoundError("Fashion-MNIST not found (apt-get install dataset-fashion-mnist)")


def read_idx(d, base):
    for name in (base, base + ".gz"):
        p = os.path.join(d, name)
        if os.path.exists(p):
            with (gzip.open(p) if name.endswith(".gz") else open(p, "rb")) as f:
                return f.read()
    raise FileNotFoundError(base)


def load_split(d, prefix, limit):
    """Images padded to 32x32 and mapped to [-1, 1] (fashion-mnist.ts), labels int64."""
    raw = read_idx(d, f"{prefix}-images-idx3-ubyte")
    count, rows, cols = (int.from_bytes(raw[i:i + 4], "big") for i in (4, 8, 12))
    n = count if limit is None else min(count, limit)
    img = torch.frombuffer(bytearray(raw[16:16 + n * rows * cols]), dtype=torch.uint8).view(n, 1, rows, cols)
    x = F.pad(img.float() / 127.5 - 1, (2, 2, 2, 2), value=-1.0)
    labels = read_idx(d, f"{prefix}-labels-idx1-ubyte")
    y = torch.frombuffer(bytearray(labels[8:8 + n]), dtype=torch.uint8).long()
    return x.contiguous(), y


def xorshift(s):
    s ^= (s << 13) & 0xFFFFFFFF
    s ^= s >> 17
    s ^= (s << 5) & 0xFFFFFFFF
    return s


def synthetic(n, seed):
    """Random data (tests only); not the same numbers as the TS side's synthetic data."""
    g = torch.Generator().manual_seed(seed)
    return torch.rand(n, 1, SIDE, SIDE, generator=g) * 2 - 1, torch.randint(0, 10, (n,), generator=g)


def shuffled_order(n, seed):
    """fashion-mnist.ts shuffledOrder: the same Fisher-Yates order as the TS frameworks."""
    order = list(range(n))
    s = (seed + 0x9E3779B9) & 0xFFFFFFFF or 1
    for i in range(n - 1, 0, -1):
        s = xorshift(s)
        j = s % (i + 1)
        order[i], order[j] = order[j], order[i]
    return torch.tensor(order, dtype=torch.long)


def run_epoch(item, seed):
    if item["synthetic"]:
        (tx, ty), (vx, vy) = synthetic(item["limitTrain"] or 64, seed), synthetic(item["limitTest"] or 32, seed + 1)
    else:
        d = fashion_dir()
        tx, ty = load_split(d, "train", item["limitTrain"])
        vx, vy = load_split(d, "t10k", item["limitTest"])
    tx, ty, vx, vy = tx.to(DEV), ty.to(DEV), vx.to(DEV), vy.to(DEV)
    torch.manual_seed(seed)
    model = LeNet(1).to(DEV)
    optimizer = torch.optim.SGD(model.parameters(), lr=item["lr"], momentum=item["momentum"])
    criterion = nn.CrossEntropyLoss()
    order = shuffled_order(tx.shape[0], seed).to(DEV)
    if DEV.type == "cuda":
        torch.cuda.reset_peak_memory_stats()
        base = torch.cuda.memory_allocated()
    bs = item["batchSize"]
    sync()
    start = time.perf_counter()
    for i in range(0, tx.shape[0], bs):
        idx = order[i:i + bs]
        x, y = tx[idx], ty[idx]
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        loss.item()
    sync()
    seconds = time.perf_counter() - start
    correct = 0
    model.eval()
    with torch.no_grad():
        for i in range(0, vx.shape[0], 1000):
            correct += (model(vx[i:i + 1000]).argmax(1) == vy[i:i + 1000]).sum().item()
    tag = f"{item['name']} b{bs}"
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6  # Linux reports KiB
    peak = None if DEV.type == "cpu" else (torch.cuda.max_memory_allocated() - base) / 1e6
    return [
        {"workload": f"{tag} time", "unit": "s", "better": "lower", "value": seconds},
        {"workload": f"{tag} test accuracy", "unit": "%", "better": "none", "value": 100 * correct / vx.shape[0]},
        {"workload": f"{tag} peak RSS", "unit": "MB", "better": "lower", "value": rss},
        {"workload": f"{tag} peak tensor memory", "unit": "MB", "better": "lower", "value": peak,
         "note": "PyTorch has no live-tensor byte count on the CPU" if peak is None
         else "torch.cuda.max_memory_allocated() beyond the preloaded data and model"},
    ]


def main():
    threads = int(sys.argv[1])
    plan = json.loads(sys.argv[2])
    torch.set_num_threads(threads)
    global DEV
    DEV = torch.device(plan.get("device", "cpu"))
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    rows = []
    for item in plan["items"]:
        print(f"  pytorch ({threads} thread{'s' if threads > 1 else ''}): {item['name']}", file=sys.stderr)
        torch.manual_seed(plan["seed"])
        if item["kind"] == "epoch":
            rows.extend(run_epoch(item, plan["seed"]))
            continue
        torch.backends.cudnn.benchmark = bool(item.get("cudnnBenchmark", False))
        fn = prepare(item)
        s = median_seconds(fn, timing_for(item, plan["timing"]))
        unit, better = UNITS[item["kind"]]
        rows.append({"workload": item["name"], "unit": unit, "better": better, "value": value_of(item, s)})
    gpu = torch.cuda.get_device_name(0) if DEV.type == "cuda" else None
    print(json.dumps({"version": torch.__version__, "threads": torch.get_num_threads(), "gpu": gpu, "rows": rows}))


if __name__ == "__main__":
    main()

"""PyTorch timings of the ops bench/gpu-bench.ts measures, on the same GPU, printed side by side
with torchts's (read from the JSON gpu-bench.ts wrote).

    python3 torch-bench.py torchts-bench.json [out.json]

float32 matmuls run without TF32 (torch.backends.cuda.matmul.allow_tf32 = False) except the
"tf32" rows, as torchts's. A "builtin" row (torchts's own kernels instead of cuBLAS/cuDNN) is
compared with PyTorch's normal time for the same op.
"""
import json
import sys
import time

import torch
import torch.nn.functional as F

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
dev = torch.device("cuda")
rows = {}


def bench(name, fn):
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    iters, start = 0, time.perf_counter()
    while time.perf_counter() - start < 0.3 or iters < 5:
        fn()
        iters += 1
        if iters % 5 == 0:
            torch.cuda.synchronize()
    torch.cuda.synchronize()
    rows[name] = (time.perf_counter() - start) / iters * 1e3


def rand(*shape, dtype=torch.float32):
    return torch.rand(*shape, device=dev, dtype=dtype) * 2 - 1


for dtype, tag, tf32 in ((torch.float32, "float32", False), (torch.float32, "float32 tf32", True),
                         (torch.float16, "float16", False), (torch.bfloat16, "bfloat16", False)):
    torch.backends.cuda.matmul.allow_tf32 = tf32
    for n in (1024, 2048, 4096, 8192):
        a, b, c = rand(n, n, dtype=dtype), rand(n, n, dtype=dtype), rand(n, n, dtype=dtype)
        bench(f"matmul {tag} {n}", lambda: torch.matmul(a, b, out=c))
        if not tf32:
            rows[f"matmul {tag} {n} builtin"] = rows[f"matmul {tag} {n}"]
torch.backends.cuda.matmul.allow_tf32 = False

n = 1 << 26
a, b, c = rand(n), rand(n), rand(n)
bench("add f32 64M", lambda: torch.add(a, b, out=c))
bench("gelu f32 64M", lambda: F.gelu(a))
bench("fill f32 64M", lambda: c.fill_(1.5))
t = rand(8192, 8192)
bench("copy transposed f32 8192x8192", lambda: t.t().contiguous())
bench("copy f32->f16 64M", lambda: a.half())
bench("sum f32 64M (all)", lambda: a.sum())
bench("sum f32 [65536,1024] dim 1", lambda: a.view(65536, 1024).sum(1))
bench("sum f32 [1024,65536] dim 0", lambda: a.view(1024, 65536).sum(0))
bench("argmax f32 [65536,1024] dim 1", lambda: a.view(65536, 1024).argmax(1))
for r, cols in ((4096, 1000), (256, 32000)):
    x = rand(r, cols)
    bench(f"softmax f32 [{r},{cols}]", lambda: torch.softmax(x, -1))
    bench(f"logSoftmax f32 [{r},{cols}]", lambda: torch.log_softmax(x, -1))
for name, ins, ws, pad in (("lenet1 b64", (64, 1, 28, 28), (6, 1, 5, 5), 0), ("lenet2 b64", (64, 6, 12, 12), (16, 6, 5, 5), 0),
                           ("resnet 64x56 b32", (32, 64, 56, 56), (64, 64, 3, 3), 1),
                           ("resnet 256x14 b128", (128, 256, 14, 14), (256, 256, 3, 3), 1)):
    x, w, bias = rand(*ins), rand(*ws), rand(ws[0])
    y = F.conv2d(x, w, bias, padding=pad)
    bench(f"conv2d {name}", lambda: F.conv2d(x, w, bias, padding=pad))
    bench(f"conv2dBackwardInput {name}", lambda: torch.nn.grad.conv2d_input(x.shape, w, y, padding=pad))
    bench(f"conv2dBackwardWeight {name}", lambda: torch.nn.grad.conv2d_weight(x, w.shape, y, padding=pad))
    for op in ("conv2d", "conv2dBackwardInput", "conv2dBackwardWeight"):
        rows[f"{op} {name} builtin"] = rows[f"{op} {name}"]
x = rand(128, 64, 112, 112)
bench("maxPool2d k3s2p1 [128,64,112,112]", lambda: F.max_pool2d(x, 3, 2, 1, return_indices=True))
x = rand(1024, 8192)
bench("cumsum f32 [1024,8192] dim 1", lambda: torch.cumsum(x, 1))
x = rand(1024, 2048)
bench("sort f32 [1024,2048] dim 1", lambda: torch.sort(x, dim=1, stable=True))
x = rand(1, 1 << 20)
bench("sort f32 [1,1M] dim 1", lambda: torch.sort(x, dim=1, stable=True))
table, ids = rand(50000, 512), torch.randint(0, 50000, (16384,), device=dev)
bench("indexSelect [50000,512] 16384 rows", lambda: torch.index_select(table, 0, ids))

ours = {}
if len(sys.argv) > 1:
    with open(sys.argv[1]) as f:
        ours = {r["id"]: r for r in json.load(f)["rows"]}
print(f"{torch.cuda.get_device_name(0)}, PyTorch {torch.__version__}")
print(f"{'op':48} {'torchts ms':>12} {'torch ms':>10} {'ratio':>7}")
for name, ms in rows.items():
    o = ours.get(name)
    if o is None:
        continue
    print(f"{name:48} {o['ms']:12.4f} {ms:10.4f} {o['ms'] / ms:7.2f}")
if len(sys.argv) > 2:
    with open(sys.argv[2], "w") as f:
        json.dump({"device": torch.cuda.get_device_name(0), "torch": rows, "torchts": ours}, f, indent=1)

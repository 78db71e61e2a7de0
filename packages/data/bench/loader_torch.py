"""PyTorch's side of bench/loader.mjs: DataLoader images/s on Fashion-MNIST (Debian's
dataset-fashion-mnist), batch 64, shuffle, ToTensor + Normalize; prints one JSON line per
worker count."""
import argparse
import gzip
import json
import os
import shutil
import tempfile
import time

import torch
import torchvision.transforms as T
from torchvision.datasets import FashionMNIST

p = argparse.ArgumentParser()
p.add_argument('--epochs', type=int, default=1)
p.add_argument('--workers', default='0,2')
args = p.parse_args()
torch.set_num_threads(2)

src = '/usr/share/datasets/fashion-mnist'
root = tempfile.mkdtemp()
raw = os.path.join(root, 'FashionMNIST', 'raw')
os.makedirs(raw)
for name in ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']:
    with gzip.open(os.path.join(src, name + '.gz')) as fi, open(os.path.join(raw, name), 'wb') as fo:
        shutil.copyfileobj(fi, fo)
ds = FashionMNIST(root, train=True, transform=T.Compose([T.ToTensor(), T.Normalize((0.5,), (0.5,))]))
for w in [int(x) for x in args.workers.split(',')]:
    torch.manual_seed(0)
    loader = torch.utils.data.DataLoader(ds, batch_size=64, shuffle=True, num_workers=w)
    n = 0
    t0 = time.perf_counter()
    for _ in range(args.epochs):
        for x, y in loader:
            n += x.shape[0]
    s = time.perf_counter() - t0
    print(json.dumps(dict(impl='pytorch', numWorkers=w, imagesPerSecond=n / s, seconds=s)))
shutil.rmtree(root)

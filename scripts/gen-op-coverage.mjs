#!/usr/bin/env node
// Writes docs/op-coverage.md: for every op (core's unary and binary tables, the other torch.*
// functions, the Tensor-only methods, nn.functional, the optimizers' steps) and every backend, which
// kernel of the backend contract computes it, forward and backward.
//
// Nothing here is written by hand: each op runs on tiny inputs on a tracing wrapper of each backend,
// which records the kernels core calls. Backends that cannot run here (no GPU, no driver) are traced
// through their own kernel set (fused kernels, dtypes, synchronous reads) with the CPU computing
// the numbers: core picks kernels from exactly those properties, so the routing is the same.
//
// Needs the packages built: `pnpm build && node scripts/gen-op-coverage.mjs` (or `pnpm docs:coverage`).
// `--check` exits 1 when docs/op-coverage.md is not up to date, `--stdout` prints instead of writing.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const dist = (pkg) => new URL(`packages/${pkg}/dist/index.js`, root);
const load = async (pkg) => {
  const url = dist(pkg);
  if (!existsSync(url)) throw new Error(`packages/${pkg} is not built: run \`pnpm build\` first`);
  return import(url.href);
};

const torch = await load('core');
const autogradPkg = await load('autograd');
const nn = await load('nn');
const optim = await load('optim');
const { cpuBackend } = await load('backend-cpu');
const { referenceBackend } = await load('backend-testkit');
const F = nn.F;

// ---------------------------------------------------------------------------------------------
// Backends and the tracing wrapper.

/** The kernels of the `Backend` contract that compute (the rest is memory management). */
const COMPUTE = ['fill', 'copy', 'unary', 'clamp', 'binary', 'where', 'reduce', 'matmul', 'gather', 'scatterAdd',
  'scatter', 'indexSelect', 'cumulative', 'sort'];
/** Kernels whose first argument names the operation (`unary('exp', ...)`). */
const NAMED = new Set(['unary', 'binary', 'reduce', 'cumulative']);
const FUSED = ['conv2d', 'conv2dBackwardInput', 'conv2dBackwardWeight', 'softmax', 'maxPool2d'];

/**
 * A backend of device type `type` that records the kernels called on it. `kernels` is the backend whose
 * kernel set (fused kernels, dtypes, sync reads) is shown; `compute` runs them (the same backend when
 * it can run here, else the CPU backend).
 */
function tracing(type, kernels, compute) {
  const log = [];
  const emulated = kernels !== compute;
  // A backend that cannot say which dtypes it stores here (native addon not loaded) is traced with all.
  const dtypesKnown = Object.values(torch.dtypes).some((d) => safe(() => kernels.supportsDtype(d), false));
  const b = {
    type,
    canReadSync: kernels.canReadSync,
    log,
    deviceCount: () => 1,
    unavailableReason: () => null,
    supportsDtype: (d) => !dtypesKnown || safe(() => kernels.supportsDtype(d), true),
    alloc: (d, n, i) => compute.alloc(d, n, emulated ? 0 : i),
    free: (buf) => compute.free(buf),
    byteLength: (buf) => compute.byteLength(buf),
    write: (buf, data, offset) => {
      log.push('upload');
      return compute.write(buf, data, offset);
    },
    read: (view) => {
      log.push('read');
      if (!kernels.canReadSync) {
        throw new torch.RuntimeError(`synchronous reads are not possible on device '${type}'`);
      }
      return compute.read(view);
    },
    readAsync: (view) => {
      log.push('read');
      return compute.readAsync(view);
    },
    synchronize: () => undefined,
  };
  if (typeof kernels.wrap === 'function') b.wrap = (...a) => compute.wrap(...a);
  if (typeof kernels.storageOf === 'function') b.storageOf = (...a) => compute.storageOf(...a);
  for (const k of COMPUTE) {
    b[k] = (...args) => {
      log.push(NAMED.has(k) ? `${k}:${args[0]}` : k);
      return compute[k](...args);
    };
  }
  const fused = {};
  for (const k of FUSED) {
    if (!kernels.fused?.[k]) continue;
    fused[k] = (...args) => {
      log.push(`fused:${k}`);
      return compute.fused[k].apply(compute.fused, args);
    };
  }
  b.fused = fused;
  return b;
}

function safe(fn, fallback) {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

/** The columns: every backend that builds and exports its backend object. */
const columns = [
  { name: 'cpu', pkg: '@torchts/backend-cpu', real: cpuBackend },
  { name: 'reference', pkg: '@torchts/backend-testkit', real: referenceBackend },
];
for (const [pkg, exportName, name] of [['backend-webgpu', 'webgpuBackend', 'webgpu'], ['backend-cuda', 'cudaBackend', 'cuda']]) {
  try {
    const mod = await load(pkg);
    if (mod[exportName]) columns.push({ name, pkg: `@torchts/${pkg}`, real: mod[exportName] });
  } catch (err) {
    console.warn(`op coverage: leaving out @torchts/${pkg} (${err.message.split('\n')[0]})`);
  }
}
for (const col of columns) {
  col.reason = safe(() => col.real.unavailableReason(), 'unavailable');
  col.emulated = col.reason !== null;
  col.backend = tracing(col.real.type, col.real, col.emulated ? cpuBackend : col.real);
  col.device = col.real.type;
  torch.registerBackend(col.backend);
}

// ---------------------------------------------------------------------------------------------
// The probes: each op on tiny inputs. `make(c)` builds the inputs (not traced), `run(...inputs)`
// calls the op (traced). Float inputs require grad in the backward pass.

function ctx(device, grad) {
  const g = { requiresGrad: grad };
  return {
    device,
    /** A float32 tensor of the given shape, values in [0.1, 0.9). */
    f: (...shape) => torch.rand(shape, { device }).mul(0.8).add(0.1).requiresGrad_(grad),
    /** A float32 tensor with the given values. */
    ft: (data) => torch.tensor(data, { device, ...g }),
    /** An int64 tensor with the given values. */
    long: (data) => torch.tensor(data, { dtype: torch.int64, device }),
    /** An int32 tensor with the given values. */
    int: (data) => torch.tensor(data, { dtype: torch.int32, device }),
    /** A bool tensor with the given values. */
    bool: (data) => torch.tensor(data, { dtype: torch.bool, device }),
  };
}

const x23 = (c) => [c.f(2, 3)];
const pair23 = (c) => [c.f(2, 3), c.f(2, 3)];
const image = (c) => [c.f(1, 2, 6, 6)];

/** [label, make, run, options]; label "name" or "name(args)", options.cpuOnly / options.noGrad. */
const coreProbes = {
  creation: [
    ['tensor', (c) => [c.device], (d) => torch.tensor([[1, 2], [3, 4]], { device: d })],
    ['empty', (c) => [c.device], (d) => torch.empty(2, 3, { device: d })],
    ['zeros', (c) => [c.device], (d) => torch.zeros(2, 3, { device: d })],
    ['ones', (c) => [c.device], (d) => torch.ones(2, 3, { device: d })],
    ['full', (c) => [c.device], (d) => torch.full([2, 3], 7, { device: d })],
    ['arange', (c) => [c.device], (d) => torch.arange(5, { device: d })],
    ['linspace', (c) => [c.device], (d) => torch.linspace(0, 1, 5, { device: d })],
    ['eye', (c) => [c.device], (d) => torch.eye(3, { device: d })],
    ['rand', (c) => [c.device], (d) => torch.rand(2, 3, { device: d })],
    ['randn', (c) => [c.device], (d) => torch.randn(2, 3, { device: d })],
    ['randint', (c) => [c.device], (d) => torch.randint(0, 5, [2, 3], { device: d })],
    ['randperm', (c) => [c.device], (d) => torch.randperm(5, { device: d })],
    ['fromTypedArray', () => [], () => torch.fromTypedArray(new Float32Array(6), [2, 3]), { cpuOnly: true }],
    ['zerosLike', x23, (x) => torch.zerosLike(x)],
    ['onesLike', x23, (x) => torch.onesLike(x)],
    ['emptyLike', x23, (x) => torch.emptyLike(x)],
    ['fullLike', x23, (x) => torch.fullLike(x, 2)],
    ['randLike', x23, (x) => torch.randLike(x)],
    ['randnLike', x23, (x) => torch.randnLike(x)],
    ['randintLike', x23, (x) => torch.randintLike(x, 0, 5)],
  ],
  views: [
    ['reshape', x23, (x) => torch.reshape(x, [3, 2])],
    ['reshape(non-contiguous)', x23, (x) => torch.reshape(x.t(), [6])],
    ['permute', x23, (x) => torch.permute(x, [1, 0])],
    ['transpose', x23, (x) => torch.transpose(x, 0, 1)],
    ['t', x23, (x) => torch.t(x)],
    ['squeeze', (c) => [c.f(2, 1, 3)], (x) => torch.squeeze(x)],
    ['unsqueeze', x23, (x) => torch.unsqueeze(x, 0)],
    ['flatten', x23, (x) => torch.flatten(x)],
    ['unflatten', x23, (x) => torch.unflatten(x, 1, [3, 1])],
    ['narrow', x23, (x) => torch.narrow(x, 1, 0, 2)],
    ['select', x23, (x) => torch.select(x, 0, 1)],
    ['unbind', x23, (x) => torch.unbind(x)],
    ['movedim', x23, (x) => torch.movedim(x, 0, 1)],
    ['clone', x23, (x) => torch.clone(x)],
  ],
  reduction: [
    ['sum', x23, (x) => torch.sum(x)],
    ['sum(dim)', x23, (x) => torch.sum(x, 1)],
    ['mean', x23, (x) => torch.mean(x, 1)],
    ['prod', x23, (x) => torch.prod(x, 1)],
    ['max', x23, (x) => torch.max(x)],
    ['max(dim)', x23, (x) => torch.max(x, 1)],
    ['max(other)', pair23, (a, b) => torch.max(a, b)],
    ['min', x23, (x) => torch.min(x)],
    ['min(dim)', x23, (x) => torch.min(x, 1)],
    ['amax', x23, (x) => torch.amax(x, 1)],
    ['amin', x23, (x) => torch.amin(x, 1)],
    ['argmax', x23, (x) => torch.argmax(x, 1)],
    ['argmin', x23, (x) => torch.argmin(x, 1)],
    ['var', x23, (x) => torch.var(x, 1)],
    ['std', x23, (x) => torch.std(x, 1)],
    ['varMean', x23, (x) => torch.varMean(x, 1)],
    ['stdMean', x23, (x) => torch.stdMean(x, 1)],
    ['norm', x23, (x) => torch.norm(x)],
    ['logsumexp', x23, (x) => torch.logsumexp(x, 1)],
    ['all', (c) => [c.bool([[true, false], [true, true]])], (x) => torch.all(x, 1)],
    ['any', (c) => [c.bool([[true, false], [false, false]])], (x) => torch.any(x, 1)],
  ],
  matmul: [
    ['matmul', (c) => [c.f(2, 3), c.f(3, 4)], (a, b) => torch.matmul(a, b)],
    ['matmul(batched)', (c) => [c.f(2, 2, 3), c.f(3, 4)], (a, b) => torch.matmul(a, b)],
    ['mm', (c) => [c.f(2, 3), c.f(3, 4)], (a, b) => torch.mm(a, b)],
    ['bmm', (c) => [c.f(2, 2, 3), c.f(2, 3, 4)], (a, b) => torch.bmm(a, b)],
    ['dot', (c) => [c.f(3), c.f(3)], (a, b) => torch.dot(a, b)],
    ['mv', (c) => [c.f(2, 3), c.f(3)], (a, b) => torch.mv(a, b)],
    ['outer', (c) => [c.f(2), c.f(3)], (a, b) => torch.outer(a, b)],
    ['addmm', (c) => [c.f(2, 4), c.f(2, 3), c.f(3, 4)], (i, a, b) => torch.addmm(i, a, b)],
    ['baddbmm', (c) => [c.f(2, 2, 4), c.f(2, 2, 3), c.f(2, 3, 4)], (i, a, b) => torch.baddbmm(i, a, b)],
  ],
  softmax: [
    ['softmax', x23, (x) => torch.softmax(x, 1)],
    ['softmax(dim 0)', x23, (x) => torch.softmax(x, 0)],
    ['logSoftmax', x23, (x) => torch.logSoftmax(x, 1)],
  ],
  cumulative: [
    ['cumsum', x23, (x) => torch.cumsum(x, 1)],
    ['cumprod', x23, (x) => torch.cumprod(x, 1)],
  ],
  sort: [
    ['sort', x23, (x) => torch.sort(x, 1)],
    ['argsort', x23, (x) => torch.argsort(x, 1)],
    ['topk', x23, (x) => torch.topk(x, 2)],
    ['kthvalue', x23, (x) => torch.kthvalue(x, 2)],
    ['median', x23, (x) => torch.median(x)],
    ['median(dim)', x23, (x) => torch.median(x, 1)],
  ],
  'gather-scatter': [
    ['gather', (c) => [c.f(2, 3), c.long([[0, 2], [1, 0]])], (x, i) => torch.gather(x, 1, i)],
    ['scatter', (c) => [c.f(2, 3), c.long([[0, 2], [1, 0]]), c.f(2, 2)], (x, i, s) => torch.scatter(x, 1, i, s)],
    ['scatterAdd', (c) => [c.f(2, 3), c.long([[0, 2], [1, 0]]), c.f(2, 2)], (x, i, s) => torch.scatterAdd(x, 1, i, s)],
    ['indexSelect', (c) => [c.f(2, 3), c.long([2, 0])], (x, i) => torch.indexSelect(x, 1, i)],
  ],
  where: [
    ['where', (c) => [c.bool([[true, false, true], [false, true, false]]), c.f(2, 3), c.f(2, 3)],
      (m, a, b) => torch.where(m, a, b)],
    ['where(condition)', (c) => [c.bool([[true, false, true], [false, true, false]])], (m) => torch.where(m)],
    ['nonzero', x23, (x) => torch.nonzero(x)],
    ['maskedFill', (c) => [c.f(2, 3), c.bool([[true, false, true], [false, true, false]])],
      (x, m) => torch.maskedFill(x, m, 0)],
    ['maskedSelect', (c) => [c.f(2, 3), c.bool([[true, false, true], [false, true, false]])],
      (x, m) => torch.maskedSelect(x, m)],
  ],
  clamp: [
    ['clamp', x23, (x) => torch.clamp(x, 0.2, 0.8)],
    ['clamp(tensor bounds)', (c) => [c.f(2, 3), c.f(2, 3), c.f(2, 3)], (x, lo, hi) => torch.clamp(x, lo, hi)],
    ['clamp_', x23, (x) => torch.clamp_(x.clone(), 0.2, 0.8)],
    ['clampMin', x23, (x) => torch.clampMin(x, 0.5)],
    ['clampMax', x23, (x) => torch.clampMax(x, 0.5)],
  ],
  join: [
    ['cat', pair23, (a, b) => torch.cat([a, b], 1)],
    ['stack', pair23, (a, b) => torch.stack([a, b])],
    ['hstack', pair23, (a, b) => torch.hstack([a, b])],
    ['vstack', pair23, (a, b) => torch.vstack([a, b])],
    ['split', x23, (x) => torch.split(x, 1, 1)],
    ['chunk', x23, (x) => torch.chunk(x, 3, 1)],
    ['tensorSplit', x23, (x) => torch.tensorSplit(x, 3, 1)],
  ],
  indexing: [
    ['indexPut', (c) => [c.f(2, 3), c.long([0, 2])], (x, i) => torch.indexPut(x, [':', i], 0)],
  ],
  random: [
    ['bernoulli', x23, (x) => torch.bernoulli(x.detach())],
  ],
};

/** Tensor methods that have no `torch.*` function of the same name. */
const tensorProbes = [
  ['view', x23, (x) => x.view(3, 2)],
  ['viewAs', pair23, (a, b) => a.viewAs(b)],
  ['reshapeAs', pair23, (a, b) => a.reshapeAs(b)],
  ['expand', (c) => [c.f(1, 3)], (x) => x.expand(2, 3)],
  ['expandAs', (c) => [c.f(1, 3), c.f(2, 3)], (a, b) => a.expandAs(b)],
  ['contiguous', x23, (x) => x.t().contiguous()],
  ['T', x23, (x) => x.T],
  ['mT', x23, (x) => x.mT],
  ['detach', x23, (x) => x.detach()],
  ['to(dtype)', x23, (x) => x.to(torch.float64)],
  ['type', x23, (x) => x.type(torch.int32)],
  ...['float', 'double', 'half', 'bfloat16', 'long', 'int', 'short', 'char', 'byte', 'bool'].map((n) => [n, x23, (x) => x[n]()]),
  ['cpu', x23, (x) => x.cpu()],
  ['copy_', pair23, (a, b) => a.detach().copy_(b)],
  ['fill_', x23, (x) => x.detach().fill_(2)],
  ['zero_', x23, (x) => x.detach().zero_()],
  ['index(int, slice)', x23, (x) => x.index(1, ':2')],
  ['index(tensor)', (c) => [c.f(2, 3), c.long([2, 0])], (x, i) => x.index(':', i)],
  ['index(mask)', (c) => [c.f(2, 3), c.bool([[true, false, true], [false, true, false]])], (x, m) => x.index(m)],
  ['indexPut_', x23, (x) => x.detach().indexPut_([':', 1], 0)],
  ['indexPut_(accumulate)', (c) => [c.f(3), c.long([0, 0, 2]), c.f(3)], (x, i, v) => x.detach().indexPut_([i], v.detach(), true)],
  ['newTensor', x23, (x) => x.newTensor([1, 2])],
  ['newZeros', x23, (x) => x.newZeros(2, 2)],
  ['newOnes', x23, (x) => x.newOnes(2, 2)],
  ['newEmpty', x23, (x) => x.newEmpty(2, 2)],
  ['newFull', x23, (x) => x.newFull([2, 2], 3)],
  ['uniform_', x23, (x) => x.detach().uniform_()],
  ['normal_', x23, (x) => x.detach().normal_()],
  ['random_', x23, (x) => x.detach().random_(0, 5)],
  ['bernoulli_', x23, (x) => x.detach().bernoulli_(0.5)],
  ['cumsum_', x23, (x) => x.detach().cumsum_(1)],
  ['cumprod_', x23, (x) => x.detach().cumprod_(1)],
  ['scatter_', (c) => [c.f(2, 3), c.long([[0, 2], [1, 0]]), c.f(2, 2)], (x, i, s) => x.detach().scatter_(1, i, s.detach())],
  ['scatterAdd_', (c) => [c.f(2, 3), c.long([[0, 2], [1, 0]]), c.f(2, 2)], (x, i, s) => x.detach().scatterAdd_(1, i, s.detach())],
  ['maskedFill_', (c) => [c.f(2, 3), c.bool([[true, false, true], [false, true, false]])], (x, m) => x.detach().maskedFill_(m, 0)],
  ['clip_', x23, (x) => x.detach().clip_(0.2, 0.8)],
  ['clampMin_', x23, (x) => x.detach().clampMin_(0.5)],
  ['clampMax_', x23, (x) => x.detach().clampMax_(0.5)],
  ['item', (c) => [c.f(1)], (x) => x.item()],
  ['tolist', x23, (x) => x.tolist()],
  ['toTypedArray', x23, (x) => x.toTypedArray()],
];
/** Tensor members that are not ops (metadata, autograd, memory, reads by another name). */
const tensorNotOps = new Set([
  'constructor', 'dtype', 'shape', 'size', 'dim', 'ndim', 'numel', 'stride', 'storageOffset', 'isContiguous',
  'elementSize', 'isFloatingPoint', 'version', 'requiresGrad', 'requiresGrad_', 'isLeaf', 'retainGrad', 'retainsGrad',
  'registerHook', 'backward', 'detach_', 'data', 'itemAsync', 'tolistAsync', 'toTypedArrayAsync', 'asTypedArray',
  'dispose', 'isDisposed', 'toAsync', 'cuda', 'to', 'grad', 'gradFn', 'device', 'isCuda', 'name', 'toString',
  'grad_fn', 'is_leaf', 'requires_grad',
]);

const conv = (c) => [c.f(1, 2, 6, 6), c.f(3, 2, 3, 3), c.f(3)];
const fProbes = {
  activation: [
    ...['relu', 'relu6', 'hardtanh', 'leakyRelu', 'elu', 'celu', 'selu', 'gelu', 'silu', 'mish', 'sigmoid', 'hardsigmoid',
      'hardswish', 'logsigmoid', 'tanh', 'tanhshrink', 'softplus', 'softsign', 'softshrink', 'hardshrink']
      .map((n) => [n, x23, (x) => F[n](x)]),
    ['threshold', x23, (x) => F.threshold(x, 0.5, 0)],
    ['prelu', (c) => [c.f(2, 3), c.f(1)], (x, w) => F.prelu(x, w)],
    ['glu', (c) => [c.f(2, 4)], (x) => F.glu(x)],
    ['softmax', x23, (x) => F.softmax(x, 1)],
    ['softmin', x23, (x) => F.softmin(x, 1)],
    ['logSoftmax', x23, (x) => F.logSoftmax(x, 1)],
  ],
  linear: [
    ['linear', (c) => [c.f(2, 3), c.f(4, 3), c.f(4)], (x, w, b) => F.linear(x, w, b)],
    ['bilinear', (c) => [c.f(2, 3), c.f(2, 2), c.f(4, 3, 2), c.f(4)], (a, b, w, bias) => F.bilinear(a, b, w, bias)],
  ],
  conv: [
    ['conv2d', conv, (x, w, b) => F.conv2d(x, w, b, { padding: 1 })],
    ['conv1d', (c) => [c.f(1, 2, 6), c.f(3, 2, 3), c.f(3)], (x, w, b) => F.conv1d(x, w, b)],
    ['convTranspose2d', (c) => [c.f(1, 2, 4, 4), c.f(2, 3, 3, 3), c.f(3)], (x, w, b) => F.convTranspose2d(x, w, b)],
    ['convTranspose1d', (c) => [c.f(1, 2, 4), c.f(2, 3, 3), c.f(3)], (x, w, b) => F.convTranspose1d(x, w, b)],
    ['unfold', image, (x) => F.unfold(x, 3)],
  ],
  pooling: [
    ['maxPool2d', image, (x) => F.maxPool2d(x, 2)],
    ['maxPool1d', (c) => [c.f(1, 2, 6)], (x) => F.maxPool1d(x, 2)],
    ['avgPool2d', image, (x) => F.avgPool2d(x, 2)],
    ['avgPool1d', (c) => [c.f(1, 2, 6)], (x) => F.avgPool1d(x, 2)],
    ['adaptiveAvgPool2d', image, (x) => F.adaptiveAvgPool2d(x, 2)],
    ['adaptiveAvgPool1d', (c) => [c.f(1, 2, 6)], (x) => F.adaptiveAvgPool1d(x, 2)],
  ],
  normalization: [
    ['batchNorm', (c) => [c.f(4, 3), c.f(3), c.f(3)],
      (x, w, b) => F.batchNorm(x, null, null, { weight: w, bias: b, training: true })],
    ['layerNorm', x23, (x) => F.layerNorm(x, 3)],
    ['groupNorm', (c) => [c.f(2, 4, 3)], (x) => F.groupNorm(x, 2)],
    ['instanceNorm', (c) => [c.f(2, 3, 4)], (x) => F.instanceNorm(x)],
    ['normalize', x23, (x) => F.normalize(x)],
  ],
  dropout: [
    ['dropout', x23, (x) => F.dropout(x, 0.5)],
    ['dropout1d', (c) => [c.f(2, 3, 4)], (x) => F.dropout1d(x, 0.5)],
    ['dropout2d', (c) => [c.f(1, 2, 3, 4)], (x) => F.dropout2d(x, 0.5)],
  ],
  embedding: [
    ['embedding', (c) => [c.long([[0, 2], [1, 0]]), c.f(3, 4)], (i, w) => F.embedding(i, w)],
    ['oneHot', (c) => [c.long([0, 2, 1])], (i) => F.oneHot(i, 3)],
  ],
  pad: [
    ['pad', x23, (x) => F.pad(x, [1, 1])],
    ['pad(reflect)', (c) => [c.f(1, 2, 4)], (x) => F.pad(x, [1, 1], 'reflect')],
  ],
  interpolate: [
    ['interpolate', (c) => [c.f(1, 1, 3, 3)], (x) => F.interpolate(x, { scaleFactor: 2 })],
    ['interpolate(bilinear)', (c) => [c.f(1, 1, 3, 3)], (x) => F.interpolate(x, { scaleFactor: 2, mode: 'bilinear' })],
  ],
  loss: [
    ['mseLoss', pair23, (a, b) => F.mseLoss(a, b.detach())],
    ['l1Loss', pair23, (a, b) => F.l1Loss(a, b.detach())],
    ['smoothL1Loss', pair23, (a, b) => F.smoothL1Loss(a, b.detach())],
    ['huberLoss', pair23, (a, b) => F.huberLoss(a, b.detach())],
    ['nllLoss', (c) => [c.f(2, 3), c.long([0, 2])], (x, t) => F.nllLoss(x, t)],
    ['crossEntropy', (c) => [c.f(2, 3), c.long([0, 2])], (x, t) => F.crossEntropy(x, t)],
    ['binaryCrossEntropy', pair23, (a, b) => F.binaryCrossEntropy(a, b.detach())],
    ['binaryCrossEntropyWithLogits', pair23, (a, b) => F.binaryCrossEntropyWithLogits(a, b.detach())],
    ['klDiv', pair23, (a, b) => F.klDiv(a, b.detach(), { reduction: 'batchmean' })],
  ],
};

/** One optimizer step on a [2, 3] parameter with a gradient, each optimizer with default options. */
const optimProbes = [
  ['SGD', (p) => new optim.SGD(p, { lr: 0.1 })],
  ['SGD(momentum)', (p) => new optim.SGD(p, { lr: 0.1, momentum: 0.9 })],
  ['Adam', (p) => new optim.Adam(p)],
  ['AdamW', (p) => new optim.AdamW(p)],
  ['RMSprop', (p) => new optim.RMSprop(p)],
  ['Adagrad', (p) => new optim.Adagrad(p)],
  ['Adadelta', (p) => new optim.Adadelta(p)],
];

/** core exports that are not tensor ops. */
const coreNotOps = new Set([
  'DType', 'Device', 'Generator', 'IndexError', 'RuntimeError', 'ValueError', 'Size', 'Tensor', 'DEFAULT_RNG_SEED',
  'autogradHooks', 'backendFor', 'broadcastShapes', 'canCast', 'contiguousStrides', 'device', 'enableGrad',
  'findBackend', 'formatTensor', 'getDefaultDevice', 'getDefaultDtype', 'getPrintOptions', 'getRngState',
  'inferenceMode', 'initialSeed', 'installAutograd', 'isGradEnabled', 'isInferenceModeEnabled', 'isTensor', 'keep',
  'manualSeed', 'memory', 'noGrad', 'normalizeDim', 'numelOf', 'promoteTypes', 'registerBackend',
  'registeredDeviceTypes', 'resultType', 'resultTypeOf', 'scalarDtype', 'seed', 'setDefaultDevice',
  'setDefaultDtype', 'setGradEnabled', 'setPrintOptions', 'setRngState', 'shapeStr', 'tidy', 'toDType',
  'unaryFunctions', 'binaryFunctions', 'unaryOps', 'binaryOps', 'dtypes', 'defaultGenerator', 'random',
  // Philox: the device generator's host oracle, not tensor ops.
  'PhiloxGenerator', 'philox4x32', 'philoxFill', 'philoxWordsConsumed', 'philoxWordsPerElement', 'deviceGenerator', 'roundBFloat16',
]);

// ---------------------------------------------------------------------------------------------
// Tracing.

function tensorsIn(v, out = []) {
  if (v instanceof torch.Tensor) out.push(v);
  else if (Array.isArray(v)) for (const e of v) tensorsIn(e, out);
  return out;
}

/** Runs `fn` with the column's log cleared; returns the kernels called, or the error. */
function traced(col, fn) {
  col.backend.log.length = 0;
  try {
    const result = fn();
    return { log: [...col.backend.log], result };
  } catch (err) {
    return { log: [...col.backend.log], error: err };
  }
}

/** Forward and backward traces of one probe on one column. */
function probe(col, make, run, opts = {}) {
  if (opts.cpuOnly && col.name !== 'cpu') return { forward: { cpuOnly: true }, backward: null };
  torch.manualSeed(0);
  const inputs = make(ctx(col.device, false));
  const forward = traced(col, () => run(...inputs));
  let backward = null;
  if (!forward.error && !opts.noGrad) {
    torch.manualSeed(0);
    try {
      const made = make(ctx(col.device, true));
      const leaves = tensorsIn(made).filter((t) => t.requiresGrad);
      const outs = tensorsIn(run(...made)).filter((t) => t.requiresGrad && t.gradFn);
      if (outs.length > 0) {
        const gradOutputs = outs.map((t) => torch.onesLike(t));
        // autograd.grad rather than backward(): no accumulation into the leaves' .grad.
        backward = traced(col, () => autogradPkg.autograd.grad(outs, leaves, { gradOutputs, allowUnused: true }));
      }
    } catch (err) {
      backward = { log: [], error: err };
    }
  }
  return { forward, backward };
}

// ---------------------------------------------------------------------------------------------
// Rendering.

const code = (s) => `\`${s}\``;

function describe(trace) {
  if (!trace) return '';
  if (trace.cpuOnly) return 'CPU only';
  if (trace.error) {
    const msg = String(trace.error.message ?? trace.error).split('\n')[0];
    return /synchronous reads are not possible|synchronously/.test(msg) ? '✗ needs a sync read' : `✗ ${msg.slice(0, 70)}`;
  }
  const kernels = [...new Set(trace.log.filter((k) => k !== 'upload' && k !== 'read'))];
  const read = (trace.log.includes('upload') && kernels.length > 0 ? ' + upload' : '') + (trace.log.includes('read') ? ' + read' : '');
  const fused = kernels.filter((k) => k.startsWith('fused:'));
  const rest = kernels.filter((k) => !k.startsWith('fused:'));
  if (fused.length > 0) {
    const names = fused.map((k) => code(k.slice(6))).join(', ');
    return `fused ${names}${rest.length ? ` + ${rest.map(code).join(', ')}` : ''}${read}`;
  }
  if (kernels.length === 0) return trace.log.includes('upload') ? `host${read}` : `view${read}`;
  if (kernels.length === 1) return `${code(kernels[0])}${read}`;
  return `composite: ${rest.map(code).join(', ')}${read}`;
}

function table(header, rows) {
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const r of rows) lines.push(`| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
  return lines.join('\n');
}

const colNames = columns.map((c) => c.name);

/** Rows for a list of probes: [label, ...forward per column]; collects backward rows. */
function section(title, probes, gradRows, aliasesOf = () => []) {
  const rows = [];
  for (const [label, make, run, opts] of probes) {
    const traces = columns.map((col) => probe(col, make, run, opts));
    const aliases = aliasesOf(label);
    const name = code(label) + (aliases.length ? ` (${aliases.map(code).join(', ')})` : '');
    rows.push([name, ...traces.map((t) => describe(t.forward))]);
    if (traces.some((t) => t.backward)) {
      gradRows.push([`${title}: ${name}`, ...traces.map((t) => (t.backward ? describe(t.backward) : '—'))]);
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Completeness: every op export has a probe, so a new op shows up here or in the warnings.

const warnings = [];
const functionNames = (mod) => Object.keys(mod).filter((k) => typeof mod[k] === 'function');
/** Export names grouped by identity: aliases (`subtract` = `sub`) share a row. */
function aliasMap(mod, names) {
  const byFn = new Map();
  for (const n of names) {
    const f = mod[n];
    if (!byFn.has(f)) byFn.set(f, []);
    byFn.get(f).push(n);
  }
  return (label) => {
    const base = label.replace(/\(.*$/, '');
    const group = byFn.get(mod[base]) ?? [];
    return label === base || !group.includes(base) ? group.filter((n) => n !== base) : [];
  };
}

const unaryNames = Object.keys(torch.unaryOps);
const binaryNames = Object.keys(torch.binaryOps);
const coreOpNames = functionNames(torch).filter((n) => !coreNotOps.has(n));
const coreAliases = aliasMap(torch, coreOpNames);

const unaryProbes = unaryNames.map((n) => {
  const kind = torch.unaryOps[n].kind;
  const make = kind === 'integral' ? (c) => [c.int([[1, -2, 3], [4, 5, -6]])] : x23;
  return [n, make, (x) => torch.unaryFunctions[n](x), kind === 'integral' || kind === 'predicate' ? { noGrad: true } : {}];
});
const binaryProbes = binaryNames.flatMap((n) => {
  const kind = torch.binaryOps[n].kind;
  const make = kind === 'bitwise' ? (c) => [c.int([[1, 2, 3], [4, 5, 6]]), c.int([[3, 3, 3], [1, 1, 1]])] : pair23;
  const probes = [[n, make, (a, b) => torch.binaryFunctions[n](a, b)]];
  if (n === 'add') probes.push(['add(alpha)', make, (a, b) => torch.add(a, b, { alpha: 2 })]);
  if (n === 'add') probes.push(['add(scalar)', x23, (a) => torch.add(a, 1)]);
  if (n === 'div') probes.push(['div(roundingMode)', make, (a, b) => torch.div(a, b, { roundingMode: 'floor' })]);
  return probes;
});

const probed = new Set([...unaryNames, ...binaryNames]);
for (const list of Object.values(coreProbes)) for (const [label] of list) probed.add(label.replace(/\(.*$/, ''));
for (const n of coreOpNames) {
  if (probed.has(n) || coreAliases(n).some((a) => probed.has(a))) continue;
  warnings.push(`@torchts/core exports \`${n}\`, which has no probe in scripts/gen-op-coverage.mjs`);
}
const fNames = functionNames(F);
const fProbed = new Set(Object.values(fProbes).flat().map(([l]) => l.replace(/\(.*$/, '')));
for (const n of fNames) if (!fProbed.has(n)) warnings.push(`nn.functional exports \`${n}\`, which has no probe`);
const tensorProbed = new Set(tensorProbes.map(([l]) => l.replace(/\(.*$/, '')));
for (const n of Object.getOwnPropertyNames(torch.Tensor.prototype)) {
  if (n.startsWith('_') || tensorNotOps.has(n) || tensorProbed.has(n)) continue;
  const base = n.replace(/_$/, '');
  if (base in torch.unaryOps || base in torch.binaryOps || typeof torch[base] === 'function' || typeof torch[n] === 'function') continue;
  warnings.push(`Tensor.${n} has no probe`);
}

// ---------------------------------------------------------------------------------------------
// The page.

const gradRows = [];
const parts = [];
parts.push(`# Op coverage by backend

<!-- Generated by scripts/gen-op-coverage.mjs (\`pnpm docs:coverage\`); do not edit by hand. -->

Which kernel of the backend contract (\`Backend\` in \`@torchts/core\`, see [backends](backends.md) and
[contributing a kernel](contributing-a-kernel.md)) computes each op on each backend. An op a backend
has no kernel for is *composite*: core builds it from the primitive kernels, so it runs anyway, and
gets faster when the backend adds a fused kernel. The only gaps are the ✗ cells.

How to read a cell:

- \`unary:exp\`, \`reduce:sum\`, \`matmul\`, ...: one primitive kernel computes the op.
- fused \`conv2d\`: the backend's optional fused kernel (\`backend.fused\`) computes it (+ the
  primitives around it).
- composite: the primitive kernels core combines, in the order first called.
- view: no kernel runs (a new view of the same storage).
- host: the values are made on the host (the random generator, literal data) and uploaded;
  + upload: besides its kernels the op uploads values made on the host (random numbers, index
  tables); + read: the op reads values back to the host, a synchronisation point on a GPU.
- ✗ needs a sync read: the op reads values synchronously, which the backend cannot do (WebGPU):
  use the async forms or do that step on the CPU.

The table is measured, not declared: each op runs on tiny inputs against a wrapper of each backend
that records the kernels core calls.

## Backends
`);
parts.push(table(['backend', 'package', 'device here', 'fused kernels', 'dtypes', 'sync reads'], columns.map((c) => [
  code(c.name),
  code(c.pkg),
  c.emulated ? `no (${c.reason}): traced with its kernel set, computed on the CPU` : 'yes',
  FUSED.filter((k) => c.real.fused?.[k]).map(code).join(', ') || 'none',
  Object.values(torch.dtypes).filter((d) => safe(() => c.real.supportsDtype(d), false)).map((d) => d.name).join(', ')
    || 'unknown here',
  c.real.canReadSync ? 'yes' : 'no (async only)',
])));

parts.push('\n## Elementwise unary ops (`unaryOps`)\n');
parts.push('`torch.<op>(x)`, `x.<op>()`, `x.<op>_()` and `{ out }` all run the same kernel.\n');
parts.push(table(['op', ...colNames], section('unary', unaryProbes, gradRows, coreAliases)));
parts.push('\n## Elementwise binary ops (`binaryOps`)\n');
parts.push('Operands are broadcast by strides (no copies); a scalar operand becomes a 0-d tensor.\n');
parts.push(table(['op', ...colNames], section('binary', binaryProbes, gradRows, coreAliases)));
for (const [family, probes] of Object.entries(coreProbes)) {
  parts.push(`\n## ${family} (\`core/src/ops\`)\n`);
  parts.push(table(['op', ...colNames], section(family, probes, gradRows, coreAliases)));
}
parts.push('\n## Tensor methods without a `torch.*` function\n');
parts.push(table(['method', ...colNames], section('Tensor', tensorProbes, gradRows)));
for (const [family, probes] of Object.entries(fProbes)) {
  parts.push(`\n## nn.functional: ${family}\n`);
  parts.push(table(['op', ...colNames], section(`F ${family}`, probes, gradRows)));
}

// Optimizer steps: one step after a backward pass.
const optimRows = [];
for (const [label, makeOpt] of optimProbes) {
  optimRows.push([code(`optim.${label}`), ...columns.map((col) => {
    torch.manualSeed(0);
    try {
      const p = new nn.Parameter(torch.rand([2, 3], { device: col.device }));
      const opt = makeOpt([p]);
      p.grad = torch.onesLike(p);
      opt.step(); // the first step creates the state
      p.grad = torch.onesLike(p);
      return describe(traced(col, () => opt.step()));
    } catch (err) {
      return describe({ error: err });
    }
  })]);
}
parts.push('\n## Optimizer steps (`@torchts/optim`)\n');
parts.push('A second `step()` (the first one creates the state), default options.\n');
parts.push(table(['optimizer', ...colNames], optimRows));

parts.push('\n## Gradients\n');
parts.push('The kernels `backward()` runs for each differentiable op above (gradient of ones for each output).\n');
parts.push(table(['op', ...colNames], gradRows));

if (warnings.length) {
  parts.push('\n## Not probed\n');
  parts.push('Exports the generator has no probe for yet (add one to `scripts/gen-op-coverage.mjs`):\n');
  parts.push(warnings.map((w) => `- ${w}`).join('\n'));
}
const page = parts.join('\n') + '\n';

const target = fileURLToPath(new URL('docs/op-coverage.md', root));
const args = process.argv.slice(2);
for (const w of warnings) console.warn(`op coverage: ${w}`);
if (args.includes('--stdout')) {
  process.stdout.write(page);
} else if (args.includes('--check')) {
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (current !== page) {
    console.error('docs/op-coverage.md is out of date: run `pnpm docs:coverage`');
    process.exit(1);
  }
} else {
  writeFileSync(target, page);
  console.log(`op coverage: wrote docs/op-coverage.md (${columns.length} backends)`);
}
// Optional GPU backends may keep handles open.
process.exit(0);

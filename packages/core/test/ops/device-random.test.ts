// Device random fills through a fake device whose backend is the CPU backend plus a `random`
// kernel computed by the Philox oracle: which fills take the device path (no generator given),
// the offsets they consume, staging of gapped views, and that the CPU stream stays PyTorch's.
import '../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { cpuBackend } from '@torchts/backend-cpu';
import type { Backend, FusedKernels, PhiloxDtypeName } from '@torchts/core';

let calls = 0;
const random: FusedKernels['random'] = (kind, out, seed, offset, a, b) => {
  calls++;
  const dt = out.buffer.dtype;
  let n = 1;
  for (const s of out.shape) n *= s;
  const values = torch.philoxFill(kind, (dt.isFloatingPoint ? dt.name : 'float64') as PhiloxDtypeName, n, seed, offset, a, b);
  cpuBackend.write(out.buffer, new dt.ArrayType(values), out.offset);
};
const philoxDev: Backend = Object.assign(Object.create(cpuBackend) as Backend, {
  type: 'philoxdev', fused: { ...cpuBackend.fused, random },
});
torch.registerBackend(philoxDev);
const dev = 'philoxdev';

const values = (t: torch.Tensor) => Array.from(t.toTypedArray());
const oracle = (kind: torch.RandomKind, dtype: PhiloxDtypeName, n: number, seed: bigint, offset: number, a: number, b: number) =>
  Array.from(torch.philoxFill(kind, dtype, n, seed, offset, a, b));

describe('device random fills', () => {
  it('uniform_, normal_, bernoulli_, rand and randn draw with the Philox stream and advance its offset', () => {
    torch.manualSeed(5);
    calls = 0;
    const u = torch.empty(10, { device: dev }).uniform_(2, 3);
    expect(values(u)).toEqual(oracle('uniform', 'float32', 10, 5n, 0, 2, 3));
    expect(torch.deviceGenerator.offset).toBe(12);
    const n = torch.empty(3, { device: dev, dtype: torch.float64 }).normal_(1, 2);
    expect(values(n)).toEqual(oracle('normal', 'float64', 3, 5n, 12, 1, 2));
    expect(torch.deviceGenerator.offset).toBe(20);
    const bern = torch.empty(5, { device: dev, dtype: torch.int64 }).bernoulli_(0.3);
    expect(values(bern)).toEqual(oracle('bernoulli', 'float64', 5, 5n, 20, 0.3, 0));
    const r = torch.rand(2, 2, { device: dev });
    expect(values(r)).toEqual(oracle('uniform', 'float32', 4, 5n, 28, 0, 1));
    const z = torch.randn([3], { device: dev, dtype: torch.float64 });
    expect(values(z)).toEqual(oracle('normal', 'float64', 3, 5n, 32, 0, 1));
    expect(calls).toBe(5);
    // The functional form and dropout's bernoulli_ path.
    expect(values(torch.bernoulli(torch.zeros(4, { device: dev }), 0.5))).toEqual(oracle('bernoulli', 'float64', 4, 5n, 40, 0.5, 0));
    // Reseeding repeats.
    torch.manualSeed(5);
    expect(values(torch.empty(10, { device: dev }).uniform_(2, 3))).toEqual(values(u));
  });

  it("leaves the CPU generator's stream as PyTorch's", () => {
    torch.manualSeed(0);
    torch.rand(100, { device: dev });
    torch.empty(7, { device: dev }).normal_();
    // torch.manual_seed(0); torch.rand(2) in PyTorch 1.13.
    expect(values(torch.rand(2))).toEqual([0.49625658988952637, 0.7682217955589294]);
  });

  it('fills a gapped view in memory order through a staging buffer', () => {
    torch.manualSeed(9);
    const base = torch.zeros(4, 6, { device: dev });
    const v = base.narrow(1, 1, 3);
    const version = v.version;
    v.uniform_();
    expect(v.version).toBe(version + 1);
    const want = oracle('uniform', 'float32', 12, 9n, 0, 0, 1);
    const got = values(base);
    for (let r = 0; r < 4; r++) expect(got.slice(6 * r, 6 * r + 6)).toEqual([0, ...want.slice(3 * r, 3 * r + 3), 0, 0]);
    // A transposed tensor is filled in memory order, directly.
    torch.manualSeed(9);
    const t = torch.empty(4, 6, { device: dev }).t().uniform_();
    expect(values(t.t())).toEqual(oracle('uniform', 'float32', 24, 9n, 0, 0, 1));
  });

  it('uses the host path with an explicit generator or tensor probabilities', () => {
    calls = 0;
    const g = new torch.Generator().manualSeed(0);
    const x = torch.empty(2, { device: dev }).uniform_(0, 1, { generator: g });
    expect(values(x)).toEqual([0.49625658988952637, 0.7682217955589294]);
    torch.empty(3, { device: dev }).bernoulli_(torch.full([3], 0.5, { device: dev }));
    torch.rand(3, { device: dev, generator: g });
    expect(calls).toBe(0);
  });

  it("keeps PyTorch's errors", () => {
    const msg = (f: () => unknown) => { try { f(); } catch (e) { return (e as Error).message; } return 'no error'; };
    expect(msg(() => torch.empty(2, { device: dev }).uniform_(1, 0))).toBe(msg(() => torch.empty(2).uniform_(1, 0)));
    expect(msg(() => torch.empty(2, { device: dev }).normal_(0, -1))).toBe(msg(() => torch.empty(2).normal_(0, -1)));
    expect(msg(() => torch.empty(2, { device: dev, dtype: torch.int64 }).uniform_())).toBe(
      msg(() => torch.empty(2, { dtype: torch.int64 }).uniform_()));
    expect(msg(() => torch.rand(2, { device: dev, dtype: torch.int64 }))).toBe(msg(() => torch.rand(2, { dtype: torch.int64 })));
  });
});

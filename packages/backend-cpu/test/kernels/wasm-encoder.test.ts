import { describe, expect, it } from 'vitest';
import { encodeModule, FuncBuilder, Op, SimdOp, ValType } from '../../src/kernels/wasm-encoder.js';

/** Instantiates `funcs` with a fresh one-page memory. */
function instantiate(...funcs: { name: string; func: FuncBuilder }[]) {
  const bytes = encodeModule(funcs, { initial: 1 });
  expect(WebAssembly.validate(bytes)).toBe(true);
  const memory = new WebAssembly.Memory({ initial: 1 });
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  return { exports: exports as Record<string, (...args: number[]) => number>, memory };
}

describe('wasm-encoder', () => {
  it('encodes the header, an imported memory and exported functions', () => {
    const bytes = encodeModule([{ name: 'f', func: new FuncBuilder([]) }], { initial: 2 });
    expect([...bytes.slice(0, 8)]).toEqual([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    const mod = new WebAssembly.Module(bytes);
    expect(WebAssembly.Module.imports(mod)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    expect(WebAssembly.Module.exports(mod)).toEqual([{ name: 'f', kind: 'function' }]);
  });

  it('encodes i32 constants of every LEB128 length, signed', () => {
    const values = [0, 1, -1, 63, 64, -64, -65, 127, 128, 8191, 8192, -8193, 1 << 20, -(1 << 27), 2147483647,
      -2147483648];
    const funcs = values.map((v, i) => {
      const f = new FuncBuilder([], [ValType.i32]);
      f.i32Const(v);
      return { name: `c${i}`, func: f };
    });
    const { exports } = instantiate(...funcs);
    values.forEach((v, i) => expect(exports[`c${i}`]!()).toBe(v));
  });

  it('runs loops, branches, locals and scalar memory accesses (sum of the first n floats)', () => {
    const f = new FuncBuilder([ValType.i32, ValType.i32], [ValType.f32]);
    const [p, n] = [0, 1];
    const s = f.local(ValType.f32);
    f.block().localGet(n).op(Op.i32Eqz).brIf(0);
    f.loop();
    f.localGet(s).localGet(p).mem(Op.f32Load, 2).op(Op.f32Add).localSet(s);
    f.addTo(p, 4).addTo(n, -1).localGet(n).brIf(0);
    f.end().end();
    f.localGet(s);
    const { exports, memory } = instantiate({ name: 'sum', func: f });
    new Float32Array(memory.buffer).set([1.5, 2, 3, 4.25], 4);
    expect(exports['sum']!(16, 4)).toBe(10.75);
    expect(exports['sum']!(16, 0)).toBe(0);
  });

  it('runs if/else and SIMD loads, splats, shuffles, arithmetic and stores', () => {
    // out[0..4) = flag ? a * splat(b[0]) + a : shuffle(a, a) reversed
    const f = new FuncBuilder([ValType.i32]);
    f.localGet(0).if();
    f.i32Const(32).i32Const(0).simd(SimdOp.v128Load, 4).i32Const(16).simd(SimdOp.v128Load32Splat, 2)
      .simd(SimdOp.f32x4Mul).i32Const(0).simd(SimdOp.v128Load, 4).simd(SimdOp.f32x4Add).simd(SimdOp.v128Store, 4);
    f.else();
    f.i32Const(32).i32Const(0).simd(SimdOp.v128Load, 4).i32Const(0).simd(SimdOp.v128Load, 4).shuffle32([3, 2, 1, 0])
      .simd(SimdOp.v128Store, 4);
    f.end();
    const { exports, memory } = instantiate({ name: 'g', func: f });
    const m = new Float32Array(memory.buffer);
    m.set([1, 2, 3, 4, 10]);
    exports['g']!(1);
    expect([...m.slice(8, 12)]).toEqual([11, 22, 33, 44]);
    exports['g']!(0);
    expect([...m.slice(8, 12)]).toEqual([4, 3, 2, 1]);
    const z = new FuncBuilder([]);
    z.i32Const(0).v128Zero().simd(SimdOp.v128Store, 4);
    instantiate({ name: 'z', func: z }).exports['z']!();
  });
});

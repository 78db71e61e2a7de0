/**
 * A tiny WebAssembly binary encoder: just enough of the format (types, an imported memory,
 * functions, exports, code with the core and SIMD128 instructions the kernels use) to build
 * kernel modules from TypeScript at run time, so the package needs no assembler or compiler at
 * build time and ships no opaque bytes.
 * @module
 */

/** Value types. */
export const ValType = {
  i32: 0x7f,
  f32: 0x7d,
  v128: 0x7b,
} as const;
/** A value of {@link ValType}. */
export type ValType = (typeof ValType)[keyof typeof ValType];

/** One-byte opcodes used by the kernels. */
export const Op = {
  return: 0x0f,
  drop: 0x1a,
  select: 0x1b,
  i32Load: 0x28,
  f32Load: 0x2a,
  i32Store: 0x36,
  f32Store: 0x38,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32LtS: 0x48,
  i32LtU: 0x49,
  i32GtS: 0x4a,
  i32GtU: 0x4b,
  i32LeS: 0x4c,
  i32GeS: 0x4e,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Shl: 0x74,
  i32ShrU: 0x76,
  f32Add: 0x92,
  f32Mul: 0x94,
} as const;
/** A value of {@link Op}. */
export type Op = (typeof Op)[keyof typeof Op];

/** SIMD128 opcodes (after the 0xfd prefix) used by the kernels. */
export const SimdOp = {
  v128Load: 0x00,
  v128Load32Splat: 0x09,
  v128Load64Splat: 0x0a,
  v128Store: 0x0b,
  v128Const: 0x0c,
  i8x16Shuffle: 0x0d,
  f32x4Splat: 0x13,
  v128Load32Zero: 0x5c,
  v128Load64Zero: 0x5d,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
  // Relaxed SIMD: a*b + c, fused or not as the hardware likes.
  f32x4RelaxedMadd: 0x105,
} as const;
/** A value of {@link SimdOp}. */
export type SimdOp = (typeof SimdOp)[keyof typeof SimdOp];

/** Unsigned LEB128. */
function uleb(out: number[], v: number): void {
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
}

/** Signed LEB128 of a 32-bit integer. */
function sleb(out: number[], v: number): void {
  v |= 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

function name(out: number[], s: string): void {
  uleb(out, s.length);
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
}

/** Appends a section: id, byte length, payload. */
function section(out: number[], id: number, payload: number[]): void {
  out.push(id);
  uleb(out, payload.length);
  for (const b of payload) out.push(b);
}

/**
 * The body of one function under construction: declare locals, then emit instructions with the
 * methods below (each pushes its opcode and immediates; operands come from the stack as usual).
 *
 * @example
 * const f = new FuncBuilder([ValType.i32, ValType.i32], [ValType.i32]);
 * f.localGet(0).localGet(1).op(Op.i32Add);
 */
export class FuncBuilder {
  /** Encoded instructions. */
  readonly code: number[] = [];
  /** Locals declared beyond the parameters, in order. */
  readonly locals: ValType[] = [];

  /** A function taking `params` and returning `results`. */
  constructor(readonly params: readonly ValType[], readonly results: readonly ValType[] = []) {}

  /** Declares a new local and returns its index. */
  local(t: ValType): number {
    this.locals.push(t);
    return this.params.length + this.locals.length - 1;
  }

  /** Emits a plain one-byte opcode. */
  op(code: Op): this {
    this.code.push(code);
    return this;
  }

  /** Emits a SIMD (0xfd-prefixed) opcode, with a memory argument when it accesses memory. */
  simd(code: SimdOp, align?: number, offset?: number): this {
    this.code.push(0xfd);
    uleb(this.code, code);
    if (align !== undefined) {
      uleb(this.code, align);
      uleb(this.code, offset ?? 0);
    }
    return this;
  }

  /** `local.get`. */
  localGet(i: number): this {
    this.code.push(0x20);
    uleb(this.code, i);
    return this;
  }

  /** `local.set`. */
  localSet(i: number): this {
    this.code.push(0x21);
    uleb(this.code, i);
    return this;
  }

  /** `local.tee`. */
  localTee(i: number): this {
    this.code.push(0x22);
    uleb(this.code, i);
    return this;
  }

  /** `i32.const`. */
  i32Const(v: number): this {
    this.code.push(0x41);
    sleb(this.code, v);
    return this;
  }

  /** `v128.const` of zeros. */
  v128Zero(): this {
    this.code.push(0xfd);
    uleb(this.code, SimdOp.v128Const);
    for (let i = 0; i < 16; i++) this.code.push(0);
    return this;
  }

  /** `i8x16.shuffle` picking float lanes: `lanes[i]` in 0..3 from the first operand, 4..7 from the second. */
  shuffle32(lanes: readonly number[]): this {
    this.code.push(0xfd);
    uleb(this.code, SimdOp.i8x16Shuffle);
    for (const l of lanes) for (let b = 0; b < 4; b++) this.code.push(l * 4 + b);
    return this;
  }

  /** A scalar memory access (`f32.load`, `i32.store`, ...) with its alignment (log2) and offset. */
  mem(code: Op, align: number, offset = 0): this {
    this.code.push(code);
    uleb(this.code, align);
    uleb(this.code, offset);
    return this;
  }

  /** `block` with no result. */
  block(): this {
    this.code.push(0x02, 0x40);
    return this;
  }

  /** `loop` with no result. */
  loop(): this {
    this.code.push(0x03, 0x40);
    return this;
  }

  /** `if` with no result. */
  if(): this {
    this.code.push(0x04, 0x40);
    return this;
  }

  /** `else` of an `if`. */
  else(): this {
    this.code.push(0x05);
    return this;
  }

  /** `end` of a block, loop, if or the function. */
  end(): this {
    this.code.push(0x0b);
    return this;
  }

  /** `br` to the label `depth` blocks out. */
  br(depth: number): this {
    this.code.push(0x0c);
    uleb(this.code, depth);
    return this;
  }

  /** `br_if` to the label `depth` blocks out. */
  brIf(depth: number): this {
    this.code.push(0x0d);
    uleb(this.code, depth);
    return this;
  }

  /** `local[i] += delta` (i32). */
  addTo(i: number, delta: number): this {
    return this.localGet(i).i32Const(delta).op(Op.i32Add).localSet(i);
  }

  /** The encoded body: local declarations, code, final `end`. */
  body(): number[] {
    const out: number[] = [];
    // Run-length encode consecutive locals of one type.
    const groups: [number, ValType][] = [];
    for (const t of this.locals) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    uleb(out, groups.length);
    for (const [n, t] of groups) {
      uleb(out, n);
      out.push(t);
    }
    for (const b of this.code) out.push(b);
    out.push(0x0b);
    return out;
  }
}


/** A function of a module: its builder and the name it is exported under. */
export interface ModuleFunc {
  name: string;
  func: FuncBuilder;
}

/**
 * Encodes a module that imports its memory as `env.memory` (so JavaScript owns, grows and views
 * it) and exports `funcs` by name.
 */
export function encodeModule(funcs: readonly ModuleFunc[], memory: { initial: number; shared?: boolean;
  maximum?: number }): Uint8Array<ArrayBuffer> {
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  // One type per function (duplicates are allowed).
  const types: number[] = [];
  uleb(types, funcs.length);
  for (const { func } of funcs) {
    types.push(0x60);
    uleb(types, func.params.length);
    for (const t of func.params) types.push(t);
    uleb(types, func.results.length);
    for (const t of func.results) types.push(t);
  }
  section(out, 1, types);
  const imports: number[] = [];
  uleb(imports, 1);
  name(imports, 'env');
  name(imports, 'memory');
  imports.push(0x02);
  const hasMax = memory.maximum !== undefined;
  imports.push((hasMax ? 1 : 0) | (memory.shared ? 2 : 0));
  uleb(imports, memory.initial);
  if (hasMax) uleb(imports, memory.maximum!);
  section(out, 2, imports);
  const fns: number[] = [];
  uleb(fns, funcs.length);
  funcs.forEach((_, i) => uleb(fns, i));
  section(out, 3, fns);
  const exps: number[] = [];
  uleb(exps, funcs.length);
  funcs.forEach(({ name: n }, i) => {
    name(exps, n);
    exps.push(0x00);
    uleb(exps, i);
  });
  section(out, 7, exps);
  const code: number[] = [];
  uleb(code, funcs.length);
  for (const { func } of funcs) {
    const body = func.body();
    uleb(code, body.length);
    for (const b of body) code.push(b);
  }
  section(out, 10, code);
  return new Uint8Array(out);
}

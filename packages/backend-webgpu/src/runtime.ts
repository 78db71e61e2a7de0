/**
 * The GPU runtime under the backend: one device and queue, kernels batched into one compute
 * pass until something needs the queue (a write, a read, a full uniform arena), cached pipelines
 * and bind-group layouts, the buffer pools, and error reporting (validation and out-of-memory
 * errors, device loss, and a status word kernels set for bad data such as an index out of range).
 * @module
 */
import { RuntimeError } from '@torchts/core';
import { BufferPool, WebGpuBuffer } from './buffer.js';
import { storeExpr, wgslType } from './wgsl/dtype.js';
import { libraryFor } from './wgsl/library.js';

// GPUBufferUsage / GPUMapMode values (the globals are not defined in Node).
const MAP_READ = 0x0001, COPY_SRC = 0x0004, COPY_DST = 0x0008, UNIFORM = 0x0040, STORAGE = 0x0080;
const MODE_READ = 0x0001;
const COMPUTE = 0x4; // GPUShaderStage.COMPUTE

/** Int32 words of uniform parameters each dispatch may pass. */
export const PARAM_WORDS = 128;
const SLOT_BYTES = PARAM_WORDS * 4;
const ARENA_SLOTS = 512;

/** How a kernel uses an operand. */
export type Access = 'read' | 'write' | 'atomic';

/** A buffer a kernel binds, under the name its WGSL uses (`ld_<name>`, `st_<name>`). */
export interface KernelOperand {
  readonly name: string;
  readonly buffer: WebGpuBuffer;
  readonly access: Access;
}

/** What the WGSL source of a kernel can ask about its bindings. */
export interface Bindings {
  /** The storage variable of an operand (`B1`), for atomics. */
  buf(name: string): string;
}

/** One dispatch. */
export interface KernelCall {
  /**
   * Identifies the WGSL `source` returns, given the operands' dtypes and accesses (which the
   * runtime adds to the cache key itself).
   */
  readonly key: string;
  readonly operands: readonly KernelOperand[];
  /** Up to {@link PARAM_WORDS} int32 words, read in WGSL with `p(i)` (and `pf(i)` for float bits). */
  readonly params: ArrayLike<number>;
  /** Workgroups: a count (spread over x and y when past the per-dimension limit) or an explicit grid. */
  readonly workgroups: number | readonly [number, number, number];
  /** The kernel: functions and the `@compute` entry point `main`, after the generated header. */
  readonly source: (b: Bindings) => string;
  /** Whether the kernel may report bad data through `report(...)`. */
  readonly status?: boolean;
}

/** Limits the kernels are written against. */
export interface RuntimeLimits {
  /** Invocations per workgroup of 1-d kernels (256 where the device allows). */
  readonly workgroupSize: number;
  readonly maxWorkgroupStorage: number;
  readonly maxWorkgroupsPerDimension: number;
  readonly maxStorageBindingSize: number;
  readonly maxBufferSize: number;
}

const statusMessages: Record<number, (a: number, b: number, c: number) => string> = {
  1: (a, b, c) => `index ${a} is out of bounds for dimension ${b} with size ${c}`,
  2: () => 'index out of range in self',
  3: () => 'ZeroDivisionError',
};

/** The float32 bits of `x` as an int32, for float uniform parameters. */
export function f32Bits(x: number): number {
  F32[0] = x;
  return I32[0]!;
}
const F32 = new Float32Array(1);
const I32 = new Int32Array(F32.buffer);

interface Layout {
  readonly bindGroup: GPUBindGroupLayout;
  readonly pipeline: GPUPipelineLayout;
}

/** One device's runtime: see the module comment. */
export class GpuRuntime {
  readonly queue: GPUQueue;
  readonly limits: RuntimeLimits;
  /** Pool of storage buffers (tensors and temporaries). */
  readonly pool: BufferPool;
  private readonly staging: BufferPool;
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private readonly arena: GPUBuffer;
  private readonly arenaHost = new Int32Array(ARENA_SLOTS * PARAM_WORDS);
  private slot = 0;
  private readonly doomed: GPUBuffer[] = [];
  private readonly pipelines = new Map<string, { pipeline: GPUComputePipeline; code: string }>();
  private readonly byCode = new Map<string, { pipeline: GPUComputePipeline; code: string }>();
  /**
   * Debug mode (`TORCHTS_WEBGPU_DEBUG=1`): prints WGSL compilation errors and checks that each
   * kernel key always names the same shader.
   */
  debug = typeof process !== 'undefined' && !!process.env?.TORCHTS_WEBGPU_DEBUG;
  private readonly layouts = new Map<string, Layout>();
  private readonly statusBuffer: GPUBuffer;
  private statusUsed = false;
  private pendingError: Error | null = null;
  private lostMessage: string | null = null;
  /** Dispatches since the runtime started (for tests and benchmarks). */
  dispatchCount = 0;
  /** Pipelines compiled. */
  get pipelineCount(): number {
    return this.byCode.size;
  }

  constructor(readonly device: GPUDevice, poolCapacity = 256 * 2 ** 20) {
    this.queue = device.queue;
    const l = device.limits;
    this.limits = {
      workgroupSize: Math.min(256, l.maxComputeInvocationsPerWorkgroup, l.maxComputeWorkgroupSizeX),
      maxWorkgroupStorage: l.maxComputeWorkgroupStorageSize,
      maxWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxStorageBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
    };
    // Commands recorded but not yet submitted may still use a buffer: destroy it after the submit.
    const destroy = (buf: GPUBuffer): void => {
      if (this.encoder) this.doomed.push(buf);
      else buf.destroy();
    };
    this.pool = new BufferPool((size) => this.createBuffer(size, STORAGE | COPY_SRC | COPY_DST), poolCapacity, destroy);
    this.staging = new BufferPool((size) => this.createBuffer(size, MAP_READ | COPY_DST), 64 * 2 ** 20, destroy);
    this.arena = device.createBuffer({ size: ARENA_SLOTS * SLOT_BYTES, usage: UNIFORM | COPY_DST });
    this.statusBuffer = device.createBuffer({ size: 16, usage: STORAGE | COPY_SRC | COPY_DST });
    device.addEventListener('uncapturederror', (e) => {
      const err = (e as GPUUncapturedErrorEvent).error;
      this.pendingError ??= new RuntimeError(`webgpu: ${err.constructor?.name ?? 'error'}: ${err.message}`);
    });
    void device.lost.then((info) => {
      this.lostMessage = `the webgpu device was lost (${info.reason}): ${info.message || 'no message'}`;
    });
  }

  /** Throws if the device was lost. */
  checkUsable(): void {
    if (this.lostMessage) throw new RuntimeError(this.lostMessage);
  }

  /** Throws (once) the first asynchronous error since the last check. */
  throwPending(): void {
    this.checkUsable();
    const err = this.pendingError;
    if (err) {
      this.pendingError = null;
      throw err;
    }
  }

  private createBuffer(size: number, usage: number): GPUBuffer {
    this.checkUsable();
    if (size > this.limits.maxBufferSize) {
      throw new RuntimeError(`webgpu: cannot allocate ${size} bytes: the adapter's maxBufferSize is ${this.limits.maxBufferSize}`);
    }
    this.device.pushErrorScope('out-of-memory');
    const buf = this.device.createBuffer({ size, usage });
    void this.device.popErrorScope().then((err) => {
      if (err) this.pendingError ??= new RuntimeError(`webgpu: out of memory allocating ${size} bytes (${err.message})`);
    });
    return buf;
  }

  /** Ends the current compute pass (to record a copy in the same command encoder). */
  private endPass(): GPUCommandEncoder {
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
    return (this.encoder ??= this.device.createCommandEncoder());
  }

  /** Submits everything recorded so far. */
  flush(): void {
    if (!this.encoder) return;
    const enc = this.endPass();
    // The uniforms of this batch go to the queue before the commands that read them.
    if (this.slot > 0) this.queue.writeBuffer(this.arena, 0, this.arenaHost.buffer, 0, this.slot * SLOT_BYTES);
    this.queue.submit([enc.finish()]);
    this.encoder = null;
    this.slot = 0;
    for (const b of this.doomed) b.destroy();
    this.doomed.length = 0;
  }

  /** Writes host data into a buffer, after every kernel recorded so far. */
  writeBuffer(buf: GPUBuffer, byteOffset: number, data: ArrayBufferView): void {
    this.checkUsable();
    this.flush();
    this.queue.writeBuffer(buf, byteOffset, data.buffer, data.byteOffset, data.byteLength);
  }

  /** Records a buffer-to-buffer copy (byte offsets and sizes multiples of 4). */
  copyBuffer(src: GPUBuffer, srcOffset: number, dst: GPUBuffer, dstOffset: number, bytes: number): void {
    if (bytes === 0) return;
    this.endPass().copyBufferToBuffer(src, srcOffset, dst, dstOffset, bytes);
  }

  /** Reads `bytes` bytes from `src` at `byteOffset` once every recorded kernel has run. */
  async readBuffer(src: GPUBuffer, byteOffset: number, bytes: number): Promise<ArrayBuffer> {
    this.checkUsable();
    const withStatus = this.statusUsed;
    this.statusUsed = false;
    const size = bytes + (withStatus ? 16 : 0);
    const staging = this.staging.acquire(Math.max(size, 4));
    const enc = this.endPass();
    if (bytes > 0) enc.copyBufferToBuffer(src, byteOffset, staging, 0, bytes);
    if (withStatus) {
      enc.copyBufferToBuffer(this.statusBuffer, 0, staging, bytes, 16);
      enc.clearBuffer(this.statusBuffer);
    }
    this.flush();
    try {
      await staging.mapAsync(MODE_READ, 0, staging.size);
    } catch (err) {
      this.throwPending();
      throw new RuntimeError(`webgpu: reading a buffer failed: ${(err as Error).message}`);
    }
    const mapped = staging.getMappedRange(0, size);
    const out = mapped.slice(0, bytes);
    const status = withStatus ? new Int32Array(mapped.slice(bytes, bytes + 16)) : null;
    staging.unmap();
    this.staging.release(staging);
    this.throwPending();
    if (status && status[0] !== 0) {
      const msg = statusMessages[status[0]!];
      throw new RuntimeError(msg ? msg(status[1]!, status[2]!, status[3]!) : `webgpu: kernel status ${status[0]}`);
    }
    return out;
  }

  /** Waits for all recorded work, then reports any error it raised. */
  async synchronize(): Promise<void> {
    if (this.statusUsed) {
      await this.readBuffer(this.statusBuffer, 0, 0);
      return;
    }
    this.flush();
    await this.queue.onSubmittedWorkDone();
    this.throwPending();
  }

  /** Records one dispatch (see {@link KernelCall}). */
  run(call: KernelCall): void {
    this.checkUsable();
    // One binding per distinct GPU buffer: WebGPU forbids binding a buffer twice when one
    // binding writes it (in-place kernels pass the same buffer as input and output).
    const bufs: GPUBuffer[] = [];
    const kinds: Access[] = [];
    const types: string[] = [];
    const slotOf: number[] = [];
    for (const op of call.operands) {
      if (op.buffer.freed) throw new RuntimeError('webgpu: a kernel was given a buffer that was already freed');
      let k = bufs.indexOf(op.buffer.gpu);
      if (k < 0) {
        k = bufs.length;
        bufs.push(op.buffer.gpu);
        kinds.push(op.access);
        types.push(wgslType(op.buffer.dtype));
      } else if (op.access !== 'read') {
        if (op.access === 'atomic' || kinds[k] === 'atomic') throw new Error('webgpu: an atomic operand aliases another operand');
        kinds[k] = 'write';
      }
      slotOf.push(k);
    }
    const sig = call.operands.map((op, i) => `${op.name}:${op.buffer.dtype.name}:${op.access}@${slotOf[i]}`).join(',');
    const key = `${call.key}|${sig}|${kinds.join(',')}${call.status ? '|status' : ''}`;
    let entry = this.pipelines.get(key);
    const layout = this.layoutFor(kinds, call.status ?? false);
    if (!entry) {
      const code = this.shaderSource(call, slotOf, kinds, types);
      // Dtypes with one storage (int32 and int64, say) often give the very same shader: compile it once.
      const layoutKey = this.layoutKey(kinds, call.status ?? false);
      entry = this.byCode.get(`${layoutKey}\n${code}`);
      if (!entry) {
        const module = this.device.createShaderModule({ code, label: call.key });
        if (this.debug) {
          void module.getCompilationInfo().then((info) => {
            for (const m of info.messages) if (m.type === 'error') console.error(`${call.key}: ${m.message} (line ${m.lineNum})\n${code}`);
          });
        }
        const pipeline = this.device.createComputePipeline({ layout: layout.pipeline, compute: { module, entryPoint: 'main' }, label: call.key });
        entry = { pipeline, code };
        this.byCode.set(`${layoutKey}\n${code}`, entry);
      }
      this.pipelines.set(key, entry);
    } else if (this.debug && this.shaderSource(call, slotOf, kinds, types) !== entry.code) {
      // A kernel whose WGSL changes with something its key does not name would reuse a wrong pipeline.
      throw new Error(`webgpu: kernel key ${call.key} names two different shaders`);
    }
    const pipeline = entry.pipeline;

    if (this.slot >= ARENA_SLOTS) this.flush();
    const slot = this.slot++;
    const base = slot * PARAM_WORDS;
    const n = call.params.length;
    if (n > PARAM_WORDS) throw new Error(`webgpu: ${call.key} passes ${n} parameters (at most ${PARAM_WORDS})`);
    for (let i = 0; i < n; i++) this.arenaHost[base + i] = call.params[i]!;

    const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: this.arena, offset: slot * SLOT_BYTES, size: SLOT_BYTES } }];
    const maxBind = this.limits.maxStorageBindingSize;
    bufs.forEach((b, i) => {
      entries.push({ binding: i + 1, resource: { buffer: b, offset: 0, size: Math.min(b.size, maxBind - (maxBind % 4)) } });
    });
    if (call.status) {
      entries.push({ binding: bufs.length + 1, resource: { buffer: this.statusBuffer } });
      this.statusUsed = true;
    }
    const bindGroup = this.device.createBindGroup({ layout: layout.bindGroup, entries });

    let grid: readonly [number, number, number];
    if (typeof call.workgroups === 'number') {
      const total = call.workgroups;
      if (total === 0) return;
      const maxX = this.limits.maxWorkgroupsPerDimension;
      const y = Math.ceil(total / maxX);
      grid = [Math.ceil(total / y), y, 1];
    } else grid = call.workgroups;
    if (grid[0] === 0 || grid[1] === 0 || grid[2] === 0) return;
    if (!this.pass) this.pass = (this.encoder ??= this.device.createCommandEncoder()).beginComputePass();
    this.pass.setPipeline(pipeline);
    this.pass.setBindGroup(0, bindGroup);
    this.pass.dispatchWorkgroups(grid[0], grid[1], grid[2]);
    this.dispatchCount++;
  }

  private layoutKey(kinds: readonly Access[], status: boolean): string {
    return `${kinds.map((k) => (k === 'read' ? 'r' : 'w')).join('')}${status ? 's' : ''}`;
  }

  private layoutFor(kinds: readonly Access[], status: boolean): Layout {
    const key = this.layoutKey(kinds, status);
    let layout = this.layouts.get(key);
    if (!layout) {
      const entries: GPUBindGroupLayoutEntry[] = [
        { binding: 0, visibility: COMPUTE, buffer: { type: 'uniform', minBindingSize: SLOT_BYTES } },
      ];
      kinds.forEach((k, i) => entries.push({ binding: i + 1, visibility: COMPUTE, buffer: { type: k === 'read' ? 'read-only-storage' : 'storage' } }));
      if (status) entries.push({ binding: kinds.length + 1, visibility: COMPUTE, buffer: { type: 'storage' } });
      const bindGroup = this.device.createBindGroupLayout({ entries });
      layout = { bindGroup, pipeline: this.device.createPipelineLayout({ bindGroupLayouts: [bindGroup] }) };
      this.layouts.set(key, layout);
    }
    return layout;
  }

  private shaderSource(call: KernelCall, slotOf: readonly number[], kinds: readonly Access[], types: readonly string[]): string {
    const lines: string[] = [
      `struct Params { v: array<vec4<i32>, ${PARAM_WORDS / 4}> }`,
      '@group(0) @binding(0) var<uniform> U: Params;',
      'fn p(i: i32) -> i32 { return U.v[i / 4][i % 4]; }',
      'fn pf(i: i32) -> f32 { return bitcast<f32>(p(i)); }',
      `const WG: u32 = ${this.limits.workgroupSize}u;`,
      // The linear workgroup index of a grid spread over x and y.
      'fn wg_index(wid: vec3<u32>, nwg: vec3<u32>) -> i32 { return i32(wid.y * nwg.x + wid.x); }',
    ];
    kinds.forEach((k, i) => {
      const t = k === 'atomic' ? `atomic<${types[i] === 'f32' ? 'u32' : 'i32'}>` : types[i];
      lines.push(`@group(0) @binding(${i + 1}) var<storage, ${k === 'read' ? 'read' : 'read_write'}> B${i + 1}: array<${t}>;`);
    });
    if (call.status) {
      lines.push(`@group(0) @binding(${kinds.length + 1}) var<storage, read_write> ST: array<atomic<i32>>;`);
      lines.push(`fn report(kind: i32, a: i32, b: i32, c: i32) {
  if (atomicExchange(&ST[0], kind) == 0) { atomicStore(&ST[1], a); atomicStore(&ST[2], b); atomicStore(&ST[3], c); }
}`);
    }
    call.operands.forEach((op, i) => {
      if (op.access === 'atomic') return;
      const b = `B${slotOf[i]! + 1}`;
      const t = wgslType(op.buffer.dtype);
      lines.push(`fn ld_${op.name}(i: i32) -> ${t} { return ${b}[i]; }`);
      if (op.access === 'write') lines.push(`fn st_${op.name}(i: i32, v: ${t}) { ${b}[i] = ${storeExpr(op.buffer.dtype, 'v')}; }`);
    });
    const names = new Map(call.operands.map((op, i) => [op.name, `B${slotOf[i]! + 1}`]));
    const body = call.source({ buf: (name) => names.get(name)! });
    const head = lines.join('\n');
    return `${libraryFor(`${head}\n${body}`)}\n${head}\n${body}\n`;
  }

  /** Destroys idle pooled buffers. */
  trim(): void {
    this.flush();
    this.pool.trim();
    this.staging.trim();
  }
}

/**
 * `nn.init`: in-place initialisations of weights, as PyTorch's `torch.nn.init`, drawing from
 * the same random streams (so after `torch.manualSeed(s)` they write PyTorch's numbers).
 * @module
 */
import { noGrad, randn, randperm, tensor as makeTensor, Tensor, ValueError, type Generator } from '@torchts/core';

/** The nonlinearities {@link calculateGain} knows. */
export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

/** Options of the random initialisers. */
export interface InitOptions {
  /** The generator to draw from (default: the global one). */
  generator?: Generator;
}

/**
 * The recommended gain for a nonlinearity (`calculate_gain`): 1 for linear/conv/sigmoid,
 * 5/3 for tanh, sqrt(2) for relu, sqrt(2 / (1 + slope^2)) for leaky_relu, 3/4 for selu.
 *
 * @example
 * ```ts
 * nn.init.calculateGain('leaky_relu', 0.2); // 1.3867504905630728
 * ```
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number | null): number {
  const linear = ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d'];
  if (linear.includes(nonlinearity) || nonlinearity === 'sigmoid') return 1;
  if (nonlinearity === 'tanh') return 5.0 / 3;
  if (nonlinearity === 'relu') return Math.sqrt(2.0);
  if (nonlinearity === 'leaky_relu') {
    let slope: number;
    if (param === undefined || param === null) slope = 0.01;
    else if (typeof param === 'number') slope = param;
    else throw new ValueError(`negative_slope ${String(param)} not a valid number`);
    return Math.sqrt(2.0 / (1 + slope ** 2));
  }
  if (nonlinearity === 'selu') return 3.0 / 4;
  throw new ValueError(`Unsupported nonlinearity ${String(nonlinearity)}`);
}

/** Fills with U(a, b). */
export function uniform_(tensor: Tensor, a = 0, b = 1, options: InitOptions = {}): Tensor {
  return noGrad(() => tensor.uniform_(a, b, options));
}

/** Fills with N(mean, std^2). */
export function normal_(tensor: Tensor, mean = 0, std = 1, options: InitOptions = {}): Tensor {
  return noGrad(() => tensor.normal_(mean, std, options));
}

/**
 * Fills with a normal distribution truncated to [a, b] (inverse-CDF method, as PyTorch's
 * `trunc_normal_`).
 */
export function truncNormal_(tensor: Tensor, mean = 0, std = 1, a = -2, b = 2, options: InitOptions = {}): Tensor {
  const normCdf = (x: number): number => (1 + erf(x / Math.SQRT2)) / 2;
  if (mean < a - 2 * std || mean > b + 2 * std) {
    console.warn('mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values may be incorrect.');
  }
  return noGrad(() => {
    const l = normCdf((a - mean) / std);
    const u = normCdf((b - mean) / std);
    tensor.uniform_(2 * l - 1, 2 * u - 1, options);
    // erfinv_ in place, on the host (core has no erfinv op).
    const v = tensor.toTypedArray();
    const out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = erfinv(v[i]!) * std * Math.SQRT2 + mean;
    const filled = tensorLike(tensor, out).clamp(a, b);
    tensor.copy_(filled);
    return tensor;
  });
}

/** Fills with `val`. */
export function constant_(tensor: Tensor, val: number): Tensor {
  return noGrad(() => tensor.fill_(val));
}

/** Fills with ones. */
export function ones_(tensor: Tensor): Tensor {
  return noGrad(() => tensor.fill_(1));
}

/** Fills with zeros. */
export function zeros_(tensor: Tensor): Tensor {
  return noGrad(() => tensor.zero_());
}

/** Fills a 2-d tensor with the identity matrix (ones on the diagonal). */
export function eye_(tensor: Tensor): Tensor {
  if (tensor.dim() !== 2) throw new ValueError('Only tensors with 2 dimensions are supported');
  const [rows, cols] = tensor.shape as unknown as [number, number];
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < Math.min(rows, cols); i++) out[i * cols + i] = 1;
  return noGrad(() => tensor.copy_(tensorLike(tensor, out)));
}

/**
 * Fills a 3-, 4- or 5-d tensor with the Dirac delta (conv layers that preserve their input),
 * per group.
 */
export function dirac_(tensor: Tensor, groups = 1): Tensor {
  const dims = tensor.dim();
  if (dims < 3 || dims > 5) throw new ValueError('Only tensors with 3, 4, or 5 dimensions are supported');
  const sizes = [...tensor.shape];
  if (sizes[0]! % groups !== 0) throw new ValueError('dim 0 must be divisible by groups');
  const outPerGroup = sizes[0]! / groups;
  const minDim = Math.min(outPerGroup, sizes[1]!);
  const strides = sizes.map((_, i) => sizes.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float64Array(tensor.numel());
  for (let g = 0; g < groups; g++) {
    for (let d = 0; d < minDim; d++) {
      let pos = (g * outPerGroup + d) * strides[0]! + d * strides[1]!;
      for (let k = 2; k < dims; k++) pos += Math.floor(sizes[k]! / 2) * strides[k]!;
      out[pos] = 1;
    }
  }
  return noGrad(() => tensor.copy_(tensorLike(tensor, out)));
}

/** PyTorch's `_calculate_fan_in_and_fan_out`: `[fanIn, fanOut]` of a weight. */
export function calculateFanInAndFanOut(tensor: Tensor): [number, number] {
  if (tensor.dim() < 2) {
    throw new ValueError('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  }
  let receptive = 1;
  for (const s of tensor.shape.slice(2)) receptive *= s;
  return [tensor.size(1) * receptive, tensor.size(0) * receptive];
}

function correctFan(tensor: Tensor, mode: 'fan_in' | 'fan_out'): number {
  const m = mode.toLowerCase();
  if (m !== 'fan_in' && m !== 'fan_out') {
    throw new ValueError(`Mode ${mode} not supported, please use one of ['fan_in', 'fan_out']`);
  }
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  return m === 'fan_in' ? fanIn : fanOut;
}

/** Glorot uniform: U(-a, a) with a = gain * sqrt(6 / (fanIn + fanOut)). */
export function xavierUniform_(tensor: Tensor, gain = 1, options: InitOptions = {}): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  return uniform_(tensor, -a, a, options);
}

/** Glorot normal: N(0, std^2) with std = gain * sqrt(2 / (fanIn + fanOut)). */
export function xavierNormal_(tensor: Tensor, gain = 1, options: InitOptions = {}): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  return normal_(tensor, 0, std, options);
}

/** Options of the Kaiming initialisers. */
export interface KaimingOptions extends InitOptions {
  /** The negative slope of the rectifier after this layer (leaky_relu only; default 0). */
  a?: number;
  /** `'fan_in'` (default: preserves the forward variance) or `'fan_out'` (the backward one). */
  mode?: 'fan_in' | 'fan_out';
  /** The nonlinearity after this layer (default `'leaky_relu'`). */
  nonlinearity?: Nonlinearity;
}

function kaimingArgs(aOrOptions: number | KaimingOptions | undefined, mode?: 'fan_in' | 'fan_out', nonlinearity?: Nonlinearity) {
  const o: KaimingOptions = typeof aOrOptions === 'object' ? aOrOptions : { a: aOrOptions, mode, nonlinearity };
  return { a: o.a ?? 0, mode: o.mode ?? 'fan_in', nonlinearity: o.nonlinearity ?? 'leaky_relu', generator: o.generator };
}

/**
 * He uniform: U(-bound, bound) with bound = gain * sqrt(3 / fan). Layers use it with
 * `a = sqrt(5)`, as PyTorch's `reset_parameters`.
 *
 * @example
 * ```ts
 * nn.init.kaimingUniform_(w, Math.sqrt(5));
 * nn.init.kaimingUniform_(w, { mode: 'fan_out', nonlinearity: 'relu' });
 * ```
 */
export function kaimingUniform_(
  tensor: Tensor, a?: number | KaimingOptions, mode?: 'fan_in' | 'fan_out', nonlinearity?: Nonlinearity,
): Tensor {
  const o = kaimingArgs(a, mode, nonlinearity);
  if (tensor.shape.includes(0)) {
    console.warn('Initializing zero-element tensors is a no-op');
    return tensor;
  }
  const fan = correctFan(tensor, o.mode);
  const gain = calculateGain(o.nonlinearity, o.a);
  const bound = Math.sqrt(3.0) * (gain / Math.sqrt(fan));
  return uniform_(tensor, -bound, bound, { generator: o.generator });
}

/** He normal: N(0, std^2) with std = gain / sqrt(fan). */
export function kaimingNormal_(
  tensor: Tensor, a?: number | KaimingOptions, mode?: 'fan_in' | 'fan_out', nonlinearity?: Nonlinearity,
): Tensor {
  const o = kaimingArgs(a, mode, nonlinearity);
  if (tensor.shape.includes(0)) {
    console.warn('Initializing zero-element tensors is a no-op');
    return tensor;
  }
  const fan = correctFan(tensor, o.mode);
  const gain = calculateGain(o.nonlinearity, o.a);
  return normal_(tensor, 0, gain / Math.sqrt(fan), { generator: o.generator });
}

/**
 * Fills with a (semi-)orthogonal matrix: the Q of the QR decomposition of a standard normal
 * matrix, with the signs PyTorch fixes (`q *= sign(diag(r))`), times `gain`. Dims past the
 * first are flattened.
 */
export function orthogonal_(tensor: Tensor, gain = 1, options: InitOptions = {}): Tensor {
  if (tensor.dim() < 2) throw new ValueError('Only tensors with 2 or more dimensions are supported');
  if (tensor.numel() === 0) return tensor;
  const rows = tensor.size(0);
  const cols = tensor.numel() / rows;
  const flat = noGrad(() => randn([rows, cols], { dtype: tensor.dtype, generator: options.generator })).toTypedArray();
  // Work on the tall matrix (m >= n): the transpose when rows < cols, as PyTorch does.
  const tall = rows >= cols;
  const m = tall ? rows : cols, n = tall ? cols : rows;
  const A = new Float64Array(m * n);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (tall) A[i * n + j] = flat[i * cols + j]!;
      else A[j * n + i] = flat[i * cols + j]!;
    }
  }
  const q = householderQ(A, m, n);
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = (tall ? q[i * n + j]! : q[j * n + i]!) * gain;
  }
  return noGrad(() => tensor.copy_(tensorLike(tensor, out).view(...tensor.shape)));
}

/**
 * The thin Q (m x n, m >= n) of A = QR by Householder reflections, with columns multiplied
 * by sign(diag(R)) so that R has a positive diagonal (the sign PyTorch's `orthogonal_` fixes).
 */
function householderQ(A: Float64Array, m: number, n: number): Float64Array {
  const R = Float64Array.from(A);
  const vs: Float64Array[] = [];
  const betas: number[] = [];
  for (let k = 0; k < n; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += R[i * n + k]! ** 2;
    norm = Math.sqrt(norm);
    const x0 = R[k * n + k]!;
    const alpha = x0 >= 0 ? -norm : norm;
    const v = new Float64Array(m - k);
    for (let i = k; i < m; i++) v[i - k] = R[i * n + k]!;
    v[0] = x0 - alpha;
    let vv = 0;
    for (let i = 0; i < v.length; i++) vv += v[i]! ** 2;
    const beta = vv === 0 ? 0 : 2 / vv;
    vs.push(v);
    betas.push(beta);
    for (let j = k; j < n; j++) {
      let s = 0;
      for (let i = k; i < m; i++) s += v[i - k]! * R[i * n + j]!;
      s *= beta;
      for (let i = k; i < m; i++) R[i * n + j] -= s * v[i - k]!;
    }
  }
  // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity.
  const Q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) Q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k]!, beta = betas[k]!;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = k; i < m; i++) s += v[i - k]! * Q[i * n + j]!;
      s *= beta;
      for (let i = k; i < m; i++) Q[i * n + j] -= s * v[i - k]!;
    }
  }
  for (let j = 0; j < n; j++) {
    if (R[j * n + j]! < 0) for (let i = 0; i < m; i++) Q[i * n + j] = -Q[i * n + j]!;
  }
  return Q;
}

/**
 * Sparse init: N(0, std^2) with a fraction `sparsity` of each column zeroed (rows chosen by
 * `randperm`, as PyTorch's `sparse_`).
 */
export function sparse_(tensor: Tensor, sparsity: number, std = 0.01, options: InitOptions = {}): Tensor {
  if (tensor.dim() !== 2) throw new ValueError('Only tensors with 2 dimensions are supported');
  const [rows, cols] = tensor.shape as unknown as [number, number];
  const numZeros = Math.ceil(sparsity * rows);
  return noGrad(() => {
    tensor.normal_(0, std, options);
    for (let c = 0; c < cols; c++) {
      const perm = randpermHost(rows, options.generator);
      const zeroRows = perm.slice(0, numZeros);
      for (const r of zeroRows) tensor.index(r, c).fill_(0);
    }
    return tensor;
  });
}

function randpermHost(n: number, generator?: Generator): number[] {
  // core's randperm draws PyTorch's stream.
  return randperm(n, { generator }).tolist() as number[];
}

/** A tensor with `t`'s shape, dtype and device holding `values` (row-major). */
function tensorLike(t: Tensor, values: Float64Array): Tensor {
  return makeTensor(Array.from(values), { dtype: t.dtype, device: t.device }).view(...t.shape);
}

/** erf in double precision (Python's `math.erf`): the Maclaurin series, or erfc's continued fraction. */
function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let sum = 0, term = ax, n = 0;
    while (Math.abs(term) > 1e-17 * Math.abs(sum) || n < 3) {
      sum += term / (2 * n + 1);
      n++;
      term *= (-ax * ax) / n;
      if (n > 200) break;
    }
    const r = (2 / Math.sqrt(Math.PI)) * sum;
    return x < 0 ? -r : r;
  }
  // Continued fraction for erfc (Lentz).
  const erfc = erfcCf(ax);
  return x < 0 ? erfc - 1 : 1 - erfc;
}

function erfcCf(x: number): number {
  // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...))))
  let f = x, C = x, D = 0;
  const tiny = 1e-300;
  for (let i = 1; i < 300; i++) {
    const a = i / 2;
    D = x + a * D;
    D = D === 0 ? tiny : 1 / D;
    C = x + a / C;
    if (C === 0) C = tiny;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** Inverse of erf on (-1, 1), by Giles' approximation refined with Newton steps. */
function erfinv(y: number): number {
  if (y <= -1) return y === -1 ? -Infinity : NaN;
  if (y >= 1) return y === 1 ? Infinity : NaN;
  let w = -Math.log((1 - y) * (1 + y));
  let x: number;
  if (w < 5) {
    w -= 2.5;
    let p = 2.81022636e-08;
    p = 3.43273939e-07 + p * w; p = -3.5233877e-06 + p * w; p = -4.39150654e-06 + p * w;
    p = 0.00021858087 + p * w; p = -0.00125372503 + p * w; p = -0.00417768164 + p * w;
    p = 0.246640727 + p * w; p = 1.50140941 + p * w;
    x = p * y;
  } else {
    w = Math.sqrt(w) - 3;
    let p = -0.000200214257;
    p = 0.000100950558 + p * w; p = 0.00134934322 + p * w; p = -0.00367342844 + p * w;
    p = 0.00573950773 + p * w; p = -0.0076224613 + p * w; p = 0.00943887047 + p * w;
    p = 1.00167406 + p * w; p = 2.83297682 + p * w;
    x = p * y;
  }
  for (let i = 0; i < 2; i++) {
    const err = erf(x) - y;
    x -= err / ((2 / Math.sqrt(Math.PI)) * Math.exp(-x * x));
  }
  return x;
}

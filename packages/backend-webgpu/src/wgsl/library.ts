/**
 * The WGSL function library kernels draw from: NaN/infinity tests on the bits (compilers may
 * assume IEEE special values away, bit tests they cannot), half rounding, float to int casts,
 * and float32 math (exp, log, trig, hyperbolic, erf, pow, exact fmod) after Cephes and fdlibm,
 * accurate to a few ulp on every adapter instead of WGSL's loose builtin bounds (atan2 may be off
 * by 4096 ulp, log near 1 by 2^-21 absolute). A shader gets only the functions its code calls.
 * @module
 */

interface LibFn {
  readonly code: string;
  readonly deps: readonly string[];
}

const fn = (code: string, ...deps: string[]): LibFn => ({ code, deps });

const PIO2 = '1.5707963267948966';
const PIO4 = '0.7853981633974483';
const PI = '3.141592653589793';

/** Every library function by name. */
const LIB: Readonly<Record<string, LibFn>> = {
  // `var` keeps the bit patterns out of constant evaluation (a const infinity is a shader error).
  f_inf: fn(`fn f_inf() -> f32 { var b = 0x7f800000u; return bitcast<f32>(b); }`),
  f_nan: fn(`fn f_nan() -> f32 { var b = 0x7fc00000u; return bitcast<f32>(b); }`),
  is_nan: fn(`fn is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }`),
  ordered: fn(`fn ordered(a: f32, b: f32) -> bool { return !is_nan(a) && !is_nan(b); }`, 'is_nan'),
  is_inf: fn(`fn is_inf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }`),
  is_finite: fn(`fn is_finite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }`),
  nonzero_f: fn(`fn nonzero_f(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) != 0u; }`),
  sign_bit: fn(`fn sign_bit(x: f32) -> bool { return (bitcast<u32>(x) & 0x80000000u) != 0u; }`),
  copysign_f: fn(`fn copysign_f(m: f32, s: f32) -> f32 {
  return bitcast<f32>((bitcast<u32>(m) & 0x7fffffffu) | (bitcast<u32>(s) & 0x80000000u));
}`),
  f2i: fn(`fn f2i(x: f32) -> i32 {
  if (!is_nan(x) && x >= -2147483648.0 && x < 2147483648.0) { return i32(x); }
  return -2147483647 - 1;
}`, 'is_nan'),
  round_half: fn(`fn round_half(x: f32) -> f32 {
  let bits = bitcast<u32>(x);
  let a = bits & 0x7fffffffu;
  let s = bits & 0x80000000u;
  if (a >= 0x38800000u) {
    if (a >= 0x7f800000u) { return x; }
    if (a >= 0x477ff000u) { return bitcast<f32>(s | 0x7f800000u); }
    return bitcast<f32>(s | ((a + 0xfffu + ((a >> 13u) & 1u)) & 0xffffe000u));
  }
  let m = round(bitcast<f32>(a) * 16777216.0);
  return bitcast<f32>(s | bitcast<u32>(m * 5.9604644775390625e-8));
}`),
  // Safe 2^e scaling in two steps (WGSL leaves ldexp undefined past an exponent of 128).
  ldexp2: fn(`fn ldexp2(x: f32, e: i32) -> f32 { let h = e / 2; return ldexp(ldexp(x, h), e - h); }`),
  div_f: fn(`fn div_f(a: f32, b: f32) -> f32 {
  if (!nonzero_f(b)) {
    if (!nonzero_f(a) || is_nan(a)) { return f_nan(); }
    return copysign_f(f_inf(), bitcast<f32>((bitcast<u32>(a) ^ bitcast<u32>(b)) & 0x80000000u));
  }
  return a / b;
}`, 'nonzero_f', 'is_nan', 'f_nan', 'copysign_f', 'f_inf'),
  exp_f: fn(`fn exp_f(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (x > 88.72283935546875) { return f_inf(); }
  if (x < -103.972084) { return 0.0; }
  let z = floor(1.4426950408889634 * x + 0.5);
  var r = x - z * 0.693359375;
  r = r - z * -2.12194440e-4;
  let p = (((((1.9875691500e-4 * r + 1.3981999507e-3) * r + 8.3334519073e-3) * r + 4.1665795894e-2) * r
    + 1.6666665459e-1) * r + 5.0000001201e-1) * (r * r) + r + 1.0;
  return ldexp2(p, i32(z));
}`, 'is_nan', 'f_inf', 'ldexp2'),
  expm1_f: fn(`fn expm1_f(x: f32) -> f32 {
  if (abs(x) < 0.5) {
    return x * (1.0 + x * (0.5 + x * (0.16666666666666666 + x * (0.041666666666666664 + x * (0.008333333333333333
      + x * (0.001388888888888889 + x * (1.984126984126984e-4 + x * (2.48015873015873e-5 + x * 2.755731922398589e-6))))))));
  }
  return exp_f(x) - 1.0;
}`, 'exp_f'),
  // log(x) = e*ln2 + log(m), m in [sqrt(1/2), sqrt(2)): returns (e, log(m)).
  log_parts: fn(`fn log_parts(x0: f32) -> vec2<f32> {
  let fr = frexp(x0);
  var e = fr.exp;
  var x = fr.fract;
  if (x < 0.7071067811865476) { e = e - 1; x = x + x - 1.0; } else { x = x - 1.0; }
  let z = x * x;
  var y = ((((((((7.0376836292e-2 * x - 1.1514610310e-1) * x + 1.1676998740e-1) * x - 1.2420140846e-1) * x
    + 1.4249322787e-1) * x - 1.6668057665e-1) * x + 2.0000714765e-1) * x - 2.4999993993e-1) * x
    + 3.3333331174e-1) * x * z;
  y = y - 0.5 * z;
  return vec2<f32>(f32(e), x + y);
}`),
  log_special: fn(`fn log_special(x: f32) -> f32 {
  if (is_nan(x) || x < 0.0) { return f_nan(); }
  if (!nonzero_f(x)) { return -f_inf(); }
  return x;
}`, 'is_nan', 'f_nan', 'nonzero_f', 'f_inf'),
  log_f: fn(`fn log_f(x: f32) -> f32 {
  if (is_nan(x) || x <= 0.0 || is_inf(x)) { return log_special(x); }
  let p = log_parts(x);
  return (p.y + p.x * -2.12194440e-4) + p.x * 0.693359375;
}`, 'is_nan', 'is_inf', 'log_special', 'log_parts'),
  log2_f: fn(`fn log2_f(x: f32) -> f32 {
  if (is_nan(x) || x <= 0.0 || is_inf(x)) { return log_special(x); }
  let p = log_parts(x);
  return p.x + p.y * 1.4426950408889634;
}`, 'is_nan', 'is_inf', 'log_special', 'log_parts'),
  log10_f: fn(`fn log10_f(x: f32) -> f32 {
  if (is_nan(x) || x <= 0.0 || is_inf(x)) { return log_special(x); }
  let p = log_parts(x);
  return p.x * 0.30102999566398120 + p.y * 0.4342944819032518;
}`, 'is_nan', 'is_inf', 'log_special', 'log_parts'),
  log1p_f: fn(`fn log1p_f(x: f32) -> f32 {
  let u = 1.0 + x;
  if (u == 1.0) { return x; }
  if (is_nan(u) || u <= 0.0 || is_inf(u)) { return log_f(u); }
  return log_f(u) * (x / (u - 1.0));
}`, 'is_nan', 'is_inf', 'log_f'),
  sin_poly: fn(`fn sin_poly(r: f32) -> f32 {
  let z = r * r;
  return ((-1.9515295891e-4 * z + 8.3321608736e-3) * z - 1.6666654611e-1) * z * r + r;
}`),
  cos_poly: fn(`fn cos_poly(r: f32) -> f32 {
  let z = r * r;
  return ((2.443315711809948e-5 * z - 1.388731625493765e-3) * z + 4.166664568298827e-2) * z * z - 0.5 * z + 1.0;
}`),
  // x = j*pi/4 + r with |r| <= pi/4 and j the octant (even): Cody-Waite in three parts up to
  // 8192, Payne-Hanek beyond (the 24-bit significand times a 96-bit window of 4/pi's bits).
  trig_reduce: fn(`fn trig_reduce(x: f32) -> vec2<f32> {
  if (x > 8192.0) { return trig_reduce_big(x); }
  var j = i32(1.2732395447351628 * x);
  var y = f32(j);
  if ((j & 1) == 1) { j = j + 1; y = y + 1.0; }
  let r = ((x - y * 0.78515625) - y * 2.4187564849853515625e-4) - y * 3.77489497744594108e-8;
  return vec2<f32>(r, f32(j & 7));
}`, 'trig_reduce_big'),
  mul_wide: fn(`fn mul_wide(a: u32, b: u32) -> vec2<u32> {
  let a0 = a & 0xffffu; let a1 = a >> 16u; let b0 = b & 0xffffu; let b1 = b >> 16u;
  let p00 = a0 * b0; let p01 = a0 * b1; let p10 = a1 * b0; let p11 = a1 * b1;
  let mid = (p00 >> 16u) + (p01 & 0xffffu) + (p10 & 0xffffu);
  return vec2<u32>(p11 + (p01 >> 16u) + (p10 >> 16u) + (mid >> 16u), (p00 & 0xffffu) | (mid << 16u));
}`),
  // The bits of 2/pi (= 4/pi shifted by one), after 32 zero bits.
  trig_reduce_big: fn(`fn trig_reduce_big(x: f32) -> vec2<f32> {
  var tbl = array<u32, 8>(0x00000000u, 0xa2f9836eu, 0x4e441529u, 0xfc2757d1u, 0xf534ddc0u, 0xdb629599u,
    0x3c439041u, 0xfe5163abu);
  let bits = bitcast<u32>(x);
  let ix = (bits & 0x7fffffu) | 0x800000u;
  let t0 = i32((bits >> 23u) & 0xffu) - 127 - 23 + 30;
  let q = t0 / 32;
  let sh = u32(t0 % 32);
  var w: array<u32, 3>;
  for (var i = 0; i < 3; i = i + 1) {
    w[i] = tbl[q + i] << sh;
    if (sh != 0u) { w[i] = w[i] | (tbl[q + i + 1] >> (32u - sh)); }
  }
  let p2 = mul_wide(ix, w[2]);
  let p1 = mul_wide(ix, w[1]);
  let r1 = p2.x + p1.y;
  let r0 = p1.x + ix * w[0] + select(0u, 1u, r1 < p2.x);
  var j = i32(r0 >> 29u);
  var f = f32(r0 & 0x1fffffffu) * 1.862645149230957e-9 + f32(r1) * 4.336808689942018e-19;
  if ((j & 1) == 1) { j = j + 1; f = f - 1.0; }
  return vec2<f32>(f * 0.7853981633974483, f32(j & 7));
}`, 'mul_wide'),
  sin_f: fn(`fn sin_f(x0: f32) -> f32 {
  if (!is_finite(x0)) { return f_nan(); }
  let x = abs(x0);
  let t = trig_reduce(x);
  var j = i32(t.y);
  var s = select(1.0, -1.0, x0 < 0.0);
  if (j > 3) { s = -s; j = j - 4; }
  let v = select(sin_poly(t.x), cos_poly(t.x), j == 1 || j == 2);
  return s * v;
}`, 'is_finite', 'f_nan', 'trig_reduce', 'sin_poly', 'cos_poly'),
  cos_f: fn(`fn cos_f(x0: f32) -> f32 {
  if (!is_finite(x0)) { return f_nan(); }
  let x = abs(x0);
  let t = trig_reduce(x);
  var j = i32(t.y);
  var s = 1.0;
  if (j > 3) { j = j - 4; s = -s; }
  if (j > 1) { s = -s; }
  let v = select(cos_poly(t.x), sin_poly(t.x), j == 1 || j == 2);
  return s * v;
}`, 'is_finite', 'f_nan', 'trig_reduce', 'sin_poly', 'cos_poly'),
  tan_f: fn(`fn tan_f(x: f32) -> f32 { return sin_f(x) / cos_f(x); }`, 'sin_f', 'cos_f'),
  atan_f: fn(`fn atan_f(x0: f32) -> f32 {
  if (is_nan(x0)) { return x0; }
  var x = abs(x0);
  var y = 0.0;
  if (x > 2.414213562373095) { y = ${PIO2}; x = -1.0 / x; }
  else if (x > 0.4142135623730950) { y = ${PIO4}; x = (x - 1.0) / (x + 1.0); }
  let z = x * x;
  y = y + ((((8.05374449538e-2 * z - 1.38776856032e-1) * z + 1.99777106478e-1) * z - 3.33329491539e-1) * z * x + x);
  return select(y, -y, x0 < 0.0);
}`, 'is_nan'),
  atan2_f: fn(`fn atan2_f(y: f32, x: f32) -> f32 {
  if (is_nan(x) || is_nan(y)) { return f_nan(); }
  if (!nonzero_f(y)) {
    if (sign_bit(x)) { return copysign_f(${PI}, y); }
    return y;
  }
  if (!nonzero_f(x)) { return copysign_f(${PIO2}, y); }
  if (is_inf(x)) {
    if (is_inf(y)) { return copysign_f(select(${PIO4} * 3.0, ${PIO4}, x > 0.0), y); }
    return copysign_f(select(${PI}, 0.0, x > 0.0), y);
  }
  if (is_inf(y)) { return copysign_f(${PIO2}, y); }
  let r = atan_f(abs(y / x));
  if (x > 0.0) { return copysign_f(r, y); }
  return copysign_f(${PI} - r, y);
}`, 'is_nan', 'f_nan', 'nonzero_f', 'sign_bit', 'copysign_f', 'is_inf', 'atan_f'),
  asin_f: fn(`fn asin_f(x0: f32) -> f32 {
  if (is_nan(x0)) { return x0; }
  let a = abs(x0);
  if (a > 1.0) { return f_nan(); }
  var z: f32;
  var x: f32;
  let big = a > 0.5;
  if (big) { z = 0.5 * (1.0 - a); x = sqrt(z); } else { x = a; z = x * x; }
  var r = ((((4.2163199048e-2 * z + 2.4181311049e-2) * z + 4.5470025998e-2) * z + 7.4953002686e-2) * z
    + 1.6666752422e-1) * z * x + x;
  if (big) { r = ${PIO2} - (r + r); }
  return select(r, -r, x0 < 0.0);
}`, 'is_nan', 'f_nan'),
  acos_f: fn(`fn acos_f(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (x < -1.0 || x > 1.0) { return f_nan(); }
  if (x < -0.5) { return ${PI} - 2.0 * asin_f(sqrt(0.5 * (1.0 + x))); }
  if (x > 0.5) { return 2.0 * asin_f(sqrt(0.5 * (1.0 - x))); }
  return ${PIO2} - asin_f(x);
}`, 'is_nan', 'f_nan', 'asin_f'),
  sinh_f: fn(`fn sinh_f(x: f32) -> f32 {
  let a = abs(x);
  if (a > 1.0) {
    let e = exp_f(a);
    let r = 0.5 * e - 0.5 / e;
    return select(r, -r, x < 0.0);
  }
  let z = x * x;
  return ((2.03721912945e-4 * z + 8.33028376239e-3) * z + 1.66667160211e-1) * z * x + x;
}`, 'exp_f'),
  cosh_f: fn(`fn cosh_f(x: f32) -> f32 {
  let e = exp_f(abs(x));
  return 0.5 * e + 0.5 / e;
}`, 'exp_f'),
  tanh_f: fn(`fn tanh_f(x: f32) -> f32 {
  let a = abs(x);
  if (a > 0.625) {
    let e = exp_f(a + a);
    let r = 1.0 - 2.0 / (e + 1.0);
    return select(r, -r, x < 0.0);
  }
  let s = x * x;
  return ((((-5.70498872745e-3 * s + 2.06390887954e-2) * s - 5.37397155531e-2) * s + 1.33314422036e-1) * s
    - 3.33332819422e-1) * s * x + x;
}`, 'exp_f'),
  asinh_f: fn(`fn asinh_f(x: f32) -> f32 {
  let a = abs(x);
  var r: f32;
  if (a > 1500.0) { r = log_f(a) + 0.6931471805599453; }
  else if (a < 0.5) {
    let z = a * a;
    r = (((2.0122003309e-2 * z - 4.2699340972e-2) * z + 7.4847586088e-2) * z - 1.6666288134e-1) * z * a + a;
  } else { r = log_f(a + sqrt(a * a + 1.0)); }
  return select(r, -r, x < 0.0);
}`, 'log_f'),
  acosh_f: fn(`fn acosh_f(x: f32) -> f32 {
  if (is_nan(x) || x < 1.0) { return f_nan(); }
  if (x > 1500.0) { return log_f(x) + 0.6931471805599453; }
  let z = x - 1.0;
  if (z < 0.5) {
    return (((1.7596881071e-3 * z - 7.5272886713e-3) * z + 2.6454905019e-2) * z - 1.1784741703e-1) * z * sqrt(z)
      + 1.4142135623730951 * sqrt(z);
  }
  return log_f(x + sqrt(z * (x + 1.0)));
}`, 'is_nan', 'f_nan', 'log_f'),
  atanh_f: fn(`fn atanh_f(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let a = abs(x);
  if (a >= 1.0) {
    if (a == 1.0) { return copysign_f(f_inf(), x); }
    return f_nan();
  }
  if (a < 1e-4) { return x; }
  if (a < 0.5) {
    let z = x * x;
    return ((((1.81740078349e-1 * z + 8.24370301058e-2) * z + 1.46691431730e-1) * z + 1.99782164500e-1) * z
      + 3.33337300303e-1) * z * x + x;
  }
  return 0.5 * log_f((1.0 + x) / (1.0 - x));
}`, 'is_nan', 'copysign_f', 'f_inf', 'f_nan', 'log_f'),
  // fdlibm's erf/erfc (s_erf.c) rational approximations, evaluated in float32.
  erf_pq: fn(`fn erf_pq(z: f32) -> f32 {
  let p = (((-2.37630166566501626084e-05 * z - 5.77027029648944159157e-03) * z - 2.84817495755985104766e-02) * z
    - 3.25042107247001499370e-01) * z + 1.28379167095512558561e-01;
  let q = ((((-3.96022827877536812320e-06 * z + 1.32494738004321644526e-04) * z + 5.08130628187576562776e-03) * z
    + 6.50222499887672944485e-02) * z + 3.97917223959155352819e-01) * z + 1.0;
  return p / q;
}`),
  erf_ab: fn(`fn erf_ab(s: f32) -> f32 {
  let p = (((((-2.16637559486879084300e-03 * s + 3.54783043256182359371e-02) * s - 1.10894694282396677476e-01) * s
    + 3.18346619901161753674e-01) * s - 3.72207876035701323847e-01) * s + 4.14856118683748331666e-01) * s
    - 2.36211856075265944077e-03;
  let q = (((((1.19844998467991074170e-02 * s + 1.36370839120290507362e-02) * s + 1.26171219808761642112e-01) * s
    + 7.18286544141962662868e-02) * s + 5.40397917702171048937e-01) * s + 1.06420880400844228286e-01) * s + 1.0;
  return p / q;
}`),
  erf_tail: fn(`fn erf_tail(ax: f32) -> f32 {
  let s = 1.0 / (ax * ax);
  var rs: f32;
  if (ax < 2.857142857142857) {
    let r = ((((((-9.81432934416914548592e+00 * s - 8.12874355063065934246e+01) * s - 1.84605092906711035994e+02) * s
      - 1.62396669462573470355e+02) * s - 6.23753324503260060396e+01) * s - 1.05586262253232909814e+01) * s
      - 6.93858572707181764372e-01) * s - 9.86494403484714822705e-03;
    let q = (((((((-6.04244152148580987438e-02 * s + 6.57024977031928170135e+00) * s + 1.08635005541779435134e+02) * s
      + 4.29008140027567833386e+02) * s + 6.45387271733267880336e+02) * s + 4.34565877475229228821e+02) * s
      + 1.37657754143519042600e+02) * s + 1.96512716674392571292e+01) * s + 1.0;
    rs = r / q;
  } else {
    let r = (((((-4.83519191608651397019e+02 * s - 1.02509513161107724954e+03) * s - 6.37566443368389627722e+02) * s
      - 1.60636384855821916062e+02) * s - 1.77579549177547519889e+01) * s - 7.99283237680523006574e-01) * s
      - 9.86494292470009928597e-03;
    let q = ((((((-2.24409524465858183362e+01 * s + 4.74528541206955367215e+02) * s + 2.55305040643316442583e+03) * s
      + 3.19985821950859553908e+03) * s + 1.53672958608443695994e+03) * s + 3.25792512996573918826e+02) * s
      + 3.03380607434824582924e+01) * s + 1.0;
    rs = r / q;
  }
  let z = bitcast<f32>(bitcast<u32>(ax) & 0xfffff000u);
  return exp_f(-z * z - 0.5625) * exp_f((z - ax) * (z + ax) + rs) / ax;
}`, 'exp_f'),
  erf_f: fn(`fn erf_f(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let ax = abs(x);
  if (ax < 0.84375) {
    if (ax < 3.725290298461914e-9) { return x + 1.28379167095512586316e-01 * x; }
    return x + x * erf_pq(x * x);
  }
  var r: f32;
  if (ax < 1.25) { r = 8.45062911510467529297e-01 + erf_ab(ax - 1.0); }
  else if (ax >= 6.0) { r = 1.0; }
  else { r = 1.0 - erf_tail(ax); }
  return select(r, -r, x < 0.0);
}`, 'is_nan', 'erf_pq', 'erf_ab', 'erf_tail'),
  erfc_f: fn(`fn erfc_f(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let ax = abs(x);
  if (ax < 0.84375) {
    let y = erf_pq(x * x);
    if (x < 0.25) { return 1.0 - (x + x * y); }
    return 0.5 - (x * y + (x - 0.5));
  }
  if (ax < 1.25) {
    let pq = erf_ab(ax - 1.0);
    if (x >= 0.0) { return 0.15493708848953247 - pq; }
    return 1.0 + (8.45062911510467529297e-01 + pq);
  }
  if (ax < 28.0) {
    if (x < 0.0 && ax > 6.0) { return 2.0; }
    let r = erf_tail(ax);
    return select(2.0 - r, r, x > 0.0);
  }
  return select(2.0, 0.0, x > 0.0);
}`, 'is_nan', 'erf_pq', 'erf_ab', 'erf_tail'),
  // C's pow, special values included; x^y = exp(y log x) otherwise.
  pow_f: fn(`fn pow_f(x: f32, y: f32) -> f32 {
  if (!nonzero_f(y) || x == 1.0) { return 1.0; }
  if (is_nan(x) || is_nan(y)) { return f_nan(); }
  let ax = abs(x);
  if (is_inf(y)) {
    if (ax == 1.0) { return 1.0; }
    if ((ax > 1.0) == (y > 0.0)) { return f_inf(); }
    return 0.0;
  }
  let yint = floor(y) == y;
  let yodd = yint && abs(y) < 16777216.0 && (i32(abs(y)) & 1) == 1;
  if (!nonzero_f(x)) {
    if (y > 0.0) { return select(0.0, x, yodd); }
    return select(f_inf(), copysign_f(f_inf(), x), yodd);
  }
  if (is_inf(x)) {
    let m = select(0.0, f_inf(), y > 0.0);
    return select(m, copysign_f(m, x), yodd);
  }
  if (x < 0.0 && !yint) { return f_nan(); }
  let r = exp_f(y * log_f(ax));
  return select(r, -r, x < 0.0 && yodd);
}`, 'nonzero_f', 'is_nan', 'f_nan', 'is_inf', 'f_inf', 'copysign_f', 'exp_f', 'log_f'),
  // C's fmod, exact: long division of the 24-bit significands.
  fmod_f: fn(`fn fmod_f(a: f32, b: f32) -> f32 {
  if (is_nan(a) || is_nan(b) || is_inf(a) || !nonzero_f(b)) { return f_nan(); }
  if (is_inf(b)) { return a; }
  let ax = abs(a);
  let bx = abs(b);
  if (ax < bx) { return a; }
  let fa = frexp(ax);
  let fb = frexp(bx);
  let mb = u32(ldexp(fb.fract, 24));
  var r = u32(ldexp(fa.fract, 24)) % mb;
  let n = fa.exp - fb.exp;
  for (var i = 0; i < n; i = i + 1) {
    r = r << 1u;
    if (r >= mb) { r = r - mb; }
  }
  return copysign_f(ldexp(f32(r), fb.exp - 24), a);
}`, 'is_nan', 'is_inf', 'nonzero_f', 'f_nan', 'copysign_f'),
  remainder_f: fn(`fn remainder_f(a: f32, b: f32) -> f32 {
  var m = fmod_f(a, b);
  if (nonzero_f(m) && (b < 0.0) != (m < 0.0)) { m = m + b; }
  return m;
}`, 'fmod_f', 'nonzero_f'),
  // PyTorch's div_floor_floating.
  div_floor_f: fn(`fn div_floor_f(a: f32, b: f32) -> f32 {
  if (!nonzero_f(b)) { return div_f(a, b); }
  let m = fmod_f(a, b);
  var d = (a - m) / b;
  if (nonzero_f(m) && (b < 0.0) != (m < 0.0)) { d = d - 1.0; }
  if (nonzero_f(d)) {
    var fl = floor(d);
    if (d - fl > 0.5) { fl = fl + 1.0; }
    return fl;
  }
  return copysign_f(0.0, div_f(a, b));
}`, 'nonzero_f', 'div_f', 'fmod_f', 'copysign_f'),
  // Integer pow as PyTorch: negative exponents give 0 unless the base is +-1; wraps like C.
  pow_i: fn(`fn pow_i(a: i32, b: i32) -> i32 {
  if (b < 0) {
    if (a == 1) { return 1; }
    if (a == -1) { return select(-1, 1, (b & 1) == 0); }
    return 0;
  }
  var r = 1;
  var base = a;
  var e = b;
  while (e != 0) {
    if ((e & 1) == 1) { r = r * base; }
    e = e >> 1u;
    if (e != 0) { base = base * base; }
  }
  return r;
}`),
};

const CALL = /\b([a-z_][a-z0-9_]*)\s*\(/g;

/**
 * The library functions `code` calls, directly or through other library functions, in an order
 * where each comes after what it calls.
 */
export function libraryFor(code: string): string {
  const out: string[] = [];
  const done = new Set<string>();
  const visit = (name: string): void => {
    if (done.has(name)) return;
    done.add(name);
    const f = LIB[name]!;
    for (const d of f.deps) visit(d);
    // A function may call helpers it did not list: find them in its text too.
    for (const m of f.code.matchAll(CALL)) if (m[1] !== name && LIB[m[1]!]) visit(m[1]!);
    out.push(f.code);
  };
  for (const m of code.matchAll(CALL)) if (LIB[m[1]!]) visit(m[1]!);
  return out.join('\n');
}

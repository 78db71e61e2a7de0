/**
 * Exact int64 arithmetic on the plain numbers an int64 buffer holds (`Float64Array`): results
 * that stay within ±(2^53 - 1) are computed in double precision (exact there), larger ones
 * through BigInt with 64-bit two's-complement wrap-around, as PyTorch's int64 wraps.
 * @module
 */

const SAFE = 9007199254740991;

/** `a + b` wrapped to int64. */
export function addInt64(a: number, b: number): number {
  const r = a + b;
  if (r <= SAFE && r >= -SAFE) return r;
  return Number(BigInt.asIntN(64, BigInt(a) + BigInt(b)));
}

/** `a - b` wrapped to int64. */
export function subInt64(a: number, b: number): number {
  const r = a - b;
  if (r <= SAFE && r >= -SAFE) return r;
  return Number(BigInt.asIntN(64, BigInt(a) - BigInt(b)));
}

/** `a * b` wrapped to int64. */
export function mulInt64(a: number, b: number): number {
  const r = a * b;
  if (r <= SAFE && r >= -SAFE) return r;
  return Number(BigInt.asIntN(64, BigInt(a) * BigInt(b)));
}

/** `a ** b` for integers, as PyTorch's integer pow: negative exponents give 0 unless |a| is 1. */
export function powInt(a: number, b: number, mul: (x: number, y: number) => number): number {
  if (b < 0) {
    if (a === 1) return 1;
    if (a === -1) return b % 2 === 0 ? 1 : -1;
    return 0;
  }
  let r = 1;
  let base = a;
  let e = b;
  while (e > 0) {
    if (e % 2 === 1) r = mul(r, base);
    e = Math.floor(e / 2);
    if (e > 0) base = mul(base, base);
  }
  return r;
}

/** Bitwise op on two int64 values (through BigInt unless both fit in int32). */
export function bitwiseInt64(op: 'and' | 'or' | 'xor', a: number, b: number): number {
  if ((a | 0) === a && (b | 0) === b) {
    return op === 'and' ? a & b : op === 'or' ? a | b : a ^ b;
  }
  const x = BigInt(a), y = BigInt(b);
  return Number(BigInt.asIntN(64, op === 'and' ? x & y : op === 'or' ? x | y : x ^ y));
}

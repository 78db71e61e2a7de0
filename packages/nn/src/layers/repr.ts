/**
 * Python's text of the values layers print in their `extraRepr` (`True`, `1e-05`, `(5, 5)`,
 * `None`, `'none'`), so that a printed model reads exactly as PyTorch prints it.
 * @module
 */

/** @internal A float as Python's `repr` writes it: `0.1`, `1.0`, `1e-05`, `inf`. */
export function pyFloat(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  // JS's toExponential() gives the shortest round-trip digits, as Python's repr does.
  const [mant, expStr] = v.toExponential().split('e') as [string, string];
  const exp = Number(expStr);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let out: string;
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    out = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  } else if (exp < 0) {
    out = `0.${'0'.repeat(-exp - 1)}${digits}`;
  } else if (digits.length <= exp + 1) {
    out = `${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  } else {
    out = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  return neg ? `-${out}` : out;
}

/** @internal A bool as Python writes it. */
export function pyBool(v: boolean): string {
  return v ? 'True' : 'False';
}

/** @internal A tuple of ints as Python writes it: `(5, 5)`, `(1,)`. */
export function pyTuple(v: readonly number[]): string {
  return v.length === 1 ? `(${v[0]},)` : `(${v.join(', ')})`;
}

/** @internal An int, or a tuple when the layer was given one (PyTorch prints what it stores). */
export function pyIntOrTuple(v: number | readonly number[]): string {
  return typeof v === 'number' ? String(v) : pyTuple(v);
}

/** @internal A float or `None`. */
export function pyOptFloat(v: number | null | undefined): string {
  return v === null || v === undefined ? 'None' : pyFloat(v);
}

/** @internal A string as Python's `repr` writes it. */
export function pyStr(v: string): string {
  return `'${v}'`;
}

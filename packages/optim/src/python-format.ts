/**
 * Python's `repr`/`str` of the plain values optimizers hold, so that printing an optimizer
 * reads as `print(optimizer)` does in PyTorch (`eps: 1e-08`, `foreach: None`, `betas: (0.9, 0.999)`).
 * @module
 */
import { isTensor } from '@torchts/core';

/**
 * Python's `repr(float)`: the shortest round-tripping digits (as JS), in fixed notation for
 * 1e-4 <= |x| < 1e16 and scientific with a two-digit exponent otherwise (`1e-08`), always
 * with a fractional part in fixed notation (`1.0`).
 */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expStr] = x.toExponential().split('e') as [string, string];
  const exp = Number(expStr);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (exp >= -4 && exp < 16) {
    if (exp >= 0) {
      const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
      const frac = digits.slice(exp + 1) || '0';
      return `${sign}${intPart}.${frac}`;
    }
    return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  }
  return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/**
 * Python's `repr` of a value: integers as ints (unless `asFloat`), other numbers as floats,
 * `True`/`False`, `None`, `'strings'`, arrays as tuples, tensors as they print.
 */
export function pyRepr(value: unknown, asFloat = false): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    return !asFloat && Number.isInteger(value) && Math.abs(value) < 1e16 ? String(value) : pyFloatRepr(value);
  }
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) {
    const items = value.map((v) => pyRepr(v, asFloat));
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if (isTensor(value)) return String(value);
  if (typeof value === 'function') return `<function ${value.name || '<lambda>'}>`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `'${k}': ${pyRepr(v)}`);
    return `{${entries.join(', ')}}`;
  }
  return String(value);
}

/** Python's `'{:.4e}'.format(x)` (`1.0000e-01`), as PyTorch's verbose schedulers print learning rates. */
export function pyExp4(x: number): string {
  if (!Number.isFinite(x)) return pyFloatRepr(x);
  const [mantissa, expStr] = x.toExponential(4).split('e') as [string, string];
  const exp = Number(expStr);
  return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/**
 * The name PyTorch's messages give a value's type (`torch.typename`): `torch.FloatTensor`
 * for tensors, `int`/`float`/`str`/`bool`/`NoneType`/`list`/`dict`, else the class name.
 */
export function typeName(x: unknown): string {
  if (isTensor(x)) return x.type();
  if (x === null || x === undefined) return 'NoneType';
  if (typeof x === 'number') return Number.isInteger(x) ? 'int' : 'float';
  if (typeof x === 'string') return 'str';
  if (typeof x === 'boolean') return 'bool';
  if (Array.isArray(x)) return 'list';
  if (typeof x === 'function') return 'function';
  const proto = Object.getPrototypeOf(x) as { constructor?: { name?: string } } | null;
  if (proto === null || proto === Object.prototype) return 'dict';
  return proto.constructor?.name ?? 'object';
}

/**
 * Derivatives of the elementwise binary ops (core `ops/binary.ts`: op name = the binary
 * name; args `{ alpha, roundingMode, scalarA?, scalarB? }`, null inputs for scalar operands).
 * Gradients are returned at the broadcast shape; the engine sums them back to each input's
 * shape ({@link sumToShape}). `floorDivide` has no derivative (PyTorch's `NotImplemented`);
 * comparisons, logical and bitwise ops return bool or integers and are not recorded.
 * @module
 */
import { fullLike, zerosLike, type Tensor } from '@torchts/core';
import type { SavedTensor } from '../saved-tensor.js';
import { defineDerivative, type OpArgs } from './registry.js';
import { maskedZero } from './helpers.js';

/** A scalar operand as a number (booleans count as 0/1). */
function num(v: unknown): number {
  return typeof v === 'boolean' ? Number(v) : (v as number);
}

/** The other operand: a saved tensor, or the scalar. */
type Operand = SavedTensor | number;
function operand(s: Operand): Tensor | number {
  return typeof s === 'number' ? s : s.unpack();
}

defineDerivative('add', {
  name: 'AddBackward0',
  backward: ({ args, needs }, [g]) => {
    const alpha = num(args.alpha ?? 1);
    return [needs[0] ? g : null, needs[1] ? (alpha === 1 ? g : g!.mul(alpha)) : null];
  },
});

defineDerivative('sub', {
  name: (args) => ('scalarA' in args ? 'RsubBackward1' : 'SubBackward0'),
  backward: ({ args, needs }, [g]) => {
    const alpha = num(args.alpha ?? 1);
    return [needs[0] ? g : null, needs[1] ? (alpha === 1 ? g!.neg() : g!.mul(-alpha)) : null];
  },
});

interface Pair {
  a: Operand | null;
  b: Operand | null;
}

/** Saves the operands a derivative needs: `a` when `whenA`, `b` when `whenB`. */
function savePair(
  r: { inputs: readonly (Tensor | null)[]; args: OpArgs; save(t: Tensor): SavedTensor },
  whenA: boolean,
  whenB: boolean,
): Pair {
  const [x, y] = r.inputs;
  return {
    a: whenA ? (x ? r.save(x) : num(r.args.scalarA)) : null,
    b: whenB ? (y ? r.save(y) : num(r.args.scalarB)) : null,
  };
}

defineDerivative<Pair>('mul', {
  name: 'MulBackward0',
  save: (r) => savePair(r, r.needs[1]!, r.needs[0]!),
  backward: ({ saved, needs }, [g]) => [
    needs[0] ? g!.mul(operand(saved.b!)) : null,
    needs[1] ? g!.mul(operand(saved.a!)) : null,
  ],
});

defineDerivative<Pair>('div', {
  name: (args) => (args.roundingMode ? 'DivBackward2' : 'DivBackward0'),
  save: (r) => (r.args.roundingMode ? { a: null, b: null } : savePair(r, r.needs[1]!, true)),
  backward: ({ saved, args, needs }, [g]) => {
    if (args.roundingMode) return [needs[0] ? zerosLike(g!) : null, needs[1] ? zerosLike(g!) : null];
    const b = operand(saved.b!);
    return [
      needs[0] ? g!.div(b) : null,
      // -g * a / b^2
      needs[1] ? g!.neg().mul(operand(saved.a!)).div((b as Tensor).mul(b)) : null,
    ];
  },
});

/** remainder/fmod: a gets g, b gets -g * (a / b rounded by `mode`). */
function modulo(op: 'remainder' | 'fmod', base: string, mode: 'floor' | 'trunc'): void {
  defineDerivative<Pair>(op, {
    name: (args) => ('scalarB' in args ? `${base}0` : `${base}1`),
    save: (r) => savePair(r, r.needs[1]!, r.needs[1]!),
    backward: ({ saved, needs }, [g]) => {
      if (!needs[1]) return [needs[0] ? g : null, null];
      const a = operand(saved.a!), b = operand(saved.b!) as Tensor;
      const q = typeof a === 'number' ? fullLike(b, a).div(b, { roundingMode: mode }) : a.div(b, { roundingMode: mode });
      return [needs[0] ? g : null, g!.neg().mul(q)];
    },
  });
}
modulo('remainder', 'RemainderBackward', 'floor');
modulo('fmod', 'FmodBackward', 'trunc');

interface PowSaved extends Pair {
  result: SavedTensor | null;
}

defineDerivative<PowSaved>('pow', {
  name: (args) => ('scalarB' in args ? 'PowBackward0' : 'scalarA' in args ? 'PowBackward2' : 'PowBackward1'),
  save: (r) => ({
    ...savePair(r, true, true),
    result: r.needs[1] ? r.save(r.outputs[0]!) : null,
  }),
  backward: ({ saved, needs }, [g]) => {
    const a = operand(saved.a!), b = operand(saved.b!);
    let ga: Tensor | null = null, gb: Tensor | null = null;
    if (needs[0]) {
      const x = a as Tensor;
      if (typeof b === 'number') {
        // PyTorch: zeros when the exponent is 0, else g * e * x^(e-1).
        ga = b === 0 ? zerosLike(g!) : g!.mul(x.pow(b - 1).mul(b));
      } else {
        ga = maskedZero(b.eq(0), g!.mul(b.mul(x.pow(b.sub(1)))));
      }
    }
    if (needs[1]) {
      const y = saved.result!.unpack();
      if (typeof a === 'number') {
        // d(a^e)/de = a^e * ln(a); PyTorch takes it as 0 where a == 0 and e >= 0.
        const t = y.mul(Math.log(a));
        gb = g!.mul(a === 0 ? maskedZero((b as Tensor).ge(0), t) : t);
      } else {
        gb = g!.mul(maskedZero(a.eq(0).logicalAnd((b as Tensor).ge(0)), y.mul(a.log())));
      }
    }
    return [ga, gb];
  },
});

/** maximum/minimum: the gradient goes to the larger (smaller) input, split evenly on ties. */
function extremum(op: 'maximum' | 'minimum', name: string): void {
  defineDerivative<Pair>(op, {
    name,
    save: (r) => savePair(r, true, true),
    backward: ({ saved, needs }, [g]) => {
      const a = operand(saved.a!) as Tensor, b = operand(saved.b!) as Tensor;
      const half = a.eq(b).mul(0.5);
      const wins = op === 'maximum' ? a.gt(b) : a.lt(b);
      const loses = op === 'maximum' ? a.lt(b) : a.gt(b);
      return [needs[0] ? g!.mul(wins.add(half)) : null, needs[1] ? g!.mul(loses.add(half)) : null];
    },
  });
}
extremum('maximum', 'MaximumBackward0');
extremum('minimum', 'MinimumBackward0');

defineDerivative<Pair>('atan2', {
  name: 'Atan2Backward0',
  save: (r) => savePair(r, true, true),
  backward: ({ saved, needs }, [g]) => {
    const a = operand(saved.a!) as Tensor, b = operand(saved.b!) as Tensor;
    const recip = a.mul(a).add(b.mul(b)).reciprocal();
    return [needs[0] ? g!.mul(b.mul(recip)) : null, needs[1] ? g!.mul(a.neg().mul(recip)) : null];
  },
});

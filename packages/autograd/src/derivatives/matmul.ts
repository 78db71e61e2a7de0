/**
 * Derivatives of the matmul family (core `ops/matmul.ts`): `mm`, `bmm`, `dot`, `mv`,
 * batched `matmul` (after its broadcast `expand`s, which are recorded themselves),
 * `addmm`, `baddbmm`. `outer` and the other `matmul` cases record the ops they are made of.
 * @module
 */
import type { Tensor } from '@torchts/core';
import type { SavedTensor } from '../saved-tensor.js';
import { defineDerivative } from './registry.js';

interface AB {
  a: SavedTensor | null;
  b: SavedTensor | null;
}

/** Saves input `ia` when input `ib` needs a gradient and vice versa. */
function saveAB(r: { inputs: readonly (Tensor | null)[]; needs: readonly boolean[]; save(t: Tensor): SavedTensor }, ia: number, ib: number): AB {
  return {
    a: r.needs[ib] ? r.save(r.inputs[ia]!) : null,
    b: r.needs[ia] ? r.save(r.inputs[ib]!) : null,
  };
}

defineDerivative<AB>('mm', {
  name: 'MmBackward0',
  save: (r) => saveAB(r, 0, 1),
  backward: ({ saved, needs }, [g]) => [
    needs[0] ? g!.mm(saved.b!.unpack().t()) : null,
    needs[1] ? saved.a!.unpack().t().mm(g!) : null,
  ],
});

defineDerivative<AB>('bmm', {
  name: 'BmmBackward0',
  save: (r) => saveAB(r, 0, 1),
  backward: ({ saved, needs }, [g]) => [
    needs[0] ? g!.bmm(saved.b!.unpack().transpose(1, 2)) : null,
    needs[1] ? saved.a!.unpack().transpose(1, 2).bmm(g!) : null,
  ],
});

defineDerivative<AB>('matmul', {
  // PyTorch's broadcast matmul ends in an _unsafe_view of a bmm.
  name: 'UnsafeViewBackward0',
  save: (r) => saveAB(r, 0, 1),
  backward: ({ saved, needs }, [g]) => [
    needs[0] ? g!.matmul(saved.b!.unpack().mT) : null,
    needs[1] ? saved.a!.unpack().mT.matmul(g!) : null,
  ],
});

defineDerivative<AB>('dot', {
  name: 'DotBackward0',
  save: (r) => saveAB(r, 0, 1),
  backward: ({ saved, needs }, [g]) => [
    needs[0] ? saved.b!.unpack().mul(g!) : null,
    needs[1] ? saved.a!.unpack().mul(g!) : null,
  ],
});

defineDerivative<AB>('mv', {
  name: 'MvBackward0',
  save: (r) => saveAB(r, 0, 1),
  backward: ({ saved, needs }, [g]) => [
    needs[0] ? g!.unsqueeze(1).mul(saved.b!.unpack()) : null,
    needs[1] ? saved.a!.unpack().t().mv(g!) : null,
  ],
});

/** addmm / baddbmm: `beta * input + alpha * (m1 @ m2)`. */
function addProduct(op: 'addmm' | 'baddbmm', name: string): void {
  const product = (x: Tensor, y: Tensor): Tensor => (op === 'addmm' ? x.mm(y) : x.bmm(y));
  const tr = (x: Tensor): Tensor => (op === 'addmm' ? x.t() : x.transpose(1, 2));
  defineDerivative<AB>(op, {
    name,
    save: (r) => saveAB(r, 1, 2),
    backward: ({ saved, args, needs }, [g]) => {
      const alpha = args.alpha as number, beta = args.beta as number;
      const scale = (t: Tensor): Tensor => (alpha === 1 ? t : t.mul(alpha));
      return [
        needs[0] ? (beta === 1 ? g : g!.mul(beta)) : null,
        needs[1] ? scale(product(g!, tr(saved.b!.unpack()))) : null,
        needs[2] ? scale(product(tr(saved.a!.unpack()), g!)) : null,
      ];
    },
  });
}
addProduct('addmm', 'AddmmBackward0');
addProduct('baddbmm', 'BaddbmmBackward0');

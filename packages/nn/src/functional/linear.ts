/**
 * `F.linear` and `F.bilinear`. `linear` with a bias on a 2-d input is one `addmm` (PyTorch's
 * `AddmmBackward0`), on a contiguous 3-d input an `addmm` of its rows viewed back
 * (`ViewBackward0`); otherwise `matmul` plus the bias, as PyTorch 1.13 does.
 * @module
 */
import { RuntimeError, type Tensor } from '@torchts/core';

/**
 * `input @ weight.T + bias`, for `input` of shape `[..., in]` and `weight` `[out, in]`.
 *
 * @example
 * ```ts
 * F.linear(torch.randn(8, 4), torch.randn(2, 4), torch.zeros(2)).shape; // [8, 2]
 * ```
 */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  if (input.dim() === 2 && bias) return bias.addmm(input, weight.t());
  if (input.dim() === 3 && bias && input.isContiguous()) {
    // PyTorch's fused path for contiguous 3-d input: one addmm on the flattened rows.
    const [a, b, k] = input.shape as unknown as [number, number, number];
    const out = bias.addmm(input.view(a * b, k), weight.t());
    return out.view(a, b, out.size(1));
  }
  const out = input.matmul(weight.t());
  return bias ? out.add(bias) : out;
}

/**
 * `x1^T A x2 + b` per output feature: `input1` `[..., in1]`, `input2` `[..., in2]`,
 * `weight` `[out, in1, in2]`, `bias` `[out]`.
 */
export function bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  if (weight.dim() !== 3) throw new RuntimeError(`bilinear(): weight must be 3-dimensional, but got ${weight.dim()}-dimensional`);
  const [out, in1, in2] = weight.shape as unknown as [number, number, number];
  if (input1.size(-1) !== in1) {
    throw new RuntimeError(`bilinear(): input1 size does not match weight size: got ${input1.size(-1)} but expected ${in1}`);
  }
  if (input2.size(-1) !== in2) {
    throw new RuntimeError(`bilinear(): input2 size does not match weight size: got ${input2.size(-1)} but expected ${in2}`);
  }
  const lead = input1.shape.slice(0, -1);
  const x1 = input1.reshape(-1, in1), x2 = input2.reshape(-1, in2);
  // [N, in1] @ [in1, out * in2] -> [N, out, in2], then contracted with x2.
  const t = x1.matmul(weight.permute(1, 0, 2).reshape(in1, out * in2)).view(-1, out, in2);
  let y = t.mul(x2.unsqueeze(1)).sum(-1);
  if (bias) y = y.add(bias);
  return y.view(...lead, out);
}

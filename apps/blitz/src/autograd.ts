/**
 * Chapter 2 of the blitz, "Autograd: automatic differentiation": requiresGrad, gradFn,
 * backward, vector-Jacobian products, and noGrad.
 */
import * as torch from 'torchts';

export function autogradChapter(): void {
  // requiresGrad can be switched on in place.
  let a = torch.randn(2, 2);
  a = a.mul(3).div(a.sub(1));
  console.log(a.requiresGrad);
  a.requiresGrad_(true);
  console.log(a.requiresGrad);
  const b = a.mul(a).sum();
  console.log(b.gradFn);

  // Track a computation and backpropagate: d(out)/dx = 4.5 everywhere.
  const x = torch.ones(2, 2, { requiresGrad: true });
  console.log(x);
  const y = x.add(2);
  console.log(y);
  console.log(y.gradFn);
  const z = y.mul(y).mul(3);
  const out = z.mean();
  console.log(z, out);
  out.backward();
  console.log(x.grad);

  // A vector-Jacobian product: y is not a scalar, so backward takes the vector v.
  const x2 = torch.randn(3, { requiresGrad: true });
  let y2 = x2.mul(2);
  while ((y2.data.norm().item() as number) < 1000) y2 = y2.mul(2);
  console.log(y2);
  const v = torch.tensor([0.1, 1.0, 0.0001], { dtype: torch.float });
  y2.backward(v);
  console.log(x2.grad);

  // Stop tracking with noGrad (or detach()).
  console.log(x2.requiresGrad);
  console.log(x2.pow(2).requiresGrad);
  torch.noGrad(() => console.log(x2.pow(2).requiresGrad));
  const y3 = x2.detach();
  console.log(y3.requiresGrad);
  console.log(x2.eq(y3).all());

  // Q = 3a^3 - b^2 with an external gradient: dQ/da = 9a^2, dQ/db = -2b.
  const qa = torch.tensor([2, 3], { dtype: torch.float, requiresGrad: true });
  const qb = torch.tensor([6, 4], { dtype: torch.float, requiresGrad: true });
  const Q = qa.pow(3).mul(3).sub(qb.pow(2));
  Q.backward(torch.tensor([1, 1], { dtype: torch.float }));
  console.log(qa.grad!.eq(qa.pow(2).mul(9)));
  console.log(qb.grad!.eq(qb.mul(-2)));
}

import './setup.js';
import { test, expect } from 'vitest';
import * as torch from '@torchts/core';
import { Module, Parameter, Sequential } from '@torchts/nn';

class Lin extends Module {
  weight = new Parameter(torch.ones(2, 3));
  bias = new Parameter(torch.zeros(2));
  override forward(x: torch.Tensor) { return x; }
}
class Net extends Module {
  a = new Lin();
  constructor() { super(); this.b = new Sequential(new Lin(), new Lin()); }
  b: Sequential;
  override forward(x: torch.Tensor) { return this.b(this.a(x)); }
}
test('smoke', () => {
  const n = new Net();
  console.log(String(n), Object.keys(n.stateDict()));
  console.log(n);
  console.log(n.a.weight);
  expect(n(torch.ones(1)).shape).toEqual([1]);
});

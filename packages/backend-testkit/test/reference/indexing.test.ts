import { describe, it } from 'vitest';
import { gather, indexSelect, scatter, scatterAdd } from '../../src/reference/indexing.js';
import { empty, expectMatches, fixture, fromJson, valuesOf, type JsonTensor } from '../fixtures/golden.js';

interface IndexCase { dim: number; index: JsonTensor; out: JsonTensor }
const g = fixture.indexing as {
  src: JsonTensor; base: JsonTensor; scatterSrc: JsonTensor;
  gather: IndexCase[]; scatter: IndexCase[]; scatterAdd: IndexCase[]; indexSelect: IndexCase[];
};

describe('reference indexing', () => {
  for (const c of g.gather) {
    it(`gather dim ${c.dim} matches PyTorch`, () => {
      const out = empty(c.out.dtype, c.out.shape);
      gather(fromJson(g.src), c.dim, fromJson(c.index), out);
      expectMatches(valuesOf(out), c.out.values, c.out.dtype, 'gather', 0);
    });
  }
  for (const c of g.scatter) {
    it(`scatter dim ${c.dim} matches PyTorch`, () => {
      const out = fromJson(g.base);
      scatter(out, c.dim, fromJson(c.index), fromJson(g.scatterSrc));
      expectMatches(valuesOf(out), c.out.values, c.out.dtype, 'scatter', 0);
    });
  }
  for (const c of g.scatterAdd) {
    it(`scatterAdd dim ${c.dim} matches PyTorch`, () => {
      const out = fromJson(g.base);
      const src = fromJson(g.scatterSrc);
      // index may be smaller than src: only its extent is scattered
      scatterAdd(out, c.dim, fromJson(c.index), src);
      expectMatches(valuesOf(out), c.out.values, c.out.dtype, 'scatterAdd', 1);
    });
  }
  for (const c of g.indexSelect) {
    it(`indexSelect dim ${c.dim} matches PyTorch`, () => {
      const out = empty(c.out.dtype, c.out.shape);
      indexSelect(fromJson(g.src), c.dim, fromJson(c.index), out);
      expectMatches(valuesOf(out), c.out.values, c.out.dtype, 'indexSelect', 0);
    });
  }
});

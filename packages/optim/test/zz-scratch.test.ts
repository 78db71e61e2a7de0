import './setup.js';
import { it } from 'vitest';
import { goldens, makeParams, makeOptimizer, setGrads, caseName } from './golden.js';
function flat(x: unknown): number[] { return Array.isArray(x) ? x.flatMap(flat) : [x as number]; }
it('ulps', () => {
  for (const c of goldens.cases) {
    const params = makeParams(c.params, c.dtype);
    const opt = makeOptimizer(c, params);
    let maxUlp = 0, mism = 0, total = 0;
    for (let s = 0; s < goldens.steps; s++) {
      setGrads(c, params, s); opt.step();
      params.forEach((p, i) => { if (i === 2) return;
        const a = Array.from(p.toTypedArray() as Float32Array); const e = flat(c.trajectory[s]![i]);
        for (let k = 0; k < e.length; k++) {
          total++;
          const ee = c.dtype === 'float32' ? Math.fround(e[k]!) : e[k]!;
          if (a[k] !== ee) { mism++; const ulp = c.dtype==='float32' ? Math.abs(ee) * 2**-23 : Math.abs(ee)*2**-52; maxUlp = Math.max(maxUlp, Math.abs(a[k]!-ee)/ulp); }
        }
      });
    }
    console.log(caseName(c), 'mismatch', mism, '/', total, 'max ~ulp', maxUlp.toFixed(2));
  }
});

// Loads the PyTorch goldens written by ../fixtures/gen_printing.py.
import { readFileSync } from 'node:fs';

/** A JSON number, or "nan" / "inf" / "-inf". */
export type JsonNumber = number | 'nan' | 'inf' | '-inf';

export interface PrintingCase {
  name: string;
  shape: number[];
  dtype: string;
  values: JsonNumber[] | null;
  shown?: [number, JsonNumber][];
  fill?: number;
  device: string;
  expected: string;
  size: string;
  requiresGrad?: boolean;
  gradFnName?: string;
  isParameter?: boolean;
  options?: {
    precision?: number;
    threshold?: number;
    edgeitems?: number;
    linewidth?: number;
    profile?: 'default' | 'short' | 'full';
    sciMode?: boolean;
  };
  defaultDtype?: string;
}

export interface PrintingFixtures {
  torch: string;
  cases: PrintingCase[];
  /** [value, precision, '{:.Nf}'.format(value), '{:.Ne}'.format(value)] */
  pyFormat: [JsonNumber, number, string, string][];
}

export const fixtures: PrintingFixtures = JSON.parse(
  readFileSync(new URL('../fixtures/printing.json', import.meta.url), 'utf8'),
) as PrintingFixtures;

export function decode(v: JsonNumber): number {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return v;
}

/** The case's flat values; elements PyTorch did not show are the case's `fill`. */
export function caseValues(c: PrintingCase): number[] {
  if (c.values) return c.values.map(decode);
  const numel = c.shape.reduce((a, b) => a * b, 1);
  const out = new Array<number>(numel).fill(c.fill!);
  for (const [i, v] of c.shown!) out[i] = decode(v);
  return out;
}

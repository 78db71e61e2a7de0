/** The bench's one table: every workload, each framework's median, and torchts's ratio to each peer. */
import type { Better, Row } from './plan.js';

/** One framework's results. */
export interface Column {
  /** Full name (version, threads, backend). */
  label: string;
  /** Table header (`torchts-cpu`, `pytorch-2t`, ...). */
  short: string;
  /** torchts columns are compared with the peers; peers are not compared with each other. */
  role: 'torchts' | 'peer';
  rows: Row[];
}

/**
 * How much better torchts is than a peer: `torchts / peer` for bigger-is-better units,
 * `peer / torchts` for smaller-is-better ones, so > 1 always means torchts wins; null when
 * either value is missing or the row is not a speed (accuracy).
 *
 * @example
 * ```ts
 * ratio('higher', 50, 200); // 0.25 (a quarter of PyTorch's GFLOP/s)
 * ratio('lower', 10, 40);   // 4    (a quarter of the time)
 * ```
 */
export function ratio(better: Better, torchts: number | null, peer: number | null): number | null {
  if (better === 'none' || torchts === null || peer === null || !(torchts > 0) || !(peer > 0)) return null;
  return better === 'higher' ? torchts / peer : peer / torchts;
}

/** Three significant digits, without exponent notation for the bench's ranges. */
export function formatValue(v: number): string {
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toPrecision(2);
}

function cell(row: Row | undefined): string {
  if (!row) return '-';
  if (row.value === null) return 'n/a';
  return `${row.estimated ? '~' : ''}${formatValue(row.value)}`;
}

/** The table's lines (header first), ratios of the first torchts column against every peer. */
export function tableLines(columns: Column[]): string[][] {
  const names: string[] = [];
  for (const c of columns) for (const r of c.rows) if (!names.includes(r.workload)) names.push(r.workload);
  const base = columns.find((c) => c.role === 'torchts');
  const peers = columns.filter((c) => c.role === 'peer');
  const header = ['workload', 'unit', ...columns.map((c) => c.short)];
  if (base) header.push(...peers.map((p) => `${base.short.replace(/^torchts-/, '')}÷${p.short}`));
  const lines = [header];
  for (const name of names) {
    const cells = columns.map((c) => c.rows.find((r) => r.workload === name));
    const any = cells.find((r) => r !== undefined)!;
    const line = [name, any.unit, ...cells.map(cell)];
    if (base) {
      const t = base.rows.find((r) => r.workload === name);
      for (const p of peers) {
        const q = ratio(any.better, t?.value ?? null, p.rows.find((r) => r.workload === name)?.value ?? null);
        const est = t?.estimated || p.rows.find((r) => r.workload === name)?.estimated;
        line.push(q === null ? '-' : `${est ? '~' : ''}${q.toFixed(q >= 10 ? 0 : 2)}x`);
      }
    }
    lines.push(line);
  }
  return lines;
}

/** The table as aligned text (numbers right-aligned). */
export function formatTable(columns: Column[]): string {
  const lines = tableLines(columns);
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
  return lines
    .map((l) => l.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd())
    .join('\n');
}

/** Each row note, once: `short / workload: note`. */
export function rowNotes(columns: Column[]): string[] {
  const notes: string[] = [];
  for (const c of columns) for (const r of c.rows) if (r.note) notes.push(`${c.short} / ${r.workload}: ${r.note}`);
  return notes;
}

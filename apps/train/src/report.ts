/** What the trainer writes: a loss/accuracy plot (SVG) and the confusion matrix (text and CSV). */
import type { Evaluation } from './evaluate.js';

/** One epoch's row in the history. */
export interface HistoryRow {
  epoch: number;
  trainLoss: number;
  testLoss: number;
  testAccuracy: number;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A two-panel SVG line chart: loss (train and test) and test accuracy per epoch. */
export function historySvg(history: HistoryRow[], title: string): string {
  const W = 420, H = 260, pad = 44;
  const panel = (x0: number, label: string, series: { name: string; color: string; ys: number[] }[], yFmt: (v: number) => string) => {
    const all = series.flatMap((s) => s.ys);
    let lo = Math.min(...all), hi = Math.max(...all);
    if (hi - lo < 1e-9) {
      lo -= 0.5;
      hi += 0.5;
    }
    const n = history.length;
    const px = (i: number) => x0 + pad + (n === 1 ? (W - 2 * pad) / 2 : (i * (W - 2 * pad)) / (n - 1));
    const py = (v: number) => pad + (1 - (v - lo) / (hi - lo)) * (H - 2 * pad);
    const parts = [
      `<text x="${x0 + W / 2}" y="20" text-anchor="middle" font-weight="bold">${escapeXml(label)}</text>`,
      `<line x1="${x0 + pad}" y1="${H - pad}" x2="${x0 + W - pad}" y2="${H - pad}" stroke="#444"/>`,
      `<line x1="${x0 + pad}" y1="${pad}" x2="${x0 + pad}" y2="${H - pad}" stroke="#444"/>`,
      `<text x="${x0 + pad - 4}" y="${pad + 4}" text-anchor="end">${yFmt(hi)}</text>`,
      `<text x="${x0 + pad - 4}" y="${H - pad + 4}" text-anchor="end">${yFmt(lo)}</text>`,
      ...history.map((h, i) => `<text x="${px(i)}" y="${H - pad + 16}" text-anchor="middle">${h.epoch}</text>`),
      `<text x="${x0 + W / 2}" y="${H - 6}" text-anchor="middle">epoch</text>`,
    ];
    series.forEach((s, k) => {
      const pts = s.ys.map((v, i) => `${px(i).toFixed(1)},${py(v).toFixed(1)}`).join(' ');
      parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${pts}"/>`);
      s.ys.forEach((v, i) => parts.push(`<circle cx="${px(i).toFixed(1)}" cy="${py(v).toFixed(1)}" r="3" fill="${s.color}"/>`));
      parts.push(`<text x="${x0 + W - pad}" y="${pad + 14 * k}" text-anchor="end" fill="${s.color}">${escapeXml(s.name)}</text>`);
    });
    return parts.join('\n');
  };
  const body = [
    panel(0, 'loss', [
      { name: 'train', color: '#1f77b4', ys: history.map((h) => h.trainLoss) },
      { name: 'test', color: '#ff7f0e', ys: history.map((h) => h.testLoss) },
    ], (v) => v.toFixed(3)),
    panel(W, 'test accuracy', [{ name: 'accuracy', color: '#2ca02c', ys: history.map((h) => h.testAccuracy * 100) }], (v) => `${v.toFixed(1)}%`),
  ].join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H + 24}" font-family="sans-serif" font-size="12">
<title>${escapeXml(title)}</title>
<rect width="100%" height="100%" fill="white"/>
${body}
</svg>
`;
}

/** The confusion matrix as an aligned text table (rows: truth, columns: prediction). */
export function confusionText(ev: Evaluation): string {
  const names = ev.perClass.map((p) => p.name);
  const w = Math.max(6, ...ev.confusion.flat().map((v) => String(v).length + 1));
  const rowLabel = Math.max(...names.map((n) => n.length));
  const header = ' '.repeat(rowLabel) + ' |' + names.map((_, j) => String(j).padStart(w)).join('');
  const lines = [header, '-'.repeat(header.length)];
  ev.confusion.forEach((row, i) => lines.push(`${names[i]!.padStart(rowLabel)} |${row.map((v) => String(v).padStart(w)).join('')}  (${i})`));
  return lines.join('\n');
}

/** The confusion matrix as CSV with class names. */
export function confusionCsv(ev: Evaluation): string {
  const names = ev.perClass.map((p) => JSON.stringify(p.name));
  return [['truth\\predicted', ...names].join(','), ...ev.confusion.map((row, i) => [names[i], ...row].join(','))].join('\n') + '\n';
}

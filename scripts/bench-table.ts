// The table `npm run bench` prints, and the check of each row's target.
import type { BenchRow } from './bench/types';

const TIME_UNITS: Record<string, number> = { s: 1, ms: 1e-3, 'µs': 1e-6, us: 1e-6 };

/** true/false when the target can be checked, undefined when it can't (unknown form or unit). */
export function meetsTarget(row: BenchRow): boolean | undefined {
  const match = row.target?.trim().match(/^(<=|<|>=|>)\s*([0-9.]+(?:e-?\d+)?)\s*(\S*)$/);
  if (!match) return undefined;
  const [, comparison, limitText, unit] = match;
  let value: number;
  let limit = Number(limitText);
  if (unit === 'x') {
    if (!row.baseline || !(row.baseline.value > 0)) return undefined;
    value = row.value / row.baseline.value;
  } else if (unit === '' || unit === row.unit) {
    value = row.value;
  } else if (unit in TIME_UNITS && row.unit in TIME_UNITS) {
    value = row.value * TIME_UNITS[row.unit];
    limit = limit * TIME_UNITS[unit];
  } else {
    return undefined;
  }
  if (!Number.isFinite(value)) return undefined;
  switch (comparison) {
    case '<':
      return value < limit;
    case '<=':
      return value <= limit;
    case '>':
      return value > limit;
    default:
      return value >= limit;
  }
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  return magnitude >= 100 ? value.toFixed(0) : magnitude >= 10 ? value.toFixed(1) : magnitude >= 1 ? value.toFixed(2) : value.toPrecision(3);
}

export function formatTable(rows: { module: string; row: BenchRow }[]): string {
  const header = ['benchmark', 'value', 'baseline (same run)', 'ratio', 'target', 'result'];
  const lines = rows.map(({ module, row }) => {
    const met = meetsTarget(row);
    const ratio = row.baseline && row.baseline.value !== 0 ? `${formatNumber(row.value / row.baseline.value)}x` : '';
    return [
      `${module}: ${row.name}`,
      `${formatNumber(row.value)} ${row.unit}`,
      row.baseline ? `${row.baseline.name}: ${formatNumber(row.baseline.value)} ${row.unit}` : '',
      ratio,
      row.target ?? '',
      row.target === undefined ? '' : met === undefined ? 'n/a' : met ? 'pass' : 'FAIL',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === 1 || i === 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(format)].join('\n');
}

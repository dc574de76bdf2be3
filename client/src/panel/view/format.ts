// Text formats shared by the panel, the status bar and the progress notification.

/** `75` → `1:15`, `3725` → `1:02:05`; seconds are rounded up so a countdown never shows 0:00 early. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const total = Math.ceil(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mmss = `${h > 0 ? String(m).padStart(2, '0') : m}:${String(s).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** `0.97834` → `97.83%`. */
export function formatPercent(fraction: number, digits = 2): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(digits)}%` : '–';
}

/** Losses: four significant decimals, exponent for tiny values. */
export function formatLoss(loss: number): string {
  if (!Number.isFinite(loss)) return '–';
  return Math.abs(loss) > 0 && Math.abs(loss) < 0.001 ? loss.toExponential(2) : loss.toFixed(4);
}

/** `2025-11-25 23:19` in local time. */
export function runTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

/** Characters of a class name shown on an axis or beside a bar (the full name is in its tooltip). */
export const SHORT_NAME_CHARS = 14;

/** A class name cut to SHORT_NAME_CHARS, ending in `…` when cut. */
export function shortName(name: string): string {
  return name.length > SHORT_NAME_CHARS ? `${name.slice(0, SHORT_NAME_CHARS - 1)}…` : name;
}

/**
 * Summaries of repeated measurements. Every figure the benchmark reports is
 * the median of several runs with its spread (min–max and the interquartile
 * range), because this machine is shared and noisy: one run says little.
 */

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** First and third quartiles (linear interpolation between order statistics). */
  readonly q1: number;
  readonly q3: number;
  readonly runs: number;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    min: sorted[0] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    runs: sorted.length,
  };
}

export function median(values: readonly number[]): number {
  return summarize(values).median;
}

/** Applies `f` to every statistic (e.g. to turn ms per op into ops per second; a decreasing `f` swaps min and max). */
export function mapSummary(s: Summary, f: (x: number) => number): Summary {
  const a = f(s.min);
  const b = f(s.max);
  const c = f(s.q1);
  const d = f(s.q3);
  return { median: f(s.median), min: Math.min(a, b), max: Math.max(a, b), q1: Math.min(c, d), q3: Math.max(c, d), runs: s.runs };
}

/** A number with about three significant digits and thousands separators. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** `median (min–max, IQR q1–q3)` with a unit. */
export function fmtSummary(s: Summary, unit = ""): string {
  const u = unit ? " " + unit : "";
  return `${fmt(s.median)}${u} (min–max ${fmt(s.min)}–${fmt(s.max)}, IQR ${fmt(s.q1)}–${fmt(s.q3)}, n=${s.runs})`;
}

export function fmtBytes(n: number): string {
  if (Math.abs(n) >= 1024 * 1024) return `${fmt(n / 1024 / 1024)} MiB`;
  if (Math.abs(n) >= 1024) return `${fmt(n / 1024)} KiB`;
  return `${fmt(n)} B`;
}

/** Milliseconds since an arbitrary origin, at sub-microsecond resolution. */
export function now(): number {
  return performance.now();
}

/**
 * Runs each contender for `rounds` rounds, interleaved (A B C, A B C, …, with
 * the order rotated each round) so that noise from other processes hits all of
 * them alike. Each call of a contender's function is one sample; it returns
 * the value to record (e.g. ops per second).
 */
export function interleave(rounds: number, contenders: Record<string, () => number>): Record<string, Summary> {
  const names = Object.keys(contenders);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length]!;
      samples[name]!.push(contenders[name]!());
    }
  }
  return Object.fromEntries(names.map((n) => [n, summarize(samples[n]!)]));
}

/**
 * Calls `fn` repeatedly for at least `minMs` milliseconds (in batches, so the
 * clock is read rarely) and returns operations per second.
 */
export function opsPerSecond(fn: () => void, minMs: number, batch = 1): number {
  let ops = 0;
  const start = now();
  let elapsed = 0;
  do {
    for (let i = 0; i < batch; i++) fn();
    ops += batch;
    elapsed = now() - start;
  } while (elapsed < minMs);
  return (ops / elapsed) * 1000;
}

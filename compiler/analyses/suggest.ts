import { hintText, type Hint } from "../diagnostics/messages.ts";

/**
 * "Did you mean …?" — the closest known name to a misspelt one, by edit
 * distance (optimal string alignment: insertions, deletions, substitutions
 * and swaps of two neighbouring letters each cost one).
 */

export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m]!;
}

/**
 * Work one search may do, in cells of the distance table. A search compares
 * one name with every candidate, and a check may search for every name in a
 * flow; bounding each search keeps a flow of thousands of unknown names (or
 * one very long one) linear, at the price of no suggestion past the bound.
 */
const SEARCH_BUDGET = 3_000;
/** What one comparison costs beside its cells (setting up its rows), in cells. */
const COMPARISON_COST = 8;

/**
 * The candidate closest to `name`, if it is close enough to be a likely typo
 * (at most a third of the name's letters differ, at least one may). Ties go to
 * the candidate listed first, so callers control the preference.
 */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  let budget = SEARCH_BUDGET;
  for (const c of candidates) {
    if (--budget < 0) break;
    if (c === name) continue;
    const within = Math.min(limit, Math.ceil(bestDistance) - 1);
    if (Math.abs(c.length - name.length) > within) continue;
    if (c.toLowerCase() === lower) {
      if (0.5 < bestDistance) [best, bestDistance] = [c, 0.5];
      continue;
    }
    budget -= COMPARISON_COST + Math.min(name.length, c.length) * (2 * within + 1);
    if (budget < 0) break;
    const d = boundedDistance(name, c, within);
    if (d <= within && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

let scratch: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Three rows of `length` cells set to `value`, reused between comparisons (a search makes thousands). */
function rows(length: number, value: number): [Int32Array, Int32Array, Int32Array] {
  if (scratch[0].length < length) scratch = [new Int32Array(length * 2), new Int32Array(length * 2), new Int32Array(length * 2)];
  for (const row of scratch) row.fill(value, 0, length);
  return [scratch[0], scratch[1], scratch[2]];
}

/**
 * The edit distance of `a` and `b` (as `editDistance`) if it is at most `max`,
 * else `max + 1`. Only the diagonal band |i − j| ≤ max of the table can hold
 * such a distance, so only it is computed: O(length × max).
 */
export function boundedDistance(a: string, b: string, max: number): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  if (max < 0) return 0;
  const far = max + 1;
  let [prev2, prev, cur] = rows(m + 1, far);
  for (let j = 0; j <= Math.min(m, max); j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(m, i + max);
    cur.fill(far, Math.max(0, from - 1), Math.min(m, to + 1) + 1);
    cur[0] = i <= max ? i : far;
    let rowMin = cur[0]!;
    const ai = a.charCodeAt(i - 1);
    const aBefore = i > 1 ? a.charCodeAt(i - 2) : -1;
    for (let j = from; j <= to; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = prev[j - 1]! + (ai === bj ? 0 : 1);
      if (prev[j]! + 1 < d) d = prev[j]! + 1;
      if (cur[j - 1]! + 1 < d) d = cur[j - 1]! + 1;
      if (j > 1 && ai === b.charCodeAt(j - 2) && aBefore === bj && prev2[j - 2]! + 1 < d) d = prev2[j - 2]! + 1;
      if (d > far) d = far;
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return far;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(prev[m]!, far);
}

/** A hint sentence for an unknown name, or undefined when nothing is close. */
export function suggestion(name: string, candidates: Iterable<string>): Hint | undefined {
  const s = didYouMean(name, candidates);
  return s === undefined ? undefined : hintText("hint.didYouMean", { word: s });
}

/**
 * Duration arithmetic for retention periods and consent validity (Art. 5(1)(e)).
 *
 * Months and years are calendar months and years in UTC (a retention of
 * "1 month" from 31 January ends on the last day of February, not on 3 March);
 * days and weeks are exact multiples of 24 hours. Times are milliseconds since
 * the epoch.
 */
import type { Duration } from "./machine.ts";

const DAY = 864e5;

/** A time as ISO 8601. */
export const iso = (t: number) => new Date(t).toISOString();

/** `t` plus `d`. */
export function addDuration(t: number, d: Duration): number {
  const u = d.unit;
  if (u === "days" || u === "weeks") return t + d.amount * (u === "weeks" ? 7 : 1) * DAY;
  const x = new Date(t);
  const day = x.getUTCDate();
  x.setUTCMonth(x.getUTCMonth() + d.amount * (u === "years" ? 12 : 1));
  // Past the end of the month (31 January + 1 month is 3 March): day 0 is the last day of the month before.
  if (x.getUTCDate() !== day) x.setUTCDate(0);
  return +x;
}

/**
 * Validation and normalisation of answers by field type (Art. 5(1)(d),
 * accuracy). Every check runs in time linear in the input: lengths are bounded
 * before any pattern is applied, and the patterns have no nested repetition,
 * so a megabyte of input is refused as fast as it can be scanned.
 */
import type { FieldType, FieldValue } from "./machine.ts";
import type { RefusalCode } from "./types.ts";

export interface Refusal {
  readonly code: RefusalCode;
}

const no = (code: RefusalCode): Refusal => ({ code });

/** Characters of a string, counting a surrogate pair once. */
const chars = (s: string) => s.length - (s.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);

/**
 * An address of at most 254 characters: a local part without spaces or the
 * specials of RFC 5322, and a domain of labels of letters, digits and inner
 * hyphens, ending in a top-level label that starts with a letter. Each
 * label must end where a dot is, so no input makes the pattern backtrack far.
 */
const EMAIL = /^[^\s"(),:;<>@[\\\]]{1,64}@([a-z\d]([a-z\d-]{0,61}[a-z\d])?\.)+[a-z][a-z\d-]{0,61}[a-z\d]$/;

/**
 * Check a value for a field type and return it normalised, or a refusal.
 * The value must already have the field's type (raw chat input is read
 * into one first: chat.ts). A value of the right type that does not pass is
 * refused as `not_<kind>` (`unknown_choice` for a choice), except for the
 * lengths and ranges that have codes of their own.
 */
export function check(t: FieldType, x: unknown): FieldValue | Refusal {
  const k = t.kind;
  const numeric = k === "integer" || k === "number";
  if (typeof x === "string") {
    x = x.trim();
    if (x === "") return no("empty");
  } else if (!(numeric && typeof x === "number") && !(k === "yesno" && typeof x === "boolean")) return no("wrong_type");
  const s = x as string;
  let v: FieldValue | undefined;
  if (k === "text") return s.length > t.max && (s.length > 2 * t.max || chars(s) > t.max) ? no("too_long") : s;
  if (k === "email") {
    const at = s.lastIndexOf("@");
    const e = s.slice(0, at) + s.slice(at).toLowerCase();
    if (s.length < 255 && EMAIL.test(e) && !/^\.|\.\.|\.@/.test(e)) v = e;
  }
  if (k === "phone") {
    const digits = s.length < 33 && /^\+?[\d\s().-]+$/.test(s) ? s.replace(/\D/g, "") : "";
    if (digits.length > 6 && digits.length < 16) v = (s[0] === "+" ? "+" : "") + digits;
  }
  if (k === "date") {
    const [y, m, d] = s.split("-").map(Number) as [number, number, number];
    // A real calendar date. Leap years repeat every 400 years, so 2000 + y % 400
    // has the same February as y, and Date.UTC never reads it as 19xx.
    if (/^\d{4}-\d\d-\d\d$/.test(s) && m > 0 && m < 13 && d > 0 && d <= new Date(Date.UTC(2000 + (y % 400), m, 0)).getUTCDate()) v = s;
  }
  if (k === "yesno") {
    if (typeof x !== "boolean") return no("wrong_type");
    v = x;
  }
  if (k === "choice") {
    v = t.options.find((c) => c.value === s)?.value;
    if (v === undefined) return no("unknown_choice");
  }
  if (numeric) {
    if (typeof x === "string") return no("wrong_type");
    // Adding 0 turns -0 into 0, so a stored number always prints as it reads.
    const n = (x as number) + 0;
    if (Number.isFinite(n) && (k === "number" || Number.isInteger(n))) {
      if (n < t.min || n > t.max) return no("out_of_range");
      v = n;
    }
  }
  return v ?? no(("not_" + k) as RefusalCode);
}

export const refused = (r: FieldValue | Refusal): r is Refusal => typeof r === "object";

/**
 * Validation and normalisation of answers by field type (Art. 5(1)(d),
 * accuracy). Every check runs in time linear in the input: lengths are bounded
 * before any pattern is applied, and the patterns have no nested repetition,
 * so a megabyte of input is refused as fast as it can be scanned.
 */
import type { FieldType, FieldValue } from "./machine.ts";
import type { RefusalCode } from "./types.ts";
import { norm, yesNo } from "./commands.ts";

export interface Refusal {
  readonly code: RefusalCode;
}

const no = (code: RefusalCode): Refusal => ({ code });

/** Characters of a string, counting a surrogate pair once. */
const chars = (s: string) => s.length - (s.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);

const LOCAL = /^[^\s"(),:;<>@[\\\]]+$/;
const LABEL = /^[a-z0-9-]+$/;

function email(s: string): FieldValue | Refusal {
  const at = s.indexOf("@");
  if (s.length > 254 || at < 1 || at !== s.lastIndexOf("@")) return no("not_email");
  const local = s.slice(0, at);
  const labels = s.slice(at + 1).toLowerCase().split(".");
  const ok =
    local.length <= 64 &&
    LOCAL.test(local) &&
    !/^\.|\.\.|\.$/.test(local) &&
    labels.length > 1 &&
    labels.every((l) => l.length < 64 && LABEL.test(l) && l[0] !== "-" && !l.endsWith("-")) &&
    /[a-z]/.test(labels[labels.length - 1]!);
  return ok ? local + "@" + labels.join(".") : no("not_email");
}

function phone(s: string): FieldValue | Refusal {
  const digits = s.replace(/\D/g, "");
  return s.length <= 32 && /^\+?[\d\s().-]+$/.test(s) && digits.length >= 7 && digits.length <= 15 ? (s[0] === "+" ? "+" : "") + digits : no("not_phone");
}

function date(s: string): FieldValue | Refusal {
  // A real calendar date: 2023-02-29 does not survive the round trip through Date.
  return /^\d{4}-\d\d-\d\d$/.test(s) && new Date(s + "T00:00:00Z").toISOString().startsWith(s) ? s : no("not_date");
}

/**
 * Check a value for a field type and return it normalised, or a refusal.
 * `text` says the value is raw chat input (a string to parse: "42" for an
 * integer, "yes" for a yes/no, a label or a 1-based index for a choice);
 * otherwise it must already have the field's type.
 */
export function check(t: FieldType, x: unknown, text: boolean): FieldValue | Refusal {
  const k = t.kind;
  const numeric = k === "integer" || k === "number";
  if (typeof x === "string") {
    x = x.trim();
    if (x === "") return no("empty");
  } else if (!(numeric && typeof x === "number") && !(k === "yesno" && typeof x === "boolean")) return no("wrong_type");
  const s = x as string;
  switch (k) {
    case "text":
      return s.length > t.max && (s.length > 2 * t.max || chars(s) > t.max) ? no("too_long") : s;
    case "email":
      return email(s);
    case "phone":
      return phone(s);
    case "date":
      return date(s);
    case "yesno": {
      const b = typeof x === "boolean" ? x : text ? yesNo(s) : undefined;
      return b ?? no(text ? "not_yesno" : "wrong_type");
    }
    case "choice": {
      const o = t.options;
      const i = text && /^\d{1,4}$/.test(s) ? +s - 1 : -1;
      const n = text && s.length < 500 ? norm(s) : "";
      const hit = o.find((c, j) => c.value === s || j === i || (n && (norm(c.value) === n || norm(c.label) === n)));
      return hit ? hit.value : no("unknown_choice");
    }
    default: {
      const code = k === "integer" ? "not_integer" : "not_number";
      if (typeof x === "string") {
        if (!text) return no("wrong_type");
        if (s.length > 40 || !/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return no(code);
        x = +s;
      }
      // Adding 0 turns -0 into 0, so a stored number always prints as it reads.
      const v = (x as number) + 0;
      return !Number.isFinite(v) || (k === "integer" && !Number.isInteger(v)) ? no(code) : v < t.min || v > t.max ? no("out_of_range") : v;
    }
  }
}

export const refused = (r: FieldValue | Refusal): r is Refusal => typeof r === "object";

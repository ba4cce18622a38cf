/**
 * The one door every author string goes through on its way into generated
 * code. Nothing from a `.flow` file ever becomes code: it becomes a string
 * literal made here, or a property key made by `propertyKey` (names.ts) from
 * the same door. Numbers are written as Prettier writes them, so the printed
 * module needs no formatting pass.
 */

// ── The escaping door ───────────────────────────────────────────────────────

/**
 * Non-ASCII characters kept as written in string literals: letters and
 * punctuation of European scripts that Prettier measures as one column and
 * that are visible. Everything else outside printable ASCII (controls,
 * combining marks, invisible and format characters, wide CJK and emoji,
 * surrogates, U+2028/U+2029) is written as a `\uXXXX` escape, so the module
 * is readable, unambiguous, and its column widths are plain lengths.
 */
function keepsAsWritten(c: number): boolean {
  if (c >= 0xa1 && c <= 0xff) return c !== 0xa9 && c !== 0xad && c !== 0xae; // ©, soft hyphen, ® (emoji / invisible)
  if (c >= 0x100 && c <= 0x24f) return true; // Latin Extended-A and -B
  if (c >= 0x370 && c <= 0x52f) return LETTER.test(String.fromCharCode(c)); // Greek, Cyrillic (assigned letters)
  if (c >= 0x1e00 && c <= 0x1eff) return true; // Latin Extended Additional
  return KEPT_PUNCTUATION.has(c);
}
const LETTER = /^\p{L}$/u;
/** – — ‘ ’ ‚ “ ” „ † ‡ • … ‰ ‹ › € */
const KEPT_PUNCTUATION = new Set([
  0x2013, 0x2014, 0x2018, 0x2019, 0x201a, 0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac,
]);

function hex4(c: number): string {
  return "\\u" + c.toString(16).padStart(4, "0");
}

export interface StringLiteralOptions {
  /** Escape every non-ASCII character (used for property keys, which Prettier would otherwise unquote). */
  readonly ascii?: boolean;
}

/**
 * A JavaScript string literal whose value is exactly `value`.
 *
 * - Quotes: double, unless the text holds more `"` than `'` — then single,
 *   which is the quote Prettier would choose; only the enclosing quote is
 *   escaped (with a backslash), exactly as Prettier writes it.
 * - `\` → `\\`; newline, carriage return and tab → `\n`, `\r`, `\t`; every
 *   other control character, U+2028, U+2029 (line terminators in older
 *   engines and in `//` comments), every surrogate (so a lone surrogate
 *   survives and an astral character is written as its pair) → `\uXXXX`
 *   (never `\0`, which a following digit would turn into an octal escape).
 * - `<` → `\u003c`, so `</script>` cannot close an inline script element.
 * - `$` before `{` → `\u0024`, so the text stays inert if ever pasted into a
 *   template literal.
 *
 * The result never contains a raw line terminator, so it is also safe inside
 * a `//` comment.
 */
export function stringLiteral(value: string, options: StringLiteralOptions = {}): string {
  let doubles = 0;
  let singles = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x22) doubles++;
    else if (c === 0x27) singles++;
  }
  const quote = doubles > singles ? 0x27 : 0x22;
  let out = "";
  let run = 0; // start of the pending run of characters kept as written
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    let escape: string | undefined;
    if (c >= 0x20 && c < 0x7f) {
      if (c === quote) escape = c === 0x22 ? '\\"' : "\\'";
      else if (c === 0x5c) escape = "\\\\";
      else if (c === 0x3c) escape = "\\u003c";
      else if (c === 0x24 && value.charCodeAt(i + 1) === 0x7b) escape = "\\u0024";
    } else if (c === 0x0a) escape = "\\n";
    else if (c === 0x0d) escape = "\\r";
    else if (c === 0x09) escape = "\\t";
    else if (c < 0x20 || c === 0x7f || options.ascii || !keepsAsWritten(c)) escape = hex4(c);
    if (escape !== undefined) {
      out += value.slice(run, i) + escape;
      run = i + 1;
    }
  }
  out += value.slice(run);
  const q = String.fromCharCode(quote);
  return q + out + q;
}

/** A number literal as Prettier prints it (lowercase, no `+` or leading zeros in exponents, no trailing zeros). */
export function numberLiteral(n: number): string {
  // Integers below 2^53 print as their digits, which every rule below leaves as they are.
  if (Number.isSafeInteger(n) && !Object.is(n, -0)) return String(n);
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "Infinity";
  if (n === -Infinity) return "-Infinity";
  if (Object.is(n, -0)) return "-0";
  return String(n)
    .toLowerCase()
    .replace(/^([+-]?[\d.]+e)(?:\+|(-))?0*(\d)/, "$1$2$3")
    .replace(/^([+-]?[\d.]+)e[+-]?0+$/, "$1")
    .replace(/^([+-])?\./, "$10.")
    .replace(/(\.\d+?)0+(?=e|$)/, "$1")
    .replace(/\.(?=e|$)/, "");
}

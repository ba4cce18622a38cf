/**
 * Fideslang ids are known
 *
 * A purpose's `category` is a Fideslang data use and a field's `category` a
 * Fideslang data category: the record of processing (Art. 30(1)(b)–(c)) and
 * the Fideslang manifest state them as ids of Fideslang's taxonomy, so an id
 * the taxonomy does not define would publish a category no privacy tool can
 * read. The ids come from `compiler/vocab/fideslang.ts`, generated from the
 * published taxonomy.
 */
import { hintText, type Hint } from "../diagnostics/messages.ts";
import type { Name } from "../ast.ts";
import { suggestion } from "../analyses/suggest.ts";
import { allDeclarations } from "../analyses/walk.ts";
import { FIDES_DATA_CATEGORIES, FIDES_DATA_USES } from "../vocab/fideslang.ts";
import type { Check } from "./index.ts";

const USES = Object.keys(FIDES_DATA_USES);
const CATEGORIES = Object.keys(FIDES_DATA_CATEGORIES);

/** The nearest known id: a close spelling, else the longest known parent (`marketing.spam.bogus` → `marketing`). */
function nearest(id: string, known: readonly string[]): Hint | undefined {
  // The search for a close spelling is bounded (hostile input), so offer the ids that share the most of this one's dotted path first.
  const shared = (k: string) => {
    let n = 0;
    while (n < k.length && n < id.length && k[n] === id[n]) n++;
    return n;
  };
  const close = suggestion(id, [...known].sort((a, b) => shared(b) - shared(a)));
  if (close) return close;
  const parts = id.split(".");
  for (let n = parts.length - 1; n > 0; n--) {
    const parent = parts.slice(0, n).join(".");
    if (known.includes(parent)) return hintText("fideslang-ids.parent", { parent });
  }
  return undefined;
}

export const fideslangIds: Check = {
  name: "fideslang-ids",
  codes: ["LF218"],
  run({ program, bag }) {
    const check = (name: Name, known: readonly string[], what: string, example: string) => {
      if (known.includes(name.text)) return;
      bag.report("fideslang-ids.unknown", { name: name.text, what, example }, { span: name.span, hint: nearest(name.text, known) });
    };
    for (const d of allDeclarations(program)) {
      if (d.kind === "purpose") {
        for (const item of d.items) if (item.kind === "category") check(item.category, USES, "data use", "essential.service");
      } else if (d.kind === "field" && d.category) {
        check(d.category, CATEGORIES, "data category", "user.contact.email");
      }
    }
  },
};

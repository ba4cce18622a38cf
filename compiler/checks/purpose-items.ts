/**
 * Purpose items are given once, and the basis is given
 *
 * A purpose rests on exactly one lawful basis (Art. 6(1)) and states one
 * retention, one consent validity, one Art. 9 condition and one category;
 * a field is listed once in its needs.
 */
import type { Name, PurposeItem } from "../ast.ts";
import { allDeclarations } from "../analyses/walk.ts";
import type { Check } from "./index.ts";

const SINGLE: Partial<Record<PurposeItem["kind"], string>> = {
  basis: "basis",
  retain: "retain",
  consent_valid: "consent valid",
  condition: "condition",
  category: "category",
  automated: "automated",
};

export const purposeItems: Check = {
  name: "purpose-items",
  codes: ["LF214"],
  run({ program, bag }) {
    for (const d of allDeclarations(program)) {
      if (d.kind !== "purpose") continue;
      const first = new Map<string, PurposeItem>();
      for (const item of d.items) {
        const word = SINGLE[item.kind];
        if (word === undefined) continue;
        const seen = first.get(item.kind);
        if (!seen) {
          first.set(item.kind, item);
          continue;
        }
        bag.report("LF214", `purpose \`${d.name.text}\` states \`${word}\` twice`, {
          span: item.span,
          related: [{ span: seen.span, message: "first stated here" }],
          hint: `keep one \`${word}\` line`,
        });
      }
      if (!first.has("basis")) {
        bag.report("LF214", `purpose \`${d.name.text}\` has no lawful basis`, {
          span: d.name.span,
          hint: "add `basis contract` (or consent, legal_obligation \"…\", vital_interests, public_task \"…\", legitimate_interests \"…\")",
        });
      }
      const needed = new Map<string, Name>();
      for (const item of d.items) {
        if (item.kind !== "needs") continue;
        for (const f of item.fields) {
          const seen = needed.get(f.text);
          if (!seen) {
            needed.set(f.text, f);
            continue;
          }
          bag.report("LF214", `purpose \`${d.name.text}\` needs \`${f.text}\` twice`, {
            span: f.span,
            related: [{ span: seen.span, message: "first listed here" }],
            hint: `list \`${f.text}\` once`,
          });
        }
      }
    }
  },
};

/**
 * Purpose items are given once, and the basis is given
 *
 * A purpose rests on exactly one lawful basis (Art. 6(1)) and states one
 * retention, one consent validity, one Art. 9 condition and one category;
 * a field is listed once in its needs.
 */
import { note } from "../diagnostics/messages.ts";
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
  direct_marketing: "direct_marketing",
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
        bag.report("purpose-items.twice", { purpose: d.name.text, word }, { span: item.span, related: [note("purpose-items.firstStated", {}, seen.span)] });
      }
      if (!first.has("basis")) {
        bag.report("purpose-items.noBasis", { purpose: d.name.text }, { span: d.name.span });
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
          bag.report("purpose-items.needsTwice", { purpose: d.name.text, field: f.text }, { span: f.span, related: [note("purpose-items.firstListed", {}, seen.span)] });
        }
      }
    }
  },
};

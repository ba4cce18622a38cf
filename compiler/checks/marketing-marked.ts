/**
 * Marketing purposes are marked direct marketing
 *
 * A purpose whose Fideslang data use is `marketing` or one under it in the
 * taxonomy (`marketing.communications.email`, `marketing.advertising…`) says
 * it markets to the person, and the right to object to direct marketing is
 * absolute whatever the basis (Art. 21(2)–(3)). Only `direct_marketing`
 * makes the chat offer that objection and the notice present it apart (Art.
 * 21(4)); a marketing purpose without it would keep its data against an
 * objection the law says ends it. A warning, since only the author knows
 * whether the purpose reaches the person: the hint says how to mark it.
 *
 * The taxonomy's parents come from `compiler/vocab/fideslang.ts`, generated
 * from Fideslang's published `parent_key`s.
 */
import { note } from "../diagnostics/messages.ts";
import { allDeclarations } from "../analyses/walk.ts";
import { purposeItem } from "../program.ts";
import { FIDES_DATA_USE_PARENTS, FIDES_DATA_USES } from "../vocab/fideslang.ts";
import type { Check } from "./index.ts";

/** Fideslang's data use for marketing, promotion, advertising and sales activities: the root of the ids this check reads as marketing. */
export const MARKETING_USE = "marketing";

/** Whether `id` is a Fideslang data use that is `marketing` or under it, following the taxonomy's parents. */
export function isMarketingUse(id: string): boolean {
  if (!Object.hasOwn(FIDES_DATA_USES, id)) return false;
  const seen = new Set<string>();
  for (let at: string | undefined = id; at !== undefined && !seen.has(at); at = Object.hasOwn(FIDES_DATA_USE_PARENTS, at) ? FIDES_DATA_USE_PARENTS[at] : undefined) {
    if (at === MARKETING_USE) return true;
    seen.add(at);
  }
  return false;
}

export const marketingMarked: Check = {
  name: "marketing-marked",
  codes: ["LF332"],
  run({ program, bag }) {
    for (const d of allDeclarations(program)) {
      if (d.kind !== "purpose" || purposeItem(d, "direct_marketing")) continue;
      for (const item of d.items) {
        if (item.kind !== "category" || !isMarketingUse(item.category.text)) continue;
        bag.report(
          "marketing-marked.unmarked",
          { purpose: d.name.text, use: item.category.text },
          { span: d.name.span, related: [note("marketing-marked.categoryHere", { use: item.category.text }, item.category.span)] },
        );
        break;
      }
    }
  },
};

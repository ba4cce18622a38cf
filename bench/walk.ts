/**
 * The script every engine replays: one conversation through a machine, from
 * its start to an end, as the list of answers a person gives. It is planned
 * once from the MachineDefinition (with the switch-loop floor as the
 * interpreter) so that Lawflow and its peers take exactly the same path.
 *
 * Answers are valid for their field's type and avoid `when` branches where
 * another value exists, so the walk goes through the main line of a flow (in
 * generated flows: every block) rather than to a side end; consent is given,
 * optional questions are answered.
 */
import type { AskNode, FieldDef, FieldValue, MachineDefinition } from "../runtime/machine.ts";
import { SwitchLoop } from "./peers/switch-loop.ts";

export interface ScriptedAnswer {
  /** Node index of the waiting node answered. */
  readonly node: number;
  /** Its step id. */
  readonly step: string;
  readonly kind: "ask" | "consent";
  readonly value: FieldValue;
}

export function valueFor(field: FieldDef, avoid: readonly FieldValue[]): FieldValue {
  const t = field.type;
  const candidates: FieldValue[] = (() => {
    switch (t.kind) {
      case "text":
        return ["Acme Ltd"];
      case "email":
        return ["ada@acme.example"];
      case "phone":
        return ["+44 20 7946 0958"];
      case "integer":
        return [t.max, t.min];
      case "number":
        return [Math.min(t.max, Math.max(t.min, 42.5)), t.min];
      case "yesno":
        return [true, false];
      case "date":
        return ["2024-05-01"];
      case "choice":
        return t.options.map((o) => o.value);
    }
  })();
  return candidates.find((v) => !avoid.includes(v)) ?? candidates[0]!;
}

export function planWalk(M: MachineDefinition, maxAnswers = 1_000_000): ScriptedAnswer[] {
  const fields = new Map(M.fields.map((f) => [f.name, f]));
  const loop = new SwitchLoop(M);
  const script: ScriptedAnswer[] = [];
  while (script.length < maxAnswers) {
    const node = M.nodes[loop.n]!;
    if (node.kind === "ask") {
      const ask = node as AskNode;
      const value = valueFor(fields.get(ask.field)!, ask.when.map((w) => w.value));
      script.push({ node: loop.n, step: ask.id, kind: "ask", value });
      loop.answer(value);
    } else if (node.kind === "consent") {
      script.push({ node: loop.n, step: node.id, kind: "consent", value: true });
      loop.answer(true);
    } else break;
  }
  return script;
}

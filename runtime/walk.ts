/**
 * Walking the machine from one waiting node to the next: `say` nodes are
 * passed (their texts kept for the next prompt), branches taken, asks with
 * nothing lawful left to collect skipped, consents already validly given
 * passed. An ask already held for everything it would collect is skipped
 * too, branching on the held value — unless the compiler marked it as on a
 * loop of the flow (`loop`): an ask reached again asks again
 * (docs/language.md, "Loops").
 *
 * The state does not change during a walk, so a walk that visits more nodes
 * than the machine has is a loop without a waiting step: a bug in the
 * machine, which the compiler refuses (LF402).
 */
import type { AskNode, Condition, FieldValue, Operand } from "./machine.ts";
import { fail } from "./errors.ts";
import { promptOf } from "./prompt.ts";
import { type Turn, emit, fieldIndex, purposeIndex } from "./turn.ts";
import { basisHolds, drop, heldValue, lawfulPurposes, usable } from "./vault.ts";

const operand = (turn: Turn, o: Operand) => ("field" in o ? heldValue(turn, o.field) : o.value);

/** A branch's condition, now. A comparison with a value that is not held is false, whatever the operator. */
export const holds = (turn: Turn, c: Condition): boolean => {
  const op = c.op;
  if (op === "and") return holds(turn, c.left) && holds(turn, c.right);
  if (op === "or") return holds(turn, c.left) || holds(turn, c.right);
  if (op === "not") return !holds(turn, c.operand);
  if (op === "known") return heldValue(turn, c.field) !== undefined;
  if (op === "given") return basisHolds(turn, turn.state, purposeIndex(turn, c.purpose));
  const l = operand(turn, c.left as Operand);
  const r = operand(turn, c.right as Operand);
  return l !== undefined && r !== undefined && (op === "==" ? l === r : op === "!=" ? l !== r : op === "<" ? l < r : op === "<=" ? l <= r : op === ">" ? l > r : l >= r);
};

/** Where an answer (or a held value) leads: the first matching `when`, else `next`. */
export const branch = (n: AskNode, v: FieldValue): number => {
  for (const w of n.when) if (w.value === v) return w.next;
  return n.next;
};

/** Where an ask leads when it is passed without asking, or undefined if it must be asked. */
const passed = (turn: Turn, i: number, n: AskNode): number | undefined => {
  const lawful = lawfulPurposes(turn, i);
  if (!lawful.length) return n.next;
  const h = turn.state.values[fieldIndex(turn, n.field)];
  // Held for every purpose the ask would collect for: passed, branching on the latest of their own values (not another purpose's).
  if (!n.loop && h && lawful.every((p) => h.some((u) => u.purpose === p && usable(turn, u)))) return branch(n, heldValue(turn, n.field, lawful)!);
};

/**
 * Walk from node `from` to the next waiting node and make it current.
 * `stay`: the walk starts at the current node because something lawful may
 * have changed (a withdrawal, a purge, a lapse): the texts already said are
 * kept, and attempts too if it stays where it was.
 */
export const walk = (turn: Turn, from: number, stay?: boolean): void => {
  const { machine, state: s } = turn;
  const nodes = machine.nodes;
  const said = stay ? [...s.said] : [];
  let i = from;
  for (let k = 0, n, j; (n = nodes[i]) && k <= nodes.length; k++) {
    if (n.kind === "say") said.push(i), (i = n.next);
    else if (n.kind === "branch") i = holds(turn, n.test) ? n.then : n.else;
    // After an objection to direct marketing its consent is never asked again: as if refused (Art. 21(3)).
    else if (n.kind === "consent" && (s.objections.includes((j = purposeIndex(turn, n.purpose))) || basisHolds(turn, s, j))) i = s.objections.includes(j) ? n.refused : n.given;
    else if (n.kind === "ask" && (j = passed(turn, i, n)) !== undefined) i = j;
    else {
      const moved = !stay || i !== s.node;
      if (!moved && said.length === s.said.length) return;
      if (moved) s.attempts = 0;
      s.node = i;
      s.said = said;
      if (n.kind === "end") {
        s.outcome = n.outcome ?? n.id;
        // The closing text is shown with the session's values; then they go (retain session).
        turn.closing = promptOf(turn);
        drop(turn, (u) => machine.purposes[u.purpose]!.retention.kind === "session");
        emit(turn, { type: "ended", outcome: s.outcome });
      } else if (moved) emit(turn, { type: "prompt", step: n.id });
      return;
    }
  }
  fail("internal", "loop at node " + i);
};

/** After a right is exercised, or time passed, the current ask may have nothing lawful left to collect: move on. */
export const settle = (turn: Turn): void => void (turn.state.outcome === null && walk(turn, turn.state.node, true));

/**
 * The floor: the least a program can do to run a MachineDefinition — a loop
 * with a `switch` on the node kind over the dense node table, storing values
 * in an array by field index, following `when` branches, evaluating `if`
 * conditions and collecting `say` node indexes. No law is enforced (no
 * purposes, retention, receipts, validation beyond the value's JavaScript
 * type). Every engine measured here does at least this much.
 */
import type { Condition, FieldValue, MachineDefinition, Operand } from "../../runtime/machine.ts";

export class SwitchLoop {
  /** Current waiting node. */
  n: number;
  values: (FieldValue | undefined)[];
  consent: (boolean | undefined)[];
  messages: number[] = [];
  private readonly fieldIndex: Map<string, number>;
  private readonly purposeIndex: Map<string, number>;

  constructor(
    private readonly M: MachineDefinition,
    tables?: { fieldIndex: Map<string, number>; purposeIndex: Map<string, number> },
  ) {
    const t = tables ?? switchTables(M);
    this.fieldIndex = t.fieldIndex;
    this.purposeIndex = t.purposeIndex;
    this.values = new Array(M.fields.length);
    this.consent = new Array(M.purposes.length);
    this.n = this.advance(M.start);
  }

  /** Answers the current waiting node; returns false (and changes nothing) for an answer of the wrong type. */
  answer(value: FieldValue | null): boolean {
    const node = this.M.nodes[this.n]!;
    let next: number;
    switch (node.kind) {
      case "ask": {
        if (value === null) {
          if (!node.optional) return false;
          next = node.next;
          break;
        }
        this.values[this.fieldIndex.get(node.field)!] = value;
        next = node.next;
        for (const w of node.when) {
          if (w.value === value) {
            next = w.next;
            break;
          }
        }
        break;
      }
      case "consent": {
        const given = value === true;
        this.consent[this.purposeIndex.get(node.purpose)!] = given;
        next = given ? node.given : node.refused;
        break;
      }
      default:
        return false;
    }
    this.messages = [];
    this.n = this.advance(next);
    return true;
  }

  private advance(i: number): number {
    for (;;) {
      const node = this.M.nodes[i]!;
      switch (node.kind) {
        case "say":
          this.messages.push(i);
          i = node.next;
          continue;
        case "branch":
          i = this.test(node.test) ? node.then : node.else;
          continue;
        default:
          return i;
      }
    }
  }

  private operand(o: Operand): FieldValue | undefined {
    return "field" in o ? this.values[this.fieldIndex.get(o.field)!] : o.value;
  }

  private test(c: Condition): boolean {
    switch (c.op) {
      case "and":
        return this.test(c.left) && this.test(c.right);
      case "or":
        return this.test(c.left) || this.test(c.right);
      case "not":
        return !this.test(c.operand);
      case "known":
        return this.values[this.fieldIndex.get(c.field)!] !== undefined;
      case "given":
        return this.consent[this.purposeIndex.get(c.purpose)!] === true;
      default:
        return compare(c.op, this.operand(c.left), this.operand(c.right));
    }
  }
}

export function compare(op: string, a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  switch (op) {
    case "==":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    default:
      return a >= b;
  }
}

/** Name → index maps, built once per machine (like the other engines' machine objects). */
export function switchTables(M: MachineDefinition): { fieldIndex: Map<string, number>; purposeIndex: Map<string, number> } {
  return {
    fieldIndex: new Map(M.fields.map((f, i) => [f.name, i])),
    purposeIndex: new Map(M.purposes.map((p, i) => [p.name, i])),
  };
}

/**
 * A seeded generator of valid machine definitions, for property tests: the
 * runtime must keep its guarantees on any machine the compiler could emit,
 * not only on the examples. Asks collect a field only for purposes that need
 * it (minimisation); every consent purpose has a consent step. Jumps go
 * forward, except that some asks jump back after their answer ("anything
 * else?", "let me correct that") — always to an ask for a purpose whose
 * basis cannot be lost, which waits whenever it is reached, so every loop
 * waits (what the compiler requires, LF402 and LF405).
 */
import type { Basis, Condition, FieldType, MachineDefinition, Node, PurposeDef, Retention } from "../../runtime/machine.ts";
import { PHRASES } from "../../runtime/commands.ts";

/** mulberry32: a small, good-enough seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const BASES: Basis[] = ["consent", "consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interests"];

export function randomMachine(seed: number): MachineDefinition {
  const r = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;

  const types: FieldType[] = [
    { kind: "text", max: int(3, 40) },
    { kind: "email" },
    { kind: "phone" },
    { kind: "integer", min: -5, max: int(0, 100) },
    { kind: "number", min: 0, max: 10.5 },
    { kind: "yesno" },
    { kind: "date" },
    { kind: "choice", options: [{ value: "a", label: "Alpha" }, { value: "b", label: "Beta" }, { value: "c", label: "Gamma" }] },
  ];
  const fields = Array.from({ length: int(1, 5) }, (_, i) => ({ name: `f${i}`, label: `field ${i}`, type: pick(types), hint: `Please give field ${i}.` }));

  const purposes: PurposeDef[] = Array.from({ length: int(1, 4) }, (_, i) => {
    const basis = pick(BASES);
    const period = { amount: int(1, 3), unit: pick(["days", "weeks", "months", "years"] as const) };
    const retention: Retention =
      basis === "consent"
        ? pick<Retention>([{ kind: "until_withdrawn" }, { kind: "session" }, { kind: "period", period, orUntilWithdrawn: r() < 0.5 }])
        : pick<Retention>([{ kind: "session" }, { kind: "period", period, orUntilWithdrawn: false }]);
    return {
      name: `p${i}`,
      why: `Purpose ${i}`,
      basis,
      ...(basis === "legitimate_interests" || basis === "public_task" ? { evidence: "Because" } : {}),
      retention,
      ...(basis === "consent" && r() < 0.5 ? { consentValid: { amount: int(1, 20), unit: "days" as const } } : {}),
      // Each purpose needs at least one field.
      needs: fields.filter((_, j) => j === i % fields.length || r() < 0.4).map((f) => f.name),
      withdrawOn: basis === "consent" ? [`stop p${i}`] : [],
      sharedWith: r() < 0.3 ? ["Processor Ltd"] : [],
      transfers: [],
    };
  });

  const fieldText = () => (r() < 0.5 ? [`text ${int(0, 9)} `, { field: pick(fields).name }] : [`plain ${int(0, 9)}`]);
  const consentPurposes = purposes.filter((p) => p.basis === "consent");

  // Body steps, then the ends; every jump target is later than its source.
  const body = int(3, 12);
  const ends = int(1, 3);
  const total = body + consentPurposes.length + ends;
  const nodes: Node[] = [];
  const later = (i: number) => int(i + 1, total - 1);
  const consentAt = new Map(consentPurposes.map((p) => [int(0, body), p]));
  let consentsLeft = [...consentPurposes];
  for (let i = 0; nodes.length < total - ends; ) {
    i = nodes.length;
    const k = r();
    const c = consentAt.get(i) ?? (consentsLeft.length && (k < 0.15 || total - ends - i <= consentsLeft.length) ? consentsLeft[0] : undefined);
    if (c && consentsLeft.includes(c)) {
      consentsLeft = consentsLeft.filter((p) => p !== c);
      nodes.push({ kind: "consent", id: `s${i}`, purpose: c.name, text: [`May we use it for ${c.name}? `, ...fieldText()], given: i + 1, refused: r() < 0.7 ? i + 1 : later(i) });
    } else if (k < 0.2) nodes.push({ kind: "say", text: fieldText(), next: i + 1 });
    else if (k < 0.35) {
      const f = pick(fields);
      const test: Condition = pick<Condition>([
        { op: "known", field: f.name },
        { op: "given", purpose: pick(purposes).name },
        { op: "not", operand: { op: "known", field: f.name } },
        { op: "or", left: { op: "known", field: f.name }, right: { op: "!=", left: { field: f.name }, right: { value: 3 } } },
        { op: ">=", left: { field: f.name }, right: { value: 1 } },
      ]);
      nodes.push({ kind: "branch", test, then: i + 1, else: later(i) });
    } else {
      const f = pick(fields);
      const ps = purposes.filter((p) => p.needs.includes(f.name) && r() < 0.8);
      const chosen = ps.length ? ps : purposes.filter((p) => p.needs.includes(f.name)).slice(0, 1);
      if (!chosen.length) {
        nodes.push({ kind: "say", text: fieldText(), next: i + 1 });
        continue;
      }
      const when =
        f.type.kind === "choice" && r() < 0.5
          ? [{ value: "b", next: later(i) }]
          : f.type.kind === "yesno" && r() < 0.5
            ? [{ value: true, next: later(i) }]
            : [];
      nodes.push({
        kind: "ask",
        id: `s${i}`,
        field: f.name,
        text: [`What is ${f.label}? `, ...fieldText()],
        purposes: chosen.map((p) => ({ purpose: p.name, basis: p.basis })),
        optional: r() < 0.3,
        when,
        next: i + 1,
        ...(r() < 0.3 ? { retry: { limit: int(1, 3), next: later(i) } } : {}),
      });
    }
  }
  // Loops: an ask's `next` jumps back to an ask at or before it that always waits.
  const waits = (n: Node | undefined) => n?.kind === "ask" && n.purposes.some((p) => ["contract", "legal_obligation", "vital_interests"].includes(p.basis));
  nodes.forEach((n, i) => {
    const back = nodes.flatMap((m, j) => (j <= i && waits(m) ? [j] : []));
    if (n.kind === "ask" && back.length && r() < 0.25) nodes[i] = { ...n, next: pick(back) };
  });
  for (let e = 0; e < ends; e++) nodes.push({ kind: "end", id: `end${e}`, text: ["Bye ", { field: pick(fields).name }], ...(r() < 0.5 ? { outcome: `o${e}` } : {}) });
  // What the compiler emits: the asks on a loop marked (docs/language.md, "Loops").
  nodes.forEach((n, i) => {
    if (n.kind === "ask" && onLoop({ nodes }, i)) nodes[i] = { ...n, loop: true };
  });
  return {
    id: `Random${seed}`,
    version: `1.${seed}.0`,
    controller: { name: "Random Ltd", contact: "privacy@random.example" },
    ...(r() < 0.5 ? { notice: { version: "1", hash: "b".repeat(64) } } : {}),
    purposes,
    fields,
    nodes,
    start: 0,
    phrases: PHRASES,
  };
}

/** The model of docs/language.md, "Loops": whether node `i` can be reached again from itself. */
export function onLoop(m: Pick<MachineDefinition, "nodes">, i: number): boolean {
  const next = (j: number): number[] => {
    const n = m.nodes[j]!;
    if (n.kind === "say") return [n.next];
    if (n.kind === "branch") return [n.then, n.else];
    if (n.kind === "consent") return [n.given, n.refused];
    if (n.kind === "ask") return [n.next, ...n.when.map((w) => w.next), ...(n.retry ? [n.retry.next] : [])];
    return [];
  };
  const seen = new Set<number>();
  const visit = (j: number): boolean => j === i || (!seen.has(j) && (seen.add(j), next(j).some(visit)));
  return next(i).some(visit);
}

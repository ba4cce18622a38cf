/**
 * A deterministic, seeded generator of valid `.flow` files of any size, for
 * the benchmarks (compiler throughput, growth, runtime steps/s, type-check
 * time) and for tests that need many different valid flows (fuzzing, runtime
 * properties).
 *
 * The same options and seed always give the same text. The flow is valid by
 * construction, block by block:
 *
 *  - purposes of all six bases of Art. 6(1): five shared purposes (contract,
 *    legal obligation, vital interests, public task, legitimate interests)
 *    plus one consent purpose per block (so consent is never asked twice for
 *    one purpose — no nagging, Art. 7(4));
 *  - fields of every type (text, email, phone, integer, number, yesno, date,
 *    choice), each needed by exactly the purposes it is asked for
 *    (minimisation, Art. 5(1)(c)); some blocks add a special-category field
 *    under a consent purpose with an Art. 9 condition;
 *  - in each block, the consent step comes before every ask under that
 *    consent, and a refusal skips those asks and goes on (no consent wall);
 *  - asks with `when` branches, `optional`, `retry`, an `if`, `say`s with
 *    interpolations of fields held on every path, a `goto` over the block's
 *    side `end`, and a final `end`: every step is reachable and every path
 *    reaches an end.
 *
 * A block is about 16 steps and 45 lines; sizes are padded with `say` steps
 * after the welcome to hit the requested number of steps or lines exactly.
 */

export interface GenerateOptions {
  /** Total number of steps (say, ask, consent, if, goto, end) in the flow. */
  readonly steps?: number;
  /** Total number of lines of the file (declarations, steps, blank lines). */
  readonly lines?: number;
  /** Seed of the pseudo-random choices; the same seed gives the same flow. */
  readonly seed?: number;
  /** The flow's name (default `Generated`). */
  readonly name?: string;
}

/** mulberry32: a tiny, fast, well-distributed 32-bit PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMPANY_QUESTIONS = ["Which company are you with?", "What is the name of your organisation?", "Who do you work for?"];
const PLAN_SETS: readonly (readonly [string, string])[][] = [
  [["basic", "Basic"], ["pro", "Pro"], ["enterprise", "Enterprise"]],
  [["small", "Small"], ["medium", "Medium"], ["large", "Large"], ["custom", "Custom"]],
  [["monthly", "Monthly"], ["yearly", "Yearly"]],
];
const TOPICS = ["billing", "delivery", "returns", "accounts", "events", "support", "training", "hardware"];

interface Block {
  readonly fields: string[];
  readonly purposes: string[];
  /** Field names to add to each shared purpose's `needs`. */
  readonly needs: Record<SharedPurpose, string[]>;
  readonly steps: string[];
  readonly stepCount: number;
}

type SharedPurpose = "quote" | "tax" | "safety" | "registry" | "audience";

function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)]!;
}

/** One block of the flow: its own fields and consent purpose, and about 16 steps. `next` is the step id control goes to after it. */
function block(k: number, rand: () => number, next: string): Block {
  const b = `b${k}`;
  const topic = pick(rand, TOPICS);
  const plans = pick(rand, PLAN_SETS);
  const sideValue = plans[plans.length - 1]![0];
  const textMax = 40 + Math.floor(rand() * 160);
  const special = rand() < 0.25;
  const agreeBranch = rand() < 0.5;
  const fields = [
    `field ${b}_company: text(${textMax}) "your company name (${topic})"`,
    `field ${b}_plan: choice(${plans.map(([v, l]) => `${v} "${l}"`).join(", ")}) "your plan"`,
    `field ${b}_year: integer(1900..2026) "your year of birth"`,
    `field ${b}_phone: phone "your phone number"`,
    `field ${b}_amount: number(0..1000000) "the amount of your order"`,
    `field ${b}_email: email "your email address"`,
    `field ${b}_visit: date "the date of your visit"`,
    `field ${b}_agree: yesno "whether you agree to be listed"`,
  ];
  if (special) fields.push(`field ${b}_health: text(200) "your access needs" special health`);
  const consentNeeds = special ? `${b}_email, ${b}_health` : `${b}_email`;
  const purposes = [
    `purpose ${b}_news "Email you news about ${topic}" {`,
    `  basis consent`,
    ...(rand() < 0.5 ? [`  consent valid ${6 + Math.floor(rand() * 18)} months`] : []),
    `  needs ${consentNeeds}`,
    rand() < 0.5 ? `  retain until withdrawn` : `  retain ${1 + Math.floor(rand() * 3)} years or until withdrawn`,
    `  withdraw on "stop ${topic} ${k}", "unsubscribe ${k}"`,
    ...(special ? [`  condition explicit_consent`] : []),
    `}`,
  ];
  const needs: Record<SharedPurpose, string[]> = {
    quote: [`${b}_company`, `${b}_plan`, `${b}_email`],
    tax: [`${b}_amount`],
    safety: [`${b}_phone`],
    registry: [`${b}_visit`, `${b}_agree`],
    audience: [`${b}_year`],
  };
  const steps = [
    `ask ${b}_company "${pick(rand, COMPANY_QUESTIONS)}" for quote under contract`,
    `say "Thanks. Now a few questions about ${topic} for {${b}_company}."`,
    `ask ${b}_plan "Which plan are you interested in?" for quote under contract`,
    `  when ${sideValue} -> ${b}_side`,
    `ask ${b}_year "What year were you born? You can skip this." for audience under legitimate_interests`,
    `  optional`,
    `if ${b}_plan == ${plans[0]![0]} and not known(${b}_year) -> ${b}_amount`,
    `ask ${b}_phone "Which number can we reach you on in an emergency?" for safety under vital_interests`,
    `  retry ${2 + Math.floor(rand() * 3)} then -> ${b}_amount`,
    `ask ${b}_amount "How much is the order?" for tax under legal_obligation`,
    `consent ${b}_news "May we email you news about ${topic}? Reply 'stop ${topic} ${k}' at any time to withdraw."`,
    `  refused -> ${b}_visit`,
    `ask ${b}_email "What's your email address?" for quote under contract, ${b}_news under consent`,
    ...(special ? [`ask ${b}_health "Do you have any access needs we should know of?" for ${b}_news under consent`, `  optional`] : []),
    `ask ${b}_visit "When will you visit?" for registry under public_task`,
    `ask ${b}_agree "May we list you in the public register?" for registry under public_task`,
    ...(agreeBranch ? [`  when no -> ${b}_side`] : []),
    `say "Noted for {${b}_company}."`,
    `goto ${next}`,
    `end ${b}_side "Our team will call {${b}_company} about ${topic}." as side_${k % 4}`,
  ];
  const stepCount = steps.filter((l) => !l.startsWith("  ")).length;
  return { fields, purposes, needs, steps, stepCount };
}

const HEADER_LINES = 35; // the fixed lines outside blocks: header, shared purposes, the welcome say and the final end

/** Generates a valid flow. Give `steps` or `lines` (default 200 lines). */
export function generateFlow(options: GenerateOptions = {}): string {
  const seed = options.seed ?? 1;
  const name = options.name ?? "Generated";
  const blocks: Block[] = [];
  // Build blocks until the budget is nearly used; each block's `goto` names the next block's first step.
  const target = options.steps !== undefined ? { kind: "steps" as const, n: options.steps } : { kind: "lines" as const, n: options.lines ?? 200 };
  let used = target.kind === "steps" ? 2 : HEADER_LINES; // steps: the welcome say and the final end
  for (let k = 0; ; k++) {
    const candidate = block(k, prng(seed * 7919 + k), `b${k + 1}_company`);
    const cost = target.kind === "steps" ? candidate.stepCount : candidate.fields.length + candidate.purposes.length + candidate.steps.length + 7; // + 5 needs lines + 2 blank lines
    if (used + cost > target.n) break;
    blocks.push(candidate);
    used += cost;
  }
  const last = blocks.length;
  const finalId = "finished";
  // Re-point the last block's goto at the final end.
  if (last > 0) {
    const steps = blocks[last - 1]!.steps;
    const at = steps.indexOf(`goto b${last}_company`);
    steps[at] = `goto ${finalId}`;
  }

  const out: string[] = [];
  out.push(`// Generated by bench/generate-flow.ts (seed ${seed}, ${blocks.length} blocks). Do not edit.`);
  out.push(`flow ${name} version "1.${seed % 100}.0"`);
  out.push(``);
  out.push(`controller "Bench Example Ltd" contact "privacy@bench.example" dpo "dpo@bench.example"`);
  out.push(`security "Encrypted at rest and in transit; access is logged"`);
  out.push(``);
  const shared: { id: SharedPurpose; head: string[]; tail: string[] }[] = [
    { id: "quote", head: [`purpose quote "Prepare the quote you asked for" {`, `  basis contract`], tail: [`  retain 90 days`, `  shared with "Bench CRM (processor)"`, `}`] },
    { id: "tax", head: [`purpose tax "Keep the invoice records the law requires" {`, `  basis legal_obligation "Commercial code, section 257"`], tail: [`  retain 10 years`, `}`] },
    { id: "safety", head: [`purpose safety "Reach you in an emergency during your visit" {`, `  basis vital_interests`], tail: [`  retain 7 days`, `}`] },
    { id: "registry", head: [`purpose registry "Keep the public register of visitors" {`, `  basis public_task "Visitor Register Act, section 3"`], tail: [`  retain 1 years`, `  transfer to "Switzerland" under "adequacy decision"`, `}`] },
    { id: "audience", head: [`purpose audience "Learn the typical age of our visitors" {`, `  basis legitimate_interests "Aggregated ages help us plan events; only the year is kept"`], tail: [`  retain session`, `}`] },
  ];
  for (const p of shared) {
    out.push(...p.head);
    for (const b of blocks) out.push(`  needs ${b.needs[p.id].join(", ")}`);
    out.push(...p.tail);
    out.push(``);
  }
  for (const b of blocks) {
    out.push(...b.purposes);
    out.push(...b.fields);
    out.push(``);
  }
  out.push(`say "Hello! This conversation has ${blocks.length} parts."`);
  // Pad with `say` steps after the welcome (where they are reached) to hit the requested size exactly.
  const body = blocks.flatMap((b) => [...b.steps, ``]);
  const bodySteps = body.filter((l) => /^(say|ask|consent|if|goto|end) /.test(l)).length;
  const stepsSoFar = out.filter((l) => /^(say|ask|consent|if|goto|end) /.test(l)).length;
  const pad = target.kind === "steps" ? target.n - (stepsSoFar + bodySteps + 1) : target.n - (out.length + body.length + 1);
  for (let i = 0; i < pad; i++) out.push(`say "Let us begin (${i + 1})."`);
  out.push(...body);
  out.push(`end ${finalId} "Thank you, that is everything." as completed`);
  return out.join("\n") + "\n";
}

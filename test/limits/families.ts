/**
 * Families of hostile input, each a function of a size `n`: the cases fuzzing
 * found slow or fatal, written so that doubling `n` doubles the input. Used by
 * the growth test beside this file and by `npm run bench`.
 */
import { memoryReader, type SourceReader } from "../../compiler/load.ts";
import { generateFlow } from "../../bench/generate-flow.ts";

export interface HostileInput {
  /** The flow file's text. */
  readonly text: string;
  /** Files it `use`s, by path. */
  readonly files?: Readonly<Record<string, string>>;
}

export interface Family {
  readonly name: string;
  /** The size it was found slow or fatal at, for the figures. */
  readonly reported: number;
  /** A size at which it costs enough to measure its growth (tens of milliseconds). */
  readonly measured: number;
  /** What the family does to the compiler: check the flow, or also draw its diagram (Mermaid and DOT). */
  readonly run: "check" | "graph";
  readonly make: (n: number) => HostileInput;
}

const HEAD = `flow Hostile version "1.0.0"
controller "Acme" contact "privacy@acme.example"
`;

const purpose = (needs: string) => `purpose p "Answer you" {
  basis contract
  needs ${needs}
  retain 30 days
}
`;

export const families: readonly Family[] = [
  {
    name: "a choice with n options and n `when` values that match none",
    reported: 8000,
    measured: 600,
    run: "check",
    make: (n) => {
      const options = Array.from({ length: n }, (_, i) => `o${i} "Option ${i}"`).join(", ");
      const whens = Array.from({ length: n }, (_, i) => `  when x${i} -> bye`).join("\n");
      return { text: `${HEAD}${purpose("plan")}field plan: choice(${options})\nask plan "Which?" for p under contract\n${whens}\nbye: end "Bye"\n` };
    },
  },
  {
    name: "n unknown names, with n declared fields to compare them with",
    reported: 4000,
    measured: 600,
    run: "check",
    make: (n) => {
      const fields = Array.from({ length: n }, (_, i) => `field known_field_${i}: yesno`).join("\n");
      const needs = Array.from({ length: n }, (_, i) => `known_field_${i}`).join(", ");
      const asks = Array.from({ length: n }, (_, i) => `ask unknown_name_${i} "Q${i}?" for p under contract`).join("\n");
      return { text: `${HEAD}${purpose(needs)}${fields}\n${asks}\nend "Bye"\n` };
    },
  },
  {
    name: "one misspelt name n characters long (up to the longest name accepted)",
    reported: 256,
    measured: 120,
    run: "check",
    make: (n) => {
      const name = "a".repeat(n);
      const misspelt = "b" + "a".repeat(n - 1);
      return { text: `${HEAD}${purpose(name)}field ${name}: yesno\nask ${misspelt} "Q?" for p under contract\nend "Bye"\n` };
    },
  },
  {
    name: "n jumps into a chain of n gotos",
    reported: 16000,
    measured: 1500,
    run: "check",
    make: (n) => {
      const lines = [`${HEAD}${purpose("f")}field f: yesno`, `ask f "Q?" for p under contract`];
      for (let i = 0; i < n; i++) lines.push(`if f == yes -> g${i}`);
      for (let i = 0; i < n; i++) lines.push(`g${i}: goto g${i + 1}`);
      lines.push(`g${n}: end "Bye"`);
      return { text: lines.join("\n") + "\n" };
    },
  },
  {
    name: "a name n characters long (refused past 256)",
    reported: 1_000_000,
    measured: 200_000,
    run: "check",
    make: (n) => ({ text: `${HEAD}say "x"\ngoto ${"a".repeat(n)}\n` }),
  },
  {
    name: "n `{` inside one string",
    reported: 124_000,
    measured: 400_000,
    run: "check",
    make: (n) => ({ text: `${HEAD}say "${"{".repeat(n)}"\nend "Bye"\n` }),
  },
  {
    name: "n stray characters",
    reported: 124_000,
    measured: 50_000,
    run: "check",
    make: (n) => ({ text: `${HEAD}${"@ ".repeat(n)}\nend "Bye"\n` }),
  },
  {
    name: "a chain of n `use`d policy files",
    reported: 4000,
    measured: 2000,
    run: "check",
    make: (n) => {
      const files: Record<string, string> = {};
      for (let i = 0; i < n; i++) files[`p${i}.flow`] = i + 1 < n ? `use "p${i + 1}.flow"\n` : purpose("f") + "field f: yesno\n";
      return { text: `${HEAD}use "p0.flow"\nask f "Q?" for p under contract\nend "Bye"\n`, files };
    },
  },
  {
    name: "n steps whose texts hold NUL and other control characters",
    reported: 1000,
    measured: 1000,
    run: "graph",
    make: (n) => ({ text: `${HEAD}${Array.from({ length: n }, (_, i) => `say "step ${i} \\u0000 \\u0007 \\u001b[31m"`).join("\n")}\nend "Bye"\n` }),
  },
  {
    name: "n reads of fields asked under consent (each one LF213)",
    reported: 20000,
    measured: 500,
    run: "check",
    make: (n) => {
      const purposes = `purpose news "News" {\n  basis consent\n  needs ${Array.from({ length: n }, (_, i) => `f${i}`).join(", ")}\n  retain until withdrawn\n}\n`;
      const fields = Array.from({ length: n }, (_, i) => `field f${i}: yesno`).join("\n");
      const steps = [`consent news "May we?"\n  refused -> bye`];
      for (let i = 0; i < n; i++) steps.push(`ask f${i} "Q${i}?" for news under consent`, `if f${i} == yes -> s${i}`, `s${i}: say "Step ${i}"`);
      steps.push(`bye: end "Bye"`);
      return { text: `${HEAD}${purposes}${fields}\n${steps.join("\n")}\n` };
    },
  },
  {
    // Each consent's `given` side runs through one shared chain of n says to a question for
    // another purpose: deciding "asks only for its own purpose" (LF313) once per purpose
    // would walk the chain n times.
    name: "n consents whose given sides share a chain of n steps (each one LF313)",
    reported: 20000,
    measured: 500,
    run: "check",
    make: (n) => {
      const purposes = [`purpose base "Base" {\n  basis contract\n  needs q\n  retain 1 day\n}`];
      const fields = [`field q: yesno`];
      const steps: string[] = [];
      for (let i = 0; i < n; i++) {
        purposes.push(`purpose p${i} "P${i}" {\n  basis consent\n  needs f${i}\n  retain until withdrawn\n}`);
        fields.push(`field f${i}: yesno`);
        steps.push(`consent p${i} "May we?"\n  given -> a${i}\n  refused -> bye`, `a${i}: ask f${i} "Q${i}?" for p${i} under consent\n  -> chain`);
      }
      steps.push(`chain: say "Step 0"`);
      for (let i = 1; i < n; i++) steps.push(`say "Step ${i}"`);
      steps.push(`ask q "Anything else?" for base under contract`, `end "Done"`, `bye: end "Bye"`);
      return { text: `${HEAD}${purposes.join("\n")}\n${fields.join("\n")}\n${steps.join("\n")}\n` };
    },
  },
];

export const generatedFlowFamily: Family = {
  name: "a valid generated flow of n lines (every check)",
  reported: 200_000,
  measured: 3000,
  run: "check",
  make: (n) => ({ text: generateFlow({ lines: n, seed: 1 }) }),
};

export function readerFor(input: HostileInput): SourceReader {
  return memoryReader(input.files ?? {});
}

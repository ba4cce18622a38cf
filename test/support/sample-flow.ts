/**
 * A generator of large, valid flows that exercise every kind of step, for the
 * parser's tests.
 */
export function generateFlow(lines: number): string {
  const out: string[] = [
    `flow Big version "1.0.0"`,
    `controller "Acme" contact "privacy@acme.example"`,
    `purpose quote "Prepare the quote" {`,
    `  basis contract`,
    `  needs f0, f1, f2`,
    `  retain 90 days`,
    `  shared with "CRM"`,
    `}`,
    `field f0: text(100) "your company"`,
    `field f1: choice(a "A", b "B", c "C")`,
    `field f2: integer(1900..2026) "year"`,
  ];
  for (let i = 0; out.length < lines; i++) {
    switch (i % 5) {
      case 0:
        out.push(`say s${i}: "Hello {f0}, step ${i} \\u{1F600}" // comment`);
        break;
      case 1:
        out.push(`ask a${i}: f1 "Which plan? ${i}" for quote under contract`, `  when a -> e${i}`, `  optional`);
        break;
      case 2:
        out.push(`if (f2 >= 1990 and not known(f0)) or given(quote) -> e${i}`);
        break;
      case 3:
        out.push(`/* block ${i} */ goto e${i}`);
        break;
      default:
        out.push(`end e${i}: "Bye {f0}!" as done`);
    }
  }
  return out.join("\n") + "\n";
}

/**
 * A small XML 1.0 well-formedness check, for the SVG diagrams: one root
 * element, tags nested and closed in order, attributes quoted and not
 * repeated, `<` never in text or attribute values, every `&` a known entity
 * or character reference, comments without `--`. Returns the problems found
 * (empty when well-formed). No validation against a DTD.
 */
const NAME = /^[A-Za-z_:][\w.:-]*/;
const PREDEFINED = new Set(["amp", "lt", "gt", "quot", "apos"]);

function checkText(text: string, where: number, problems: string[]): void {
  if (text.includes("<")) problems.push(`\`<\` in character data at ${where}`);
  for (const m of text.matchAll(/&([^;\s]*);?/g)) {
    const ref = m[0];
    const body = m[1]!;
    const ok = ref.endsWith(";") && (PREDEFINED.has(body) || /^#[0-9]+$/.test(body) || /^#x[0-9a-fA-F]+$/.test(body));
    if (!ok) problems.push(`bad reference ${JSON.stringify(ref)} at ${where + m.index!}`);
  }
}

export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  if (xml.startsWith("<?xml")) {
    const end = xml.indexOf("?>");
    if (end < 0) return ["unterminated XML declaration"];
    i = end + 2;
  }
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (stack.length === 0 && text.trim() !== "") problems.push(`text outside the root element at ${i}`);
    checkText(text, i, problems);
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith("<!--", i)) {
      const end = xml.indexOf("-->", i + 4);
      if (end < 0) return [...problems, `unterminated comment at ${i}`];
      if (xml.slice(i + 4, end).includes("--")) problems.push(`\`--\` inside a comment at ${i}`);
      i = end + 3;
    } else if (xml.startsWith("<![CDATA[", i)) {
      if (stack.length === 0) problems.push(`CDATA outside the root at ${i}`);
      const end = xml.indexOf("]]>", i);
      if (end < 0) return [...problems, `unterminated CDATA at ${i}`];
      i = end + 3;
    } else if (xml.startsWith("<!DOCTYPE", i)) {
      if (roots > 0 || stack.length > 0) problems.push(`DOCTYPE after the root at ${i}`);
      const end = xml.indexOf(">", i);
      if (end < 0 || xml.slice(i, end).includes("[")) return [...problems, `unsupported or unterminated DOCTYPE at ${i}`];
      i = end + 1;
    } else if (xml.startsWith("<?", i)) {
      const end = xml.indexOf("?>", i);
      if (end < 0) return [...problems, `unterminated processing instruction at ${i}`];
      i = end + 2;
    } else if (xml.startsWith("</", i)) {
      const name = NAME.exec(xml.slice(i + 2))?.[0];
      const end = xml.indexOf(">", i);
      if (!name || end < 0 || xml.slice(i + 2 + name.length, end).trim() !== "") return [...problems, `malformed end tag at ${i}`];
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? "nothing"}> at ${i}`);
      i = end + 1;
    } else {
      const name = NAME.exec(xml.slice(i + 1))?.[0];
      if (!name) return [...problems, `malformed tag at ${i}`];
      if (stack.length === 0) roots++;
      let j = i + 1 + name.length;
      const seen = new Set<string>();
      for (;;) {
        const ws = /^\s*/.exec(xml.slice(j))![0].length;
        j += ws;
        if (xml.startsWith("/>", j)) {
          j += 2;
          break;
        }
        if (xml[j] === ">") {
          stack.push(name);
          j += 1;
          break;
        }
        if (ws === 0) return [...problems, `missing space before an attribute in <${name}> at ${j}`];
        const attr = NAME.exec(xml.slice(j))?.[0];
        if (!attr) return [...problems, `malformed attribute in <${name}> at ${j}`];
        if (seen.has(attr)) problems.push(`attribute ${attr} repeated in <${name}> at ${j}`);
        seen.add(attr);
        j += attr.length;
        const eq = /^\s*=\s*/.exec(xml.slice(j));
        if (!eq) return [...problems, `attribute ${attr} without a value at ${j}`];
        j += eq[0].length;
        const quote = xml[j];
        if (quote !== '"' && quote !== "'") return [...problems, `unquoted attribute ${attr} at ${j}`];
        const close = xml.indexOf(quote, j + 1);
        if (close < 0) return [...problems, `unterminated attribute ${attr} at ${j}`];
        checkText(xml.slice(j + 1, close), j + 1, problems);
        j = close + 1;
      }
      i = j;
    }
  }
  if (stack.length > 0) problems.push(`unclosed <${stack.join("> <")}>`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

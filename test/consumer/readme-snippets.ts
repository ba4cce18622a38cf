/**
 * The README's "Use it in your app" section, read as files: each code block
 * after an `<!-- app: PATH -->` marker is that file of the app (`shell`: the
 * commands). The consumer test runs them, so the README cannot drift from
 * what works.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./app.ts";

export function appSnippets(): Record<string, string> {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Use it in your app"), readme.indexOf("\n## ", readme.indexOf("## Use it in your app") + 1));
  const files: Record<string, string> = {};
  for (const match of section.matchAll(/<!-- app: (\S+) -->\n```\w*\n([\s\S]*?)```/g)) files[match[1]!] = match[2]!;
  return files;
}

/** The replies `src/main.ts` prints, from the comment at the end of each of its lines. */
export function expectedReplies(): string[] {
  return appSnippets()["src/main.ts"]!
    .split("\n")
    .filter((line) => line.startsWith("console.log(reply("))
    .map((line) => line.slice(line.indexOf("// ") + 3));
}

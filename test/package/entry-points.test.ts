/**
 * The package's public entry points agree everywhere they are named: each
 * `exports` entry has a bundle that scripts/build.mjs writes, declarations
 * that tsconfig.build.json makes from the same source, and (inside this
 * repository) a tsconfig path and a test alias to that source. An entry point
 * added in one place and forgotten in another would ship without types, or
 * be type-checked against the wrong file.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
/** tsconfig files may hold comments. */
const jsonc = (text: string): unknown => JSON.parse(text.replace(/^\s*\/\/.*$/gm, ""));

const manifest = JSON.parse(read("package.json")) as { exports: Record<string, string | { types: string; default: string }> };
const entries = Object.entries(manifest.exports).filter((e): e is [string, { types: string; default: string }] => typeof e[1] === "object");
const build = read("scripts/build.mjs");
const buildFiles = (jsonc(read("tsconfig.build.json")) as { files: string[] }).files;
const paths = (jsonc(read("tsconfig.json")) as { compilerOptions: { paths: Record<string, string[]> } }).compilerOptions.paths;
const vitestConfig = read("vitest.config.ts");

describe.each(entries)("the entry point %s", (subpath, target) => {
  const source = target.types.replace(/^\.\/dist\/types\//, "").replace(/\.d\.ts$/, ".ts");

  it("has declarations built from its source", () => {
    expect(target.types).toMatch(/^\.\/dist\/types\/.+\.d\.ts$/);
    expect(buildFiles).toContain(source);
  });

  it("has a bundle that the build writes from the same source", () => {
    expect(build).toContain(`{ in: "${source}", out: "${target.default.slice(2)}"`);
  });

  it("resolves to its source inside the repository (tsconfig paths, test aliases)", () => {
    const name = `lawflow${subpath.slice(1)}`;
    if (source.startsWith("bundler/")) return; // the plugins are imported only from apps and their own tests
    expect(paths[name]).toEqual([`./${source}`]);
    expect(vitestConfig).toContain(`["${name}", "./${source}"]`);
  });
});

/**
 * Size: what a browser downloads. Each library is bundled the same way
 * (esbuild, ESM, minified, tree-shaken, browser platform) from an entry that
 * imports and uses its machine API, then gzipped at level 9.
 *
 * The Lawflow runtime is measured twice: the whole public module
 * (`runtime/index.ts`, everything a generated module could reach — this is
 * the figure held to the 5 KB budget) and, like the peers, an entry that uses
 * only what running one conversation needs.
 */
import { build } from "esbuild";
import { existsSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export interface BundleSize {
  readonly name: string;
  readonly minified: number;
  readonly gzipped: number;
}

/**
 * Bundles `entry` (source text, resolved from the repository root), minifies it and gzips it at level 9.
 * `lawflow/runtime` is this repository's runtime, or left out of the bundle when `external`.
 */
export async function bundleSize(name: string, entry: string, external: string[] = []): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: entry, resolveDir: ROOT, loader: "ts", sourcefile: `${name}-entry.ts` },
    bundle: true,
    write: false,
    minify: true,
    treeShaking: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' },
    ...(external.length ? { external } : { alias: { "lawflow/runtime": join(ROOT, "runtime/index.ts"), "lawflow/runtime/chat": join(ROOT, "runtime/chat.ts") } }),
  });
  const code = result.outputFiles[0]!.contents;
  return { name, minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength };
}

/** The whole runtime module, every export kept. */
export const RUNTIME_ENTRY = `export * from "./runtime/index.ts";`;

/** Only what running and resuming one conversation uses (the same shape as the peers' entries). */
export const RUNTIME_USE_ENTRY = `
import { createConversation, restoreConversation } from "./runtime/index.ts";
export function run(machine: any, step: string, value: unknown) {
  const c = createConversation(machine, {});
  c.answer(step as never, value as never);
  return restoreConversation(machine, c.snapshot());
}`;

/** The runtime with the reader of raw chat input (`lawflow/runtime/chat`), as a text chat downloads them. */
export const RUNTIME_CHAT_ENTRY = `export * from "./runtime/index.ts";\nexport * from "./runtime/chat.ts";`;

/** The chat widget (`lawflow/widget`) as a page downloads it: every export, with the runtime it imports. */
export const WIDGET_ENTRY = `export * from "./widget/index.ts";`;

export const XSTATE_ENTRY = `
import { createMachine, createActor, assign } from "xstate";
export function run(config: any) {
  const machine = createMachine({ ...config, context: {} }, { actions: { store: assign({ v: ({ event }: any) => event.value }) }, guards: { is: ({ event }: any) => event.value === 1 } });
  const actor = createActor(machine).start();
  actor.send({ type: "ANSWER", value: 1 });
  const snap = actor.getPersistedSnapshot();
  return createActor(machine, { snapshot: snap as any }).start();
}`;

export const FSM_ENTRY = `
import { createMachine, interpret, assign } from "@xstate/fsm";
export function run(config: any) {
  const machine = createMachine({ ...config, context: {} }, { actions: { store: assign({ v: (_: any, e: any) => e.value }) } });
  const service = interpret(machine).start();
  service.send({ type: "ANSWER", value: 1 } as any);
  return service.state;
}`;

export interface SizeResults {
  readonly bundles: BundleSize[];
  readonly runtimeAvailable: boolean;
}

export async function runSize(): Promise<SizeResults> {
  const bundles: BundleSize[] = [];
  const runtimeAvailable = existsSync(join(ROOT, "runtime/index.ts"));
  if (runtimeAvailable) {
    bundles.push(await bundleSize("lawflow runtime (whole module)", RUNTIME_ENTRY));
    if (existsSync(join(ROOT, "runtime/chat.ts"))) bundles.push(await bundleSize("lawflow runtime + chat reader (answerText)", RUNTIME_CHAT_ENTRY));
    try {
      bundles.push(await bundleSize("lawflow runtime (create + answer + snapshot + restore)", RUNTIME_USE_ENTRY));
    } catch {
      // The API names may differ while the runtime is being written; the whole-module figure stands.
    }
  }
  if (existsSync(join(ROOT, "widget/index.ts"))) {
    bundles.push(await bundleSize("lawflow widget + runtime (whole modules)", WIDGET_ENTRY));
    bundles.push(await bundleSize("lawflow widget alone (runtime imported, not bundled)", WIDGET_ENTRY, ["lawflow/runtime", "lawflow/runtime/chat"]));
  }
  bundles.push(await bundleSize(`xstate ${peerVersion("xstate")} (createMachine + createActor + persisted snapshot)`, XSTATE_ENTRY));
  bundles.push(await bundleSize(`@xstate/fsm ${peerVersion("@xstate/fsm")} (createMachine + interpret)`, FSM_ENTRY));
  return { bundles, runtimeAvailable };
}

export function peerVersion(pkg: string): string {
  try {
    return JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8")).version as string;
  } catch {
    return "unknown";
  }
}

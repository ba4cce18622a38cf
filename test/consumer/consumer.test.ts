/**
 * Lawflow as a user gets it: `npm pack`, then a fresh app outside the
 * repository installs the tarball (offline, from the npm cache) and does what
 * the README's "Use it in your app" section says — the CLI from the installed
 * package, type-checks under ordinary configurations, the bot with plain
 * `node` after `tsc`, the page bundled by Vite and by esbuild and run in
 * Chromium, a page with the chat widget (`lawflow/widget`) type-checked,
 * bundled and shown, a React page with `lawflow/react` type-checked and
 * bundled, the Vite dev server following an edited flow, and Lawflow's
 * errors as the bundlers' own.
 *
 * One app, one scenario: the steps run in order and build on each other.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { makeConsumerApp, packLawflow, ROOT, type ConsumerApp } from "./app.ts";
import { appSnippets, expectedReplies } from "./readme-snippets.ts";
import { TSCONFIGS } from "./tsconfigs.ts";
import { hasChromium, launchChromium } from "../support/chromium.ts";

const EXAMPLE = join(ROOT, "examples/vite-app");
const TOOLS = ["typescript", "@types/node", "vite", "esbuild", "rollup", "@rollup/plugin-node-resolve", "react", "react-dom", "@types/react", "@types/react-dom", "prettier"];

let app: ConsumerApp;
let tarball: string;
const scratch = mkdtempSync(join(tmpdir(), "lawflow-pack-"));

beforeAll(() => {
  tarball = packLawflow(scratch);
  app = makeConsumerApp(tarball, TOOLS);
  // The example, as a user would have it: no node_modules, no package.json of the repository's.
  for (const name of readdirSync(EXAMPLE)) {
    if (name !== "package.json" && name !== "node_modules" && name !== "README.md") cpSync(join(EXAMPLE, name), join(app.dir, name), { recursive: true });
  }
}, 600_000);

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  if (app) rmSync(app.dir, { recursive: true, force: true });
});

const ok = (r: { status: number | null; stdout: string; stderr: string }) => {
  expect(r.stderr + r.stdout, "command output").not.toMatch(/\bat .*\(.*:\d+:\d+\)/); // never a stack trace
  expect(r.status, `exit status; output:\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
};

describe("the packed package", () => {
  it("holds the bundles, declarations, the CLI, docs and licence — no tests, fixtures, databases or archives", () => {
    const listing = app.run("tar", ["-tzf", tarball]).stdout.split("\n").filter(Boolean).map((p) => p.replace(/^package\//, ""));
    for (const needed of [
      "bin/lawflow.mjs",
      "dist/cli.js",
      "dist/runtime.js",
      "dist/compiler.js",
      "dist/vite.js",
      "dist/esbuild.js",
      "dist/rollup.js",
      "dist/types/runtime/index.d.ts",
      "dist/types/runtime/index.d.ts.map",
      "dist/types/compiler/index.d.ts",
      "dist/types/bundler/vite.d.ts",
      "dist/react.js",
      "dist/types/react/index.d.ts",
      "dist/source/runtime/index.ts",
      "README.md",
      "LICENSE",
      "docs/runtime.md",
      "package.json",
    ]) {
      expect(listing).toContain(needed);
    }
    const unwanted = listing.filter((p) => /\.test\.[tj]s$|(^|\/)test\/|^bench\/|^\.ci\/|\.db(-wal|-shm)?$|\.tgz$|(^|\/)(test-kit|test-helpers|test-machines|random-machine)\.ts$/.test(p));
    expect(unwanted).toEqual([]);
  });

  it("needs at run time only what it lists in dependencies", () => {
    const manifest = JSON.parse(app.read("node_modules/lawflow/package.json")) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies).sort()).toEqual(["@hpcc-js/wasm-graphviz", "unplugin"]);
  });
});

describe("an app that installed the tarball", () => {
  it("has the README's snippets as its files (examples/vite-app is the README section, file for file)", () => {
    const snippets = appSnippets();
    expect(Object.keys(snippets).sort()).toEqual(["build.mjs", "index.html", "shell", "src/bot.ts", "src/main.ts", "tsconfig.json", "vite.config.ts", "web/main.ts"]);
    for (const [path, text] of Object.entries(snippets)) if (path !== "shell") expect(app.read(path), path).toBe(text);
  });

  it("checks the flow with the installed `lawflow`", () => {
    expect(ok(app.bin("lawflow", ["check", "src/support.flow"]))).toContain("src/support.flow: ok");
  });

  it("builds the page with Vite and the plugin, which writes the flow's declarations beside it", () => {
    expect(existsSync(join(app.dir, "src/support.flow.ts"))).toBe(false);
    ok(app.bin("vite", ["build", "--logLevel", "warn"]));
    expect(readdirSync(join(app.dir, "dist/assets")).some((f) => f.endsWith(".js"))).toBe(true);
    expect(app.read("src/support.flow.d.ts")).toContain("export declare function startSupport(");
  });

  it("type-checks the page against the plugin's declarations (Vite's flags)", () => {
    app.write("tsconfig.web.json", JSON.stringify(TSCONFIGS.bundler(["web/main.ts"], false), null, 2));
    ok(app.bin("tsc", ["-p", "tsconfig.web.json"]));
  });

  it("compiles the flow with the installed `lawflow`, as the README says", () => {
    const shell = appSnippets().shell!;
    const commands = shell.split("\n").filter((l) => l.startsWith("npx lawflow "));
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) {
      const args = command.replace(/#.*$/, "").trim().split(/\s+/).slice(2);
      ok(app.bin("lawflow", args));
    }
    expect(app.read("src/support.flow.ts")).toContain('from "lawflow/runtime"');
  });

  for (const [name, make] of Object.entries(TSCONFIGS)) {
    for (const skipLibCheck of [false, true]) {
      it(`type-checks the generated module and the runtime: ${name}, skipLibCheck ${skipLibCheck}`, () => {
        const file = `tsconfig.${name}.${skipLibCheck}.json`;
        app.write(file, JSON.stringify(make(["src/bot.ts", "src/main.ts"], skipLibCheck), null, 2));
        expect(ok(app.bin("tsc", ["-p", file, "--noEmit"]))).toBe("");
      });
    }
  }

  it("runs the bot with plain node after tsc emits JavaScript, replying as the README shows, and again after the page is built", () => {
    ok(app.bin("tsc", []));
    // The script the README runs: `npx tsc && node build/main.js`.
    const main = /```sh\nnpx tsc && node (\S+)/.exec(readFileSync(join(ROOT, "README.md"), "utf8"))![1]!;
    expect(ok(app.run(process.execPath, [main])).trimEnd().split("\n")).toEqual(expectedReplies());
    // The README builds the page next: Vite empties its own output folder, which must not be the bot's.
    ok(app.bin("vite", ["build", "--logLevel", "warn"]));
    expect(ok(app.run(process.execPath, [main])).trimEnd().split("\n")).toEqual(expectedReplies());
  });

  it("compiles to JavaScript and declarations for a plain JavaScript app (--emit js)", () => {
    app.write("plain/support.flow", app.read("src/support.flow"));
    ok(app.bin("lawflow", ["compile", "--emit", "js", "plain/support.flow"]));
    expect(app.read("plain/support.flow.d.ts")).toContain("export declare const SupportMachine: MachineDefinition;");
    app.write("plain/chat.mjs", 'import { startSupport } from "./support.flow.js";\nconst chat = startSupport();\nchat.answer("newsletter", false);\nconsole.log(chat.prompt.step);\n');
    expect(ok(app.run(process.execPath, ["plain/chat.mjs"])).trim()).toBe("reply_email");
  });

  it("type-checks and bundles a page with the chat widget from `lawflow/widget` (Vite's flags, Vite's build)", () => {
    app.write(
      "chat/main.ts",
      [
        'import { defineChat, ENGLISH, type OwnWords } from "lawflow/widget";',
        'import { SupportMachine } from "../src/support.flow";',
        "",
        'const words: OwnWords = { send: "Senden", agree: ENGLISH.agree };',
        "defineChat();",
        'const chat = document.createElement("lawflow-chat");',
        'chat.setAttribute("mode", "inline");',
        "chat.options = { words };",
        "document.body.append(chat);",
        "chat.machine = SupportMachine;",
        'chat.addEventListener("lawflow-ready", () => document.body.setAttribute("data-ready", ""));',
        "",
      ].join("\n"),
    );
    app.write("chat/index.html", '<!doctype html>\n<html lang="en">\n  <title>Chat</title>\n  <script type="module" src="./main.ts"></script>\n</html>\n');
    app.write("tsconfig.chat.json", JSON.stringify(TSCONFIGS.bundler(["chat/main.ts"], false), null, 2));
    ok(app.bin("tsc", ["-p", "tsconfig.chat.json"]));
    app.write(
      "chat/build.mjs",
      [
        'import { build } from "vite";',
        'import lawflow from "lawflow/vite";',
        'await build({ root: "chat", configFile: false, logLevel: "warn", plugins: [lawflow({ declarations: false })] });',
      ].join("\n"),
    );
    ok(app.run(process.execPath, ["chat/build.mjs"]));
    const scripts = readdirSync(join(app.dir, "chat/dist/assets")).filter((f) => f.endsWith(".js"));
    expect(scripts).toHaveLength(1);
    expect(app.read(`chat/dist/assets/${scripts[0]}`)).toContain("lawflow-chat");
  });

  it("type-checks and bundles a React page with `useConversation` from `lawflow/react` (Vite's flags and build, React installed by the app)", () => {
    app.write(
      "react/main.tsx",
      [
        'import { createRoot } from "react-dom/client";',
        'import { localStore, useConversation } from "lawflow/react";',
        'import { chatReader } from "lawflow/runtime/chat";',
        'import { SupportMachine, type SupportTypes } from "../src/support.flow";',
        "",
        "function Chat() {",
        '  const chat = useConversation<SupportTypes>(SupportMachine, { store: localStore("app:"), chatReader, onEvent: (e) => console.log(e.type) });',
        "  if (!chat.prompt) return <p>Loading…</p>;",
        '  const consent = chat.prompt.kind === "consent" ? chat.prompt.purpose : undefined;',
        "  return (",
        "    <>",
        '      <p dir="auto">{chat.prompt.text}</p>',
        '      {consent && <button onClick={() => chat.answer("newsletter", true)}>Yes</button>}',
        '      <button onClick={() => chat.answerText("my data")}>My data</button>',
        "      <span>{chat.export().data.length}</span>",
        "    </>",
        "  );",
        "}",
        'createRoot(document.body.appendChild(document.createElement("div"))).render(<Chat />);',
        "",
      ].join("\n"),
    );
    app.write("react/index.html", '<!doctype html>\n<html lang="en">\n  <title>Chat</title>\n  <script type="module" src="./main.tsx"></script>\n</html>\n');
    const tsconfig = TSCONFIGS.bundler(["react/main.tsx"], false);
    tsconfig.compilerOptions.jsx = "react-jsx";
    app.write("tsconfig.react.json", JSON.stringify(tsconfig, null, 2));
    ok(app.bin("tsc", ["-p", "tsconfig.react.json"]));
    app.write(
      "react/build.mjs",
      [
        'import { build } from "vite";',
        'import lawflow from "lawflow/vite";',
        'await build({ root: "react", configFile: false, logLevel: "warn", oxc: { jsx: { runtime: "automatic" } }, plugins: [lawflow({ declarations: false })] });',
      ].join("\n"),
    );
    ok(app.run(process.execPath, ["react/build.mjs"]));
    const scripts = readdirSync(join(app.dir, "react/dist/assets")).filter((f) => f.endsWith(".js"));
    expect(scripts).toHaveLength(1);
    // The hook's bundle imports React by name: the app's own React is the one in the page.
    expect(app.read("node_modules/lawflow/dist/react.js")).toMatch(/from "react"/);
    expect(app.read(`react/dist/assets/${scripts[0]}`)).toContain("useSyncExternalStore");
  });

  it("draws the flow as SVG with the installed package", () => {
    const svg = ok(app.bin("lawflow", ["graph", "--format", "svg", "src/support.flow"]));
    expect(svg).toMatch(/^<\?xml|^<svg/);
    expect(svg).toContain("</svg>");
  });

  it("bundles with Rollup and the plugin, and the bundle runs", () => {
    app.write("rollup/entry.js", 'import { startSupport } from "../src/support.flow";\nconsole.log(startSupport().prompt.text);\n');
    app.write(
      "rollup/build.mjs",
      [
        'import { rollup } from "rollup";',
        'import { nodeResolve } from "@rollup/plugin-node-resolve";',
        'import lawflow from "lawflow/rollup";',
        'const bundle = await rollup({ input: "rollup/entry.js", plugins: [lawflow({ declarations: false }), nodeResolve()] });',
        'await bundle.write({ file: "rollup/out.mjs", format: "es" });',
      ].join("\n"),
    );
    ok(app.run(process.execPath, ["rollup/build.mjs"]));
    expect(ok(app.run(process.execPath, ["rollup/out.mjs"])).trim()).toBe("May we also email you our monthly newsletter?");
  });

  it("reports a broken flow as a build error of each bundler, with file, line and column", () => {
    // The README's mistake: the consent step deleted.
    const broken = app
      .read("src/support.flow")
      .split("\n")
      .filter((line, i, lines) => !line.startsWith("consent ") && !(i > 0 && lines[i - 1]!.startsWith("consent ")))
      .join("\n");
    app.write("broken/support.flow", broken);
    app.write("broken/entry.js", 'import { startSupport } from "./support.flow";\nconsole.log(startSupport());\n');
    app.write(
      "broken/build.mjs",
      [
        'import { build as esbuild } from "esbuild";',
        'import { rollup } from "rollup";',
        'import { build as vite } from "vite";',
        'import lawflowEsbuild from "lawflow/esbuild";',
        'import lawflowRollup from "lawflow/rollup";',
        'import lawflowVite from "lawflow/vite";',
        "const out = {};",
        'try { await esbuild({ entryPoints: ["broken/entry.js"], bundle: true, write: false, logLevel: "silent", plugins: [lawflowEsbuild()] }); }',
        "catch (e) { out.esbuild = { text: e.errors[0].text, location: e.errors[0].location && { file: e.errors[0].location.file, line: e.errors[0].location.line, column: e.errors[0].location.column } }; }",
        'try { await rollup({ input: "broken/entry.js", plugins: [lawflowRollup()] }); }',
        "catch (e) { out.rollup = { text: e.message, loc: e.loc, code: e.pluginCode ?? e.code }; }",
        'try { await vite({ root: "broken", logLevel: "silent", build: { write: false, rollupOptions: { input: "broken/entry.js" } }, plugins: [lawflowVite()] }); }',
        "catch (e) { out.vite = { text: e.message, loc: e.loc }; }",
        "console.log(JSON.stringify(out));",
      ].join("\n"),
    );
    // The bundlers' own output (Vite prints its stack traces) is theirs: only the exit status is checked here.
    const run = app.run(process.execPath, ["broken/build.mjs"]);
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, { text: string; loc?: { file: string; line: number; column: number }; location?: { file: string; line: number; column: number } }>;
    expect(Object.keys(result).sort()).toEqual(["esbuild", "rollup", "vite"]);
    for (const [bundler, error] of Object.entries(result)) {
      // Every diagnostic, with its code frame and hint, at the place of the first.
      // One question serves the reply and the newsletter, so what is missing is the consent step itself (LF310).
      expect(error.text, bundler).toContain("error[LF310]");
      expect(error.text, bundler).toContain("hint: add `consent newsletter");
      expect(error.text, bundler).toContain("broken/support.flow:10:9");
      const place = error.loc ?? error.location;
      if (bundler !== "vite") {
        expect(place!.file.endsWith("broken/support.flow"), `${bundler}: ${place!.file}`).toBe(true);
        expect([place!.line, place!.column], bundler).toEqual([10, 9]);
      }
    }
    // A flow with errors leaves no declarations behind.
    expect(existsSync(join(app.dir, "broken/support.flow.d.ts"))).toBe(false);
  });

  it("in a package that says \"type\": \"commonjs\" (npm init's), runs the flow compiled with --emit mjs by require and by import, and warns of --emit js (LF506)", () => {
    app.write("cjs/package.json", '{ "name": "cjs-part", "private": true, "type": "commonjs" }\n');
    app.write("cjs/support.flow", app.read("src/support.flow"));
    const js = ok(app.bin("lawflow", ["compile", "--emit", "js", "cjs/support.flow"]));
    expect(js).toContain("warning[LF506]: `cjs/support.flow.js` is an ES module, but `cjs/package.json` says `\"type\": \"commonjs\"`");
    expect(ok(app.bin("lawflow", ["compile", "--emit", "mjs", "cjs/support.flow"]))).toBe("wrote cjs/support.flow.mjs and cjs/support.flow.d.mts\n");
    app.write("cjs/bot.js", 'const { startSupport } = require("./support.flow.mjs");\nconsole.log(startSupport().prompt.text);\n');
    app.write("cjs/bot.mjs", 'import { startSupport } from "./support.flow.mjs";\nconsole.log(startSupport().prompt.text);\n');
    for (const script of ["cjs/bot.js", "cjs/bot.mjs"]) expect(ok(app.run(process.execPath, [script])).trim()).toBe("May we also email you our monthly newsletter?");
    // TypeScript in that package (Node's own module system) reads the .d.mts.
    app.write("cjs/bot.ts", 'import { startSupport } from "./support.flow.mjs";\nconst chat = startSupport();\nif (chat.prompt.step === "newsletter") chat.answer("newsletter", false);\n');
    app.write("tsconfig.cjs.json", JSON.stringify(TSCONFIGS.nodenext(["cjs/bot.ts"], false), null, 2));
    expect(ok(app.bin("tsc", ["-p", "tsconfig.cjs.json", "--noEmit"]))).toBe("");
  });

  it("formats .flow files with Prettier and the installed `lawflow/prettier`, and shows a broken one's place without a stack trace", () => {
    app.write("fmt/.prettierrc", '{ "plugins": ["lawflow/prettier"] }\n');
    app.write("fmt/support.flow", app.read("src/support.flow").replace("ask email", "ask    email"));
    app.write("fmt/broken.flow", 'flow Broken version "1.0.0"\nask email "Your email?" for\n');
    const check = app.bin("prettier", ["--check", "fmt/support.flow"]);
    expect(check.status).toBe(1);
    ok(app.bin("prettier", ["--write", "fmt/support.flow"]));
    expect(app.read("fmt/support.flow")).toBe(app.read("src/support.flow"));
    const broken = app.bin("prettier", ["--check", "fmt/broken.flow"]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain("error[LF102]: expected a name, found the end of the file");
    expect(broken.stderr).toMatch(/fmt\/broken\.flow:2:28\n/);
    expect(broken.stderr).toContain("> 2 | ask email");
    expect(broken.stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)|\n\[error\]\s+at /);
  });
});

describe.skipIf(!hasChromium)("the app's page in Chromium", () => {
  let browser: Browser;
  const servers: ChildProcess[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const s of servers) s.kill();
    await browser?.close();
  });

  /** Starts a Vite command (`preview`, or the dev server) in the app and waits until it answers. */
  async function serve(args: readonly string[]): Promise<string> {
    const child = spawn(join(app.dir, "node_modules/.bin/vite"), [...args, "--host", "127.0.0.1", "--port", "0", "--strictPort"], {
      cwd: app.dir,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    servers.push(child);
    let output = "";
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`vite ${args.join(" ")} did not start:\n${output}`)), 60_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const url = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
        if (url) {
          clearTimeout(timer);
          resolve(url[1]!);
        }
      };
      child.stdout!.on("data", read);
      child.stderr!.on("data", read);
      child.on("exit", (code) => reject(new Error(`vite ${args.join(" ")} exited (${code}):\n${output}`)));
    });
  }

  /** `script`: the path of the bundle the page must have loaded, so a test cannot pass on another build's page. */
  async function converse(url: string, script?: string): Promise<void> {
    const page = await browser.newPage();
    const errors: string[] = [];
    const loaded: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("response", (r) => loaded.push(new URL(r.url()).pathname));
    await page.goto(url);
    const prompt = page.locator("output");
    await expect.poll(() => prompt.textContent()).toBe("May we also email you our monthly newsletter?");
    await page.getByLabel("Your answer").fill("no");
    await page.keyboard.press("Enter");
    await expect.poll(() => prompt.textContent()).toBe("Where should we send our answer?");
    await page.getByLabel("Your answer").fill("not an email");
    await page.keyboard.press("Enter");
    await expect.poll(() => prompt.textContent()).toBe("Please give your email address. Where should we send our answer?");
    await expect.poll(() => page.getByLabel("Your answer").inputValue()).toBe("not an email");
    await page.getByLabel("Your answer").fill("ada@example.com");
    await page.keyboard.press("Enter");
    await expect.poll(() => prompt.textContent()).toBe("Thanks! We'll answer within one working day.");
    expect(errors).toEqual([]);
    if (script) expect(loaded).toContain(script);
    await page.close();
  }

  it("runs the Vite build", async () => {
    await converse(await serve(["preview"]));
  });

  it("runs the esbuild bundle", async () => {
    ok(app.run(process.execPath, ["build.mjs"]));
    // Served from a root of its own (esbuild-page/, built to esbuild-page/dist): Vite's preview of the app's root serves the Vite build.
    cpSync(join(app.dir, "public"), join(app.dir, "esbuild-page/dist"), { recursive: true });
    app.write("esbuild-page/dist/index.html", app.read("index.html").replace("/web/main.ts", "/main.js"));
    await converse(await serve(["preview", "esbuild-page"]), "/main.js");
  });

  it("shows the chat widget of the packed package, in the host's words", async () => {
    // The page's own root (chat/, built to chat/dist): Vite's preview of the app's root serves the app's page.
    const url = await serve(["preview", "chat"]);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => void (m.type() === "error" && !m.text().includes("404") && errors.push(m.text())));
    page.on("requestfailed", (r) => errors.push(`${r.url()}: ${r.failure()?.errorText}`));
    await page.goto(url);
    const chat = page.locator("lawflow-chat");
    const question = async () => [errors.join("\n"), await page.locator("body[data-ready]").count(), await chat.locator(".msg.bot p").last().textContent({ timeout: 500 }).catch(() => null)];
    await expect.poll(question, { timeout: 15_000 }).toEqual(["", 1, "May we also email you our monthly newsletter?"]);
    expect(await chat.getByRole("button", { name: "Senden" }).count()).toBe(1);
    await chat.getByRole("button", { name: "No, thanks" }).click();
    await expect.poll(() => chat.locator(".msg.bot p").last().textContent(), { timeout: 10_000 }).toBe("Where should we send our answer?");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("follows an edited flow on the Vite dev server", async () => {
    const url = await serve([]);
    const page = await browser.newPage();
    await page.goto(url);
    const prompt = page.locator("output");
    await expect.poll(() => prompt.textContent(), { timeout: 30_000 }).toBe("May we also email you our monthly newsletter?");
    const flow = app.read("src/support.flow");
    try {
      app.write("src/support.flow", flow.replace("May we also email you our monthly newsletter?", "Shall we send you our newsletter too?"));
      await expect.poll(() => prompt.textContent(), { timeout: 30_000 }).toBe("Shall we send you our newsletter too?");
    } finally {
      app.write("src/support.flow", flow);
    }
    await page.close();
  });
});

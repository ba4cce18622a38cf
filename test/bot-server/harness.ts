// In-process bot servers over real HTTP on loopback, and a small client
// that speaks the API as a browser or a bot frontend would.
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { compileFile, compileSource } from "../../compiler/compile.ts";
import type { MachineDefinition } from "../../runtime/index.ts";
import { createBotServer, type BotOptions, type BotServer } from "../../examples/bot-server/server.ts";
import { SealKeys } from "../../examples/bot-server/seal.ts";

export const KEYS = SealKeys.parse("k1=0123456789abcdef0123456789abcdef");
export const OPERATOR = "operator-0123456789abcdef0123456789";

export const leadMachine = (): MachineDefinition => compileFile("examples/lead-capture/lead.flow", { until: "lower" }).machine!;

/** The lead-capture flow with `edit` applied to its source, compiled. */
export function leadVariant(edit: (source: string) => string): MachineDefinition {
  const source = edit(readFileSync("examples/lead-capture/lead.flow", "utf8"));
  const compiled = compileSource(source, "lead.flow", { until: "lower" });
  if (!compiled.machine) throw new Error(`variant does not compile: ${JSON.stringify(compiled.diagnostics.map((d) => d.message))}`);
  return compiled.machine;
}

export interface Running {
  readonly bot: BotServer;
  readonly base: string;
}

export async function startBot(options: Partial<BotOptions> & Pick<BotOptions, "store">): Promise<Running> {
  const bot = await createBotServer({ machine: leadMachine(), keys: KEYS, operatorToken: OPERATOR, ...options });
  await new Promise<void>((r) => bot.server.listen(0, "127.0.0.1", r));
  return { bot, base: `http://127.0.0.1:${(bot.server.address() as AddressInfo).port}` };
}

export interface Reply {
  readonly status: number;
  readonly json: any;
  readonly headers: Headers;
}

export async function call(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (method === "POST" || method === "DELETE") headers["content-type"] = "application/json";
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  Object.assign(headers, options.headers);
  const res = await fetch(base + path, { method, headers, body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)) });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // Prometheus text, for /metrics.
  }
  return { status: res.status, json, headers: res.headers };
}

/** A person's side of one conversation: remembers the token and the step shown. */
export class Person {
  step: string | null = null;
  constructor(
    readonly base: string,
    readonly id: string,
    readonly token: string,
  ) {}

  static async start(base: string): Promise<Person> {
    const r = await call(base, "POST", "/conversations");
    if (r.status !== 201) throw new Error(`start: ${r.status} ${JSON.stringify(r.json)}`);
    const p = new Person(base, r.json.id, r.json.token);
    p.step = r.json.prompt.step;
    return p;
  }

  /** Answers the step shown; follows the prompt it gets back. */
  async say(text: string, headers?: Record<string, string>): Promise<Reply> {
    const r = await call(this.base, "POST", `/conversations/${this.id}/messages`, { token: this.token, body: { step: this.step, text }, headers });
    if (r.status === 200) this.step = r.json.prompt.step;
    return r;
  }

  get(path: "data" | "receipts" | "record"): Promise<Reply> {
    return call(this.base, "GET", `/conversations/${this.id}/${path}`, { token: this.token });
  }

  post(path: "withdraw" | "object" | "rectify", body: unknown): Promise<Reply> {
    return call(this.base, "POST", `/conversations/${this.id}/${path}`, { token: this.token, body });
  }

  erase(): Promise<Reply> {
    return call(this.base, "DELETE", `/conversations/${this.id}`, { token: this.token });
  }
}

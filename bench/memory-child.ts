/**
 * Child process of the memory benchmark (bundled by bench/plain.ts and run with `node --expose-gc`):
 * creates N conversations of one engine, answers the first K questions of
 * the scripted walk in each, holds them all, and prints the heap growth per
 * conversation as JSON. One engine per process, so nothing else is on the heap.
 *
 *   memory-child.ts MACHINE.json ENGINE N K
 */
import { readFileSync } from "node:fs";
import { createConversation } from "../runtime/index.ts";
import type { MachineDefinition } from "../runtime/machine.ts";
import { fsmMachine } from "./peers/fsm.ts";
import { xstateMachine } from "./peers/xstate.ts";
import { planWalk } from "./walk.ts";
import { createActor } from "xstate";
import { interpret } from "@xstate/fsm";

const [machinePath, engine, nText, kText] = process.argv.slice(2);
const M = JSON.parse(readFileSync(machinePath!, "utf8")) as MachineDefinition;
const n = Number(nText);
const script = planWalk(M).slice(0, Number(kText));
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");

// Machines are built before the baseline: they are shared by all conversations.
const xm = engine === "xstate" ? xstateMachine(M) : undefined;
const fm = engine === "fsm" ? fsmMachine(M) : undefined;
const make = (): unknown => {
  switch (engine) {
    case "lawflow": {
      const c = createConversation(M);
      for (const a of script) c.answer(a.step as never, a.value as never);
      return c;
    }
    case "xstate": {
      const actor = createActor(xm!).start();
      for (const a of script) actor.send({ type: "ANSWER", value: a.value });
      return actor;
    }
    case "fsm": {
      const service = interpret(fm!).start();
      for (const a of script) service.send({ type: "ANSWER", value: a.value } as never);
      return service;
    }
    default:
      throw new Error(`unknown engine ${engine}`);
  }
};
// Warm up (code, inline caches, lazily built tables) before the baseline.
const warm: unknown[] = [];
for (let i = 0; i < 1000; i++) warm.push(make());
warm.length = 0;
gc();
gc();
const before = process.memoryUsage().heapUsed;
const held: unknown[] = new Array(n);
for (let i = 0; i < n; i++) held[i] = make();
gc();
gc();
const after = process.memoryUsage().heapUsed;
// `held` itself is n pointers (8 bytes each, or 4 with pointer compression): counted, as a server holds a list too.
console.log(JSON.stringify({ engine, n, answers: script.length, bytesPerConversation: (after - before) / n, held: held.length }));

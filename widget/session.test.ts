import { describe, expect, it, vi } from "vitest";
import type { LawflowEvent } from "lawflow/runtime";
import { LeadCaptureMachine } from "../examples/lead-capture/lead.flow.ts";
import { Session } from "./session.ts";
import { ENGLISH } from "./words.ts";
import type { ChatStore, StoredChat } from "./store.ts";

/** The transcript's reference to a step of the lead-capture flow (its node), as the bot's line asking it is kept. */
const step = (id: string) => LeadCaptureMachine.nodes.findIndex((n) => "id" in n && n.id === id);

/** A store in memory, as a host's server would be. */
function memory(initial?: StoredChat | (() => never)): ChatStore & { saved?: StoredChat; saves: number } {
  const store = {
    saved: typeof initial === "object" ? initial : undefined,
    saves: 0,
    load: () => (typeof initial === "function" ? initial() : store.saved),
    save: (_: string, chat: StoredChat) => {
      store.saves++;
      store.saved = structuredClone(chat);
    },
  };
  return store;
}

async function open(
  store: ChatStore,
  events: LawflowEvent[] = [],
  onSaveError: (e: unknown) => void = (e) => {
    throw e;
  },
): Promise<Session> {
  const session = new Session(LeadCaptureMachine, store, { method: "web-chat" }, (e) => events.push(e), onSaveError);
  await session.open();
  return session;
}

const settle = () => new Promise((done) => setTimeout(done, 0));

async function toEnd(session: Session): Promise<void> {
  session.send("Acme");
  session.choose("pro", "Pro");
  session.send("1987");
  session.choose(true, "Yes, I agree");
  session.send("bob@example.com");
  await settle();
}

describe("Session", () => {
  it("starts, saves after every step, and resumes exactly where it was", async () => {
    const store = memory();
    const session = await open(store);
    session.send("Acme");
    await settle();
    expect(store.saves).toBe(2);
    const again = await open(store);
    expect(again.chat.prompt.step).toBe("plan");
    expect(again.transcript).toEqual(session.transcript);
    expect(again.notice).toBe("");
  });

  it("keeps no answer in the stored transcript: answers by field, bot lines that quote them by step", async () => {
    const store = memory();
    const session = await open(store);
    await toEnd(session);
    expect(session.chat.prompt.text).toBe("Thanks, Acme! Your quote is on its way.");
    expect(JSON.stringify(store.saved!.transcript)).not.toMatch(/Acme|bob@|\b1987\b/);
    expect(session.transcript.filter((e) => e.by === "you").map((e) => e.field ?? e.text)).toEqual(["company", "plan", "birth_year", "Yes, I agree", "email"]);
  });

  it("Art. 7(1): shows the person the receipt code of each consent decision, the code of its receipt", async () => {
    const session = await open(memory());
    await toEnd(session);
    const [given] = session.chat.receipts();
    const notes = session.transcript.filter((e) => e.by === "note").map((e) => e.text);
    expect(notes).toEqual([`Your receipt code: 0-${given!.hash.slice(0, 16)}. Keep it: it lets you check our record of this decision.`]);
    session.send("stop");
    expect(session.transcript.at(-1)!.text).toBe(`Your receipt code: 1-${session.chat.receipts()[1]!.hash.slice(0, 16)}. Keep it: it lets you check our record of this decision.`);
  });

  it("refuses answers with control or bidi-override characters, and words range refusals with their bounds", async () => {
    const session = await open(memory());
    expect(session.send("\u202Etxt.exe").error).toMatch(/invisible control characters/);
    expect(session.send("a\u0007b").error).toMatch(/invisible control characters/);
    expect(session.chat.prompt.step).toBe("company");
    session.send("Acme\tLtd");
    expect(session.chat.dataFor("quote")).toEqual({ company: "Acme Ltd" });
    session.choose("basic", "Basic");
    expect(session.send("3000").error).toBe("Please give a number from 1900 to 2026.");
  });

  it("answers chat commands: what is held, withdrawal, erasure; and says so after the end", async () => {
    const events: LawflowEvent[] = [];
    const store = memory();
    const session = await open(store, events);
    await toEnd(session);
    expect(session.send("my data")).toEqual({ showData: true });
    expect(session.send("Hello?").error).toMatch(/This conversation has ended/);
    session.send("stop");
    expect(session.transcript.at(-2)).toMatchObject({
      by: "note",
      text: "Consent for “Email you our monthly newsletter” withdrawn.",
    });
    session.send("forget me");
    session.confirmErase(true);
    await settle();
    expect(session.transcript).toEqual([
      expect.objectContaining({
        by: "note",
        text: expect.stringContaining("erased"),
      }),
    ]);
    expect(JSON.stringify(store.saved)).not.toMatch(/Acme|bob@|\b1987\b/);
    expect(events.map((e) => e.type)).toContain("erased");
  });

  it("does not say consent was withdrawn when a withdrawal phrase comes before any consent was given", async () => {
    const session = await open(memory());
    session.send("Acme");
    session.send("stop");
    expect(session.transcript.slice(-2)).toEqual([
      expect.objectContaining({ by: "you", text: "stop" }),
      expect.objectContaining({ by: "note", text: "You have not consented to “Email you our monthly newsletter”." }),
    ]);
    expect(session.chat.receipts()).toEqual([]);
    expect(session.chat.prompt.step).toBe("plan");
  });

  it("takes a typed “why?” as a question about the question: nothing stored, the question still waiting", async () => {
    const events: LawflowEvent[] = [];
    const store = memory();
    const session = await open(store, events);
    await settle();
    const saves = store.saves;
    const transcript = [...session.transcript];
    for (const typed of ["why?", "Why", "  WHY  ?", "why do you ask?", "Why are you asking?", "why   are you asking"]) {
      expect(session.send(typed), typed).toEqual({ why: true });
      expect(session.chat.prompt.step).toBe("company");
    }
    expect(session.chat.export().data).toEqual([]);
    expect(events.filter((e) => e.type === "stored")).toEqual([]);
    expect(session.transcript).toEqual(transcript);
    await settle();
    expect(store.saves).toBe(saves);
    // An answer that only contains "why" is an answer.
    expect(session.send("Why Not Ltd")).toEqual({ showData: false });
    expect(session.held.get("company")).toBe("Why Not Ltd");
    // At a consent request too; in another language, that language's phrases.
    session.choose("pro", "Pro");
    session.send("1987");
    expect(session.chat.prompt.kind).toBe("consent");
    expect(session.send("why?")).toEqual({ why: true });
    expect(session.chat.prompt.kind).toBe("consent");
    const german = new Session(LeadCaptureMachine, memory(), { words: { ...ENGLISH, whyPhrases: ["warum", "wozu brauchen sie das"] } }, () => {}, () => {});
    await german.open();
    expect(german.send("Warum?")).toEqual({ why: true });
    expect(german.send("Wozu brauchen Sie das?")).toEqual({ why: true });
    expect(german.send("why?")).toEqual({ showData: false });
    expect(german.held.get("company")).toBe("why?");
  });

  it("asks before a typed “forget me” erases anything, as the panel's button does; only a yes erases", async () => {
    const events: LawflowEvent[] = [];
    const store = memory();
    const session = await open(store, events);
    session.send("Acme");
    session.send("Forget me!");
    expect(session.erasing).toBe(true);
    expect(session.transcript.slice(-2)).toEqual([
      expect.objectContaining({ by: "you", text: "Forget me!" }),
      expect.objectContaining({
        by: "bot",
        text: expect.stringMatching(/^Erase everything we hold about you\?/),
      }),
    ]);
    expect(session.chat.dataFor("quote")).toEqual({ company: "Acme" });
    // Cancel: nothing erased, the conversation goes on where it was, its question asked again (and so the last bot line, which names the text box).
    session.confirmErase(false);
    expect(session.erasing).toBe(false);
    expect(session.transcript.slice(-2)).toEqual([
      expect.objectContaining({ by: "note", text: "Nothing was erased." }),
      expect.objectContaining({ by: "bot", node: step("plan"), why: ["quote"] }),
    ]);
    expect(session.chat.dataFor("quote")).toEqual({ company: "Acme" });
    expect(session.chat.prompt.step).toBe("plan");
    // Anything else typed cancels too, and is taken as what it is.
    session.send("delete my data");
    session.send("pro");
    expect(session.erasing).toBe(false);
    expect(session.chat.prompt.step).toBe("birth_year");
    expect(events.map((e) => e.type)).not.toContain("erased");
    // At a yes/no prompt, a typed no answers the erase question, not the flow's: consent is not refused.
    session.send("1987");
    expect(session.chat.prompt.kind).toBe("consent");
    session.send("forget me");
    session.send("No");
    expect(session.transcript.slice(-3)).toEqual([
      expect.objectContaining({ by: "you", text: "No" }),
      expect.objectContaining({ by: "note", text: "Nothing was erased." }),
      expect.objectContaining({ by: "bot", node: step("newsletter") }),
    ]);
    expect(session.chat.prompt.kind).toBe("consent");
    expect(session.chat.receipts()).toEqual([]);
    // So does a button: while the question waits, the buttons are its Yes and Cancel.
    session.send("forget me");
    session.choose(false, "Cancel");
    expect(session.transcript.slice(-3)).toEqual([
      expect.objectContaining({ by: "you", text: "Cancel" }),
      expect.objectContaining({ by: "note", text: "Nothing was erased." }),
      expect.objectContaining({ by: "bot", node: step("newsletter") }),
    ]);
    expect(session.chat.receipts()).toEqual([]);
    // A yes, typed or pressed, erases (and gives no consent).
    session.send("forget me");
    session.send("yes");
    expect(session.chat.receipts().map((r) => r.decision)).toEqual(["erased"]);
    session.restart();
    session.send("forget me");
    session.confirmErase(true);
    await settle();
    expect(session.chat.export().data).toEqual([]);
    expect(events.map((e) => e.type)).toContain("erased");
    expect(JSON.stringify(store.saved)).not.toMatch(/Acme/);
  });

  it("keeps an unanswered erase question with the chat, so that after a reload it is asked, and answered, as before", async () => {
    const store = memory();
    const session = await open(store);
    session.send("Acme");
    session.send("forget me");
    await settle();
    expect(store.saved?.erasing).toBe(true);
    // After the reload a typed yes still answers the erase question, not the flow's.
    const typed = await open(store);
    expect(typed.erasing).toBe(true);
    expect(typed.transcript.at(-1)).toMatchObject({ by: "bot", text: expect.stringMatching(/^Erase everything/) });
    typed.send("no");
    expect(typed.transcript.at(-2)).toMatchObject({ by: "note", text: "Nothing was erased." });
    expect(typed.transcript.at(-1)).toMatchObject({ by: "bot", node: step("plan") });
    expect(typed.chat.dataFor("quote")).toEqual({ company: "Acme" });
    await settle();
    expect(store.saved?.erasing).toBeUndefined();

    // The panel's question: kept while asked, gone when cancelled; a yes after the reload erases.
    typed.askInPanel(true);
    await settle();
    expect(store.saved?.erasingInPanel).toBe(true);
    const panel = await open(store);
    expect([panel.erasing, panel.erasingInPanel]).toEqual([false, true]);
    panel.askInPanel(false);
    await settle();
    expect((await open(store)).erasingInPanel).toBe(false);
    panel.askInPanel(true);
    await settle();
    const again = await open(store);
    again.erase();
    await settle();
    expect(again.chat.export().data).toEqual([]);
    expect(store.saved?.erasingInPanel).toBeUndefined();
    expect((await open(store)).erasingInPanel).toBe(false);
  });

  it("says its own words in the language it is given", async () => {
    const words = {
      ...ENGLISH,
      typeFirst: "Bitte zuerst eine Antwort eingeben.",
      eraseAsk: "Alles löschen?",
      range: (min: number, max: number) => `Bitte eine Zahl von ${min} bis ${max}.`,
    };
    const session = new Session(
      LeadCaptureMachine,
      memory(),
      { words },
      () => {},
      () => {},
    );
    await session.open();
    expect(session.send("  ").error).toBe("Bitte zuerst eine Antwort eingeben.");
    session.send("Acme");
    session.choose("basic", "Basic");
    expect(session.send("3000").error).toBe("Bitte eine Zahl von 1900 bis 2026.");
    session.send("forget me");
    expect(session.transcript.at(-1)).toMatchObject({
      by: "bot",
      text: "Alles löschen?",
    });
  });

  it("archives the receipts of a stored chat of another version, and explains the new start", async () => {
    const store = memory();
    const session = await open(store);
    session.send("Acme");
    session.choose("pro", "Pro");
    session.choose(null, "Skip");
    session.choose(false, "No, thanks");
    await settle();
    const snapshot = JSON.parse(store.saved!.snapshot);
    store.saved = {
      ...store.saved!,
      snapshot: JSON.stringify({ ...snapshot, version: "0.9.0" }),
    };
    const again = await open(store);
    expect(again.chat.prompt.step).toBe("company");
    expect(again.notice).toBe(
      "This chat was updated (version 0.9.0 → 1.0.0), so a new conversation has started. Your earlier consent receipts are kept under “Your data”.",
    );
    expect(again.archive).toEqual([
      {
        version: "0.9.0",
        archivedAt: expect.any(String),
        receipts: [
          expect.objectContaining({
            decision: "refused",
            purpose: "newsletter",
          }),
        ],
      },
    ]);
    await settle();
    expect(store.saved!.archive).toHaveLength(1);
  });

  it("starts afresh, its receipts archived, when a receipt of the stored chat was changed", async () => {
    const store = memory();
    const session = await open(store);
    await toEnd(session);
    const saved = store.saved!;
    store.saved = { ...saved, snapshot: saved.snapshot.replace('"decision":"given"', '"decision":"refused"') };
    expect(store.saved.snapshot).not.toBe(saved.snapshot);
    const again = await open(store);
    expect(again.notice).toBe("Your saved conversation could not be restored, so a new one has started. Your earlier consent receipts are kept under “Your data”.");
    expect(again.chat.prompt.step).toBe("company");
    expect(again.archive[0]!.receipts).toEqual(saved.receipts);
    await settle();
    expect(store.saved!.archive).toHaveLength(1);
  });

  it("starts afresh when the store fails or holds something else", async () => {
    const broken = await open(
      memory(() => {
        throw new SyntaxError("Unexpected token");
      }),
    );
    expect(broken.notice).toBe("Your saved conversation could not be read, so a new one has started.");
    const odd = await open(
      memory({
        snapshot: "{}",
        receipts: "no" as never,
        transcript: [{ by: "bot", at: "x" }] as never,
        archive: {} as never,
      }),
    );
    expect(odd.notice).toBe("Your saved conversation could not be restored, so a new one has started.");
    expect(odd.archive).toEqual([]);
    expect(odd.chat.prompt.step).toBe("company");
    // A server that answers `{}` (or `{ "error": … }`) for a chat it does not have: a new chat, told as one, its first question shown and saved.
    const none = memory({ error: "not found" } as never);
    const fresh = await open(none);
    expect(fresh.notice).toBe("");
    expect(fresh.chat.prompt.step).toBe("company");
    const lines = (session: Session) => session.transcript.map(({ at: _, ...line }) => line);
    expect(lines(fresh)).toEqual(lines(await open(memory())));
    expect(none.saves).toBe(1);
  });

  it("saves in order, one at a time, and reports a failed save", async () => {
    const order: string[] = [];
    const slowFirst: ChatStore = {
      load: () => null,
      save: (_, chat) => {
        const saved = String(chat.transcript.length);
        order.push(`start ${saved}`);
        return new Promise<void>((done) => setTimeout(() => (order.push(`end ${saved}`), done()), order.length > 1 ? 0 : 30));
      },
    };
    const session = await open(slowFirst);
    session.send("Acme");
    // Waited for, not timed: the machine running the tests may be slow.
    await vi.waitFor(() => expect(order).toHaveLength(4));
    expect(order).toEqual(["start 2", "end 2", "start 4", "end 4"]);

    const failed = vi.fn();
    const full = await open(
      {
        load: () => null,
        save: () => {
          throw new Error("QuotaExceededError");
        },
      },
      [],
      failed,
    );
    full.send("Acme");
    await settle();
    expect(failed).toHaveBeenCalledTimes(2);
  });
});

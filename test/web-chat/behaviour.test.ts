// The widget's behaviour around the conversation, in Chromium at one width:
// resuming from what a store holds (another version, corrupted, the host's own
// store), the pause before the bot speaks, the live region, dark mode and
// reduced motion, bidirectional text, the download, and the host's events.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { checkState, HAS_BROWSER, launch, serveSites } from "./browser.ts";
import { botSays, button, focused, log, panel, replies, reply, say, stored, widget } from "./helpers.ts";

describe.skipIf(!HAS_BROWSER)("the chat widget's behaviour", () => {
  let browser: Browser;
  let url: string;
  let close: () => Promise<void>;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ url, close } = await serveSites());
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await close?.();
  });
  beforeEach(async () => {
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 390, height: 800 } });
    page = await context.newPage();
    page.on("pageerror", (e) => {
      throw e;
    });
  });
  afterEach(async () => {
    await context?.close();
  });

  /** The lead-capture flow, inline, up to its consent request. */
  async function toConsent(query = ""): Promise<void> {
    await page.goto(`${url}?flow=lead${query}`);
    await botSays(page, "Which company are you with?");
    await say(page, "Umbrella");
    await reply(page, "Pro").click();
    await botSays(page, "What year were you born?");
    await say(page, "1999");
    await botSays(page, "May we email you");
  }

  const events = () => page.evaluate(() => (window as unknown as { lawflowEvents: { type: string; detail: Record<string, unknown> }[] }).lawflowEvents.map((e) => e.type));

  it("keeps the consent receipts of a conversation of another version, and says why it starts again", async () => {
    await toConsent();
    await reply(page, "Yes, I agree").click();
    await botSays(page, "What's your email address?");
    await page.evaluate(() => {
      const chat = JSON.parse(localStorage.getItem("lawflow:LeadCapture")!);
      const snapshot = JSON.parse(chat.snapshot);
      snapshot.version = "0.9.0";
      chat.snapshot = JSON.stringify(snapshot);
      localStorage.setItem("lawflow:LeadCapture", JSON.stringify(chat));
    });
    for (let i = 0; i < 2; i++) {
      await page.reload();
      await botSays(page, "Which company are you with?");
      expect(await widget(page).locator(".notice").innerText()).toBe(
        "This chat was updated (version 0.9.0 → 1.0.0), so a new conversation has started. Your earlier consent receipts are kept under “Your data”.",
      );
    }
    expect(await log(page).innerText()).not.toContain("Umbrella");
    await button(widget(page), "Your data").click();
    expect(await panel(page).locator(".archived li[data-decision=given]").count()).toBe(1);
    expect(await panel(page).innerText()).toContain("From an earlier version (0.9.0)");
    await checkState(page, "behaviour-archived");
    // A new conversation clears the notice; the archive stays.
    await button(panel(page), "Back to chat").click();
    await say(page, "forget me");
    await reply(page, "Yes, erase everything").click();
    await reply(page, "Start a new conversation").click();
    await botSays(page, "Which company are you with?");
    expect(await widget(page).locator(".notice").isVisible()).toBe(false);
    expect(await stored(page, "LeadCapture")).toContain('"version":"0.9.0"');
  });

  it("starts afresh, without an error, when what was stored is corrupted or tampered with", async () => {
    await page.goto(`${url}?flow=lead`);
    await botSays(page, "Which company are you with?");
    await page.evaluate(() => localStorage.setItem("lawflow:LeadCapture", "{not json"));
    await page.reload();
    await botSays(page, "Which company are you with?");
    expect(await widget(page).locator(".notice").innerText()).toBe("Your saved conversation could not be read, so a new one has started.");

    await toConsent();
    await reply(page, "No, thanks").click();
    await botSays(page, "Where should we send the quote?");
    await page.evaluate(() => {
      const chat = JSON.parse(localStorage.getItem("lawflow:LeadCapture")!);
      chat.snapshot = chat.snapshot.replace("Umbrella", "Umbrellb");
      localStorage.setItem("lawflow:LeadCapture", JSON.stringify(chat));
    });
    await page.reload();
    await botSays(page, "Which company are you with?");
    expect(await widget(page).locator(".notice").innerText()).toContain("could not be restored");
    await button(widget(page), "Your data").click();
    expect(await panel(page).locator(".archived li[data-decision=refused]").count()).toBe(1);
  });

  it("keeps what was typed, and the question, through an action in “Your data”", async () => {
    await toConsent();
    await reply(page, "Yes, I agree").click();
    await botSays(page, "What's your email address?");
    await widget(page).locator("form input[name=answer]").fill("bob@exam");
    await button(widget(page), "Your data").click();
    await button(panel(page), "Withdraw consent: Email you our monthly newsletter").click();
    expect(await focused(page)).toBe("h2#panel-title");
    await button(panel(page), "Back to chat").click();
    expect(await focused(page)).toBe("input.answer");
    expect(await widget(page).locator("form input[name=answer]").inputValue()).toBe("bob@exam");
    expect(await log(page).innerText()).toContain("Consent for “Email you our monthly newsletter” withdrawn.");
    // Still the same question, now for the quote alone.
    await say(page, "bob@example.com");
    await botSays(page, "Thanks, Umbrella!");
  });

  it("keeps the chat in the host's own store when given one", async () => {
    await toConsent("&store=host");
    await reply(page, "No, thanks").click();
    await botSays(page, "Where should we send the quote?");
    await page.reload();
    await botSays(page, "Where should we send the quote?");
    expect(await log(page).innerText()).toContain("Umbrella");
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
    expect(await page.evaluate(() => sessionStorage.getItem("host:LeadCapture"))).toContain('"snapshot"');
  });

  it("pauses before the bot speaks, with a typing indicator hidden from screen readers; a visitor who answers first is not held up", async () => {
    await page.goto(`${url}?flow=lead&delay=600`);
    await botSays(page, "Which company are you with?");
    await say(page, "Initech");
    const typing = widget(page).locator(".typing");
    expect(await typing.isVisible()).toBe(true);
    expect(await typing.getAttribute("aria-hidden")).toBe("true");
    expect(await log(page).innerText()).toContain("Initech");
    expect(await log(page).innerText()).not.toContain("Which plan");
    await botSays(page, "Which plan are you interested in?");
    expect(await typing.isVisible()).toBe(false);
    // Typed before the pause ends: the question appears at once, then the answer is taken.
    await say(page, "basic");
    await say(page, "1970");
    await botSays(page, "May we email you");
    expect(await log(page).innerText()).toContain("What year were you born?");
  });

  it("takes any compiled flow: a date typed or picked, yes/no as buttons, numbers and phone numbers with their keyboards", async () => {
    await page.goto(`${url}?flow=visit`);
    await botSays(page, "Which day would you like to come?");
    const box = widget(page).locator("form input[name=answer]");
    expect(await box.evaluate((e: HTMLInputElement) => [e.type, e.inputMode])).toEqual(["text", "text"]);
    // A command still works at a date prompt.
    await say(page, "my data");
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    await button(panel(page), "Back to chat").click();
    await say(page, "15/01/2027");
    await expect.poll(() => widget(page).locator(".err").innerText()).toBe("Please give the day of your visit (YYYY-MM-DD).");
    await widget(page).getByLabel("Pick a date").fill("2027-01-15");
    expect(await box.inputValue()).toBe("2027-01-15");
    expect(await focused(page)).toBe("input.answer");
    await checkState(page, "behaviour-date");
    await box.press("Enter");
    await botSays(page, "Is this your first visit?");
    await reply(page, "No").click();
    await botSays(page, "How far will you travel, in km?");
    expect(await widget(page).locator(".msg.you").last().innerText()).toContain("No");
    expect(await box.evaluate((e: HTMLInputElement) => e.inputMode)).toBe("decimal");
    await say(page, "12.5");
    await botSays(page, "Which number can we call to confirm?");
    expect(await box.evaluate((e: HTMLInputElement) => [e.inputMode, e.autocomplete])).toEqual(["tel", "tel"]);
    await say(page, "+44 20 7946 0000");
    await botSays(page, "Thanks! We'll call to confirm your visit on 2027-01-15.");
    await checkState(page, "behaviour-visit-ended");
  });

  it("starts a chat whose machine and options were set before the element was defined", async () => {
    await page.goto(`${url}?flow=lead`);
    await botSays(page, "Which company are you with?");
    await page.evaluate(() => {
      const w = window as unknown as { lawflowMachines: Record<string, unknown>; lawflowDefine: (tag: string) => void };
      const late = document.createElement("late-chat") as HTMLElement & { machine?: unknown; options?: unknown };
      late.setAttribute("mode", "inline");
      const kept: string[] = [];
      late.options = { store: { load: () => null, save: (id: string) => void kept.push(id) } };
      Object.assign(window, { lateSaves: kept });
      late.machine = w.lawflowMachines.support;
      document.body.append(late);
      w.lawflowDefine("late-chat");
    });
    await expect.poll(() => page.locator("late-chat .msg.bot p").last().innerText()).toBe("What's the problem?");
    // Its own store, not localStorage.
    expect(await page.evaluate(() => (window as unknown as { lateSaves: string[] }).lateSaves)).toEqual(["Support"]);
    expect(await page.evaluate(() => localStorage.getItem("lawflow:Support"))).toBeNull();
  });

  it("appends messages to the live region without redrawing the earlier ones", async () => {
    await page.goto(`${url}?flow=lead`);
    await botSays(page, "Which company are you with?");
    await widget(page).evaluate((el) => el.shadowRoot!.querySelectorAll(".log .msg").forEach((m) => m.setAttribute("data-seen", "")));
    await say(page, "Acme");
    await botSays(page, "Which plan");
    const marks = await widget(page).evaluate((el) => Array.from(el.shadowRoot!.querySelectorAll(".log .msg")).map((m) => m.hasAttribute("data-seen")));
    expect(marks).toEqual([true, true, false, false]);
    expect(await log(page).getAttribute("aria-label")).toBe("Conversation");
  });

  it("isolates right-to-left answers in <bdi> and lets every message find its own direction", async () => {
    await page.goto(`${url}?flow=lead`);
    await botSays(page, "Which company are you with?");
    await say(page, "شركة الأمل");
    await botSays(page, "Which plan");
    const you = widget(page).locator(".msg.you p");
    expect(await you.getAttribute("dir")).toBe("auto");
    expect(await you.locator("bdi").innerText()).toBe("شركة الأمل");
    expect(await widget(page).locator(".msg.bot p").first().getAttribute("dir")).toBe("auto");
  });

  it("says its own words in the language the host gives, German or Arabic right to left, and stays accessible and within the screen", async () => {
    await page.goto(`${url}?flow=lead&lang=de`);
    await botSays(page, "Which company are you with?");
    expect(await widget(page).getByRole("button", { name: "Senden" }).count()).toBe(1);
    expect(await widget(page).locator("summary").first().innerText()).toBe("Warum fragen wir?");
    expect(await log(page).getAttribute("aria-label")).toBe("Gespräch");
    await say(page, "Umbrella");
    await reply(page, "Pro").click();
    await botSays(page, "What year were you born?");
    await say(page, "3000");
    await expect.poll(() => widget(page).locator(".err").innerText()).toBe("Bitte eine Zahl von 1900 bis 2026.");
    await say(page, "1999");
    await botSays(page, "May we email you");
    expect(await replies(page).allInnerTexts()).toEqual(["Ja, ich willige ein", "Nein, danke"]);
    await checkState(page, "behaviour-german-consent");
    await say(page, "forget me");
    await botSays(page, "Alles löschen, was wir über Sie gespeichert haben?");
    expect(await replies(page).allInnerTexts()).toEqual(["Ja, alles löschen", "Abbrechen"]);
    await button(widget(page), "Ihre Daten").click();
    expect(await panel(page).innerText()).toContain("unsere berechtigten Interessen");
    await checkState(page, "behaviour-german-data");

    await page.evaluate(() => localStorage.clear());
    await page.goto(`${url}?flow=lead&lang=ar`);
    await botSays(page, "Which company are you with?");
    const win = widget(page).locator(".win");
    expect(await win.evaluate((e) => getComputedStyle(e).direction)).toBe("rtl");
    // The text box comes first in reading order, so it is on the right, the Send button to its left.
    const send = await widget(page).getByRole("button", { name: "إرسال" }).boundingBox();
    const box = await widget(page).locator("form input[name=answer]").boundingBox();
    expect(send!.x).toBeLessThan(box!.x);
    await say(page, "Umbrella");
    await reply(page, "Pro").click();
    await botSays(page, "What year were you born?");
    await say(page, "1999");
    await botSays(page, "May we email you");
    expect(await replies(page).allInnerTexts()).toEqual(["نعم، أوافق", "لا، شكرًا"]);
    // The visitor's own messages sit at the inline end: the left, in a right-to-left page.
    const mine = await widget(page).locator(".msg.you").first().boundingBox();
    const theirs = await widget(page).locator(".msg.bot").first().boundingBox();
    expect(mine!.x).toBeLessThan(theirs!.x);
    await checkState(page, "behaviour-arabic-rtl");
  });

  it("is accessible in dark mode and with reduced motion", async () => {
    await page.emulateMedia({ colorScheme: "dark", reducedMotion: "reduce" });
    await toConsent();
    expect(await widget(page).locator(".msg").last().evaluate((e) => getComputedStyle(e).animationName)).toBe("none");
    const background = await widget(page).locator(".win").evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(background).toBe("rgb(21, 24, 30)");
    await checkState(page, "behaviour-dark-consent");
    await reply(page, "Yes, I agree").click();
    await botSays(page, "What's your email address?");
    await say(page, "not an email");
    await expect.poll(() => widget(page).locator(".err").innerText()).toBe("Please give your email address.");
    await checkState(page, "behaviour-dark-refused");
    await button(widget(page), "Your data").click();
    await checkState(page, "behaviour-dark-data");
  });

  it("keeps the question naming the text box through typed commands, asks it again after a cancelled erasure, and withdraws no consent never given", async () => {
    await page.goto(`${url}?flow=lead`);
    await botSays(page, "Which company are you with?");
    await say(page, "Umbrella");
    await botSays(page, "Which plan are you interested in?");
    const named = () => page.getByRole("textbox", { name: "Which plan are you interested in?" }).count();
    // The flow's withdrawal phrase before its consent was asked: nothing is withdrawn, and the chat says so.
    await say(page, "stop");
    await expect.poll(() => log(page).innerText()).toContain("You have not consented to “Email you our monthly newsletter”.");
    expect(await log(page).innerText()).not.toContain("withdrawn");
    // A command and its note do not take the question's name from the text box.
    expect(await named()).toBe(1);
    await say(page, "what do you know about me");
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    await page.keyboard.press("Escape");
    expect(await focused(page)).toBe("input.answer");
    expect(await named()).toBe(1);
    // Erasure typed, then cancelled by keyboard: the flow's question is asked again, last, and names the text box.
    await say(page, "forget me");
    await botSays(page, "Erase everything we hold about you?");
    await page.keyboard.press("Shift+Tab");
    expect(await focused(page)).toBe("button:Cancel");
    await page.keyboard.press("Enter");
    await botSays(page, "Which plan are you interested in?");
    expect(await focused(page)).toBe("input.answer");
    expect(await named()).toBe(1);
    expect(await replies(page).allInnerTexts()).toEqual(["Basic", "Pro", "Enterprise"]);
    await checkState(page, "behaviour-erase-cancelled");
  });

  it("fills a short viewport (200% zoom of a 1280 × 900 window), and “Your data” ends with a line above the footer", async () => {
    const zoomed = await browser.newContext({ viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 });
    const small = await zoomed.newPage();
    try {
      await small.goto(`${url}example/`);
      await small.keyboard.press("Tab");
      await small.keyboard.press("Enter");
      await botSays(small, "Which company are you with?");
      // Floating above the launcher, the conversation had about 100 px of the 450.
      expect(await widget(small).locator(".win").boundingBox()).toEqual({ x: 0, y: 0, width: 640, height: 450 });
      expect(await widget(small).locator(".log").evaluate((e) => e.getBoundingClientRect().height)).toBeGreaterThan(200);
      await checkState(small, "behaviour-zoom-200");
      await button(widget(small), "Your data").click();
      expect(await panel(small).evaluate((e) => getComputedStyle(e).borderBottomWidth)).toBe("1px");
      await checkState(small, "behaviour-zoom-200-data");
    } finally {
      await zoomed.close();
    }
  });

  it("keeps keyboard focus in the window while it fills the screen, a modal dialog; beside the page, the page stays reachable", async () => {
    const walk = async (p: Page, key: string) => {
      const seen: string[] = [];
      for (let i = 0; i < 14; i++) {
        await p.keyboard.press(key);
        seen.push(await focused(p));
      }
      return seen;
    };
    for (const viewport of [{ width: 320, height: 640 }, { width: 640, height: 450 }, { width: 1280, height: 900 }]) {
      const sized = await browser.newContext({ viewport });
      const p = await sized.newPage();
      try {
        await p.goto(`${url}?flow=lead&mode=launcher`);
        // Something of the host's own to reach, before and after the widget.
        await p.evaluate(() => {
          const link = (text: string) => Object.assign(document.createElement("a"), { href: "#", textContent: text });
          document.querySelector("main")!.prepend(link("Before"));
          document.querySelector("main")!.append(link("After"));
        });
        await widget(p).locator(".launcher").click();
        await botSays(p, "Which company are you with?");
        const back = await walk(p, "Shift+Tab");
        const forth = await walk(p, "Tab");
        const full = viewport.width <= 480 || viewport.height <= 540;
        if (full) {
          // Round and round the window's controls: never the launcher it covers ("button:"), never the page ("a", "body").
          for (const seen of [back, forth]) {
            expect(seen.filter((f) => !/[:#.]/.test(f)), `${viewport.width}×${viewport.height}`).toEqual([]);
            expect(seen).not.toContain("button:");
            expect(seen).toContain("button:Your data");
            expect(seen).toContain("a#");
          }
          // Escape still closes it, and focus returns to the launcher.
          await p.keyboard.press("Escape");
          expect(await widget(p).locator(".launcher").getAttribute("aria-expanded")).toBe("false");
          expect(await focused(p)).toBe("button:");
        } else {
          // Floating beside the page: the launcher, then the page.
          expect(back).toContain("button:");
          expect(back).toContain("a");
        }
        // A dialog, modal while it covers the page.
        const win = widget(p).locator(".win");
        expect(await win.getAttribute("role")).toBe("dialog");
        expect(await win.getAttribute("aria-modal"), `${viewport.width}×${viewport.height}`).toBe(String(full));
      } finally {
        await sized.close();
      }
    }
  });

  it("opens its window where the DOM has no media queries, as a test runner's may not", async () => {
    await page.addInitScript(() => delete (window as { matchMedia?: unknown }).matchMedia);
    await page.goto(`${url}?flow=lead&mode=launcher`);
    await widget(page).locator(".launcher").click();
    await botSays(page, "Which company are you with?");
    expect(await widget(page).locator(".win").getAttribute("aria-modal")).toBe("false");
  });

  it("announces a refusal each time it is made, the same words twice too, and never twice for one", async () => {
    await toConsent();
    await reply(page, "Yes, I agree").click();
    await botSays(page, "What's your email address?");
    // What a screen reader hears from the alert: its text each time it changes to something new, as the observer sees it.
    await page.evaluate(() => {
      const alert = document.querySelector("lawflow-chat")!.shadowRoot!.querySelector("[role=alert]")!;
      const heard: string[] = [];
      let before = alert.textContent;
      new MutationObserver((records) => {
        const inserted = records.flatMap((r) => [...Array.from(r.addedNodes, (n) => n.textContent ?? ""), ...(r.type === "characterData" ? [r.target.textContent ?? ""] : [])]);
        if (inserted.some(Boolean) && alert.textContent && alert.textContent !== before) heard.push(alert.textContent);
        before = alert.textContent;
      }).observe(alert, { childList: true, characterData: true, subtree: true });
      Object.assign(window, { heard });
    });
    const heard = () => page.evaluate(() => (window as unknown as { heard: string[] }).heard);
    await say(page, "bob@");
    await expect.poll(heard).toEqual(["Please give your email address."]);
    await say(page, "bob@");
    await expect.poll(heard).toEqual(["Please give your email address.", "Please give your email address."]);
    await say(page, "bob@example.com");
    await botSays(page, "Thanks, Umbrella!");
    expect(await widget(page).locator("[role=alert]").textContent()).toBe("");
    expect(await heard()).toHaveLength(2);
  });

  it("answers a typed “why?” with the question's “Why are we asking?”, opened and read out, and stores nothing", async () => {
    await page.goto(`${url}?flow=lead`);
    await botSays(page, "Which company are you with?");
    // What a screen reader reads from the window's status: its text each time it changes to something new.
    await page.evaluate(() => {
      const root = document.querySelector("lawflow-chat")!.shadowRoot!;
      const text = () => root.querySelector(".win > .sr[role=status]")?.textContent;
      const heard: string[] = [];
      let before = text();
      new MutationObserver(() => {
        if (text() && text() !== before) heard.push(text()!);
        before = text();
      }).observe(root, { childList: true, characterData: true, subtree: true });
      Object.assign(window, { heard });
    });
    const heard = () => page.evaluate(() => (window as unknown as { heard: string[] }).heard);
    const why = widget(page).locator(".msg.bot details").last();
    expect(await why.getAttribute("open")).toBeNull();
    await say(page, "Why do you ask?");
    await expect.poll(() => why.getAttribute("open")).toBe("");
    await expect.poll(heard).toHaveLength(1);
    const reason = await why.innerText();
    expect(reason).toMatch(/^Why are we asking\?\n.*Basis: /);
    expect((await heard())[0]).toBe(reason);
    // The question waits, with nothing stored and nothing said for the visitor; focus stays in the emptied text box.
    expect(await focused(page)).toBe("input.answer");
    expect(await widget(page).locator("form input[name=answer]").inputValue()).toBe("");
    expect(await widget(page).locator(".msg.you").count()).toBe(0);
    expect(await page.getByRole("textbox", { name: "Which company are you with?" }).count()).toBe(1);
    expect(await stored(page, "LeadCapture")).not.toMatch(/why do you ask/i);
    // Asked again, read out again.
    await say(page, "why?");
    await expect.poll(heard).toHaveLength(2);
    // Asked instead of answering "forget me": nothing is erased, the question is asked again, and it is that question's that opens.
    await widget(page).locator(".msg.bot details[open] summary").click();
    await say(page, "forget me");
    await botSays(page, "Erase everything we hold about you?");
    await say(page, "why?");
    await botSays(page, "Which company are you with?");
    await expect.poll(() => widget(page).locator(".msg.bot details").last().getAttribute("open")).toBe("");
    expect(await widget(page).locator(".msg.bot details[open]").count()).toBe(1);
    await expect.poll(heard).toHaveLength(3);
    // Opened in view, the reasons not below the log's edge.
    const [opened, shown] = await Promise.all([widget(page).locator(".msg.bot details[open]").boundingBox(), log(page).boundingBox()]);
    expect(opened!.y + opened!.height).toBeLessThanOrEqual(shown!.y + shown!.height + 0.5);
    await say(page, "Umbrella");
    await botSays(page, "Which plan are you interested in?");
    expect(await log(page).innerText()).toContain("Umbrella");
    // In German, the German phrases.
    await page.goto(`${url}?flow=support&lang=de`);
    await botSays(page, "What's the problem?");
    await say(page, "Warum?");
    await expect.poll(() => widget(page).locator(".msg.bot details").last().getAttribute("open")).toBe("");
    await expect.poll(() => widget(page).locator(".win > .sr[role=status]").textContent()).toMatch(/^Warum fragen wir\?/);
    expect(await widget(page).locator(".msg.you").count()).toBe(0);
    await checkState(page, "behaviour-why-typed");
  });

  it("downloads everything held as JSON, and tells the host what happened without any value", async () => {
    await toConsent();
    await reply(page, "Yes, I agree").click();
    await botSays(page, "What's your email address?");
    await say(page, "bob@example.com");
    await botSays(page, "Thanks, Umbrella!");
    await button(widget(page), "Your data").click();
    const [download] = await Promise.all([page.waitForEvent("download"), button(panel(page), "Download my data").click()]);
    expect(download.suggestedFilename()).toBe("LeadCapture-my-data.json");
    const data = JSON.parse(readFileSync((await download.path())!, "utf8"));
    expect(data.data.map((v: { field: string; value: unknown }) => [v.field, v.value])).toEqual([
      ["company", "Umbrella"],
      ["plan", "pro"],
      ["email", "bob@example.com"],
      ["birth_year", 1999],
    ]);
    expect(await focused(page)).toBe("button:Download my data");
    await button(panel(page), "Withdraw consent: Email you our monthly newsletter").click();
    expect(await focused(page)).toBe("h2#panel-title");
    await button(panel(page), "Erase my data").click();
    await button(panel(page), "Yes, erase everything").click();
    expect(await events()).toEqual([
      "lawflow-ready",
      "lawflow-answered",
      "lawflow-answered",
      "lawflow-answered",
      "lawflow-consent",
      "lawflow-answered",
      "lawflow-ended",
      "lawflow-withdrawn",
      "lawflow-erased",
    ]);
    const details = await page.evaluate(() => JSON.stringify((window as unknown as { lawflowEvents: unknown[] }).lawflowEvents));
    for (const value of ["Umbrella", "bob@", "1999"]) expect(details).not.toContain(value);
  });
});

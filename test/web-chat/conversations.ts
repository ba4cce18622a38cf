// Whole conversations of every example flow in Debian's Chromium, at phone,
// tablet and desktop widths: axe-core and the reflow check in each state,
// keyboard and focus, typed commands, withdrawal, objection, erasure, resume.
// Run by conversations-phone.test.ts and conversations-wide.test.ts.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { checkState, HAS_BROWSER, launch, serveSites } from "./browser.ts";
import { botSays, button, error, focused, input, lastBot, log, panel, quick, replies, reply, say, stored, widget } from "./helpers.ts";

/** The conversations at each of `widths` (two files share the four widths, so they run in parallel). */
export const conversationsAt = (widths: readonly number[]) => describe.skipIf(!HAS_BROWSER).each(widths)("the chat widget at %i px", (width) => {
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
    // A new context per test: empty storage.
    context = await browser.newContext({ acceptDownloads: true, viewport: { width, height: width < 700 ? 740 : 900 } });
    page = await context.newPage();
    page.on("pageerror", (e) => {
      throw e;
    });
  });
  afterEach(async () => {
    await context?.close();
  });

  const shot = (name: string) => checkState(page, name);
  const erasedEvents = () => page.evaluate(() => (window as unknown as { lawflowEvents: { type: string }[] }).lawflowEvents.filter((e) => e.type === "lawflow-erased").length);

  it("lead capture, consent given: choices and consent typed or pressed, commands at every prompt, withdrawal and objection", async () => {
    await page.goto(`${url}example/`);
    await quick(page);
    await shot("lead-closed");
    const launcher = page.locator("lawflow-chat .launcher");
    expect(await launcher.getAttribute("aria-expanded")).toBe("false");
    await launcher.click();
    expect(await launcher.getAttribute("aria-expanded")).toBe("true");
    await botSays(page, "Which company are you with?");
    // One message per question: the question is in the transcript once, and it names the text box.
    expect(await page.getByRole("textbox", { name: "Which company are you with?" }).count()).toBe(1);
    expect(await focused(page)).toBe("input.answer");
    expect(await log(page).getAttribute("role")).toBe("log");
    // The privacy notice generated from the same flow, one click away.
    const notice = widget(page).getByRole("link", { name: "Privacy notice" });
    expect(await notice.getAttribute("target")).toBe("_blank");
    const served = await page.request.get(new URL((await notice.getAttribute("href"))!, page.url()).href);
    expect(await served.text()).toContain("<h1>Privacy notice: Lead capture chat</h1>");
    await shot("lead-start");

    await say(page, "Acme");
    await botSays(page, "Which plan are you interested in?");
    expect(await replies(page).allInnerTexts()).toEqual(["Basic", "Pro", "Enterprise"]);
    // A chat command typed at a choice prompt: "Your data" opens with what is held.
    await say(page, "what do you know about me");
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    expect(await focused(page)).toBe("h2#panel-title");
    expect(await panel(page).innerText()).toContain("your company name: Acme");
    await shot("lead-data-at-choice");
    await button(panel(page), "Back to chat").click();
    expect(await focused(page)).toBe("input.answer");

    // A choice typed instead of pressed.
    await say(page, "pro");
    await botSays(page, "What year were you born?");
    await say(page, "3000");
    // Refused in plain words next to the input, which keeps what was typed.
    await expect.poll(() => error(page).innerText()).toBe("Please give a number from 1900 to 2026.");
    expect(await input(page).inputValue()).toBe("3000");
    expect(await input(page).getAttribute("aria-invalid")).toBe("true");
    expect(await focused(page)).toBe("input.answer");
    await shot("lead-refused");
    await say(page, "1987");
    await botSays(page, "May we email you our monthly newsletter?");
    expect(await error(page).innerText()).toBe("");

    // Consent: two buttons of equal weight (Art. 7(4)), and the text box still there.
    const [yes, no] = [reply(page, "Yes, I agree"), reply(page, "No, thanks")];
    const look = (l: typeof yes) =>
      l.evaluate((e) => {
        const s = getComputedStyle(e);
        return [s.backgroundColor, s.color, s.fontSize, s.fontWeight, s.borderTopWidth, s.borderTopColor, s.paddingTop, s.paddingLeft, s.height].join("|");
      });
    expect(await look(yes)).toBe(await look(no));
    // A command typed at the consent prompt.
    await say(page, "show my data");
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    await button(panel(page), "Back to chat").click();
    // "Why are we asking?" on the consent request, from the purpose.
    const why = page.locator("lawflow-chat .msg.bot details").last();
    await why.locator("summary").click();
    expect(await why.innerText()).toContain("Email you our monthly newsletter");
    expect(await why.innerText()).toContain("Basis: your consent. Kept: until you withdraw consent.");
    await shot("lead-consent");
    await yes.click();
    expect(await focused(page)).toBe("input.answer");
    await botSays(page, "What's your email address?");
    await say(page, "bob@example.com");
    await botSays(page, "Thanks, Acme! Your quote is on its way.");
    // At the end focus stays in the text box, where commands still work.
    expect(await focused(page)).toBe("input.answer");
    await shot("lead-ended");

    // The flow's own withdrawal phrase, typed after the end.
    await say(page, "stop");
    await expect.poll(() => log(page).innerText()).toContain("Consent for “Email you our monthly newsletter” withdrawn.");
    await button(widget(page), "Your data").click();
    expect(await panel(page).locator('li[data-purpose="newsletter"]').count()).toBe(0);
    expect(await panel(page).locator('li[data-purpose="quote"]').count()).toBe(3);
    expect(await panel(page).getByRole("button", { name: /^Withdraw consent/ }).count()).toBe(0);
    // Objecting from the panel: focus stays in the panel, the value leaves the screen and the store.
    await button(panel(page), "Object: Learn the typical age of people who ask for quotes").click();
    expect(await focused(page)).toBe("h2#panel-title");
    // Its status is the transcript's note, in the same words.
    await expect.poll(() => panel(page).locator("[role=status]").innerText()).toBe(
      "You objected to “Learn the typical age of people who ask for quotes”: that data is no longer used for it.",
    );
    expect(await panel(page).innerText()).not.toContain("1987");
    // As a value, not as four digits inside a hash, a receipt code or a timestamp the store also holds.
    expect(await stored(page, "LeadCapture")).not.toMatch(/(?<![0-9a-f])1987(?![0-9a-f])/);
    await shot("lead-objected");
    await button(panel(page), "Back to chat").click();
    expect(await log(page).innerText()).not.toContain("1987");
    expect(await log(page).innerText()).toContain("(your year of birth: no longer held)");
    // Escape closes the window and returns focus to the launcher.
    await page.keyboard.press("Escape");
    expect(await launcher.getAttribute("aria-expanded")).toBe("false");
    expect(await focused(page)).toBe("button:");
  });

  it("lead capture, consent refused by keyboard alone; reload and resume; erasure after a confirmation", async () => {
    await page.goto(`${url}example/`);
    await quick(page);
    await page.locator("lawflow-chat .launcher").click();
    await botSays(page, "Which company are you with?");
    await page.keyboard.type("Initech");
    await page.keyboard.press("Enter");
    await botSays(page, "Which plan");
    // Keyboard only: from the text box, Shift+Tab reaches the choices.
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    expect(await focused(page)).toBe("button:Basic");
    await page.keyboard.press("Enter");
    expect(await focused(page)).toBe("input.answer");
    await botSays(page, "What year were you born?");
    await page.keyboard.press("Shift+Tab");
    expect(await focused(page)).toBe("button:Skip");
    await page.keyboard.press("Enter");
    await botSays(page, "May we email you");
    // Neither answer is preselected: focus is in the text box; "No, thanks" is one Shift+Tab away.
    expect(await focused(page)).toBe("input.answer");
    await page.keyboard.press("Shift+Tab");
    expect(await focused(page)).toBe("button:No, thanks");
    await page.keyboard.press("Enter");
    await botSays(page, "Where should we send the quote?");
    expect(await log(page).innerText()).toContain("No, thanks");

    // Reload: the conversation resumes where it was, transcript and all.
    await page.reload();
    await quick(page);
    await page.locator("lawflow-chat .launcher").click();
    await botSays(page, "Where should we send the quote?");
    expect(await log(page).innerText()).toContain("Initech");
    expect(await log(page).innerText()).toContain("Skip");
    await shot("lead-resumed");
    await say(page, "peter@initech.example");
    await botSays(page, "Thanks, Initech!");

    // Art. 7(1): the refusal's receipt code was shown as a note, and the panel lists the receipt with the same code.
    const code = /Your receipt code: (0-[0-9a-f]{16})\./.exec(await log(page).innerText())?.[1];
    expect(code).toBeDefined();
    await button(widget(page), "Your data").click();
    expect(await panel(page).locator('li[data-decision="refused"]').count()).toBe(1);
    expect(await panel(page).locator('li[data-decision="refused"]').innerText()).toContain(`code ${code}`);
    expect(await panel(page).getByRole("button", { name: /^Withdraw/ }).count()).toBe(0);
    // Erasure asks first; Cancel goes back to the button, with nothing erased.
    await button(panel(page), "Erase my data").click();
    expect(await focused(page)).toBe("button:Cancel");
    expect(await panel(page).getByRole("group").innerText()).toContain("Erase everything we hold about you?");
    await shot("lead-erase-confirm");
    await page.keyboard.press("Enter");
    expect(await focused(page)).toBe("button:Erase my data");
    expect(await stored(page, "LeadCapture")).toContain("Initech");
    await page.keyboard.press("Enter");
    await button(panel(page), "Yes, erase everything").click();
    await expect.poll(() => panel(page).innerText()).toContain("We hold nothing about you.");
    expect(await focused(page)).toBe("h2#panel-title");
    expect(await panel(page).locator('li[data-decision="erased"]').count()).toBe(1);
    expect(await panel(page).getByRole("button", { name: "Erase my data" }).count()).toBe(0);
    const kept = (await stored(page, "LeadCapture"))!;
    expect(kept).not.toContain("Initech");
    expect(kept).not.toContain("peter");
    await shot("lead-erased");
    await button(panel(page), "Back to chat").click();
    expect(await log(page).innerText()).toContain("Everything we held about you was erased.");
    expect(await log(page).innerText()).not.toContain("Initech");
  });

  // At two widths, a phone's and a desktop's: the question is the same at any width.
  it.runIf(width === 320 || width === 1280)("an erase question unanswered at a reload is asked again, with focus on it, and answered as before", async () => {
    await page.goto(`${url}?flow=lead`);
    await botSays(page, "Which company are you with?");
    await say(page, "Umbrella");
    await botSays(page, "Which plan");
    // Typed: after the reload the same question, its buttons, and the text box it names, focused.
    await say(page, "forget me");
    await botSays(page, "Erase everything we hold about you?");
    await page.reload();
    await botSays(page, "Erase everything we hold about you?");
    expect(await replies(page).allInnerTexts()).toEqual(["Yes, erase everything", "Cancel"]);
    await expect.poll(() => focused(page)).toBe("input.answer");
    expect(await input(page).getAttribute("aria-labelledby")).toBe(await lastBot(page).getAttribute("id"));
    await shot("reload-erase-confirm-typed");
    // A typed no answers the erase question, not the flow's: nothing erased, the question of the flow back.
    await say(page, "no");
    await expect.poll(() => log(page).innerText()).toContain("Nothing was erased.");
    expect(await log(page).innerText()).toContain("Umbrella");
    // The flow's question is asked again, last, with its buttons.
    await botSays(page, "Which plan are you interested in?");
    expect(await replies(page).allInnerTexts()).toEqual(["Basic", "Pro", "Enterprise"]);

    // The panel's button: after the reload "Your data" is open on the question, focus on Cancel as when it was asked.
    await button(widget(page), "Your data").click();
    await button(panel(page), "Erase my data").click();
    expect(await focused(page)).toBe("button:Cancel");
    await page.reload();
    await expect.poll(() => focused(page)).toBe("button:Cancel");
    expect(await panel(page).getByRole("group").innerText()).toContain("Erase everything we hold about you?");
    await shot("reload-erase-confirm-panel");
    // Behind a launcher too: opening the window puts focus on the question.
    await page.goto(`${url}?flow=lead&mode=launcher`);
    await widget(page).locator(".launcher").click();
    await expect.poll(() => focused(page)).toBe("button:Cancel");
    await page.keyboard.press("Shift+Tab");
    expect(await focused(page)).toBe("button:Yes, erase everything");
    await page.keyboard.press("Enter");
    await expect.poll(() => panel(page).innerText()).toContain("We hold nothing about you.");
    expect(await erasedEvents()).toBe(1);
    expect(await stored(page, "LeadCapture")).not.toContain("Umbrella");
    // Answered, the question is not asked again.
    await page.reload();
    await widget(page).locator(".launcher").click();
    await expect.poll(() => log(page).innerText()).toContain("Everything we held about you was erased.");
    expect(await panel(page).isVisible()).toBe(false);
    expect(await focused(page)).toBe("input.answer");
  });

  it("onboarding: control characters refused, consent typed, a choice by its number, an optional question skipped by typing", async () => {
    await page.goto(`${url}?flow=onboarding`);
    await botSays(page, "What's your name?");
    expect(await log(page).innerText()).toContain("Welcome to Acme! Let's open your account.");
    await shot("onboarding-start");
    // A right-to-left override would show "‮txt.exe" as "exe.txt": refused, and the input kept.
    await say(page, "\u202Etxt.exe");
    await expect.poll(() => error(page).innerText()).toContain("invisible control characters");
    expect(await input(page).inputValue()).toBe("\u202Etxt.exe");
    await say(page, "Dana");
    await botSays(page, "May we send you news about our products?");
    await say(page, "yes");
    await botSays(page, "We'll send the news there too.");
    await say(page, "dana@example.com");
    await botSays(page, "Where are you based?");
    await say(page, "2");
    await botSays(page, "What's your VAT number?");
    expect(await log(page).innerText()).toContain("United Kingdom");
    await say(page, "skip");
    await botSays(page, "Thanks, Dana! Your account is ready.");
    const events = (await page.evaluate(() => (window as unknown as { lawflowEvents: { type: string; detail: Record<string, unknown> }[] }).lawflowEvents)).map(
      (e) => `${e.type}:${e.detail.field ?? e.detail.purpose ?? e.detail.outcome ?? e.detail.flow ?? ""}`,
    );
    expect(events).toEqual(["lawflow-ready:Onboarding", "lawflow-answered:name", "lawflow-consent:product_news", "lawflow-answered:email", "lawflow-answered:country", "lawflow-ended:opened"]);
    await shot("onboarding-ended");
  });

  it("support: a long answer refused until the flow hands over, then “forget me”, asked back before anything is erased", async () => {
    await page.goto(`${url}?flow=support`);
    await botSays(page, "What's the problem?");
    for (let i = 0; i < 2; i++) {
      await say(page, "x".repeat(1001));
      await expect.poll(() => error(page).innerText()).toBe("Please keep it to 1000 characters.");
    }
    await shot("support-refused");
    await say(page, "x".repeat(1001));
    await botSays(page, "Let's get you a person: call us on +44 20 7946 0000.");
    // Typed, erasure asks first, as the panel's button does; Cancel erases nothing.
    await say(page, "forget me");
    await botSays(page, "Erase everything we hold about you?");
    expect(await replies(page).allInnerTexts()).toEqual(["Yes, erase everything", "Cancel"]);
    expect(await focused(page)).toBe("input.answer");
    expect(await input(page).getAttribute("aria-labelledby")).toBe(await lastBot(page).getAttribute("id"));
    await shot("support-erase-confirm");
    await page.keyboard.press("Shift+Tab");
    expect(await focused(page)).toBe("button:Cancel");
    await page.keyboard.press("Enter");
    await expect.poll(() => log(page).innerText()).toContain("Nothing was erased.");
    expect(await focused(page)).toBe("input.answer");
    expect(await erasedEvents()).toBe(0);
    expect(await replies(page).allInnerTexts()).not.toContain("Yes, erase everything");
    await say(page, "Forget me!");
    await reply(page, "Yes, erase everything").click();
    await expect.poll(() => log(page).innerText()).toContain("Everything we held about you was erased.");
    expect(await erasedEvents()).toBe(1);
    expect(await lastBot(page).count()).toBe(0);
    expect(await focused(page)).toBe("input.answer");
    await shot("support-erased");
  });
});

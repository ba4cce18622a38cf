/** Talking to the widget in a page, as a visitor would. */
import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";

export const widget = (page: Page) => page.locator("lawflow-chat");
export const input = (page: Page) => page.locator("lawflow-chat form input[name=answer]");
export const replies = (page: Page) => page.locator("lawflow-chat .replies button");
export const reply = (page: Page, label: string) => page.locator("lawflow-chat .replies button", { hasText: label });
export const panel = (page: Page) => page.locator("lawflow-chat .panel");
export const error = (page: Page) => page.locator("lawflow-chat .err");
export const lastBot = (page: Page) => page.locator("lawflow-chat .msg.bot p").last();
export const log = (page: Page) => page.locator("lawflow-chat .log");

/** Types into the text box and presses Enter. */
export async function say(page: Page, text: string): Promise<void> {
  await input(page).fill(text);
  await input(page).press("Enter");
}

/** Waits until the bot's latest message contains `text`. */
export async function botSays(page: Page, text: string): Promise<void> {
  await expect.poll(() => lastBot(page).innerText(), { timeout: 10_000 }).toContain(text);
}

/** What has focus inside the widget (`tag.class` or the text of a button), or `body` when focus was lost. */
export const focused = (page: Page) =>
  page.evaluate(() => {
    const host = document.querySelector("lawflow-chat");
    if (document.activeElement !== host) return document.activeElement?.tagName.toLowerCase() ?? "none";
    const el = host!.shadowRoot!.activeElement as HTMLElement | null;
    if (!el) return "host";
    return el.tagName === "INPUT" ? `input.${el.getAttribute("name") ?? el.className}` : el.tagName === "BUTTON" ? `button:${el.textContent}` : `${el.tagName.toLowerCase()}#${el.id}`;
  });

export const stored = (page: Page, flow: string) => page.evaluate((key) => localStorage.getItem(key), `lawflow:${flow}`);

export const button = (scope: Locator, name: string | RegExp) => scope.getByRole("button", { name });

/** Short pauses in tests; one test keeps the default. */
export async function quick(page: Page): Promise<void> {
  await widget(page).evaluate((el) => el.setAttribute("typing-delay", "30"));
}

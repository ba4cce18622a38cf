/**
 * Debian's Chromium, driven by playwright-core (which never downloads a
 * browser of its own). scripts/setup-browser.sh installs it; tests skip only
 * where it is missing outside CI, and fail in CI.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM) || process.env.CI === "true";

/** A headless browser with a fresh, empty profile that makes no connection of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

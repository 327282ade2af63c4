import type { Page } from "playwright-core";

/**
 * Collects what a learner should never see in the console: errors and uncaught exceptions, as `url: text`.
 *
 * One message is expected and left out: the browser logs the 429 of a sign-up or sign-in the auth server
 * rate-limited, and `accounts.ts` waits and submits again, as a person would (the form says how long to wait).
 */
export function watchConsoleErrors(page: Page, into: string[]): void {
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const path = new URL(page.url()).pathname;
    if ((path === "/sign-up" || path === "/sign-in") && message.text().includes("status of 429")) return;
    into.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (err) => into.push(`${page.url()}: ${err.message}`));
}

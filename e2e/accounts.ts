import { setTimeout as sleep } from "node:timers/promises";
import type { Page } from "playwright-core";
import { inject } from "vitest";

export const TEST_PASSWORD = "correct horse battery";

/** Creates a learner through the sign-up form and waits until the header shows them signed in. */
export async function signUp(page: Page, name: string, email = uniqueEmail(name)): Promise<string> {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await submitAuthForm(page, "Create account", "/api/auth/sign-up/email");
  return email;
}

/** Signs in through the form, then waits until the header shows who is signed in. */
export async function signIn(page: Page, email: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await submitAuthForm(page, "Sign in", "/api/auth/sign-in/email");
}

/**
 * The auth server allows a few sign-ins and sign-ups per address in a short time, and the whole suite comes from
 * 127.0.0.1: when it answers 429 this waits the time it names (the form shows it too) and submits again, as a
 * person would.
 */
export async function submitAuthForm(page: Page, button: string, endpoint: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === endpoint),
      page.getByRole("button", { name: button, exact: true }).click(),
    ]);
    if (response.status() !== 429) {
      if (!response.ok()) throw new Error(`${endpoint} refused (${response.status()}): ${await response.text()}`);
      await page.getByTestId("signed-in-as").waitFor();
      return;
    }
    await page.getByTestId("auth-error").waitFor();
    await page.waitForTimeout(Number(response.headers()["x-retry-after"] ?? "10") * 1000 + 250);
  }
  throw new Error(`${endpoint} still rate-limited after five waits`);
}

/**
 * Creates a learner through the auth API, for a test that needs an account but no browser signed in as it; its
 * session cookie. A 429 is waited out as the form's is (submitAuthForm).
 */
export async function signUpByApi(name: string, email = uniqueEmail(name)): Promise<string> {
  const baseUrl = inject("baseUrl");
  for (let attempt = 0; attempt < 5; attempt++) {
    const response = await fetch(`${baseUrl}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baseUrl },
      body: JSON.stringify({ name, email, password: TEST_PASSWORD }),
    });
    if (response.status !== 429) {
      if (!response.ok) throw new Error(`sign-up refused (${response.status}): ${await response.text()}`);
      return response.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
    }
    await sleep(Number(response.headers.get("x-retry-after") ?? "10") * 1000 + 250);
  }
  throw new Error("/api/auth/sign-up/email still rate-limited after five waits");
}

/** An address nobody else in this run has: the name's first word and the clock, with a random tail. */
export function uniqueEmail(name: string): string {
  const stem =
    name
      .split(/\s+/)[0]!
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "") || "learner";
  return `${stem}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.test`;
}

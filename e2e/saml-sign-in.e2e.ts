import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type TestIdp, testIdp } from "../test-support/saml/test-idp";
import { axeProblems } from "./accessibility";
import { signIn } from "./accounts";
import { launchChromium } from "./browser";
import { query } from "./database";

/*
 * SAML sign-in as a university runs it: its IdP (samlify's IdentityProvider on a loopback port, whose sign-on page
 * posts the signed Response back at once, as test-support/saml/test-idp.ts) registered by an admin who pastes its
 * metadata in the browser, and a person signing in through it: the IdP's cross-site POST, then the same-site step
 * that checks the browser began the sign-in, and the person lands signed in.
 */

const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");
const root = path.resolve(import.meta.dirname, "..");
const ADMIN_PASSWORD = "admin password for the saml e2e run";
const RUN = Date.now().toString(36);
const PERSON = { id: `sam-${RUN}`, mail: `sam-${RUN}@saml.example.edu`, displayName: "Sam Saml" };

let browser: Browser;
let idp: TestIdp;
const contexts: BrowserContext[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl });
  contexts.push(context);
  return context.newPage();
}

beforeAll(async () => {
  browser = await launchChromium();
  const spMetadata = await (await fetch(`${baseUrl}/api/auth-institution/saml/metadata`)).text();
  idp = testIdp({ entityId: `https://idp-${RUN}.saml.example.edu/idp/shibboleth`, spMetadata });
  await idp.serve(PERSON);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await idp?.close();
});

describe("institution sign-in through SAML 2.0", () => {
  it("has an admin register the IdP by pasting its metadata, and shows what the IdP's admin needs", async () => {
    const adminEmail = `sara-admin-${RUN}@example.test`;
    await promisify(execFile)(
      "npx",
      ["--no-install", "tsx", "scripts/create-admin.ts", "--email", adminEmail, "--name", "Sara Admin"],
      { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl, DOCKYARD_ADMIN_PASSWORD: ADMIN_PASSWORD } },
    );
    const admin = await newPage();
    await signIn(admin, adminEmail, ADMIN_PASSWORD);
    await admin.goto("/instructor/institutions");
    const sp = (await admin.getByTestId("saml-sp-values").textContent()) ?? "";
    expect(sp).toContain(`${baseUrl}/api/auth-institution/saml/metadata`);
    expect(sp).toContain(`${baseUrl}/api/auth-institution/saml/acs`);

    const form = admin.getByTestId("institution-form");
    await form.getByLabel("SAML 2.0 (Shibboleth, ADFS)").check();
    await form.getByLabel("Name on the sign-in button").fill("SAML University");
    await form.getByLabel("IdP metadata XML").fill("<EntityDescriptor");
    await form.getByLabel(/E-mail domains/).fill("saml.example.edu");
    await form.getByRole("button", { name: "Set up the institution" }).click();
    // Metadata that is no IdP's is refused in words, and what was typed stays.
    await expect.poll(() => form.getByRole("alert").textContent()).toMatch(/metadata|XML/);
    await form.getByLabel("IdP metadata XML").fill(idp.metadata);
    await form.getByRole("button", { name: "Set up the institution" }).click();
    await expect.poll(() => admin.getByTestId("institutions").textContent()).toContain(idp.entityId);
    expect(await admin.getByTestId("institutions").textContent()).toContain("SAML 2.0");
    expect(await axeProblems(admin)).toEqual([]);
  });

  it("signs a person in through the IdP: its POST, then the browser's own step, and they land signed in", async () => {
    const page = await newPage();
    await page.goto("/sign-in");
    await page.getByRole("link", { name: "Sign in with SAML University" }).click();
    await page.getByTestId("signed-in-as").waitFor();
    expect(await page.getByTestId("signed-in-as").textContent()).toContain(PERSON.displayName);
    const rows = await query<{ emailVerified: boolean }>(
      `SELECT u."emailVerified" FROM institution_identity i JOIN "user" u ON u.id = i."userId" WHERE i.sub = $1`,
      [PERSON.id],
    );
    // The mail attribute of a verified assertion, in a domain the admin allowed: the address is proven.
    expect(rows).toEqual([{ emailVerified: true }]);
  });
});

import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startTestProvider, type TestProvider } from "../test-support/oidc/test-provider";
import { axeProblems } from "./accessibility";
import { signIn, signUp } from "./accounts";
import { launchChromium } from "./browser";
import { query } from "./database";

/*
 * Institution sign-in as a university runs it: its identity provider (oidc-provider, OpenID Certified, started here
 * on a loopback port as test-support/oidc/test-provider.ts) set up by an admin in the browser; a learner signing in
 * through it, twice, into one account; and the attacks: an identity whose e-mail the provider does not vouch for
 * meeting an existing account with that e-mail, or taking an address before its owner signs up, and an answer from a
 * provider nobody set up.
 */

const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");
const root = path.resolve(import.meta.dirname, "..");
const REDIRECT = `${baseUrl}/api/auth-institution/callback`;
const ADMIN_PASSWORD = "admin password for the institution e2e run";
const RUN = Date.now().toString(36);
const ANN = { sub: `ann-${RUN}`, name: "Ann Institution", email: `ann-${RUN}@uni.example.edu`, email_verified: true };
// Holds, at the provider, the e-mail of an existing Dockyard account, but unverified there.
const VICTIM_EMAIL = `vera-${RUN}@uni.example.edu`;
const MALLORY = { sub: `mallory-${RUN}`, name: "Mallory", email: VICTIM_EMAIL, email_verified: false };
// Gives, unverified, the address of someone with no Dockyard account yet (issue 53's pre-hijacking).
const OWNER_EMAIL = `olive-${RUN}@example.com`;
const SQUATTER = { sub: `squatter-${RUN}`, name: "Sam Squatter", email: OWNER_EMAIL, email_verified: false };
// As Entra ID sends people: an address in the university's domain, with no email_verified.
const EVE = { sub: `eve-${RUN}`, name: "Eve Entra", email: `eve-${RUN}@uni.example.edu`, email_verified: false };

let browser: Browser;
let uni: TestProvider;
let rogue: TestProvider;
const contexts: BrowserContext[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl });
  contexts.push(context);
  return context.newPage();
}

/** At the provider's own pages: signs in as `sub` where it asks and consents, until it sends the browser back. */
async function atProvider(page: Page, sub: string): Promise<void> {
  for (let step = 0; step < 6 && !page.url().startsWith(baseUrl); step++) {
    const login = page.locator('input[name="login"]');
    const consent = page.getByRole("button", { name: "Continue" });
    // A provider that remembers the person and their consent sends the browser straight back.
    await Promise.race([login.or(consent).first().waitFor(), page.waitForURL((url) => url.href.startsWith(baseUrl))]);
    if (page.url().startsWith(baseUrl)) break;
    if (await login.isVisible()) {
      await login.fill(sub);
      await page.locator('input[name="password"]').fill("any password");
      await page.getByRole("button", { name: "Sign-in" }).click();
    } else {
      await consent.click();
    }
    await page.waitForLoadState();
  }
  await page.waitForURL((url) => url.href.startsWith(baseUrl));
}

async function signInThroughInstitution(page: Page, sub: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Sign in with Test University" }).click();
  await page.waitForURL((url) => !url.href.startsWith(`${baseUrl}/sign-in`));
  await atProvider(page, sub);
}

/** The link in the newest message to `to` in the platform's outbox (no SMTP server here): what its mailbox shows. */
async function mailedLink(to: string): Promise<string> {
  const dir = path.join(root, ".data/e2e/outbox");
  let link: string | undefined;
  await expect
    .poll(async () => {
      const names = (await readdir(dir).catch(() => [] as string[])).sort();
      for (const name of names.reverse()) {
        const message = JSON.parse(await readFile(path.join(dir, name), "utf8")) as { to: string; text: string };
        if (message.to === to) {
          link = message.text.match(/https?:\/\/\S+/)?.[0];
          return link;
        }
      }
      return undefined;
    })
    .toBeDefined();
  return link!;
}

async function accountOf(sub: string) {
  return query<{ userId: string; emailVerified: boolean; name: string }>(
    `SELECT i."userId", u."emailVerified", u.name FROM institution_identity i JOIN "user" u ON u.id = i."userId"
     WHERE i.sub = $1`,
    [sub],
  );
}

beforeAll(async () => {
  browser = await launchChromium();
  [uni, rogue] = await Promise.all([
    startTestProvider({ redirectUri: REDIRECT, people: [ANN, MALLORY, SQUATTER, EVE] }),
    // Another provider, with the same client and the same person: nobody set it up in Dockyard.
    startTestProvider({ redirectUri: REDIRECT, people: [ANN] }),
  ]);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await Promise.all([uni?.close(), rogue?.close()]);
});

describe("institution sign-in through OpenID Connect", () => {
  it("has an admin set up the university's provider in the browser, its secret never shown back", async () => {
    const adminEmail = `ines-admin-${RUN}@example.test`;
    await promisify(execFile)(
      "npx",
      ["--no-install", "tsx", "scripts/create-admin.ts", "--email", adminEmail, "--name", "Ines Admin"],
      { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl, DOCKYARD_ADMIN_PASSWORD: ADMIN_PASSWORD } },
    );
    const admin = await newPage();
    await signIn(admin, adminEmail, ADMIN_PASSWORD);
    await admin.goto("/instructor");
    await admin.getByRole("navigation", { name: "Instructor" }).getByRole("link", { name: "Institutions" }).click();
    await admin.waitForURL("**/instructor/institutions");
    expect(await admin.getByTestId("institution-redirect").textContent()).toContain(REDIRECT);

    await admin.getByLabel("Name on the sign-in button").fill("Test University");
    await admin.getByLabel("Issuer URL").fill("http://idp.example.edu");
    await admin.getByLabel("Client ID").fill(uni.clientId);
    await admin.getByLabel("Client secret").fill(uni.clientSecret);
    await admin.getByLabel(/E-mail domains/).fill("uni.example.edu");
    await admin.getByRole("button", { name: "Set up the institution" }).click();
    // A wrong field is named, and nothing typed is lost.
    await expect
      .poll(() => admin.getByTestId("institution-form").getByRole("alert").textContent())
      .toContain("issuer must be the provider's https://");
    expect(await admin.getByLabel("Client ID").inputValue()).toBe(uni.clientId);
    await admin.getByLabel("Issuer URL").fill(uni.issuer);
    await admin.getByRole("button", { name: "Set up the institution" }).click();
    await expect.poll(() => admin.getByTestId("institutions").textContent()).toContain(uni.issuer);
    await admin.reload();
    expect(await admin.content()).not.toContain(uni.clientSecret);
    expect(await axeProblems(admin)).toEqual([]);
  });

  it("signs a new learner in through the provider, and into the same account after signing out", async () => {
    const page = await newPage();
    await page.goto("/sign-in");
    expect(await axeProblems(page)).toEqual([]);
    await signInThroughInstitution(page, ANN.sub);
    await page.getByTestId("signed-in-as").waitFor();
    expect(await page.getByTestId("signed-in-as").textContent()).toContain(ANN.name);
    const [first] = await accountOf(ANN.sub);
    // The provider vouched for the address (verified, in an allowed domain): the account's is proven.
    expect(first).toMatchObject({ emailVerified: true, name: ANN.name });

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("link", { name: "Sign in" }).first().waitFor();
    await signInThroughInstitution(page, ANN.sub);
    await page.getByTestId("signed-in-as").waitFor();
    expect(await accountOf(ANN.sub)).toEqual([first]);
    expect(await query(`SELECT 1 FROM "user" WHERE email = $1`, [ANN.email])).toHaveLength(1);
  });

  it("links an identity whose e-mail is unverified to no existing account; its owner links it themselves", async () => {
    const vera = await newPage();
    await signUp(vera, "Vera Victim", VICTIM_EMAIL);
    await query(`UPDATE "user" SET "emailVerified" = true WHERE email = $1`, [VICTIM_EMAIL]);

    const mallory = await newPage();
    await signInThroughInstitution(mallory, MALLORY.sub);
    await mallory.waitForURL("**/sign-in?institution_problem=email-taken*");
    const said = (await mallory.getByTestId("institution-problem").textContent()) ?? "";
    expect(said).toContain("already uses the e-mail address Test University gave");
    expect(await mallory.getByTestId("signed-in-as").count()).toBe(0);
    expect(await accountOf(MALLORY.sub)).toEqual([]);
    expect(await axeProblems(mallory)).toEqual([]);

    // The remedy the page names: signed in with the password, the account links the identity from its own page.
    await vera.goto("/account");
    await vera.getByRole("link", { name: "Link your Test University account" }).click();
    await atProvider(vera, MALLORY.sub);
    await vera.waitForURL("**/account?linked=*");
    expect(await vera.getByTestId("linked").textContent()).toContain("Linked Test University");
    const [veraRow] = await query<{ id: string }>(`SELECT id FROM "user" WHERE email = $1`, [VICTIM_EMAIL]);
    expect((await accountOf(MALLORY.sub)).map((a) => a.userId)).toEqual([veraRow?.id]);
    expect(await axeProblems(vera)).toEqual([]);

    // Her password still opens the account, so she may unlink it again, after a confirmation.
    vera.once("dialog", (dialog) => void dialog.accept());
    await vera.getByRole("button", { name: "Unlink Test University" }).click();
    await vera.getByTestId("no-linked-institutions").waitFor();
    expect(await accountOf(MALLORY.sub)).toEqual([]);
  });

  it("holds an address the provider does not vouch for apart, so its owner still signs up with it", async () => {
    const squatter = await newPage();
    await signInThroughInstitution(squatter, SQUATTER.sub);
    await squatter.getByTestId("signed-in-as").waitFor();
    await squatter.goto("/account");
    const shown = (await squatter.getByTestId("account-email").textContent()) ?? "";
    expect(shown).toContain("No confirmed address yet");
    expect(shown).toContain(OWNER_EMAIL);
    await squatter.getByRole("button", { name: "Confirm it by e-mail" }).click();
    // The link goes to the mailbox, which is the owner's: the squatter learns only where it went.
    await expect
      .poll(() => squatter.getByRole("status").allTextContents())
      .toContainEqual(expect.stringContaining(`Sent a link to ${OWNER_EMAIL}`));
    expect(await squatter.getByTestId("linked-identity").textContent()).toContain(
      "its first sign-in made this account",
    );
    expect(await axeProblems(squatter)).toEqual([]);

    // The owner's sign-up is not refused as "already exists" (it was, before issue 53), and makes their own account.
    const owner = await newPage();
    await signUp(owner, "Olive Owner", OWNER_EMAIL);
    const [squatterAccount] = await accountOf(SQUATTER.sub);
    const [ownerAccount] = await query<{ id: string }>(`SELECT id FROM "user" WHERE email = $1`, [OWNER_EMAIL]);
    expect(ownerAccount?.id).toBeDefined();
    expect(ownerAccount?.id).not.toBe(squatterAccount?.userId);
  });

  it("lets the holder confirm the address the provider gave, from its mailbox while signed in", async () => {
    const eve = await newPage();
    await signInThroughInstitution(eve, EVE.sub);
    await eve.getByTestId("signed-in-as").waitFor();
    await eve.goto("/account");
    await eve.getByRole("button", { name: "Confirm it by e-mail" }).click();
    await expect
      .poll(() => eve.getByRole("status").allTextContents())
      .toContainEqual(expect.stringContaining(`Sent a link to ${EVE.email}`));
    const link = new URL(await mailedLink(EVE.email));
    expect(link.pathname).toBe("/account/confirm-address");
    await eve.goto(link.pathname + link.search);
    expect(await axeProblems(eve)).toEqual([]);
    await eve.getByRole("button", { name: "Confirm" }).click();
    await eve.getByTestId("address-confirmed").waitFor();
    await eve.goto("/account");
    expect(await eve.getByTestId("account-email").textContent()).toContain(`${EVE.email} (confirmed)`);
    const [row] = await query<{ email: string; emailVerified: boolean }>(
      `SELECT u.email, u."emailVerified" FROM "user" u JOIN institution_identity i ON i."userId" = u.id
        WHERE i.sub = $1`,
      [EVE.sub],
    );
    expect(row).toEqual({ email: EVE.email, emailVerified: true });
  });

  it("refuses an answer from a provider nobody set up, even within a sign-in begun here", async () => {
    const page = await newPage();
    await page.goto("/sign-in");
    const start = await page.getByRole("link", { name: "Sign in with Test University" }).getAttribute("href");
    // The sign-in begins here (its state, and the cookie that binds it to this browser), but the browser is sent on
    // to the other provider with the same request: it signs Ann in and sends back a code of its own for that state.
    const begun = await page.request.get(start ?? "", { maxRedirects: 0 });
    const asked = new URL(begun.headers().location ?? "");
    expect(asked.origin).toBe(uni.issuer);
    await page.goto(`${rogue.issuer}${asked.pathname}${asked.search}`);
    await atProvider(page, ANN.sub);
    await page.waitForURL("**/sign-in?institution_problem=refused*");
    expect(await page.getByTestId("institution-problem").textContent()).toContain("could not be verified");
    expect(await page.getByTestId("signed-in-as").count()).toBe(0);
    expect(await accountOf(ANN.sub)).toHaveLength(1);
  });
});

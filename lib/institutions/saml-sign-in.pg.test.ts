import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import { rejection } from "../../test-support/rejection";
import { type SamlPerson, type Spoil, type TestIdp, testIdp } from "../../test-support/saml/test-idp";
import type { CurrentUser } from "../auth/current-user";
import type { InstitutionSignInRefused } from "./sign-in-problems";

// SAML sign-in below the browser: Dockyard's SP (samlify) against a real SAML library playing the university's IdP
// (samlify's IdentityProvider with a test-only key pair), and the attacks on it: unsigned or foreign-signed answers,
// answers for another audience, consumer or request, expired ones, replays, and an address the IdP does not vouch for.
const APP_URL = "http://localhost:3998";
const ENTITY_ID = "urn:mace:example.edu:idp"; // A URN, as many federations name their IdPs.
let db: pg.Pool;
let drop: () => Promise<void>;
let idp: TestIdp;
let institutionId = "";
let start: typeof import("./sign-in-start");
let saml: typeof import("./saml-sign-in");
let store: typeof import("./institutions");

const admin: CurrentUser = { id: "admin", name: "Ada Admin", email: "admin@example.test", role: "admin" };
const ann: SamlPerson = { id: "ann-persistent-id", mail: "ann@uni.example.edu", displayName: "Ann Example" };
const always = () => true;
const nobody = async () => undefined;

async function problem(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "signed in",
    (err: InstitutionSignInRefused) => err.problem ?? String(err),
  );
}

/** Begins a sign-in, has the IdP answer it as `person` (spoiled as asked) and posts the answer to the consumer. */
async function signIn(person: SamlPerson, spoil?: Spoil, from: TestIdp = idp) {
  const begun = await start.beginInstitutionSignIn({ institutionId, next: "/exercises" });
  const posted = await from.respond(begun.url, person, spoil);
  return { begun, posted, received: () => saml.receiveSamlResponse(posted) };
}

async function finish(next: URL, bound = always) {
  return saml.completeSamlSignIn(next.searchParams.get("ref"), bound, nobody);
}

async function userIdsWithEmail(email: string): Promise<string[]> {
  return (await db.query(`SELECT id FROM "user" WHERE lower(email) = $1`, [email])).rows.map((r) => r.id);
}

beforeAll(async () => {
  process.env.APP_URL = APP_URL;
  process.env.DATA_DIR = await mkdtemp(path.join(tmpdir(), "dockyard-saml-"));
  const database = await createTestDatabase("saml_sign_in");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  db = new pg.Pool({ connectionString: database.url });
  [store, start, saml] = await Promise.all([
    import("./institutions"),
    import("./sign-in-start"),
    import("./saml-sign-in"),
  ]);
  const { spMetadataXml } = await import("./saml-sp");
  idp = testIdp({ entityId: ENTITY_ID, spMetadata: spMetadataXml() });
  await insertUsers(db, [{ id: admin.id, email: admin.email, role: "admin" }]);
  const saved = await store.saveInstitution(admin, {
    protocol: "saml",
    name: "Example University",
    metadataXml: idp.metadata,
    emailDomains: ["uni.example.edu"],
    enabled: true,
  });
  institutionId = saved.id;
  expect(saved).toMatchObject({ issuer: ENTITY_ID, clientId: null, protocol: "saml" });
  // The schema validator (xmllint in wasm) compiles on its first use: once here, not inside a test's time.
  await saml.receiveSamlResponse({ RelayState: "warm-up" }).catch(() => undefined);
  const { validate } = await import("@authenio/samlify-node-xmllint");
  await validate("<warm-up/>").catch(() => undefined);
}, 120_000);

afterAll(async () => {
  const [{ pool }, { prisma }] = await Promise.all([import("../db/pool"), import("../db/client")]);
  await Promise.all([db?.end(), pool().end(), prisma().$disconnect(), idp?.close()]);
  await drop?.();
});

describe("SAML sign-in against a real SAML IdP", () => {
  it("signs a new person in with a signed assertion, then the same person into the same account", async () => {
    const first = await signIn(ann);
    expect(first.begun.url.searchParams.get("RelayState")).toBe(first.begun.state);
    const { next } = await first.received();
    expect(next.pathname).toBe("/api/auth-institution/callback/saml");
    const signedIn = await finish(next);
    expect(signedIn).toMatchObject({ next: "/exercises", state: first.begun.state });
    const [account] = (
      await db.query(`SELECT name, email, "emailVerified" FROM "user" WHERE id = $1`, [signedIn.userId])
    ).rows;
    // A mail attribute in a verified assertion, in a domain the admin allowed: vouched for.
    expect(account).toEqual({ name: "Ann Example", email: "ann@uni.example.edu", emailVerified: true });

    const again = await signIn(ann);
    expect((await finish((await again.received()).next)).userId).toBe(signedIn.userId);
    // The one-time reference is good once.
    expect(await problem(finish(next))).toBe("expired");
  });

  it("refuses the same Response posted again, and a Response for another request", async () => {
    const { posted, received } = await signIn({ ...ann, id: "replay" });
    await received();
    expect(await problem(saml.receiveSamlResponse(posted))).toBe("expired");

    const mine = await start.beginInstitutionSignIn({ institutionId });
    const other = await signIn({ ...ann, id: "other-request" });
    // Answered for the other sign-in's request, posted with this one's RelayState.
    expect(await problem(saml.receiveSamlResponse({ ...other.posted, RelayState: mine.state }))).toBe("refused");
    // An unsolicited Response (no RelayState Dockyard gave out) signs nobody in either.
    expect(await problem(saml.receiveSamlResponse({ SAMLResponse: other.posted.SAMLResponse }))).toBe("expired");
  });

  it("refuses an unsigned assertion, and one signed by another key than the registered certificate", async () => {
    expect(await problem((await signIn({ ...ann, id: "unsigned" }, { unsigned: true })).received())).toBe("unsigned");
    // The same entityID and answer, signed with another key (its own certificate in the signature).
    const forged = testIdp({
      entityId: ENTITY_ID,
      spMetadata: (await import("./saml-sp")).spMetadataXml(),
      signWith: "other-idp",
    });
    expect(await problem((await signIn({ ...ann, id: "forged" }, {}, forged)).received())).toBe("unsigned");
  });

  it("refuses an assertion for another audience, recipient or destination, or one expired", async () => {
    const elsewhere = "https://other-sp.example.org/shibboleth";
    expect(await problem((await signIn(ann, { audience: elsewhere })).received())).toBe("refused");
    expect(await problem((await signIn(ann, { recipient: `${elsewhere}/acs` })).received())).toBe("refused");
    expect(await problem((await signIn(ann, { destination: `${elsewhere}/acs` })).received())).toBe("refused");
    expect(await problem((await signIn(ann, { validForMs: -10 * 60 * 1000 })).received())).toBe("expired");
  });

  it("refuses a transient NameID, and accepts the subject-id attribute as the person's lasting name", async () => {
    expect(await problem((await signIn({ ...ann, transient: true })).received())).toBe("transient-id");
    const person = { id: "sid-1@uni.example.edu", mail: "sid@uni.example.edu", subjectIdAttribute: true };
    const first = await finish((await (await signIn(person)).received()).next);
    // Each sign-in sends another transient NameID beside the same subject-id: the same account.
    const second = await finish((await (await signIn(person)).received()).next);
    expect(second.userId).toBe(first.userId);
  });

  it("finishes only in the browser that began it", async () => {
    const { received } = await signIn({ ...ann, id: "other-browser" });
    const { next } = await received();
    expect(await problem(finish(next, () => false))).toBe("other-browser");
    // Refused once, the reference is spent.
    expect(await problem(finish(next))).toBe("expired");
  });

  it("links the identity to the signed-in account that asked, from the account page", async () => {
    await insertUsers(db, [{ id: "linker", email: "linker@example.test" }]);
    const begun = await start.beginInstitutionSignIn({ institutionId, next: "/account", linkUserId: "linker" });
    const { next } = await saml.receiveSamlResponse(await idp.respond(begun.url, { id: "linked-id" }));
    const linked = await saml.completeSamlSignIn(next.searchParams.get("ref"), always, async () => "linker");
    expect(linked).toMatchObject({ userId: "linker", linked: { institutionId } });
    // Another browser's session is not the account that asked: refused on the account page.
    const other = await start.beginInstitutionSignIn({ institutionId, linkUserId: "linker" });
    const back = await saml.receiveSamlResponse(await idp.respond(other.url, { id: "linked-2" }));
    const refused = await rejection(saml.completeSamlSignIn(back.next.searchParams.get("ref"), always, nobody));
    expect(refused).toMatchObject({ problem: "link-signed-out", forLink: true });
  });

  it("never opens, or takes the address of, an account whose address the IdP does not vouch for", async () => {
    // owner@example.com has a password account; example.com is not a domain the admin allowed for this IdP.
    const { auth } = await import("../auth/auth");
    await auth().api.signUpEmail({
      body: { name: "Owner", email: "owner@example.com", password: "the owner's own password" },
    });
    const [owner] = await userIdsWithEmail("owner@example.com");
    const mallory = { id: "mallory", mail: "owner@example.com", displayName: "Mallory" };
    const refused = await problem(
      (async () => finish((await (await signIn(mallory)).received()).next))().then((r) => {
        expect(r.userId).not.toBe(owner);
        return r;
      }),
    );
    // Refused outright (email-taken), or, once the lead's rule is in, a new account that does not hold the address.
    expect(["email-taken", "signed in"]).toContain(refused);
    expect(await userIdsWithEmail("owner@example.com")).toEqual([owner]);
    const linked = (await db.query(`SELECT "userId" FROM institution_identity WHERE sub = 'mallory'`)).rows;
    expect(linked.map((r) => r.userId)).not.toContain(owner);
  });

  it("gives a new SAML person no address the IdP does not vouch for, so its owner can still sign up", async () => {
    const mallory = { id: "mallory-2", mail: "newcomer@example.com", displayName: "Mallory" };
    const made = await finish((await (await signIn(mallory)).received()).next);
    const [account] = (await db.query(`SELECT email, "emailVerified" FROM "user" WHERE id = $1`, [made.userId])).rows;
    expect(account.emailVerified).toBe(false);
    // The address's owner signs up with it, and the SAML sign-in still opens its own account, never the owner's.
    const { auth } = await import("../auth/auth");
    await auth().api.signUpEmail({
      body: { name: "Newcomer", email: "newcomer@example.com", password: "the newcomer's own password" },
    });
    const [owner] = await userIdsWithEmail("newcomer@example.com");
    expect(owner).not.toBe(made.userId);
    const again = await finish((await (await signIn(mallory)).received()).next);
    expect(again.userId).toBe(made.userId);
  });
});

describe("registering a SAML IdP from its metadata", () => {
  async function refusedMetadata(metadataXml: string): Promise<string> {
    const err = await rejection(
      store.saveInstitution(admin, {
        protocol: "saml",
        name: "Broken University",
        metadataXml,
        emailDomains: [],
        enabled: true,
      }),
    );
    expect(err).toMatchObject({ code: "BAD_REQUEST", details: { field: "metadataXml" } });
    return err.message;
  }

  it("says what is wrong with metadata that cannot stand for an IdP", async () => {
    expect(await refusedMetadata("hello, this is not XML")).toContain("not XML");
    const sp = (await import("./saml-sp")).spMetadataXml();
    expect(await refusedMetadata(sp)).toContain("not an identity provider's");
    const noCert = idp.metadata.replace(/<KeyDescriptor[\s\S]*?<\/KeyDescriptor>/g, "");
    expect(await refusedMetadata(noCert)).toContain("no signing certificate");
    const postOnly = idp.metadata.replace(/bindings:HTTP-Redirect/g, "bindings:HTTP-POST");
    expect(await refusedMetadata(postOnly)).toContain("only with the HTTP-POST binding");
    const noSso = idp.metadata.replace(/<SingleSignOnService[\s\S]*?(\/>|<\/SingleSignOnService>)/g, "");
    expect(await refusedMetadata(noSso)).toContain("no SingleSignOnService");
    const wantsSigned = idp.metadata.replace('WantAuthnRequestsSigned="false"', 'WantAuthnRequestsSigned="true"');
    expect(await refusedMetadata(wantsSigned)).toContain("wants signed requests");
    const federation = 'xmlns="urn:oasis:names:tc:SAML:2.0:metadata"';
    const aggregate = `<EntitiesDescriptor ${federation}>${idp.metadata}</EntitiesDescriptor>`;
    expect(await refusedMetadata(aggregate)).toContain("federation's metadata");
    expect(await refusedMetadata("")).toContain("Paste the IdP's metadata");
  });

  it("sets an entityID up once, needs no client for SAML, and logs the change", async () => {
    const clash = await rejection(
      store.saveInstitution(admin, {
        protocol: "saml",
        name: "Again",
        metadataXml: idp.metadata,
        emailDomains: [],
        enabled: true,
      }),
    );
    expect(clash.code).toBe("CONFLICT");
    const changed = await store.saveInstitution(
      admin,
      { protocol: "saml", name: "Example U", emailDomains: ["uni.example.edu"], enabled: true },
      institutionId,
    );
    expect(changed).toMatchObject({ name: "Example U", issuer: ENTITY_ID, samlCertificates: [expect.any(String)] });
    const log = (await db.query(`SELECT details FROM admin_action WHERE action = 'institution_saved'`)).rows;
    expect(log.map((l) => l.details)).toContainEqual(
      expect.objectContaining({ protocol: "saml", issuer: ENTITY_ID, clientId: null, change: "updated" }),
    );
  });
});

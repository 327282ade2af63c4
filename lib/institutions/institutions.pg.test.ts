import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import { rejection } from "../../test-support/rejection";
import type { CurrentUser } from "../auth/current-user";
import type { Institution } from "../generated/prisma/client";
import type { ProvidedIdentity } from "./identities";
import type { InstitutionSignInRefused } from "./sign-in-problems";

// Setting up an institution (admins only, the secret never read back) and the rules that link its identities.
let db: pg.Pool;
let drop: () => Promise<void>;
let store: typeof import("./institutions");
let identities: typeof import("./identities");
let linkedIdentities: typeof import("../identities/linked-identities").linkedIdentities;

const admin: CurrentUser = { id: "admin", name: "Ada Admin", email: "admin@example.test", role: "admin" };
const instructor: CurrentUser = { id: "inst", name: "Ian Instructor", email: "ian@example.test", role: "instructor" };
const ISSUER = "https://login.uni.example.edu";

const fields = (over: Record<string, unknown> = {}) => ({
  name: "Example University",
  issuer: ISSUER,
  clientId: "dockyard",
  clientSecret: "s3cret-from-the-provider",
  emailDomains: ["uni.example.edu"],
  enabled: true,
  ...over,
});

async function refusal(promise: Promise<unknown>): Promise<string> {
  return ((await rejection(promise)) as unknown as InstitutionSignInRefused).problem;
}

async function identityRows(sub: string) {
  return (await db.query(`SELECT "userId", email FROM institution_identity WHERE sub = $1`, [sub])).rows;
}

beforeAll(async () => {
  const database = await createTestDatabase("institutions");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  db = new pg.Pool({ connectionString: database.url });
  [store, identities, { linkedIdentities }] = await Promise.all([
    import("./institutions"),
    import("./identities"),
    import("../identities/linked-identities"),
  ]);
  await insertUsers(db, [
    { id: admin.id, name: admin.name, email: admin.email, role: "admin" },
    { id: instructor.id, name: instructor.name, email: instructor.email, role: "instructor" },
  ]);
});

afterAll(async () => {
  const [{ pool }, { prisma }] = await Promise.all([import("../db/pool"), import("../db/client")]);
  await Promise.all([db?.end(), pool().end(), prisma().$disconnect()]);
  await drop?.();
});

describe("setting up an institution", () => {
  it("is an admin's act", async () => {
    expect((await rejection(store.saveInstitution(instructor, fields()))).code).toBe("FORBIDDEN");
    expect((await rejection(store.listInstitutions(instructor))).code).toBe("FORBIDDEN");
  });

  it("needs a client secret, an https issuer (plain HTTP on loopback only) and domains that are domains", async () => {
    const noSecret = await rejection(store.saveInstitution(admin, fields({ clientSecret: "" })));
    expect(noSecret.message).toContain("client secret");
    const plain = await rejection(store.saveInstitution(admin, fields({ issuer: "http://login.uni.example.edu" })));
    expect(plain.message).toContain("https://");
    const domain = await rejection(store.saveInstitution(admin, fields({ emailDomains: ["@@uni"] })));
    expect(domain.details?.field).toBe("emailDomains.0");
  });

  it("never hands the client secret back, keeps it when a change leaves it empty, and logs no secret", async () => {
    const saved = await store.saveInstitution(admin, fields({ emailDomains: ["UNI.example.edu", "@uni.example.edu"] }));
    expect(saved).not.toHaveProperty("clientSecret");
    expect(saved.emailDomains).toEqual(["uni.example.edu"]);
    const changed = await store.saveInstitution(admin, fields({ name: "Example U", clientSecret: "" }), saved.id);
    expect(changed.name).toBe("Example U");
    const [row] = (await db.query(`SELECT "clientSecret" FROM institution WHERE id = $1`, [saved.id])).rows;
    expect(row.clientSecret).toBe("s3cret-from-the-provider");
    const listed = await store.listInstitutions(admin);
    expect(listed.every((i) => !("clientSecret" in i))).toBe(true);
    const log = (await db.query(`SELECT details FROM admin_action WHERE action = 'institution_saved'`)).rows;
    expect(log.map((l) => l.details.change)).toEqual(["created", "updated"]);
    expect(JSON.stringify(log)).not.toContain("s3cret");
    await store.saveInstitution(admin, fields({ name: "Example U", clientSecret: "", enabled: false }), saved.id);
    expect(await store.enabledInstitutions()).toEqual([]);
    await store.deleteInstitution(admin, saved.id);
  });

  it("sets up an issuer and client ID pair once", async () => {
    const first = await store.saveInstitution(admin, fields({ clientId: "pair" }));
    const clash = await rejection(store.saveInstitution(admin, fields({ clientId: "pair" })));
    expect(clash.code).toBe("CONFLICT");
    await store.deleteInstitution(admin, first.id);
  });
});

describe("linking an institution's identity to an account", () => {
  let uni: Institution;
  const identity = (sub: string, over: Partial<ProvidedIdentity> = {}): ProvidedIdentity => ({
    issuer: ISSUER,
    sub,
    email: `${sub}@uni.example.edu`,
    emailVerified: true,
    name: `Person ${sub}`,
    ...over,
  });

  beforeAll(async () => {
    const saved = await store.saveInstitution(admin, fields({ clientId: "linking" }));
    uni = (await store.institutionForSignIn(saved.id)) as Institution;
    await insertUsers(db, [
      { id: "proven", email: "proven@uni.example.edu" },
      { id: "unproven", email: "unproven@uni.example.edu", verified: false },
      { id: "elsewhere", email: "someone@elsewhere.example.org" },
      { id: "linker", email: "linker@example.test" },
    ]);
  });

  it("makes a new account on a first sign-in, its address proven only when the provider vouches for it", async () => {
    const vouched = await identities.accountForIdentity(uni, identity("new1"));
    const unverified = await identities.accountForIdentity(uni, identity("new2", { emailVerified: false }));
    const otherDomain = await identities.accountForIdentity(uni, identity("new3", { email: "new3@gmail.example" }));
    const { rows } = await db.query(
      `SELECT id, name, email, "emailVerified", "unprovenEmail" FROM "user" WHERE id = ANY($1)`,
      [[vouched, unverified, otherDomain]],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(vouched)).toMatchObject({
      email: "new1@uni.example.edu",
      emailVerified: true,
      name: "Person new1",
    });
    // An address the provider does not vouch for is held apart, unproven: the account's own is one no mail reaches.
    const own = expect.stringMatching(/^institution-[0-9a-f]{24}@institution\.invalid$/);
    expect(byId.get(vouched)).toMatchObject({ unprovenEmail: null });
    expect(byId.get(unverified)).toMatchObject({
      email: own,
      emailVerified: false,
      unprovenEmail: "new2@uni.example.edu",
    });
    expect(byId.get(otherDomain)).toMatchObject({
      email: own,
      emailVerified: false,
      unprovenEmail: "new3@gmail.example",
    });
  });

  it("finds the account by the identity the next time, never by the e-mail the provider now says", async () => {
    const first = await identities.accountForIdentity(uni, identity("steady"));
    const again = await identities.accountForIdentity(uni, identity("steady", { email: "proven@uni.example.edu" }));
    expect(again).toBe(first);
    expect(again).not.toBe("proven");
  });

  it("gives an identity with no usable e-mail an address of its own that no mail reaches", async () => {
    const id = await identities.accountForIdentity(uni, identity("nomail", { email: undefined, name: undefined }));
    const [row] = (await db.query(`SELECT name, email FROM "user" WHERE id = $1`, [id])).rows;
    expect(row.email).toMatch(/^institution-[0-9a-f]{24}@institution\.invalid$/);
    expect(row.name).toBe("Example University user");
  });

  it("links an existing account only when both sides proved the address, in an allowed domain", async () => {
    // Case does not make another address.
    const linked = await identities.accountForIdentity(uni, identity("p", { email: "Proven@UNI.example.edu" }));
    expect(linked).toBe("proven");
    expect(await identityRows("p")).toEqual([{ userId: "proven", email: "proven@uni.example.edu" }]);
  });

  it("refuses, linking nothing, when the provider does not say the e-mail is verified", async () => {
    const unverified = identity("u1", { email: "proven@uni.example.edu", emailVerified: false });
    expect(await refusal(identities.accountForIdentity(uni, unverified))).toBe("email-taken");
    expect(await identityRows("u1")).toEqual([]);
    // A claim that is not the boolean true is no more a yes than a missing one.
    const missing = identity("u2", { email: "proven@uni.example.edu", emailVerified: undefined as unknown as boolean });
    expect(await refusal(identities.accountForIdentity(uni, missing))).toBe("email-taken");
  });

  it("refuses when the domain is not one the admin allowed, or the account never proved its address", async () => {
    const foreign = identity("f1", { email: "someone@elsewhere.example.org" });
    expect(await refusal(identities.accountForIdentity(uni, foreign))).toBe("email-taken");
    const unproven = identity("f2", { email: "unproven@uni.example.edu" });
    expect(await refusal(identities.accountForIdentity(uni, unproven))).toBe("email-taken");
    expect([...(await identityRows("f1")), ...(await identityRows("f2"))]).toEqual([]);
  });

  it("refuses an identity from an issuer not the institution's, or from an institution turned off", async () => {
    const stranger = identity("s1", { issuer: "https://rogue.example.net", email: "proven@uni.example.edu" });
    expect(await refusal(identities.accountForIdentity(uni, stranger))).toBe("not-set-up");
    expect(await refusal(identities.accountForIdentity({ ...uni, enabled: false }, identity("s2")))).toBe("not-set-up");
    expect(await refusal(identities.linkIdentity(uni, stranger, "linker"))).toBe("not-set-up");
    expect([...(await identityRows("s1")), ...(await identityRows("s2"))]).toEqual([]);
  });

  it("links to the signed-in account that asks, but never takes an identity from another", async () => {
    await identities.linkIdentity(
      uni,
      identity("l1", { email: "other@uni.example.edu", emailVerified: false }),
      "linker",
    );
    expect(await identities.accountForIdentity(uni, identity("l1"))).toBe("linker");
    await identities.linkIdentity(uni, identity("l1"), "linker");
    expect(await refusal(identities.linkIdentity(uni, identity("l1"), "proven"))).toBe("linked-elsewhere");
    const [linked] = await linkedIdentities("linker");
    expect(linked).toMatchObject({ name: "Example University", kind: "institution", linkedHow: "account_page" });
  });

  it("unlinks from the account that holds it, unless it is the account's only way in", async () => {
    const only = await rejection(identities.unlinkIdentity("linker", uni.id));
    expect(only).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/only way you sign in/) });
    expect(await rejection(identities.unlinkIdentity("elsewhere", uni.id))).toMatchObject({ code: "NOT_FOUND" });
    await db.query(
      `INSERT INTO account (id, "accountId", "providerId", "userId", password, "updatedAt")
       VALUES ('linker-password', 'linker', 'credential', 'linker', 'hash', now())`,
    );
    expect(await identities.unlinkIdentity("linker", uni.id)).toEqual({ unlinked: true });
    expect(await linkedIdentities("linker")).toEqual([]);
    // The identity is free again: its next sign-in follows the first sign-in's rules (a new account here).
    expect(await identities.accountForIdentity(uni, identity("l1"))).not.toBe("linker");
  });
});

import { importJWK, jwtVerify, SignJWT } from "jose";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import { rejection } from "../../test-support/rejection";
import type { CurrentUser } from "../auth/current-user";

// Registering an LMS and the tool's own keys: admins only, every change in the admin log.
let db: pg.Pool;
let drop: () => Promise<void>;
let platforms: typeof import("./platforms");
let toolKeys: typeof import("./tool-keys");

const admin: CurrentUser = { id: "admin", name: "Ada Admin", email: "admin@example.test", role: "admin" };
const instructor: CurrentUser = { id: "inst", name: "Ian Instructor", email: "ian@example.test", role: "instructor" };

const fields = (over: Record<string, unknown> = {}) => ({
  name: "Campus Moodle",
  issuer: "https://moodle.example.edu",
  clientId: "client-1",
  deploymentIds: ["1"],
  authLoginUrl: "https://moodle.example.edu/mod/lti/auth.php",
  tokenUrl: "https://moodle.example.edu/mod/lti/token.php",
  jwksUrl: "https://moodle.example.edu/mod/lti/certs.php",
  ...over,
});

async function logged(action: string) {
  const { rows } = await db.query(
    `SELECT "actorId", details FROM admin_action WHERE action = $1::"AdminActionKind" ORDER BY id`,
    [action],
  );
  return rows;
}

beforeAll(async () => {
  const database = await createTestDatabase("lti_platforms");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  db = new pg.Pool({ connectionString: database.url });
  [platforms, toolKeys] = await Promise.all([import("./platforms"), import("./tool-keys")]);
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

describe("registering an LMS", () => {
  let id = "";

  it("is an admin's act: an instructor can neither register nor list LMSs", async () => {
    expect((await rejection(platforms.savePlatform(instructor, fields()))).code).toBe("FORBIDDEN");
    expect((await rejection(platforms.listPlatforms(instructor))).code).toBe("FORBIDDEN");
    expect(await platforms.listPlatforms(admin)).toEqual([]);
  });

  it("names the field that is wrong, and refuses addresses that are not http(s)", async () => {
    const file = await rejection(platforms.savePlatform(admin, fields({ jwksUrl: "file:///etc/passwd" })));
    expect([file.code, file.message, file.details]).toEqual([
      "BAD_REQUEST",
      expect.stringMatching(/keyset URL must be a full http\(s\) address/),
      { field: "jwksUrl" },
    ]);
    const none = await rejection(platforms.savePlatform(admin, fields({ deploymentIds: [] })));
    expect(none.message).toMatch(/at least one deployment ID/);
    const control = await rejection(platforms.savePlatform(admin, fields({ name: "Moodle\u0000" })));
    expect(control.message).toMatch(/cannot contain control characters/);
    expect(await platforms.listPlatforms(admin)).toEqual([]);
  });

  it("registers once per issuer and client ID, keeps deployments without repeats, and logs it", async () => {
    ({ id } = await platforms.savePlatform(admin, fields({ deploymentIds: ["1", "1", "2"] })));
    expect((await platforms.listPlatforms(admin)).map((p) => p.deploymentIds)).toEqual([["1", "2"]]);
    const again = await rejection(platforms.savePlatform(admin, fields({ name: "Same Moodle" })));
    expect([again.code, again.message]).toEqual(["CONFLICT", expect.stringMatching(/Campus Moodle is already/)]);
    // Another client ID at the same issuer is another registration (hosted Canvas has one issuer for every school).
    await platforms.savePlatform(admin, fields({ clientId: "client-2", name: "Second key" }));
    expect(await logged("lti_platform_saved")).toEqual([
      { actorId: "admin", details: expect.objectContaining({ change: "created", clientId: "client-1" }) },
      { actorId: "admin", details: expect.objectContaining({ change: "created", clientId: "client-2" }) },
    ]);
  });

  it("changes a registration (a new deployment) without touching its links, and finds it for a login", async () => {
    await db.query(`INSERT INTO class (id, name, term) VALUES ('c1', 'Course', 'T')`);
    await db.query(
      `INSERT INTO lti_link (id, "platformId", "resourceLinkId", "classId", kind, "itemSlug")
       VALUES ('l1', $1, 'rl-1', 'c1', 'exercise', 'first-image')`,
      [id],
    );
    await platforms.savePlatform(admin, fields({ deploymentIds: ["1", "2", "3"] }), id);
    expect((await platforms.platformFor("https://moodle.example.edu", "client-1")).deploymentIds).toEqual([
      "1",
      "2",
      "3",
    ]);
    expect((await db.query(`SELECT id FROM lti_link`)).rows).toEqual([{ id: "l1" }]);
    // Two registrations share the issuer: a login that names no client ID cannot say which.
    const which = await rejection(platforms.platformFor("https://moodle.example.edu", undefined));
    expect([which.code, which.message]).toEqual(["BAD_REQUEST", expect.stringMatching(/must send client_id/)]);
    const unknown = platforms.savePlatform(admin, fields({ clientId: "client-3" }), "no-such-id");
    expect((await rejection(unknown)).code).toBe("NOT_FOUND");
  });

  it("removes a registration with its links, keeping the class", async () => {
    expect((await rejection(platforms.deletePlatform(instructor, id))).code).toBe("FORBIDDEN");
    await platforms.deletePlatform(admin, id);
    expect((await db.query(`SELECT id FROM lti_link`)).rows).toEqual([]);
    expect((await db.query(`SELECT id FROM class`)).rows).toEqual([{ id: "c1" }]);
    expect((await logged("lti_platform_saved")).at(-1)?.details).toMatchObject({ change: "deleted" });
    expect((await rejection(platforms.deletePlatform(admin, id))).code).toBe("NOT_FOUND");
  });
});

describe("the tool's keys", () => {
  it("makes a key on first use and publishes only its public half", async () => {
    const { keys } = await toolKeys.publicKeyset();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(keys[0]).not.toHaveProperty("d");
  });

  it("rotates: the new key signs at once, the old stays published for a day, and the log keeps it", async () => {
    const before = await toolKeys.signingKey();
    expect((await rejection(toolKeys.rotateToolKey(instructor))).code).toBe("FORBIDDEN");
    const { kid } = await toolKeys.rotateToolKey(admin);
    const after = await toolKeys.signingKey();
    expect(after.kid).toBe(kid);
    expect(after.kid).not.toBe(before.kid);
    const published = (await toolKeys.publicKeyset()).keys.map((k) => k.kid);
    expect(published).toEqual([kid, before.kid]);
    // What the new key signs verifies against the published half.
    const jwt = await new SignJWT({}).setProtectedHeader({ alg: "RS256", kid }).sign(after.key);
    const jwk = (await toolKeys.publicKeyset()).keys.find((k) => k.kid === kid)!;
    await expect(jwtVerify(jwt, await importJWK(jwk, "RS256"))).resolves.toBeDefined();
    expect(await logged("lti_key_rotated")).toEqual([{ actorId: "admin", details: { kid } }]);

    await db.query(`UPDATE lti_tool_key SET "retiredAt" = now() - interval '25 hours' WHERE kid = $1`, [before.kid]);
    expect((await toolKeys.publicKeyset()).keys.map((k) => k.kid)).toEqual([kid]);
  });
});

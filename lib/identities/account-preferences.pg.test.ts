import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import { DEFAULT_PREFERENCES } from "../preferences/preferences";

let db: pg.Pool;
let drop: () => Promise<void>;
let store: typeof import("./account-preferences");

beforeAll(async () => {
  const database = await createTestDatabase("preferences");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  store = await import("./account-preferences");
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [{ id: "ada" }, { id: "bo" }]);
});

afterAll(async () => {
  const { prisma } = await import("../db/client");
  await Promise.all([prisma().$disconnect(), db?.end()]);
  await drop?.();
});

describe("a learner's preferences on their account", () => {
  it("start as the defaults: the system's theme, terminals as they are", async () => {
    expect(await store.readPreferences("ada")).toEqual(DEFAULT_PREFERENCES);
  });

  it("change only where the patch says, answer with all of them, and stay with their own account", async () => {
    expect(await store.savePreferences("ada", { theme: "dark" })).toEqual({
      theme: "dark",
      terminalScreenReader: false,
    });
    expect(await store.savePreferences("ada", { terminalScreenReader: true })).toEqual({
      theme: "dark",
      terminalScreenReader: true,
    });
    expect(await store.readPreferences("ada")).toEqual({ theme: "dark", terminalScreenReader: true });
    expect(await store.readPreferences("bo")).toEqual(DEFAULT_PREFERENCES);
    const { rows } = await db.query(`SELECT theme::text, "terminalScreenReader" FROM "user" WHERE id = 'ada'`);
    expect(rows).toEqual([{ theme: "dark", terminalScreenReader: true }]);
  });

  it("go back to following the system", async () => {
    await store.savePreferences("bo", { theme: "light" });
    expect(await store.savePreferences("bo", { theme: "system" })).toMatchObject({ theme: "system" });
  });

  it("refuse an account that no longer exists as signed out, not as a fault", async () => {
    await expect(store.readPreferences("gone")).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(store.savePreferences("gone", { theme: "dark" })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });
});

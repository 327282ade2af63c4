import { spawnSync } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalPostgres } from "./embedded-postgres";

const root = path.resolve(import.meta.dirname, "../..");
let dataDir: string;
let port: number;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "dockyard-pg-leftover-"));
  await chmod(dir, 0o755); // the server runs as the postgres user, which must reach its data directory
  dataDir = path.join(dir, "pg");
  port = await freePort();
});
afterAll(async () => {
  await rm(path.dirname(dataDir), { recursive: true, force: true });
});

describe("a PostgreSQL a previous run left in the data directory", () => {
  it("is another run's while its starter runs: never touched, and the error says so", async () => {
    const first = await startLocalPostgres({ dataDir, port, database: "leftover" });
    try {
      const second = startLocalPostgres({ dataDir, port, database: "leftover" });
      await expect(second).rejects.toThrow(`PostgreSQL already runs in ${dataDir} (pid ${first.pid}, started by pid`);
      expect(() => process.kill(first.pid, 0)).not.toThrow();
    } finally {
      await first.stop();
    }
  }, 120_000);

  it("is stopped when the run that started it ended without stopping it, and a new one starts", async () => {
    // A process that starts the server and exits at once, as vitest does when no test file matches.
    const script =
      `import { startLocalPostgres } from "./lib/db/embedded-postgres.ts";` +
      `const options = { dataDir: ${JSON.stringify(dataDir)}, port: ${port}, database: "leftover" };` +
      "const s = await startLocalPostgres(options);" +
      "console.log(s.pid); process.exit(0);";
    const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: root,
      encoding: "utf8",
      timeout: 90_000,
    });
    const orphan = Number(run.stdout.trim().split("\n").at(-1));
    expect(orphan).toBeGreaterThan(0);
    expect(() => process.kill(orphan, 0)).not.toThrow();
    const said: string[] = [];
    const server = await startLocalPostgres({ dataDir, port, database: "leftover", log: (l) => said.push(l) });
    try {
      expect(server.pid).not.toBe(orphan);
      expect(() => process.kill(orphan, 0)).toThrow();
      expect(said.join("\n")).toContain(`stopping PostgreSQL pid ${orphan}, left running in ${dataDir}`);
    } finally {
      await server.stop();
    }
  }, 120_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const dataDir = mkdtempSync(path.join(tmpdir(), "platform-port-"));
let stranger: Server | undefined;
afterAll(() => {
  stranger?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("npm start", () => {
  it("refuses to start on a port something else listens on, before it starts anything, and says so", async () => {
    // A server left behind by another platform: it would answer the readiness check in this one's place.
    stranger = createServer();
    const port = await new Promise<number>((resolve) =>
      stranger!.listen(0, "0.0.0.0", () => resolve((stranger!.address() as { port: number }).port)),
    );
    const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/platform.ts")], {
      cwd: root,
      env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: "", PG_PORT: "1" },
    });
    let output = "";
    for (const stream of [child.stdout, child.stderr]) stream.on("data", (chunk: Buffer) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(output).toContain(`port ${port} is already in use`);
    // Nothing was started: not even the embedded PostgreSQL.
    expect(output).not.toContain("starting PostgreSQL");
  }, 60_000);
});

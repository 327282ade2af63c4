/**
 * The production platform a page benchmark measures: a PostgreSQL of its own (embedded, recreated database,
 * migrations applied) and the production web server on a port of its own against it. Needs `npx next build` first.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { startLocalPostgres } from "../lib/db/embedded-postgres";
import { applyMigrations } from "../lib/db/migrate";

export interface BenchServer {
  base: string;
  databaseUrl: string;
  /** Starts the production web server (scripts/web-server.ts) against the database: call it after seeding. */
  startWeb(): Promise<void>;
  /** Signs an account up through the app, as anyone would, and answers with its session cookie. */
  signUp(email: string, name: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startBenchServer(opts: { port: number; pgPort: number; dataDir: string }): Promise<BenchServer> {
  const base = `http://localhost:${opts.port}`;
  const postgres = await startLocalPostgres({ dataDir: opts.dataDir, port: opts.pgPort, database: "postgres" });
  const databaseUrl = postgres.url.replace(/\/postgres$/, "/dockyard_bench");
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS dockyard_bench WITH (FORCE)");
  await admin.query("CREATE DATABASE dockyard_bench");
  await admin.end();
  await applyMigrations(databaseUrl);

  let server: ChildProcess | undefined;
  return {
    base,
    databaseUrl,
    async startWeb() {
      // Its own process group, so stopping it stops any process it started too; and an IPC channel, the link a
      // supervised part has (lib/platform/supervisor-link.ts), so a benchmark killed outright takes it along.
      server = spawn(process.execPath, ["--import", "tsx", "scripts/web-server.ts"], {
        detached: true,
        env: {
          ...process.env,
          PORT: String(opts.port),
          HOST: "127.0.0.1",
          NODE_ENV: "production",
          DATABASE_URL: databaseUrl,
          APP_URL: base,
          BETTER_AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0123",
        },
        stdio: ["ignore", "ignore", "inherit", "ipc"],
      });
      // The channel alone must not keep the benchmark alive once it is done.
      server.channel?.unref();
      const started = server;
      for (let i = 0; i < 120; i++) {
        if (started.exitCode != null) throw new Error("the web server exited: run `npx next build` first");
        // Any answer will do: health reports 503 without a runner, and benchmarks start none.
        if (
          await fetch(`${base}/api/health`).then(
            () => true,
            () => false,
          )
        )
          return;
        await sleep(500);
      }
      throw new Error("the server did not start within a minute");
    },
    async signUp(email, name) {
      const response = await fetch(`${base}/api/auth/sign-up/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: base },
        body: JSON.stringify({ email, password: "bench account password", name }),
      });
      if (!response.ok) throw new Error(`sign-up failed: HTTP ${response.status} ${await response.text()}`);
      return response.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
    },
    async stop() {
      // The server goes first, so its pool does not watch the database vanish under it.
      if (server?.pid && server.exitCode === null) {
        process.kill(-server.pid, "SIGTERM");
        await once(server, "exit");
      }
      await postgres.stop();
    },
  };
}

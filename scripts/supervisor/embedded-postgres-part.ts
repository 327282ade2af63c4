import { type LocalPostgresOptions, startLocalPostgres } from "../../lib/db/embedded-postgres";
import type { PartSpec, RunningPart } from "./supervised-part";

/**
 * The embedded PostgreSQL, started again on the same data directory and port when it dies: the runner's and the
 * web server's pools reconnect by themselves. Its own log is kept quietly for a crash-loop message.
 */
export function embeddedPostgres(opts: Omit<LocalPostgresOptions, "log">): PartSpec {
  return {
    name: "database",
    title: "PostgreSQL",
    async start(output): Promise<RunningPart> {
      const server = await startLocalPostgres({
        ...opts,
        log: (text) => {
          for (const line of text.split("\n")) if (line.trim()) output(line, { quiet: true });
        },
      }).catch((err: unknown) => {
        // embedded-postgres rejects with nothing when the server exits while starting; its log says why.
        throw err instanceof Error ? err : new Error("PostgreSQL exited while starting");
      });
      return {
        pid: server.pid,
        exited: server.exited,
        requestStop: () => {
          server.stop().catch((err: Error) => output(`could not stop: ${err.message}`));
        },
        kill: () => {
          try {
            process.kill(server.pid, "SIGKILL");
          } catch {
            // ESRCH: it has exited already.
          }
        },
      };
    },
  };
}

/**
 * Makes (or updates) the PostgreSQL login role a sandbox runner connects as, a member of the group roles of the
 * hosts it runs and of nothing else (lib/host-roles/host-roles.ts; the groups come from the migrations), and makes
 * sure pg-boss's tables exist. Run as the database's owner after the migrations: Compose's and Kubernetes'
 * migration step run it, and an operator runs it for a lab machine's runner (docs/deploy.md).
 *
 *   DATABASE_URL=<the owner's URL> npx tsx scripts/host-role.ts <role> <hosts> --password-file <file>
 *   DATABASE_URL=<the owner's URL> npx tsx scripts/host-role.ts --runner-url-file <file> <hosts>
 *
 *   e.g. scripts/host-role.ts dockyard_runner_labs lab --password-file /run/secrets/runner-db-password
 *        scripts/host-role.ts --runner-url-file /run/secrets/dockyard-runner-grading/DATABASE_URL grade,shell
 *
 * The password is read from a file (a Compose or Kubernetes secret), never from the command line, which other
 * users of the machine can read: a file of the password alone, or the runner's own DATABASE_URL (the role and the
 * password are then that URL's, so the Secret a runner pod reads is the one place they are written). It prints the
 * URL the runner uses, with the password left out.
 */
import { readFileSync } from "node:fs";
import { env, HOST_KINDS, type HostKind } from "../lib/config/env";
import { ensureHostLoginRole } from "../lib/host-roles/host-roles";

const USAGE =
  "usage: host-role.ts <role> <hosts, e.g. grade,shell> --password-file <file>\n" +
  "       host-role.ts --runner-url-file <file> <hosts>";

/** The role's name and password: from the command line and a password file, or from the runner's URL in a file. */
function roleFrom(args: string[]): { name: string; password: string; hostList: string } {
  if (args.length === 3 && args[0] === "--runner-url-file") {
    const url = new URL(readFileSync(args[1]!, "utf8").trim());
    return {
      name: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      hostList: args[2]!,
    };
  }
  if (args.length === 4 && args[2] === "--password-file") {
    return { name: args[0]!, password: readFileSync(args[3]!, "utf8").trim(), hostList: args[1]! };
  }
  throw new Error(USAGE);
}

async function main(): Promise<void> {
  const { name, password, hostList } = roleFrom(process.argv.slice(2));
  const hosts = hostList.split(",").map((h) => h.trim());
  const unknown = hosts.filter((h) => !(HOST_KINDS as readonly string[]).includes(h));
  if (unknown.length > 0 || hosts.length === 0) {
    throw new Error(`unknown host kind ${unknown.join(", ")}: the hosts are ${HOST_KINDS.join(", ")}`);
  }
  const url = new URL(await ensureHostLoginRole(env().DATABASE_URL, { name, password, hosts: hosts as HostKind[] }));
  url.password = "***";
  console.log(`Runner role ${name} (hosts ${hosts.join(",")}) is ready: ${url.toString()}`);
}

main().catch((err: unknown) => {
  console.error(`Making the runner's role failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});

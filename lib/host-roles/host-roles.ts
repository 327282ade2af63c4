import pg from "pg";
import type { HostKind } from "../config/env";
import { PlatformFault } from "../errors/platform-fault";
import { startBoss } from "../queue/boss";

/**
 * The PostgreSQL roles the sandbox runner connects with (issue 55, least privilege). The migration
 * 20261222000000_host_roles makes the NOLOGIN group roles and their grants, each derived from the statements the
 * runner's code runs: `dockyard_runner` for what every runner does (heartbeat, lease check, stranded-session sweep,
 * the reaper's reads, pruning sessions' output), and one per host kind. This file makes the login role a runner
 * process uses, a member of `dockyard_runner` and of the group of each host it runs (RUNNER_HOSTS) and of nothing
 * else: `npm start` for its own runner (scripts/platform.ts), `scripts/host-role.ts` for Compose and Kubernetes.
 * It lives in a folder of its own because it needs both the queue (pg-boss's schema) and the database settings.
 */
export const RUNNER_GROUP_ROLE = "dockyard_runner";

export const HOST_GROUP_ROLES: Record<HostKind, string> = {
  grade: "dockyard_grading_host",
  shell: "dockyard_shell_host",
  lab: "dockyard_lab_host",
};

/** A role name that needs no quoting, so an operator's typo cannot reach the SQL as anything but a name. */
const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface HostLoginRole {
  /** The login role's name, e.g. `dockyard_runner_local`. */
  name: string;
  password: string;
  /** The hosts the runner runs (RUNNER_HOSTS): the group roles it is a member of. */
  hosts: readonly HostKind[];
}

/**
 * Creates the login role, or brings an existing one to this password and these memberships (a host removed from
 * RUNNER_HOSTS loses its group), and makes sure pg-boss's tables exist, so a runner that starts first never has to
 * create them (it may not). Run as the database's owner, after the migrations; safe to run again and concurrently.
 * Answers the URL the runner connects with: `ownerUrl` with the login role's name and password.
 */
export async function ensureHostLoginRole(ownerUrl: string, role: HostLoginRole): Promise<string> {
  if (!ROLE_NAME.test(role.name)) {
    throw new PlatformFault(
      "database",
      `"${role.name}" is not a runner role name Dockyard accepts: lower-case letters, digits and _, at most 63.`,
    );
  }
  if (role.password.length < 16) {
    throw new PlatformFault("database", `The password of the runner role ${role.name} is shorter than 16 characters.`);
  }
  const groups = new Set([RUNNER_GROUP_ROLE, ...role.hosts.map((kind) => HOST_GROUP_ROLES[kind])]);
  const client = new pg.Client({ connectionString: ownerUrl });
  client.on("error", () => {});
  await client.connect();
  try {
    const { rows: owner } = await client.query<{ me: string }>(`SELECT current_user AS me`);
    if (owner[0]?.me === role.name) {
      throw new PlatformFault(
        "database",
        `The runner role ${role.name} is the role the owner's URL connects as: the runner needs a role of its own.`,
      );
    }
    const name = client.escapeIdentifier(role.name);
    const password = client.escapeLiteral(role.password);
    // Two starts at once (Kubernetes' jobs, a retried one) race like the migration's CREATE ROLEs: the loser updates.
    try {
      await client.query(`CREATE ROLE ${name} LOGIN INHERIT PASSWORD ${password}`);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== "42710" && code !== "23505") throw err;
    }
    const { rows } = await client.query<{ rolsuper: boolean; rolcreaterole: boolean; rolbypassrls: boolean }>(
      `SELECT rolsuper, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname = $1`,
      [role.name],
    );
    if (rows[0]?.rolsuper || rows[0]?.rolcreaterole || rows[0]?.rolbypassrls) {
      throw new PlatformFault(
        "database",
        `The role ${role.name} exists and is a superuser or may create roles: it cannot be a runner's role. ` +
          `Name another one.`,
      );
    }
    // Whatever it was before: a login role with this password, that inherits its groups' grants and nothing more.
    await client.query(`ALTER ROLE ${name} WITH LOGIN INHERIT NOCREATEDB NOREPLICATION PASSWORD ${password}`);
    const { rows: member } = await client.query<{ name: string }>(
      `SELECT g.rolname AS name FROM pg_auth_members m
         JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member
       WHERE r.rolname = $1`,
      [role.name],
    );
    const now = new Set(member.map((m) => m.name));
    for (const group of groups) {
      if (!now.has(group)) await client.query(`GRANT ${client.escapeIdentifier(group)} TO ${name}`);
    }
    // Every other membership goes: a role that was once given more (by hand, or as a grading host) keeps none of it.
    for (const group of now) {
      if (!groups.has(group)) await client.query(`REVOKE ${client.escapeIdentifier(group)} FROM ${name}`);
    }
  } finally {
    await client.end().catch(() => {});
  }
  await installQueueSchema(ownerUrl);
  return roleUrl(ownerUrl, role.name, role.password);
}

/**
 * Starts pg-boss once as the owner, which installs (or upgrades) its tables and makes the queues. The migration
 * gave the grading host its privileges there, for the tables made now too (ALTER DEFAULT PRIVILEGES for the owner):
 * a runner's own pg-boss then finds everything made and creates nothing.
 */
async function installQueueSchema(ownerUrl: string): Promise<void> {
  const boss = await startBoss(ownerUrl, { supervise: false });
  await boss.stop({ graceful: false, wait: true, close: true });
}

/** `url` with another user and password (URL-encoded), the database, host and options unchanged. */
export function roleUrl(url: string, name: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(name);
  u.password = encodeURIComponent(password);
  return u.toString();
}

import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv, SETTINGS } from "../lib/config/env";
import { composeCliEnv, detectComposePlugin } from "../sandbox-runner/compose/compose-plugin";
import { runCli } from "../sandbox-runner/compose/run-cli";
import { engineEndpoint } from "../sandbox-runner/docker/engine";

/**
 * deploy/compose.yaml as Docker Compose itself reads it (`docker compose config`, the grading engine's Compose v2
 * plugin): the services docs/deploy.md describes, only real settings in the app's environment, and runners that
 * nobody can connect to.
 */
const FILE = path.join(import.meta.dirname, "compose.yaml");
const APP_SERVICES = ["migrate", "web", "runner", "gpu-runner"];
const RUNNERS = ["runner", "gpu-runner"];
const GIVEN = {
  POSTGRES_PASSWORD: "0123456789abcdef0123456789abcdef",
  RUNNER_POSTGRES_PASSWORD: "fedcba9876543210fedcba9876543210",
  BETTER_AUTH_SECRET: "test-secret-test-secret-test-secret-0123456789",
  APP_URL: "https://dockyard.example.org",
};

interface Service {
  image?: string;
  build?: { dockerfile?: string; target?: string; args?: Record<string, string> };
  command?: string[];
  secrets?: { source: string; target?: string }[];
  profiles?: string[];
  environment?: Record<string, string | null>;
  ports?: unknown[];
  expose?: string[];
  privileged?: boolean;
  user?: string;
  pid?: string;
  volumes?: { source?: string; target: string }[];
  deploy?: {
    replicas?: number;
    resources?: { reservations?: { devices?: { driver?: string; capabilities?: string[] }[] } };
  };
}

let home: string;

async function composeConfig(variables: Record<string, string>, ...args: string[]) {
  const result = await runCli(
    engineEndpoint().cli,
    ["compose", "-f", FILE, "--profile", "gpu", "config", "--format", "json", ...args],
    { env: { ...composeCliEnv(home), ...variables }, timeoutMs: 60_000 },
  );
  return result;
}

async function services(variables: Record<string, string> = GIVEN): Promise<Record<string, Service>> {
  const result = await composeConfig(variables);
  expect(result.stderr).not.toMatch(/error/i);
  expect(result.exitCode).toBe(0);
  return JSON.parse(result.stdout).services;
}

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), "dockyard-deploy-"));
});

afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

describe("deploy/compose.yaml", () => {
  it("is read by Docker Compose v2", async () => {
    expect(await detectComposePlugin()).toMatchObject({ available: true, version: expect.stringMatching(/^2\./) });
  });

  it("has the database, a one-shot migration, two web instances behind a proxy, CPU and GPU runners", async () => {
    const all = await services();
    expect(Object.keys(all).sort()).toEqual(["gpu-runner", "migrate", "postgres", "proxy", "runner", "web"]);
    expect(all.web!.deploy?.replicas).toBe(2);
    expect(all["gpu-runner"]!.profiles).toEqual(["gpu"]);
    expect(all.runner!.profiles).toBeUndefined();
    const [gpu] = all["gpu-runner"]!.deploy?.resources?.reservations?.devices ?? [];
    expect(gpu).toMatchObject({ driver: "nvidia", capabilities: ["gpu"] });
  });

  it("builds the web's image and the runners' (no web build) from deploy/Dockerfile on the given Node", async () => {
    const all = await services({ ...GIVEN, NODE_IMAGE: "registry.example.org/node:20-bookworm" });
    for (const name of APP_SERVICES) {
      expect(all[name]!.build).toMatchObject({
        dockerfile: "deploy/Dockerfile",
        args: { NODE_IMAGE: "registry.example.org/node:20-bookworm" },
      });
    }
    const web = ["web", "migrate"];
    expect(new Set(web.map((name) => all[name]!.image))).toEqual(new Set(["dockyard/app:local"]));
    expect(web.map((name) => all[name]!.build?.target)).toEqual([undefined, undefined]);
    expect(new Set(RUNNERS.map((name) => all[name]!.image))).toEqual(new Set(["dockyard/runner:local"]));
    expect(RUNNERS.map((name) => all[name]!.build?.target)).toEqual(["runner", "runner"]);
  });

  it("connects runners as a database role of their own, made by the migration, never with web secrets", async () => {
    const all = await services();
    for (const name of RUNNERS) {
      const environment = all[name]!.environment ?? {};
      expect(environment.DATABASE_URL).toBe(
        `postgresql://dockyard_runner_compose:${GIVEN.RUNNER_POSTGRES_PASSWORD}@postgres:5432/dockyard`,
      );
      expect(JSON.stringify(all[name])).not.toContain(GIVEN.POSTGRES_PASSWORD);
      expect(JSON.stringify(all[name])).not.toContain(GIVEN.BETTER_AUTH_SECRET);
      expect(Object.keys(environment)).not.toContain("SMTP_URL");
      expect(all[name]!.secrets ?? []).toEqual([]);
    }
    // The web side never gets the runners' password.
    expect(JSON.stringify(all.web)).not.toContain(GIVEN.RUNNER_POSTGRES_PASSWORD);
    // The migration makes the role with the runners' hosts, its password read from a secret file.
    const migrate = all.migrate!;
    expect(migrate.secrets).toEqual([expect.objectContaining({ source: "runner_postgres_password" })]);
    const command = migrate.command!.join(" ");
    expect(command).toMatch(/^sh -c npm run db:migrate && node --import tsx scripts\/host-role\.ts /);
    expect(command).toContain(
      "host-role.ts dockyard_runner_compose grade,shell --password-file /run/secrets/runner_postgres_password",
    );
    expect(command).not.toContain(GIVEN.RUNNER_POSTGRES_PASSWORD);
  });

  it("sets only settings of lib/config/env.ts in the app services, each with a valid value", async () => {
    const all = await services();
    for (const name of APP_SERVICES) {
      const environment = all[name]!.environment ?? {};
      const given = Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, value ?? ""]));
      // parseEnv throws on a value it refuses; an empty one (SMTP_URL when the operator sets none) counts as unset.
      parseEnv(given);
      const unknown = Object.keys(given).filter((key) => !(SETTINGS as string[]).includes(key));
      expect({ service: name, unknown }).toEqual({ service: name, unknown: [] });
    }
    expect(all.web!.environment).toMatchObject({
      APP_URL: GIVEN.APP_URL,
      BETTER_AUTH_SECRET: GIVEN.BETTER_AUTH_SECRET,
      NODE_ENV: "production",
    });
    expect(all["gpu-runner"]!.environment).toMatchObject({ RUNNER_GPUS: "1", RUNNER_GPU_DEVICES: "nvidia" });
    // Grading machines: they grade and serve shells in what they built, never labs (no lab accounts in a container).
    for (const name of ["runner", "gpu-runner"]) {
      expect(parseEnv(all[name]!.environment as Record<string, string>).RUNNER_HOSTS).toEqual(["grade", "shell"]);
    }
  });

  it("publishes the proxy only: runners and web instances take no connections from outside", async () => {
    const all = await services();
    for (const name of ["runner", "gpu-runner", "web", "migrate"]) {
      expect({ service: name, ports: all[name]!.ports ?? [] }).toEqual({ service: name, ports: [] });
    }
    expect(all.proxy!.ports).toEqual([expect.objectContaining({ target: 80, published: "8080" })]);
    // PostgreSQL for the runner hosts: on this machine's loopback until the operator names a private address.
    expect(all.postgres!.ports).toEqual([expect.objectContaining({ host_ip: "127.0.0.1", target: 5432 })]);
  });

  it("runs the web instances and the migration as the image's unprivileged user, runners as root", async () => {
    const all = await services();
    expect([all.web!.user, all.migrate!.user]).toEqual(["node", "node"]);
    expect([all.runner!.user, all["gpu-runner"]!.user]).toEqual([undefined, undefined]);
  });

  it("gives runners their host's grading engine as root has it, and the database on another machine", async () => {
    const all = await services({ ...GIVEN, POSTGRES_HOST: "10.0.0.5" });
    for (const name of ["runner", "gpu-runner"]) {
      const runner = all[name]!;
      expect(runner).toMatchObject({ privileged: true, pid: "host" });
      expect(runner.environment).toMatchObject({
        DOCKER_HOST: "unix:///run/dockyard-engine/docker.sock",
        DATABASE_URL: `postgresql://dockyard_runner_compose:${GIVEN.RUNNER_POSTGRES_PASSWORD}@10.0.0.5:5432/dockyard`,
      });
      expect(runner.volumes?.map((v) => v.target).sort()).toEqual([
        "/run/dockyard-engine",
        "/sys/fs/cgroup",
        "/var/lib/dockyard-engine",
      ]);
    }
  });

  it("refuses to start without the secrets, naming the one missing", async () => {
    for (const missing of Object.keys(GIVEN)) {
      const variables = Object.fromEntries(Object.entries(GIVEN).filter(([key]) => key !== missing));
      const result = await composeConfig(variables);
      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toContain(`required variable ${missing} is missing a value`);
    }
  });
});

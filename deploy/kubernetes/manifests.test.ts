import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Deployment, StatefulSet } from "kubernetes-models/apps/v1";
import { Job } from "kubernetes-models/batch/v1";
import { Ingress, NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ConfigMap, Namespace, Secret, Service } from "kubernetes-models/v1";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { IPodTemplateSpec } from "kubernetes-models/v1/PodTemplateSpec";
import type { IProbe } from "kubernetes-models/v1/Probe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { parseEnv, SETTINGS } from "../../lib/config/env";

/**
 * deploy/kubernetes as kustomize renders it, checked offline: every object against the Kubernetes API's schema
 * (kubernetes-models' JSON schemas for types, formats and required fields; its TypeScript types, through tsc, for
 * fields the API does not know, which the schemas let pass), and the properties docs/kubernetes.md promises.
 * Nothing here needs a cluster; kubectl is needed, for its kustomize.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const HERE = import.meta.dirname;
const exec = promisify(execFile);

/** Every overlay, with the workloads it runs and how many of each. A new overlay is rendered once it is listed. */
const OVERLAYS: Record<string, { deployments: Record<string, number>; database: "in-cluster" | "external" }> = {
  small: {
    deployments: { "dockyard-web": 2, "dockyard-runner-grading": 1, "dockyard-runner-labs": 1 },
    database: "in-cluster",
  },
  production: {
    deployments: {
      "dockyard-web": 3,
      "dockyard-runner-grading": 4,
      "dockyard-runner-labs": 2,
      "dockyard-runner-gpu": 1,
    },
    database: "external",
  },
};

/** Each runner kind: the hosts its process runs (RUNNER_HOSTS) and the key of runtime-classes.yaml naming its class. */
const RUNNERS: Record<
  string,
  { hosts: string[]; runtimeClassKey: string; secret: string; env?: Record<string, string> }
> = {
  "dockyard-runner-grading": {
    hosts: ["grade", "shell"],
    runtimeClassKey: "grading",
    secret: "dockyard-runner-grading",
  },
  "dockyard-runner-labs": {
    hosts: ["lab"],
    runtimeClassKey: "labs",
    secret: "dockyard-runner-labs",
    env: { RUNNER_LABS: "on" },
  },
  "dockyard-runner-gpu": { hosts: ["grade", "shell"], runtimeClassKey: "gpu", secret: "dockyard-runner-grading" },
};

/** Stand-ins for the values the operator puts in the Secret, to check the settings they go to. */
const SECRET_STAND_INS: Record<string, string> = {
  DATABASE_URL: "postgresql://dockyard:0123456789abcdef@dockyard-postgres:5432/dockyard",
  BETTER_AUTH_SECRET: "test-secret-test-secret-test-secret-0123456789",
  POSTGRES_PASSWORD: "0123456789abcdef",
  SMTP_URL: "smtp://dockyard:0123456789abcdef@mail.example.test:587",
};

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  "v1/Namespace": Namespace,
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
  "apps/v1/StatefulSet": StatefulSet,
  "batch/v1/Job": Job,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "networking.k8s.io/v1/Ingress": Ingress,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
};

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

interface Rendered {
  objects: K8sObject[];
  stderr: string;
}

async function kustomize(dir: string): Promise<Rendered> {
  try {
    const { stdout, stderr } = await exec("kubectl", ["kustomize", dir], { maxBuffer: 16 * 1024 * 1024 });
    const objects = parseAllDocuments(stdout).map((doc) => doc.toJS() as K8sObject);
    return { objects, stderr };
  } catch (err) {
    const error = err as NodeJS.ErrnoException & { stderr?: string };
    if (error.code === "ENOENT") {
      throw new Error(
        "kubectl is not on PATH: deploy/kubernetes is rendered with `kubectl kustomize` (kubectl 1.27 or newer, " +
          "which carries kustomize v5). Install kubectl; no cluster is needed.",
      );
    }
    throw new Error(`kubectl kustomize ${path.relative(ROOT, dir)} failed: ${error.stderr ?? error.message}`);
  }
}

const rendered = new Map<string, Rendered>();

beforeAll(async () => {
  const names = Object.keys(OVERLAYS);
  const results = await Promise.all(names.map((name) => kustomize(path.join(HERE, "overlays", name))));
  for (const [i, name] of names.entries()) rendered.set(name, results[i]!);
});

function objectsOf(overlay: string): K8sObject[] {
  return rendered.get(overlay)!.objects;
}

function one(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  expect(found.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([`${kind}/${name}`]);
  return found[0]!;
}

/** A ConfigMap or Secret by the name a pod refers to it by: kustomize's, with the hash it appends to what it makes. */
function referred(objects: K8sObject[], kind: "ConfigMap" | "Secret", name: string): K8sObject | undefined {
  return objects.find((o) => o.kind === kind && o.metadata.name === name);
}

/** A ConfigMap or Secret that kustomize made, by the name its generator gives, before the hash. */
function generated(objects: K8sObject[], kind: "ConfigMap" | "Secret", name: string): K8sObject {
  const found = objects.filter((o) => o.kind === kind && new RegExp(`^${name}-[a-z0-9]{10}$`).test(o.metadata.name));
  expect(found, `one ${kind} made by the generator ${name}`).toHaveLength(1);
  return found[0]!;
}

/**
 * kustomize wraps a long base64 value over lines; the API server's decoder skips line breaks, the schema's "byte"
 * format does not, so they are taken out before the schema sees the Secret.
 */
function normalised(object: K8sObject): K8sObject {
  if (object.kind !== "Secret" || !object.data) return object;
  const data = Object.fromEntries(Object.entries(object.data).map(([key, value]) => [key, value.replace(/\n/g, "")]));
  return { ...object, data };
}

function template(object: K8sObject): IPodTemplateSpec {
  return (object.spec as { template: IPodTemplateSpec }).template;
}

function pods(objects: K8sObject[]): { owner: K8sObject; spec: IPodSpec; labels: Record<string, string> }[] {
  return objects
    .filter((o) => ["Deployment", "StatefulSet", "Job"].includes(o.kind))
    .map((owner) => ({
      owner,
      spec: template(owner).spec!,
      labels: (template(owner).metadata?.labels ?? {}) as Record<string, string>,
    }));
}

function containersOf(spec: IPodSpec): IContainer[] {
  return [...(spec.initContainers ?? []), ...spec.containers];
}

function decoded(secret: K8sObject): Record<string, string> {
  return Object.fromEntries(
    Object.entries(secret.data ?? {}).map(([key, value]) => [key, Buffer.from(value, "base64").toString("utf8")]),
  );
}

/** The environment a container starts with: literal values, the ConfigMaps' values, and stand-ins for secrets. */
function environmentOf(container: IContainer, objects: K8sObject[]): Record<string, string> {
  const environment: Record<string, string> = {};
  const standIn = (key: string) => {
    expect(SECRET_STAND_INS, `no stand-in for the secret ${key}`).toHaveProperty([key]);
    return SECRET_STAND_INS[key]!;
  };
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      const map = referred(objects, "ConfigMap", source.configMapRef.name!);
      Object.assign(environment, map?.data);
    }
    if (source.secretRef) {
      const secret = referred(objects, "Secret", source.secretRef.name!);
      for (const key of Object.keys(secret?.data ?? {})) environment[key] = standIn(key);
    }
  }
  for (const variable of container.env ?? []) {
    const from = variable.valueFrom;
    if (from?.secretKeyRef) environment[variable.name] = standIn(from.secretKeyRef.key);
    else if (from?.configMapKeyRef) {
      const map = referred(objects, "ConfigMap", from.configMapKeyRef.name!);
      environment[variable.name] = map?.data?.[from.configMapKeyRef.key] ?? "";
    } else environment[variable.name] = variable.value ?? "";
  }
  return environment;
}

/** Kubernetes quantities as numbers (CPU in cores, memory in bytes), to compare requests with limits. */
function quantity(value: string | number): number {
  if (typeof value === "number") return value;
  const match = /^([0-9.]+)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(value);
  expect(match, `"${value}" is not a quantity this test reads`).not.toBeNull();
  const units: Record<string, number> = {
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
  };
  return Number(match![1]) * (match![2] ? units[match![2]]! : 1);
}

function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  return !!selector && Object.entries(selector).every(([key, value]) => labels[key] === value);
}

function containerPort(container: IContainer, port: string | number | undefined): number | undefined {
  if (typeof port === "number") return port;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

function runtimeClasses(overlayDir: string): Promise<Record<string, string>> {
  return readFile(path.join(overlayDir, "runtime-classes.yaml"), "utf8").then((text) => parse(text).data);
}

describe.each(Object.keys(OVERLAYS))("overlays/%s", (overlay) => {
  const expected = OVERLAYS[overlay]!;
  const overlayDir = path.join(HERE, "overlays", overlay);

  it("renders without a warning from kustomize", () => {
    expect(rendered.get(overlay)!.stderr).toBe("");
    expect(objectsOf(overlay).length).toBeGreaterThan(0);
  });

  it("passes the Kubernetes API's schema, object by object", () => {
    const problems: string[] = [];
    for (const object of objectsOf(overlay)) {
      const Model = MODELS[`${object.apiVersion}/${object.kind}`];
      if (!Model) {
        problems.push(`${object.apiVersion} ${object.kind}: no schema here; add its model to MODELS`);
        continue;
      }
      try {
        new Model(normalised(object) as never).validate();
      } catch (err) {
        problems.push(`${object.kind}/${object.metadata.name}: ${(err as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("has no field the Kubernetes API does not know (tsc against kubernetes-models' types)", async () => {
    const objects = objectsOf(overlay);
    const models = path.join(ROOT, "node_modules", "kubernetes-models");
    // One object per line, so an error's line names its object.
    const lines = objects.map((object, i) => {
      const module = JSON.stringify(path.join(models, object.apiVersion, `${object.kind}.js`));
      return `export const o${i}: import(${module}).I${object.kind} = ${JSON.stringify(object)};`;
    });
    const dir = await mkdtemp(path.join(os.tmpdir(), "dockyard-k8s-types-"));
    try {
      await writeFile(path.join(dir, "objects.mts"), `${lines.join("\n")}\n`);
      const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
      const args = ["--ignoreConfig", "--noEmit", "--strict", "--skipLibCheck", "--types", ""];
      const options = ["--target", "es2022", "--module", "nodenext", "--moduleResolution", "nodenext"];
      const errors = await exec(process.execPath, [tsc, ...args, ...options, "objects.mts"], { cwd: dir }).then(
        () => [],
        (err: { stdout?: string; message: string }) =>
          (err.stdout || err.message)
            .split("\n")
            .filter(Boolean)
            .map((line) => {
              const at = /^objects\.mts\((\d+),/.exec(line);
              const object = at ? objects[Number(at[1]) - 1] : undefined;
              return object ? `${object.kind}/${object.metadata.name}: ${line}` : line;
            }),
      );
      expect(errors).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("runs the web side, one runner Deployment per kind, and the migration, each as many times as planned", () => {
    const objects = objectsOf(overlay);
    const deployments = objects.filter((o) => o.kind === "Deployment");
    const replicas = Object.fromEntries(deployments.map((d) => [d.metadata.name, d.spec!.replicas]));
    expect(replicas).toEqual(expected.deployments);
    expect(expected.deployments["dockyard-web"]).toBeGreaterThanOrEqual(2);
    const migrate = one(objects, "Job", "dockyard-migrate");
    expect(template(migrate).spec!.restartPolicy).toBe("Never");
    const [command] = template(migrate).spec!.containers.map((c) => c.command);
    expect(command?.slice(0, 2)).toEqual(["sh", "-c"]);
    // The migrations, then each runner kind's login role with the hosts its pods run (lib/host-roles/).
    expect(command?.[2]?.replace(/\s+/g, " ")).toBe(
      "npm run db:migrate" +
        " && node --import tsx scripts/host-role.ts" +
        " --runner-url-file /run/secrets/runner-grading/DATABASE_URL grade,shell" +
        " && node --import tsx scripts/host-role.ts --runner-url-file /run/secrets/runner-labs/DATABASE_URL lab",
    );
    const web = template(one(objects, "Deployment", "dockyard-web")).spec!.containers;
    expect(web.map((c) => [c.command, c.ports?.map((p) => p.containerPort)])).toEqual([
      [["node", "--import", "tsx", "scripts/web-server.ts"], [3000]],
    ]);
  });

  it("keeps PostgreSQL as planned: a StatefulSet with its own volume, or only a DATABASE_URL", () => {
    const objects = objectsOf(overlay);
    const statefulSets = objects.filter((o) => o.kind === "StatefulSet").map((o) => o.metadata.name);
    const secret = decoded(generated(objects, "Secret", "dockyard-secrets"));
    if (expected.database === "in-cluster") {
      expect(statefulSets).toEqual(["dockyard-postgres"]);
      const postgres = one(objects, "StatefulSet", "dockyard-postgres");
      const claims = (postgres.spec!.volumeClaimTemplates as { metadata: { name: string } }[]).map((c) => c.metadata);
      expect(claims).toEqual([{ name: "data" }]);
      expect(template(postgres).spec!.containers[0]!.volumeMounts).toEqual([
        { name: "data", mountPath: "/var/lib/postgresql" },
      ]);
      const keys = ["BETTER_AUTH_SECRET", "DATABASE_URL", "POSTGRES_PASSWORD", "SMTP_URL"];
      expect(Object.keys(secret).sort()).toEqual(keys);
    } else {
      expect(statefulSets).toEqual([]);
      expect(Object.keys(secret).sort()).toEqual(["BETTER_AUTH_SECRET", "DATABASE_URL", "SMTP_URL"]);
    }
  });

  it("gives each runner kind the hosts it is for, the runner's start script and a drain of 2 minutes or more", () => {
    const objects = objectsOf(overlay);
    const script = generated(objects, "ConfigMap", "dockyard-runner-pod").data?.["runner-pod.sh"];
    // It prepares the pod (Dockyard's engine first), then becomes the runner process itself.
    expect(script).toMatch(/\n\s+bash scripts\/ensure-docker\.sh\b/);
    expect(script).toMatch(/\n\s+exec "\S+\/bin\/docker-init" -- node --import tsx sandbox-runner\/main\.ts\n/);
    for (const name of Object.keys(expected.deployments).filter((n) => n !== "dockyard-web")) {
      const runner = RUNNERS[name]!;
      const spec = template(one(objects, "Deployment", name)).spec!;
      expect(spec.containers).toHaveLength(1);
      const container = spec.containers[0]!;
      expect(container.command).toEqual(["bash", "/opt/dockyard/runner-pod.sh", "start"]);
      const mount = container.volumeMounts?.find((m) => m.mountPath === "/opt/dockyard");
      const volume = spec.volumes?.find((v) => v.name === mount?.name);
      expect(referred(objects, "ConfigMap", volume?.configMap?.name ?? "")?.data?.["runner-pod.sh"]).toBe(script);
      const environment = environmentOf(container, objects);
      expect({ name, hosts: parseEnv(environment).RUNNER_HOSTS }).toEqual({ name, hosts: runner.hosts });
      expect(environment).toMatchObject(runner.env ?? {});
      expect(spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(120);
    }
  });

  it("runs grading and lab pods with the runtime class the overlay names, and unprivileged", async () => {
    const classes = await runtimeClasses(overlayDir);
    for (const { owner, spec } of pods(objectsOf(overlay))) {
      const runner = RUNNERS[owner.metadata.name];
      const privileged = containersOf(spec).some((c) => c.securityContext?.privileged);
      const gpu = owner.metadata.name === "dockyard-runner-gpu";
      expect({ pod: owner.metadata.name, runtimeClassName: spec.runtimeClassName, privileged }).toEqual({
        pod: owner.metadata.name,
        runtimeClassName: runner ? classes[runner.runtimeClassKey] : undefined,
        // Sysbox cannot pass GPUs on: the GPU pods are the one privileged exception (docs/kubernetes.md).
        privileged: gpu,
      });
      expect([spec.hostPID, spec.hostNetwork, spec.hostIPC].filter(Boolean)).toEqual([]);
      expect(spec.volumes?.filter((v) => v.hostPath) ?? []).toEqual([]);
      // Runners run learners' code; no pod here talks to the API, so none carries a token to it.
      expect(spec.automountServiceAccountToken).toBe(false);
    }
    const namespace = objectsOf(overlay).find((o) => o.kind === "Namespace")!;
    const enforce = "dockyard-runner-gpu" in expected.deployments ? "privileged" : "baseline";
    expect(namespace.metadata.labels?.["pod-security.kubernetes.io/enforce"]).toBe(enforce);
  });

  it("reserves GPUs for the GPU runner alone, on GPU nodes, as many as it is told it has", () => {
    for (const { owner, spec } of pods(objectsOf(overlay))) {
      const container = spec.containers[0]!;
      const limit = container.resources?.limits?.["nvidia.com/gpu"];
      const request = container.resources?.requests?.["nvidia.com/gpu"];
      const gpus = parseEnv(environmentOf(container, objectsOf(overlay))).RUNNER_GPUS;
      if (owner.metadata.name === "dockyard-runner-gpu") {
        expect(quantity(limit!)).toBeGreaterThanOrEqual(1);
        expect(gpus).toBe(quantity(limit!));
        expect(environmentOf(container, objectsOf(overlay)).RUNNER_GPU_DEVICES).toBeTruthy();
        expect(Object.keys(spec.nodeSelector ?? {})).toContain("nvidia.com/gpu.present");
        expect(spec.tolerations).toContainEqual(
          expect.objectContaining({ key: "nvidia.com/gpu", effect: "NoSchedule" }),
        );
      } else {
        expect({ pod: owner.metadata.name, limit, request, gpus }).toEqual({
          pod: owner.metadata.name,
          limit: undefined,
          request: undefined,
          gpus: 0,
        });
        expect(spec.tolerations ?? []).toEqual([]);
      }
    }
  });

  it("asks for CPU and memory, and caps them, in every container", () => {
    for (const { owner, spec } of pods(objectsOf(overlay))) {
      for (const container of containersOf(spec)) {
        const { requests = {}, limits = {} } = container.resources ?? {};
        for (const resource of ["cpu", "memory"]) {
          const where = `${owner.metadata.name}/${container.name} ${resource}`;
          expect(requests[resource], `${where} request`).toBeDefined();
          expect(limits[resource], `${where} limit`).toBeDefined();
          expect(quantity(requests[resource]!), where).toBeLessThanOrEqual(quantity(limits[resource]!));
        }
      }
    }
  });

  it("probes the web side on /api/health for readiness, not for liveness, and runners only on what is true", () => {
    const objects = objectsOf(overlay);
    const web = template(one(objects, "Deployment", "dockyard-web")).spec!.containers[0]!;
    const http = (probe: IProbe | undefined) => [probe?.httpGet?.path, containerPort(web, probe?.httpGet?.port)];
    expect(http(web.readinessProbe)).toEqual(["/api/health", 3000]);
    // /api/health answers 503 whenever PostgreSQL is away: as liveness it would restart every instance at once.
    expect(web.livenessProbe?.httpGet?.path).toBeDefined();
    expect(http(web.livenessProbe)).not.toEqual(["/api/health", 3000]);
    expect(containerPort(web, web.livenessProbe?.httpGet?.port)).toBe(3000);
    for (const name of Object.keys(expected.deployments).filter((n) => n !== "dockyard-web")) {
      const runner = template(one(objects, "Deployment", name)).spec!.containers[0]!;
      expect(runner.readinessProbe?.exec?.command).toEqual(["bash", "/opt/dockyard/runner-pod.sh", "ready"]);
      // A runner waits for its engine and database and grades an interrupted build again; a restart would not.
      expect({ name, liveness: runner.livenessProbe }).toEqual({ name, liveness: undefined });
    }
    for (const database of objects.filter((o) => o.kind === "StatefulSet")) {
      const postgres = template(database).spec!.containers[0]!;
      expect(postgres.readinessProbe?.exec?.command?.[0]).toBe("pg_isready");
    }
  });

  it("has a PodDisruptionBudget for each Deployment that lets a drain go on, one pod at a time", () => {
    const objects = objectsOf(overlay);
    const budgets = objects.filter((o) => o.kind === "PodDisruptionBudget");
    const workloads = pods(objects).filter(({ owner }) => owner.kind === "Deployment");
    for (const { owner, labels } of workloads) {
      const covering = budgets.filter((b) =>
        selects((b.spec!.selector as { matchLabels?: Record<string, string> }).matchLabels, labels),
      );
      expect({ workload: owner.metadata.name, budgets: covering.length }).toEqual({
        workload: owner.metadata.name,
        budgets: 1,
      });
      expect(covering[0]!.spec!.maxUnavailable).toBe(1);
    }
    expect(budgets).toHaveLength(workloads.length);
  });

  it("sets only settings of lib/config/env.ts in the app's containers, each with a valid value", () => {
    const objects = objectsOf(overlay);
    const image = template(one(objects, "Deployment", "dockyard-web")).spec!.containers[0]!.image;
    expect(image).not.toBe("dockyard/app:local");
    const runnerImage = template(one(objects, "Deployment", "dockyard-runner-grading")).spec!.containers[0]!.image;
    expect(runnerImage).toMatch(/\/dockyard\/runner:/);
    const app = pods(objects).filter(({ owner }) => owner.kind !== "StatefulSet");
    expect(app.length).toBe(Object.keys(expected.deployments).length + 1);
    for (const { owner, spec } of app) {
      const runner = RUNNERS[owner.metadata.name];
      for (const container of containersOf(spec)) {
        // Runners run the runner's image (no web build), everything else the web app's.
        expect(container.image).toBe(runner ? runnerImage : image);
        const environment = environmentOf(container, objects);
        // parseEnv throws on a value it refuses; every name must be a setting of env.ts.
        parseEnv(environment);
        const unknown = Object.keys(environment).filter((key) => !(SETTINGS as string[]).includes(key));
        expect({ container: `${owner.metadata.name}/${container.name}`, unknown }).toEqual({
          container: `${owner.metadata.name}/${container.name}`,
          unknown: [],
        });
        // The database password reaches a container from the Secret only.
        const databaseUrl = container.env?.find((v) => v.name === "DATABASE_URL");
        const ref = databaseUrl?.valueFrom?.secretKeyRef;
        expect(ref?.key).toBe("DATABASE_URL");
        expect(referred(objects, "Secret", ref?.name ?? "")).toBe(
          generated(objects, "Secret", runner?.secret ?? "dockyard-secrets"),
        );
      }
    }
    const web = template(one(objects, "Deployment", "dockyard-web")).spec!.containers[0]!;
    expect(environmentOf(web, objects)).toMatchObject({
      NODE_ENV: "production",
      TRUSTED_PROXY: "private",
      BETTER_AUTH_SECRET: SECRET_STAND_INS.BETTER_AUTH_SECRET,
      APP_URL: expect.stringMatching(/^https?:\/\//),
    });
  });

  it("gives runner pods a Secret of their own, their role's URL alone, never the web's secrets", () => {
    const objects = objectsOf(overlay);
    const web = generated(objects, "Secret", "dockyard-secrets");
    for (const name of Object.keys(expected.deployments).filter((n) => n !== "dockyard-web")) {
      const spec = template(one(objects, "Deployment", name)).spec!;
      const secrets = new Set<string>();
      for (const container of containersOf(spec)) {
        for (const source of container.envFrom ?? []) if (source.secretRef) secrets.add(source.secretRef.name!);
        for (const { valueFrom } of container.env ?? []) {
          if (valueFrom?.secretKeyRef) secrets.add(valueFrom.secretKeyRef.name!);
        }
        expect(Object.keys(environmentOf(container, objects))).not.toContain("BETTER_AUTH_SECRET");
      }
      for (const volume of spec.volumes ?? []) if (volume.secret) secrets.add(volume.secret.secretName!);
      const own = generated(objects, "Secret", RUNNERS[name]!.secret);
      expect({ name, secrets: [...secrets].map((s) => referred(objects, "Secret", s)) }).toEqual({
        name,
        secrets: [own],
      });
      expect(own).not.toBe(web);
      expect(Object.keys(decoded(own))).toEqual(["DATABASE_URL"]);
    }
    // The migration, which makes the runners' roles, reads their Secrets as files, not as its environment.
    const migrate = template(one(objects, "Job", "dockyard-migrate")).spec!;
    expect(migrate.volumes?.map((v) => referred(objects, "Secret", v.secret?.secretName ?? ""))).toEqual([
      generated(objects, "Secret", "dockyard-runner-grading"),
      generated(objects, "Secret", "dockyard-runner-labs"),
    ]);
  });

  it("refers only to Secrets and ConfigMaps it renders, by keys they have", () => {
    const objects = objectsOf(overlay);
    const missing: string[] = [];
    const need = (kind: "ConfigMap" | "Secret", name: string | undefined, key?: string) => {
      const found = referred(objects, kind, name ?? "");
      if (!found || (key && !(key in (found.data ?? {})))) missing.push(`${kind} ${name} ${key ?? ""}`);
    };
    for (const { spec } of pods(objects)) {
      for (const container of containersOf(spec)) {
        for (const source of container.envFrom ?? []) {
          if (source.configMapRef) need("ConfigMap", source.configMapRef.name);
          if (source.secretRef) need("Secret", source.secretRef.name);
        }
        for (const { valueFrom } of container.env ?? []) {
          if (valueFrom?.secretKeyRef) need("Secret", valueFrom.secretKeyRef.name, valueFrom.secretKeyRef.key);
          if (valueFrom?.configMapKeyRef) {
            need("ConfigMap", valueFrom.configMapKeyRef.name, valueFrom.configMapKeyRef.key);
          }
        }
      }
      for (const volume of spec.volumes ?? []) {
        if (volume.configMap) need("ConfigMap", volume.configMap.name);
        if (volume.secret) need("Secret", volume.secret.secretName);
      }
    }
    expect(missing).toEqual([]);
  });

  it("commits no secret: every value in a Secret is one Dockyard or PostgreSQL refuses to start with", () => {
    for (const secret of objectsOf(overlay).filter((o) => o.kind === "Secret")) {
      for (const [key, value] of Object.entries(decoded(secret))) {
        if (key === "POSTGRES_PASSWORD") {
          // The postgres image will not initialise a database without a password.
          expect(value).toBe("");
          continue;
        }
        expect(SETTINGS).toContain(key);
        expect(() => parseEnv({ [key]: value }), `${key}=${value} is accepted`).toThrow(key);
      }
    }
  });

  it("routes the public address to the web instances' port, the Ingress's host being APP_URL's", () => {
    const objects = objectsOf(overlay);
    const deployment = one(objects, "Deployment", "dockyard-web");
    const web = template(deployment).spec!.containers[0]!;
    const service = one(objects, "Service", "dockyard-web");
    const spec = service.spec as { selector: Record<string, string>; ports: { name: string; targetPort: string }[] };
    expect(selects(spec.selector, template(deployment).metadata!.labels as Record<string, string>)).toBe(true);
    expect(spec.ports.map((p) => containerPort(web, p.targetPort))).toEqual([3000]);
    const ingress = one(objects, "Ingress", "dockyard-web");
    const { rules, tls = [] } = ingress.spec as {
      rules: { host: string; http: { paths: { backend: { service: { name: string; port: { name: string } } } }[] } }[];
      tls?: { hosts: string[] }[];
    };
    const backends = rules.flatMap((r) => r.http.paths.map((p) => p.backend.service));
    expect(backends).toEqual([{ name: "dockyard-web", port: { name: spec.ports[0]!.name } }]);
    const appUrl = new URL(generated(objects, "ConfigMap", "dockyard-web").data!.APP_URL!);
    expect([...rules.map((r) => r.host), ...tls.flatMap((t) => t.hosts)].every((h) => h === appUrl.hostname)).toBe(
      true,
    );
    // Secure cookies and HSTS follow APP_URL's scheme: an https address needs TLS at the Ingress.
    expect(tls.length > 0).toBe(appUrl.protocol === "https:");
  });

  it("starts no web instance or runner in docs/kubernetes.md's first apply, which has the migration", async () => {
    const docs = await readFile(path.join(ROOT, "docs", "kubernetes.md"), "utf8");
    const selector = /kubectl apply -k \S+ -l '([^']+)'/.exec(docs)?.[1];
    expect(selector, "docs/kubernetes.md has no `kubectl apply -k <overlay> -l '<selector>'`").toBeDefined();
    // kubectl apply -l knows =, == and !=; a != term also matches objects without the label.
    const terms = selector!.split(",").map((term) => {
      const match = /^([^!=]+)(!=|==|=)(.*)$/.exec(term.trim());
      expect(match, `"${term}" in the first apply's selector`).not.toBeNull();
      return { key: match![1]!, equal: match![2] !== "!=", value: match![3]! };
    });
    const first = objectsOf(overlay).filter((o) =>
      terms.every(({ key, equal, value }) => (o.metadata.labels?.[key] === value) === equal),
    );
    const names = first.map((o) => `${o.kind}/${o.metadata.name.replace(/-[a-z0-9]{10}$/, "")}`);
    // The runners' Secrets too: the migration makes their roles from them.
    const needed = [
      "Namespace/dockyard",
      "Job/dockyard-migrate",
      "Secret/dockyard-secrets",
      "Secret/dockyard-runner-grading",
      "Secret/dockyard-runner-labs",
    ];
    expect(names).toEqual(expect.arrayContaining(needed));
    if (expected.database === "in-cluster") expect(names).toContain("StatefulSet/dockyard-postgres");
    expect(first.filter((o) => o.kind === "Deployment")).toEqual([]);
  });
});

describe("the overlay's settings", () => {
  let copy: string;

  beforeAll(async () => {
    copy = await mkdtemp(path.join(os.tmpdir(), "dockyard-k8s-"));
    await cp(HERE, copy, { recursive: true, filter: (source) => !source.endsWith(".test.ts") });
  });

  afterAll(async () => {
    await rm(copy, { recursive: true, force: true });
  });

  it("are what runner pods run with and where the Ingress answers", async () => {
    const overlayDir = path.join(copy, "overlays", "production");
    await writeFile(
      path.join(overlayDir, "runtime-classes.yaml"),
      [
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata:",
        "  name: dockyard-runtime-classes",
        "  annotations:",
        '    config.kubernetes.io/local-config: "true"',
        "data: { grading: kata-grading, labs: kata-labs, gpu: kata-gpu }",
        "",
      ].join("\n"),
    );
    const kustomization = path.join(overlayDir, "kustomization.yaml");
    const text = await readFile(kustomization, "utf8");
    expect(text).toContain("APP_URL=https://dockyard.example.org");
    await writeFile(
      kustomization,
      text.replace("APP_URL=https://dockyard.example.org", "APP_URL=https://learn.example.net"),
    );
    const { objects } = await kustomize(overlayDir);
    const classes = Object.fromEntries(
      objects.filter((o) => o.kind === "Deployment").map((o) => [o.metadata.name, template(o).spec!.runtimeClassName]),
    );
    expect(classes).toEqual({
      "dockyard-web": undefined,
      "dockyard-runner-grading": "kata-grading",
      "dockyard-runner-labs": "kata-labs",
      "dockyard-runner-gpu": "kata-gpu",
    });
    const ingress = objects.find((o) => o.kind === "Ingress")!.spec as {
      rules: { host: string }[];
      tls: { hosts: string[] }[];
    };
    expect([ingress.rules[0]!.host, ingress.tls[0]!.hosts[0]]).toEqual(["learn.example.net", "learn.example.net"]);
  });
});

describe("deploy/kubernetes", () => {
  it("has no overlay this test does not render", async () => {
    const overlays = await readdir(path.join(HERE, "overlays"));
    expect(overlays.sort()).toEqual(Object.keys(OVERLAYS).sort());
  });

  it("starts runner pods with a script bash can read", async () => {
    await exec("bash", ["-n", path.join(HERE, "base", "runner-pod.sh")]);
  });
});

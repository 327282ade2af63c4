import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabCheck, labCheckSchema } from "../../../lib/labs/lab-check-schema";
import { engineClient, engineShellEnv } from "../../docker/engine";
import { ensureBaseImages } from "../../images/seed-base-images";
import { type LabAccount, LabAccountPool, listLabAccounts } from "../lab-accounts";
import { type LabEngine, startLabEngine } from "../lab-engine";
import { labEngineClients } from "../lab-engine-api";
import { type LabProbe, labProbe } from "../lab-probe";
import { previewLabPort } from "../port-preview";
import { evaluateCheck, type LabCheckOutcome } from "./evaluate-check";
import { readLabState } from "./lab-state";

// The new checks against a real lab: what the probes read inside it, and what a learner's commands change.
const run = promisify(execFile);
const ENSURE_LAB_HOST = fileURLToPath(new URL("../../../scripts/labs/ensure-lab-host.sh", import.meta.url));
const ENGINE_DIR = process.env.DOCKYARD_ENGINE_HOME ?? "/var/lib/dockyard-engine";
const LIMITS = { memoryBytes: 1024 ** 3, pids: 512, cpus: 2, diskBytes: 2 * 1024 ** 3 };

let labsDir: string;
let lab: LabEngine;
let probe: LabProbe;
let docker: Docker;

/** A learner's command in the lab; its output (stderr too) comes back for the assertion's message. */
async function inLab(script: string): Promise<string> {
  const { code, stdout } = await probe.exec(["bash", "-c", `${script} 2>&1`], 120_000);
  if (code !== 0) throw new Error(`in the lab, ${script} exited ${code}: ${stdout}`);
  return stdout;
}

function check(input: unknown): LabCheck {
  return labCheckSchema.parse(input);
}

async function judge(c: LabCheck): Promise<LabCheckOutcome> {
  return evaluateCheck(c, await readLabState(docker, { probe, checks: [c] }));
}

/** Reads and judges until the outcome is what the test waits for (a server starting, a replica coming up). */
async function judgeUntil(c: LabCheck, done: (o: LabCheckOutcome) => boolean): Promise<LabCheckOutcome> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const outcome = await judge(c);
    if (done(outcome) || Date.now() > deadline) return outcome;
    await new Promise((r) => setTimeout(r, 200));
  }
}

let accounts: LabAccountPool;
let account: LabAccount | undefined;

beforeAll(async () => {
  await run("bash", [ENSURE_LAB_HOST]);
  await ensureBaseImages();
  await engineClient().ping();
  labsDir = await mkdtemp(path.join(os.tmpdir(), "dockyard-lab-state-"));
  // Through the host's account locks: other test files start labs at the same time.
  accounts = new LabAccountPool(await listLabAccounts());
  account = await accounts.take();
  if (!account) throw new Error("every lab account of this host is in use");
  lab = await startLabEngine({ labsDir, engineDir: ENGINE_DIR }, "verify-lab-state", account, LIMITS);
  probe = labProbe(lab);
  docker = labEngineClients(lab.socket).api;
  const env = { ...process.env, ...engineShellEnv() };
  await run("bash", ["-c", `docker save python:3.11-slim | docker -H unix://${lab.socket} load`], { env });
}, 300_000);

afterAll(async () => {
  await lab?.stop();
  if (account) await accounts.give(account);
  if (labsDir) await rm(labsDir, { recursive: true, force: true });
});

describe("lab state read through probes inside a real lab", () => {
  it("turns an http check green for a server published on the lab's 127.0.0.1, and explains a refusal", async () => {
    const listing = check({ kind: "http", port: 8080, bodyIncludes: "Directory listing" });
    const before = await judge(listing);
    expect(before.found).toBe("Nothing answered GET 127.0.0.1:8080/ in the lab (connection refused).");
    expect(before.hint).toContain("No container publishes port 8080");
    await inLab("docker run -d --name web -p 127.0.0.1:8080:8000 python:3.11-slim python3 -m http.server 8000");
    const after = await judgeUntil(listing, (o) => o.ok);
    expect(after).toEqual({ ok: true, found: 'GET 127.0.0.1:8080/ answered 200 with "Directory listing".' });
    // The port preview reads through the same probe.
    const preview = await previewLabPort(lab, { port: 8080, path: "/" });
    expect(preview.status).toBe(200);
    expect(preview.body).toContain("Directory listing");
    const missing = await judge(check({ kind: "http", port: 8080, path: "/health" }));
    expect(missing.found).toContain("answered 404, not 200");
    await inLab("docker rm -f web");
  }, 120_000);

  it("reads a file in a named volume from the host, and never follows a link the lab planted", async () => {
    await inLab(
      "docker volume create models >/dev/null && docker run --rm -v models:/data python:3.11-slim sh -c " +
        "'mkdir -p /data/current && echo model v2 > /data/current/model.txt && " +
        "ln -s /etc/shadow /data/shadow && ln -s /etc/passwd /data/passwd && ln -s /data/current /data/linked && " +
        "mkfifo /data/pipe'",
    );
    const model = check({ kind: "volume-file", volume: "models", path: "current/model.txt", contains: "v2" });
    const shadow = check({ kind: "volume-file", volume: "models", path: "shadow" });
    const passwd = check({ kind: "volume-file", volume: "models", path: "passwd", contains: "root" });
    const linked = check({ kind: "volume-file", volume: "models", path: "linked/model.txt" });
    const pipe = check({ kind: "volume-file", volume: "models", path: "pipe" });
    const state = await readLabState(docker, { probe, checks: [model, shadow, passwd, linked, pipe] });
    expect(evaluateCheck(model, state)).toEqual({
      ok: true,
      found: 'The volume models holds current/model.txt with "v2".',
    });
    // A link is never followed, whether it leads into the lab, through a linked folder, or would lead onto the host.
    for (const planted of [shadow, passwd, linked, pipe]) {
      expect(evaluateCheck(planted, state).found).toContain("is not a regular file");
      expect(evaluateCheck(planted, state).ok).toBe(false);
    }
    const none = await judge(check({ kind: "volume-file", volume: "models", path: "current/missing.txt" }));
    expect(none.found).toBe("The volume models has no file current/missing.txt.");
    expect(none.hint).toContain("docker run --rm -v models:/data");
  }, 120_000);

  it("counts the replicas of a Compose service as the learner scales it", async () => {
    const compose = [
      "services:",
      "  api:",
      "    image: python:3.11-slim",
      "    command: python3 -m http.server 8000",
      // As PID 1, python ignores SIGTERM and each stop would wait out the grace period; it does handle SIGINT.
      "    stop_signal: SIGINT",
      "",
    ].join("\n");
    await probe.exec([
      "sh",
      "-c",
      'mkdir -p /home/lab/shop && printf "%s" "$1" > /home/lab/shop/compose.yaml',
      "sh",
      compose,
    ]);
    await inLab("cd /home/lab/shop && docker compose up -d --scale api=3");
    const three = check({ kind: "compose-service", project: "shop", service: "api", running: 3 });
    expect(await judge(three)).toEqual({
      ok: true,
      found: "3 containers of the service api (Compose project shop) are running.",
    });
    await inLab("cd /home/lab/shop && docker compose up -d --scale api=1");
    const one = await judge(three);
    expect(one.found).toBe("1 container of the service api (Compose project shop) is running, not 3.");
    expect(one.hint).toContain("docker compose -p shop up -d --scale api=3");
    await inLab("cd /home/lab/shop && docker compose down");
  }, 180_000);

  it("reads a registry's tag list over its HTTP API inside the lab", async () => {
    const pushed = check({ kind: "registry-tag", repository: "churn-api", tag: "1.0" });
    expect((await judge(pushed)).found).toBe(
      "The lab's registry at localhost:5000 gave no tag list (connection refused).",
    );
    // Answers like a registry (Docker Registry HTTP API V2): the image the lab registry is made of is not needed.
    const registry = [
      "import json, http.server",
      // Manifests: stable is 1.0's bytes, oci other bytes of another type; each served with a digest header that
      // lies, and only to a client that accepts an OCI index (as a registry answers a client that cannot read one).
      'v2 = b\'{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json"}\'',
      'oci = b\'{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json"}\'',
      "docker_type = 'application/vnd.docker.distribution.manifest.v2+json'",
      "M = {'1.0': (docker_type, v2), 'stable': (docker_type, v2)}",
      "M['oci'] = ('application/vnd.oci.image.manifest.v1+json', oci)",
      "entry = lambda arch, variant: {'digest': 'sha256:' + arch[0] * 64, 'platform': dict(os='linux',",
      "    architecture=arch, **({'variant': variant} if variant else {}))}",
      "index = {'manifests': [entry('amd64', None), entry('arm64', 'v8'), entry('arm', 'v7')]}",
      "M['multi'] = ('application/vnd.docker.distribution.manifest.list.v2+json', json.dumps(index).encode())",
      "class R(http.server.BaseHTTPRequestHandler):",
      "    def do_GET(self):",
      "        tag = self.path.rsplit('/', 1)[-1]",
      "        kind, data, digest = 'application/json', None, None",
      "        if self.path == '/v2/churn-api/tags/list':",
      "            status, body = 200, {'name': 'churn-api', 'tags': ['0.9', '1.0', 'stable', 'oci', 'multi']}",
      "        elif (self.path.startswith('/v2/churn-api/manifests/') and tag in M and",
      "                'application/vnd.oci.image.index.v1+json' in self.headers.get('Accept', '')):",
      "            status, (kind, data), digest = 200, M[tag], 'sha256:' + '0' * 64",
      "        else:",
      "            status, body = 404, {'errors': [{'code': 'NAME_UNKNOWN', 'message': 'repository name not known'}]}",
      "        data = data or json.dumps(body).encode()",
      "        self.send_response(status)",
      "        self.send_header('Content-Type', kind)",
      "        if digest: self.send_header('Docker-Content-Digest', digest)",
      "        self.send_header('Content-Length', str(len(data)))",
      "        self.end_headers()",
      "        self.wfile.write(data)",
      "http.server.HTTPServer(('0.0.0.0', 5000), R).serve_forever()",
    ].join("\n");
    await probe.exec([
      "docker",
      "run",
      "-d",
      "--name",
      "registry",
      "-p",
      "127.0.0.1:5000:5000",
      "python:3.11-slim",
      "python3",
      "-c",
      registry,
    ]);
    expect(await judgeUntil(pushed, (o) => o.ok)).toEqual({ ok: true, found: "The lab's registry has churn-api:1.0." });
    await inLab("docker tag python:3.11-slim localhost:5000/churn-api:2.0");
    const later = await judge(check({ kind: "registry-tag", repository: "churn-api", tag: "2.0" }));
    expect(later.found).toBe(
      "The lab's registry has no churn-api:2.0: it has churn-api:0.9, churn-api:1.0, churn-api:stable, churn-api:oci " +
        "and churn-api:multi but not :2.0.",
    );
    expect(later.hint).toContain("docker push localhost:5000/churn-api:2.0");
    const unknown = await judge(check({ kind: "registry-tag", repository: "other", tag: "1.0" }));
    expect(unknown.found).toBe("The lab's registry has no other:1.0: nothing has been pushed as other.");
    // The manifests' digests are the checker's own hashes of the bytes served, whatever the header says: stable and
    // 1.0 are equal (the check goes on to ask which image this engine pushed as 1.0), oci is another document.
    const promoted = (tag: string) =>
      check({ kind: "registry-tag", repository: "churn-api", tag, sameManifestAs: "churn-api:1.0" });
    expect((await judge(promoted("stable"))).found).toContain(
      "Your engine has no image tagged localhost:5000/churn-api:1.0",
    );
    const converted = await judge(promoted("oci"));
    expect(converted.found).toMatch(/it is an OCI image manifest with the digest sha256:[0-9a-f]{12}…/);
    expect(converted.found).not.toContain("sha256:000000000000");
    expect(converted.hint).toContain("without --format");
    // An index's platforms, read from its entries (arm64/v8 is arm64): each entry must then be an image pushed here.
    const platforms = { "linux/arm64": "localhost:5000/churn-api:arm64", "linux/s390x": "localhost:5000/churn-api:z" };
    const multi = await judge(check({ kind: "registry-tag", repository: "churn-api", tag: "multi", platforms }));
    expect(multi.found).toContain("lists linux/arm64 as sha256:aaaaaaaaaaaa…, which is not the image");
    await inLab("docker rm -f registry");
  }, 120_000);

  it("finds stopped containers until they are pruned", async () => {
    await inLab("docker run --name finished python:3.11-slim true");
    const clean = check({ kind: "clean", what: "stopped-containers" });
    const before = await judge(clean);
    expect(before.found).toContain("finished (exited with code 0)");
    expect(before.hint).toContain("docker container prune");
    await inLab("docker container prune -f");
    expect(await judge(clean)).toEqual({ ok: true, found: "No stopped container is left." });
  }, 120_000);

  it("finds build cache until docker builder prune -a", async () => {
    await probe.exec([
      "sh",
      "-c",
      'mkdir -p /home/lab/app && printf "%s\\n" "FROM python:3.11-slim" "RUN echo built > /built" ' +
        "> /home/lab/app/Dockerfile",
    ]);
    await inLab("docker build -q -t cached /home/lab/app");
    const clean = check({ kind: "clean", what: "build-cache" });
    const before = await judge(clean);
    expect(before.ok, before.found).toBe(false);
    expect(before.found).toMatch(/^\d+ build cache records? (is|are) left/);
    expect(before.hint).toContain("docker builder prune -a");
    await inLab("docker builder prune -a -f");
    expect(await judge(clean)).toEqual({ ok: true, found: "No build cache is left." });
  }, 180_000);
});

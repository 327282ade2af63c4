import { spawn } from "node:child_process";
import { z } from "zod";
import { HTTP_PROBE_SCRIPT } from "../run/http-probe-script";
import { type LabEngine, labExecArgs, labNetworkArgs } from "./lab-engine";
import { homePathParts, type LabDiskFile, readLabDiskFile } from "./lab-home";

/** More than any reading the runner makes (an HTTP probe's JSON line, a volume file's first 4 KiB). */
const STDOUT_CAP = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The runner's readings of a lab, none of which the lab can answer in its place. Never throws for the command's
 * sake: a command that fails, hangs or floods its output ends with its code (null when killed) and what it printed,
 * capped.
 */
export interface LabProbe {
  /**
   * Runs a command inside the lab, in its namespaces as the lab's root, so it sees only what the lab sees. The lab
   * can replace any program in its own file system, so this is for what a learner would see (diagnostics), never
   * for a task's evidence.
   */
  exec(argv: string[], timeoutMs?: number): Promise<{ code: number | null; stdout: string }>;
  /**
   * Runs one of the host's own programs in the lab's network namespace only (labNetworkArgs): it reaches what the
   * lab's loopback reaches (a published port, the lab's registry), as the host's `nobody`, and nothing of the lab's
   * file system runs or is read.
   */
  inNetwork(argv: string[], timeoutMs?: number): Promise<{ code: number | null; stdout: string }>;
  /** The first `maxBytes` of a file in one of the lab's volumes, read from the host (readLabDiskFile). */
  volumeFile(volume: string, path: string, maxBytes: number): Promise<LabDiskFile>;
}

export function labProbe(engine: LabEngine): LabProbe {
  return {
    exec: (argv, timeoutMs = DEFAULT_TIMEOUT_MS) => runCapped(labExecArgs(engine, argv), timeoutMs),
    inNetwork: (argv, timeoutMs = DEFAULT_TIMEOUT_MS) => runCapped(labNetworkArgs(engine, argv), timeoutMs),
    volumeFile: (volume, path, maxBytes) =>
      readLabDiskFile(
        engine,
        ["docker", "volumes", ...homePathParts(volume), "_data", ...homePathParts(path)],
        maxBytes,
      ),
  };
}

function runCapped(argv: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string }> {
  const [command, ...args] = argv;
  return new Promise((resolve) => {
    // A group of its own: nsenter forks to enter the PID namespace, and a kill must reach that child too.
    const child = spawn(command!, args, { stdio: ["ignore", "pipe", "ignore"], detached: true });
    const chunks: Buffer[] = [];
    let size = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      if (size >= STDOUT_CAP) return;
      chunks.push(chunk.subarray(0, STDOUT_CAP - size));
      size += chunk.length;
    });
    const output = () => Buffer.concat(chunks).toString("utf8");
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
      // Something the kill cannot reach may still hold the pipe open: answer now, with what came so far.
      resolve({ code: null, stdout: output() });
    }, timeoutMs);
    // A spawn failure (no nsenter, say) reads as a command that did not run: the caller reports no answer.
    child.on("error", () => {
      clearTimeout(timer);
      resolve({ code: null, stdout: "" });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: output() });
    });
  });
}

const httpAnswerSchema = z.object({
  status: z.number().int().nullable(),
  body: z.string(),
  error: z.string().nullable(),
});
/** What a GET inside the lab got: a status and the first 2 KB of the body as text, or why there was no answer. */
export type LabHttpAnswer = z.infer<typeof httpAnswerSchema>;

const HTTP_TIMEOUT_S = 5;
/** Debian's python, by its full path: the runner's own PATH may lead elsewhere (a version manager's shim). */
const HOST_PYTHON = "/usr/bin/python3";

/**
 * The User-Agent every request of the lab's checker sends. A header, not a mark in the path: a learner's server that
 * matches paths exactly (`self.path == "/health"`) must answer the checker as it answers them. The labs' own servers
 * log such requests apart (run-a-model-server's task 3 has the learner read its server's log).
 */
export const CHECKER_USER_AGENT = "dockyard-lab-checker";

/**
 * GET http://127.0.0.1:<port><path> from the lab's own network namespace, where its published ports are: the
 * request reaches nothing but the lab, and the runner never opens a connection into it. Undefined when the probe
 * itself did not answer (the lab busy or stopping), so each caller words that case for its reader.
 */
export async function labHttpGet(probe: LabProbe, port: number, path: string): Promise<LabHttpAnswer | undefined> {
  const url = `http://127.0.0.1:${port}${path}`;
  return askInNetwork(
    probe,
    [HTTP_PROBE_SCRIPT, url, "GET", "", String(HTTP_TIMEOUT_S), CHECKER_USER_AGENT],
    httpAnswerSchema,
  );
}

/**
 * Runs one of the runner's Python scripts with the host's Python in the lab's network namespace and reads the JSON
 * line it ends with, as `schema` says it must be: undefined when the probe did not answer or answered otherwise.
 */
async function askInNetwork<T>(probe: LabProbe, scriptAndArgs: string[], schema: z.ZodType<T>): Promise<T | undefined> {
  const { stdout } = await probe.inNetwork([HOST_PYTHON, "-c", ...scriptAndArgs], (HTTP_TIMEOUT_S + 5) * 1000);
  const line = stdout.trim().split("\n").at(-1) ?? "";
  try {
    return schema.parse(JSON.parse(line));
  } catch {
    return undefined;
  }
}

/**
 * Python (standard library only) run as `python3 -c SCRIPT url agent`: GETs a manifest of the lab's registry as a
 * client that takes every manifest format a push or copy can leave (Docker's and OCI's, single or index), and prints
 * one JSON line: the status, the SHA-256 of the bytes served (the manifest's digest, computed here rather than taken
 * from the registry's Docker-Content-Digest header, which whatever listens on the port could make up), the
 * Content-Type, and for an index the platforms it lists with their manifests' digests. Reads at most MANIFEST_BYTES:
 * a manifest is a few KB; anything larger is not one.
 */
const REGISTRY_MANIFEST_SCRIPT = `
import hashlib, json, sys, urllib.error, urllib.request
url, agent, cap = sys.argv[1], sys.argv[2], int(sys.argv[3])
accept = ", ".join([
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.distribution.manifest.v2+json",
])
out = {"status": None, "digest": None, "mediaType": None, "error": None, "entries": None}
def entries(body):
    # An index's platforms, each with the digest of its manifest; None for a single image or what is no index.
    try:
        listed = json.loads(body).get("manifests")
    except Exception:
        return None
    if not isinstance(listed, list):
        return None
    found = []
    for m in listed[:64]:
        p = m.get("platform") if isinstance(m, dict) else None
        if not isinstance(p, dict) or not isinstance(m.get("digest"), str):
            continue
        parts = [p.get("os"), p.get("architecture")] + ([p["variant"]] if p.get("variant") else [])
        if all(isinstance(x, str) for x in parts):
            found.append({"platform": "/".join(parts)[:100], "digest": m["digest"][:100]})
    return found
try:
    request = urllib.request.Request(url, headers={"Accept": accept, "User-Agent": agent})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=5) as resp:
        out["status"] = resp.status
        out["mediaType"] = (resp.headers.get("Content-Type") or "")[:200]
        body = resp.read(cap + 1)
        if len(body) > cap:
            out["error"] = "its manifest is over %d bytes" % cap
        else:
            out["digest"] = "sha256:" + hashlib.sha256(body).hexdigest()
            out["entries"] = entries(body)
except urllib.error.HTTPError as exc:
    out["status"] = exc.code
except Exception as exc:
    out["error"] = "%s: %s" % (type(exc).__name__, str(exc)[:200])
print(json.dumps(out))
`;
const MANIFEST_BYTES = 1024 * 1024;

const manifestAnswerSchema = z.object({
  status: z.number().int().nullable(),
  digest: z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/)
    .nullable(),
  mediaType: z.string().max(200).nullable(),
  error: z.string().max(500).nullable(),
  /** An index's platforms ("linux/arm64", "linux/arm/v7") and their manifests' digests; null for a single image. */
  entries: z
    .array(z.object({ platform: z.string().max(100), digest: z.string().max(100) }))
    .max(64)
    .nullable()
    .optional(),
});
/** What GET /v2/<repository>/manifests/<tag> of the lab's registry served, or why nothing came. */
export type LabManifestAnswer = z.infer<typeof manifestAnswerSchema>;

/**
 * The manifest a tag of the lab's registry names, read from the lab's own network namespace as labHttpGet reads.
 * Undefined when the probe itself did not answer.
 */
export async function labRegistryManifest(
  probe: LabProbe,
  port: number,
  repository: string,
  tag: string,
): Promise<LabManifestAnswer | undefined> {
  const url = `http://127.0.0.1:${port}/v2/${repository}/manifests/${tag}`;
  return askInNetwork(
    probe,
    [REGISTRY_MANIFEST_SCRIPT, url, CHECKER_USER_AGENT, String(MANIFEST_BYTES)],
    manifestAnswerSchema,
  );
}

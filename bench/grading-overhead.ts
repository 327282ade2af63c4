/**
 * Time to verdict: grading an exercise's reference solution vs building and running the same image by hand with
 * the docker CLI, in one run, alternating so both see the same machine state. For each exercise it prints every
 * round, the grader's phases, and the ratio of medians: verdict / (build + run by hand). The goal is ≤ 1.15.
 *
 *   node --import tsx bench/grading-overhead.ts [rounds=3] [exercises=model-server,layer-order]
 *
 * "By hand" = what a learner types to see their service work, on the same engine and package mirror as the
 * grader: `docker buildx build` from a cold cache (the grader's builds never share BuildKit's cache with another
 * submission), then `docker run` with no network and dropped capabilities, the exercise's health path and probes
 * from inside, the uid read, the HEALTHCHECK waited for, `docker stop`. The grader does all that and more besides
 * (static rules, layer inspection, two cache rebuilds), mostly while the container runs.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Exercise, loadExercise, loadSolution } from "../lib/exercises/load-exercise";
import { gradeFiles } from "../sandbox-runner/cli/grade-command";
import { buildxNetworkArgs } from "../sandbox-runner/docker/build-network";
import { dockerCliEnv, engineClient, engineEndpoint } from "../sandbox-runner/docker/engine";
import { ensurePackageMirror } from "../sandbox-runner/images/package-mirror";

const rounds = Number(process.argv[2] ?? 3);
const slugs = (process.argv[3] ?? "model-server,layer-order").split(",");
const network = buildxNetworkArgs(await ensurePackageMirror(engineClient()));
const cliEnv = { ...process.env, ...dockerCliEnv(tmpdir()) } as NodeJS.ProcessEnv;

function docker(...args: string[]): string {
  const r = spawnSync(engineEndpoint().cli, args, { encoding: "utf8", env: cliEnv, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`docker ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout.trim();
}

type Samples = Record<string, number[]>;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function record(samples: Samples, name: string, ms: number): void {
  samples[name] = [...(samples[name] ?? []), ms];
}

/** The exercise's own run checks, typed by hand: its health path, then each probe, from inside the container. */
function probeScript(exercise: Exercise): string {
  const run = exercise.spec.checks.run as {
    port?: number;
    health?: { path: string };
    probes?: { path: string; method?: string; body?: unknown }[];
  };
  const base = `http://127.0.0.1:${run.port ?? 8000}`;
  const probes = (run.probes ?? []).map(
    (p) =>
      `urllib.request.urlopen(urllib.request.Request("${base}${p.path}", method="${p.method ?? "GET"}", ` +
      `data=${p.body === undefined ? "None" : `json.dumps(${JSON.stringify(p.body)}).encode()`}, ` +
      `headers={"Content-Type": "application/json"}), timeout=5).read()`,
  );
  return [
    "import urllib.request, time, json",
    "for _ in range(200):",
    "    try:",
    `        urllib.request.urlopen("${base}${run.health?.path ?? "/"}", timeout=1); break`,
    "    except Exception: time.sleep(0.25)",
    ...probes,
  ].join("\n");
}

function byHand(exercise: Exercise, steps: Samples): number {
  const dir = mkdtempSync(path.join(tmpdir(), "dockyard-bench-"));
  cpSync(path.join(exercise.dir, "starter"), dir, { recursive: true });
  cpSync(path.join(exercise.dir, "solution"), dir, { recursive: true });
  docker("builder", "prune", "-af");
  const started = performance.now();
  docker("buildx", "build", "-q", ...network, "-t", "bench-hand:1", dir);
  record(steps, "build", performance.now() - started);
  const runStarted = performance.now();
  const id = docker(
    ...["run", "-d", "--network", "none", "--cap-drop", "ALL", "--security-opt", "no-new-privileges"],
    ...["--pids-limit", "256", "-m", "1g", "bench-hand:1"],
  );
  docker("exec", id, "python3", "-c", probeScript(exercise));
  docker("exec", id, "cat", "/proc/1/status");
  // The HEALTHCHECK must turn healthy, as the grader checks.
  while (docker("inspect", "-f", "{{.State.Health.Status}}", id) !== "healthy") execFileSync("sleep", ["0.5"]);
  docker("stop", "-t", "5", id);
  record(steps, "run", performance.now() - runStarted);
  const ms = performance.now() - started;
  docker("rm", "-f", id);
  docker("rmi", "-f", "bench-hand:1");
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

async function graded(exercise: Exercise, phases: Samples): Promise<number> {
  const solution = await loadSolution(exercise);
  const started = performance.now();
  const result = await gradeFiles(exercise, solution, { err: () => {} });
  const ms = performance.now() - started;
  for (const phase of result.phases) record(phases, phase.name, phase.ms);
  if (result.status !== "passed")
    throw new Error(`the solution did not pass: ${result.checks.filter((c) => c.status === "fail").map((c) => c.id)}`);
  return ms;
}

for (const slug of slugs) {
  const exercise = await loadExercise(slug);
  const hand: number[] = [];
  const grader: number[] = [];
  const handSteps: Samples = {};
  const graderPhases: Samples = {};
  await graded(exercise, {}); // warm-up: base images, mirror, page cache
  for (let i = 0; i < rounds; i++) {
    hand.push(byHand(exercise, handSteps));
    grader.push(await graded(exercise, graderPhases));
    console.log(`${slug} round ${i + 1}: build + run by hand ${seconds(hand[i]!)}, verdict ${seconds(grader[i]!)}`);
  }
  console.log(
    `${slug}: by hand build ${seconds(median(handSteps.build!))} + run ${seconds(median(handSteps.run!))}; grader ` +
      Object.entries(graderPhases)
        .map(([name, ms]) => `${name} ${seconds(median(ms))}`)
        .join(", "),
  );
  console.log(
    `${slug}: median build + run by hand ${seconds(median(hand))}, verdict ${seconds(median(grader))}, ` +
      `ratio ${(median(grader) / median(hand)).toFixed(3)} (goal ≤ 1.15)`,
  );
}

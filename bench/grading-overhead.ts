/**
 * Grading the model-server reference solution vs the same Docker work done by
 * hand with the docker CLI, in one run, alternating so both see the same
 * machine state. Prints each round and the ratio of medians.
 *
 *   node --import tsx bench/grading-overhead.ts [rounds=2]
 *
 * "By hand" = what an instructor would type to check the same things, with
 * `docker buildx build` on the same engine and network as the grader: build;
 * rebuild after editing app/main.py; rebuild after editing requirements.txt
 * (the negative control); docker save (the layer inspection); run with no
 * network; probe /health and /predict from inside; docker stop; clean up.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadExercise, loadSolution } from "../lib/exercises/load-exercise";
import { gradeFiles } from "../sandbox-runner/cli/grade-command";
import { buildxNetworkArgs } from "../sandbox-runner/docker/build-network";
import { dockerCliEnv, engineClient, engineEndpoint } from "../sandbox-runner/docker/engine";
import { ensurePackageMirror } from "../sandbox-runner/images/package-mirror";

const rounds = Number(process.argv[2] ?? 2);
const exercise = await loadExercise("model-server");
const solution = await loadSolution(exercise);
const network = buildxNetworkArgs(await ensurePackageMirror(engineClient()));

const cliEnv = { ...process.env, ...dockerCliEnv(tmpdir()) } as NodeJS.ProcessEnv;
function docker(...args: string[]): string {
  const r = spawnSync(engineEndpoint().cli, args, { encoding: "utf8", env: cliEnv, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`docker ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout.trim();
}

const handSteps: Record<string, number[]> = {};
function step<T>(name: string, body: () => T): T {
  const started = performance.now();
  const value = body();
  record(handSteps, name, performance.now() - started);
  return value;
}

function byHand(): number {
  const dir = mkdtempSync(path.join(tmpdir(), "dockyard-bench-"));
  cpSync(path.join(exercise.dir, "starter"), dir, { recursive: true });
  cpSync(path.join(exercise.dir, "solution"), dir, { recursive: true });
  // Cold, like the grader: its builds never share BuildKit's cache with another submission's.
  docker("builder", "prune", "-af");
  const started = performance.now();
  const build = (tag: string) => docker("buildx", "build", "-q", ...network, "-t", tag, dir);
  step("build", () => build("bench-hand:1"));
  step("inspect", () =>
    execFileSync("sh", ["-c", `"${engineEndpoint().cli}" save bench-hand:1 > /dev/null`], { env: cliEnv }),
  );
  step("cache", () => {
    appendFileSync(path.join(dir, "app/main.py"), "\n# edited\n");
    build("bench-hand:2");
    appendFileSync(path.join(dir, "requirements.txt"), "\n# edited\n");
    build("bench-hand:3");
  });
  const runStarted = performance.now();
  const id = docker(
    "run",
    "-d",
    "--network",
    "none",
    "--cap-drop",
    "ALL",
    "--security-opt",
    "no-new-privileges",
    "--pids-limit",
    "256",
    "-m",
    "1g",
    "bench-hand:1",
  );
  const probe = `import urllib.request, time, json
for _ in range(200):
    try:
        urllib.request.urlopen("http://127.0.0.1:8000/health", timeout=1); break
    except Exception: time.sleep(0.25)
req = urllib.request.Request("http://127.0.0.1:8000/predict", data=json.dumps({"sepal_length": 6.7, "sepal_width": 3.0, "petal_length": 5.2, "petal_width": 2.3}).encode(), headers={"Content-Type": "application/json"})
print(urllib.request.urlopen(req, timeout=5).read())`;
  docker("exec", id, "python3", "-c", probe);
  docker("exec", id, "cat", "/proc/1/status");
  // The HEALTHCHECK must turn healthy, as the grader checks.
  while (docker("inspect", "-f", "{{.State.Health.Status}}", id) !== "healthy") execFileSync("sleep", ["0.5"]);
  docker("stop", "-t", "5", id);
  record(handSteps, "run", performance.now() - runStarted);
  const ms = performance.now() - started;
  docker("rm", "-f", id);
  docker("rmi", "-f", "bench-hand:1", "bench-hand:2", "bench-hand:3");
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

const graderPhases: Record<string, number[]> = {};
async function graded(): Promise<number> {
  const started = performance.now();
  const result = await gradeFiles(exercise, solution, { err: () => {} });
  for (const phase of result.phases) record(graderPhases, phase.name, phase.ms);
  if (result.status !== "passed")
    throw new Error(`the solution did not pass: ${result.checks.filter((c) => c.status === "fail").map((c) => c.id)}`);
  return performance.now() - started;
}

await graded(); // warm-up: base images, mirror, page cache
const hand: number[] = [];
const grader: number[] = [];
for (let i = 0; i < rounds; i++) {
  hand.push(byHand());
  grader.push(await graded());
  console.log(`round ${i + 1}: by hand ${(hand[i]! / 1000).toFixed(1)} s, grader ${(grader[i]! / 1000).toFixed(1)} s`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const name of ["build", "inspect", "cache", "run"]) {
  console.log(
    `${name.padEnd(8)} by hand ${(median(handSteps[name] ?? [0]) / 1000).toFixed(1)} ` +
      `s, grader ${(median(graderPhases[name] ?? [0]) / 1000).toFixed(1)} s`,
  );
}
console.log(
  `median by hand ${(median(hand) / 1000).toFixed(1)} s, grader ${(median(grader) / 1000).toFixed(1)} ` +
    `s, ratio ${(median(grader) / median(hand)).toFixed(3)}`,
);

function record(samples: Record<string, number[]>, name: string, ms: number): void {
  samples[name] = [...(samples[name] ?? []), ms];
}

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type Docker from "dockerode";
import { listExercises } from "../../lib/exercises/load-exercise";
import { gradeFiles } from "../../sandbox-runner/cli/grade-command";
import { containerLogText } from "../../sandbox-runner/docker/container-logs";
import { engineClient } from "../../sandbox-runner/docker/engine";
import { BASE_IMAGES, PACKAGE_MIRROR_IMAGE } from "../../sandbox-runner/images/base-images";
import { GPU_PROBE } from "../../sandbox-runner/pipeline/core-checks";
import { runGpuProbe } from "../../sandbox-runner/pipeline/gpu-phase";
import { verifyExercise } from "../../sandbox-runner/verify/verify-exercise";
import { CDI_KIND, cdiSpec, findGpuHost } from "./cdi-spec";

/**
 * `npm run prove-gpu`, on a GPU host as root: proves the course's GPU exercises on a real GPU, through the grader's
 * own GPU phase. It
 * 1. finds the GPUs (/dev/nvidiaN) and makes sure a CDI spec names them: NVIDIA's `nvidia-ctk cdi generate` where the
 *    toolkit is installed, else one written here from the device nodes and the driver's libraries (cdi-spec.ts);
 * 2. starts the platform's engine (scripts/ensure-docker.sh, CDI on) unless it already answers;
 * 3. grades each GPU exercise's reference solution and every variant exactly as content CI does, with the runner's
 *    GPU settings (RUNNER_GPUS, RUNNER_GPU_DEVICES=nvidia.com/gpu=all), and prints each verdict and what the GPU
 *    probe said;
 * 4. re-proves what the lessons teach about the image's NVIDIA_* variables under CDI, on the CUDA base image.
 * Exit 0 when every verdict and fact holds. Record the output in bench/README.md ("GPU proof") and docs/deploy.md.
 * `--only SLUG` proves one exercise, `--verbose` prints every build's log, `--reports DIR` keeps every report as JSON.
 */
const DEVICES = process.env.RUNNER_GPU_DEVICES ?? `${CDI_KIND}=all`;
/** `--reports DIR`: every graded report as JSON there too, to look into a verdict that did not hold. */
const REPORTS = process.argv.includes("--reports") ? process.argv[process.argv.indexOf("--reports") + 1] : undefined;
/** `--verbose`: every build's log too. `--only SLUG`: that GPU exercise alone. */
const VERBOSE = process.argv.includes("--verbose");
const ONLY = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
const CUDA_IMAGE = BASE_IMAGES.find((image) => image.startsWith("dockyard/cuda:"))!;
const say = (line: string) => process.stdout.write(`${line}\n`);

function shell(command: string, args: string[]): string | undefined {
  try {
    return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

function ensureCdiSpec(): string {
  if (shell("nvidia-ctk", ["--version"])) {
    spawnSync("nvidia-ctk", ["cdi", "generate", "--output=/etc/cdi/nvidia.yaml"], { stdio: "inherit" });
    return "CDI spec from nvidia-ctk cdi generate (/etc/cdi/nvidia.yaml)";
  }
  const spec = cdiSpec(findGpuHost());
  mkdirSync("/etc/cdi", { recursive: true });
  writeFileSync("/etc/cdi/dockyard-nvidia.json", `${JSON.stringify(spec, null, 2)}\n`);
  const mounts = spec.containerEdits.mounts.map((m) => m.containerPath).join(", ");
  return `CDI spec written by scripts/gpu/cdi-spec.ts (/etc/cdi/dockyard-nvidia.json; no nvidia-ctk): ${mounts}`;
}

function driverVersion(): string {
  const smi = shell("nvidia-smi", ["--query-gpu=name,driver_version", "--format=csv,noheader"]);
  if (smi) return smi.split("\n").join("; ");
  const proc = existsSync("/proc/driver/nvidia/version") ? readFileSync("/proc/driver/nvidia/version", "utf8") : "";
  return /Kernel Module\s+(\S+)/.exec(proc)?.[1] ?? "unknown driver";
}

/** The CUDA runtime in the image counts the GPUs it sees (what train/gpu_check.py does). */
const COUNT_GPUS = [
  "python3",
  "-c",
  "import ctypes,sys\n" +
    "rt=ctypes.CDLL('libcudart.so.11.0'); n=ctypes.c_int(0); s=rt.cudaGetDeviceCount(ctypes.byref(n))\n" +
    "print('status', s, 'gpus', n.value); sys.exit(0 if s == 0 and n.value > 0 else 1)",
];

/**
 * Whether `image` counts a GPU: with one handed in, through the grader's own GPU phase (its request, limits and
 * hardening); without, as the control, in the same hardening with no device request.
 */
async function seesGpu(docker: Docker, image: string, handedIn: boolean): Promise<{ seen: boolean; said: string }> {
  if (handedIn) {
    const result = await runGpuProbe({
      docker,
      image,
      submissionId: "prove-gpu",
      // maxCuda is the static rule's; the probe does not read it.
      params: { probe: COUNT_GPUS, maxCuda: "11.8" },
      gpus: 1,
      log: () => undefined,
    });
    return { seen: result.status === "pass", said: `${result.status}: ${result.message.split("\n")[0]}` };
  }
  const container = await docker.createContainer({
    Image: image,
    Cmd: COUNT_GPUS,
    HostConfig: { NetworkMode: "none", CapDrop: ["ALL"], SecurityOpt: ["no-new-privileges"] },
  });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const said = (await containerLogText(container, 5)).trim().split("\n").at(-1) ?? "";
    return { seen: StatusCode === 0, said: `exit ${StatusCode}: ${said}` };
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

/** The CUDA base image with one more ENV line, as a learner's Dockerfile would leave it. */
async function withEnv(docker: Docker, env: string, tag: string): Promise<string> {
  const container = await docker.createContainer({ Image: CUDA_IMAGE, Cmd: ["true"] });
  try {
    await container.commit({ repo: "dockyard-gpu-proof", tag, changes: `ENV ${env}` });
  } finally {
    await container.remove({ force: true });
  }
  return `dockyard-gpu-proof:${tag}`;
}

async function proveFacts(docker: Docker): Promise<boolean> {
  const facts = [
    { what: `${CUDA_IMAGE} with ${DEVICES}`, image: CUDA_IMAGE, request: true, expect: true },
    { what: `${CUDA_IMAGE} with no device request`, image: CUDA_IMAGE, request: false, expect: false },
    {
      what: "ENV NVIDIA_VISIBLE_DEVICES=none in the image, under CDI (not read: the GPU is seen)",
      image: await withEnv(docker, "NVIDIA_VISIBLE_DEVICES=none", "visible-none"),
      request: true,
      expect: true,
    },
    {
      what: "ENV NVIDIA_REQUIRE_CUDA=cuda>=99.0 in the image, under CDI (not read: it starts and sees the GPU)",
      image: await withEnv(docker, "NVIDIA_REQUIRE_CUDA=cuda>=99.0", "require-99"),
      request: true,
      expect: true,
    },
  ];
  let ok = true;
  for (const fact of facts) {
    const { seen, said } = await seesGpu(docker, fact.image, fact.request);
    const held = seen === fact.expect;
    ok &&= held;
    say(`${held ? "ok  " : "FAIL"} fact: ${fact.what}: GPU ${seen ? "seen" : "not seen"} (${said})`);
  }
  // The images made for the facts are the proof's own: nothing of it stays on the GPU host.
  for (const { image } of facts.filter((f) => f.image !== CUDA_IMAGE))
    await docker
      .getImage(image)
      .remove({ force: true })
      .catch(() => undefined);
  return ok;
}

async function main(): Promise<number> {
  const host = findGpuHost();
  if (host.gpus.length === 0) {
    say("No NVIDIA GPU here (no /dev/nvidia0): run this on a GPU host with the NVIDIA driver loaded.");
    return 2;
  }
  process.env.RUNNER_GPUS = String(host.gpus.length);
  process.env.RUNNER_GPU_DEVICES = DEVICES;
  say(`GPUs: ${host.gpus.length} (${driverVersion()})`);
  say(ensureCdiSpec());
  const docker = engineClient();
  if (
    !(await docker.ping().then(
      () => true,
      () => false,
    ))
  ) {
    const started = spawnSync("bash", ["scripts/ensure-docker.sh"], { stdio: "inherit" });
    if (started.status !== 0) return 1;
  }
  say(`engine: Docker ${(await docker.version()).Version}, devices requested as ${DEVICES}`);
  let ok = true;
  const exercises = (await listExercises()).filter((e) => e.spec.checks.gpu && (!ONLY || e.slug === ONLY));
  for (const exercise of exercises) {
    const probes = new Map<string, string>();
    const verdict = await verifyExercise(exercise, async (files, label, graded) => {
      // Only the images GPU exercises build from: a GPU host may have been given just those (docs/deploy.md).
      const images = [CUDA_IMAGE, PACKAGE_MIRROR_IMAGE];
      const result = await gradeFiles(graded, files, { scope: { tool: "verify-exercises" }, images, verbose: VERBOSE });
      const gpu = result.checks.find((c) => c.id === GPU_PROBE.id);
      probes.set(label.split(" (again")[0]!, gpu ? `${gpu.status}: ${gpu.message.split("\n")[0]}` : "not reached");
      if (REPORTS) {
        mkdirSync(REPORTS, { recursive: true });
        const again = label.includes(" (again") ? "--again" : "";
        const file = `${exercise.slug}--${label.split(" (again")[0]!.replace(/[^a-zA-Z0-9_.-]+/g, "_")}${again}.json`;
        writeFileSync(join(REPORTS, file), JSON.stringify(result, null, 2));
      }
      return result;
    });
    for (const entry of verdict.entries) {
      const label = entry.name.replace(/^variants\//, "");
      say(
        `${entry.ok ? "ok  " : "FAIL"} ${exercise.slug}/${entry.name}: ` +
          `fails ${entry.failed.join(", ") || "nothing"}; ` +
          `GPU probe ${probes.get(label) ?? "not reached"}`,
      );
      for (const problem of entry.problems) say(`       ${problem}`);
    }
    ok &&= verdict.ok;
  }
  ok = (await proveFacts(docker)) && ok;
  say(ok ? "every GPU exercise and fact held" : "something did not hold: see FAIL above");
  return ok ? 0 : 1;
}

process.exitCode = await main();

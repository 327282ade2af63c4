import type { CheckSpec, ExerciseChecks, Probe } from "../grading/lib";
import { LESSONS } from "../grading/lib";
import { JOB_CHECKS, jobChecksFor } from "./job-check-specs";

export const containerStarts: CheckSpec = {
  id: "correctness.container-starts",
  category: "correctness",
  title: "The container starts and keeps running",
  method: "run",
  measures:
    "Starts the image with no network and the run limits, and checks the " +
    "container is still running 2 s later (or once its health endpoint answers).",
  points: 2,
  why:
    "A service image is only useful if its CMD starts the server and keeps it " +
    "running; a container that exits at once serves nothing.",
  fix:
    "Read the last log lines: they show why the process exited. Make CMD " +
    'start the server in the foreground, e.g. `CMD ["python", "app.py"]`.',
  lesson: LESSONS.serviceDockerfile,
};

export const healthEndpoint: CheckSpec = {
  id: "correctness.health-endpoint",
  category: "correctness",
  title: "The health endpoint answers 200",
  method: "run",
  measures:
    "Requests the exercise's health path on 127.0.0.1:<port> from inside the " +
    "container every 500 ms until it answers 200 or the deadline passes.",
  points: 2,
  why:
    "Orchestrators and load balancers send traffic only to a container whose " +
    "health endpoint says it is ready; without it, a starting or broken " +
    "server gets requests.",
  fix:
    "Listen on 0.0.0.0 and the exercise's port, and answer the health path " +
    "with status 200 once the app (and its model) is ready.",
  lesson: LESSONS.health,
  params: ["run.port", "run.health.path", "run.health.deadlineSeconds"],
};

export const endpointProbe: CheckSpec = {
  id: "correctness.endpoint-probe",
  category: "correctness",
  title: "An endpoint answers as the exercise expects",
  method: "run",
  measures:
    "Sends the exercise's request from inside the container and compares the " +
    "status code and body with what the exercise expects.",
  points: 1,
  why: "A server that starts but answers its main route wrongly is still broken for its users.",
  fix:
    "Make the route answer with the expected status and content; run the " +
    "container locally and try the request with curl.",
  lesson: LESSONS.serviceDockerfile,
  params: ["run.probes"],
};

export const runsAsNonRoot: CheckSpec = {
  id: "security.runs-as-non-root",
  category: "security",
  title: "The running process is not root",
  method: "run",
  measures: "Reads the effective uid of PID 1 (/proc/1/status) in the running container.",
  points: 2,
  why:
    "A process running as root inside the container is root on the host's " +
    "kernel: any bug that lets an attacker out of the app gives them root " +
    "rights on files and devices the container can reach.",
  fix:
    "Create an unprivileged user and switch to it before CMD: `RUN useradd " +
    "--create-home --uid 1000 app` then `USER app`.",
  lesson: LESSONS.nonRoot,
  equivalent: "dockle CIS-DI-0001",
};

export const gracefulStop: CheckSpec = {
  id: "correctness.graceful-stop",
  category: "correctness",
  title: "The container stops on SIGTERM",
  method: "run",
  measures: "Times `docker stop` (SIGTERM, then SIGKILL after the exercise's stop timeout).",
  points: 1,
  why:
    "`docker stop`, Kubernetes and every deploy send SIGTERM and wait; a " +
    "process that ignores it is killed after the timeout, dropping requests " +
    "in flight and slowing every restart.",
  fix:
    'Use the exec form `CMD ["python", "app.py"]` so your program is PID 1 ' +
    "and receives SIGTERM, and let it exit on SIGTERM (PID 1 gets no default " +
    "handler: install one, or run under an init such as tini).",
  lesson: LESSONS.signals,
  params: ["run.stopSeconds"],
};

export const healthcheckTurnsHealthy: CheckSpec = {
  id: "correctness.healthcheck-turns-healthy",
  category: "correctness",
  title: "The image's HEALTHCHECK reports healthy",
  method: "run",
  measures:
    "Watches the container's health status (State.Health) until Docker's own " +
    "HEALTHCHECK reports healthy or the deadline passes.",
  points: 1,
  why:
    "Docker runs the HEALTHCHECK command to decide whether the container " +
    "works; one that fails (or tests the wrong thing) marks a good container " +
    "unhealthy and gets it restarted.",
  fix:
    "Make the HEALTHCHECK command request the health endpoint with a tool the " +
    'image has, e.g. `HEALTHCHECK --interval=10s CMD python -c "import ' +
    "urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')\"`.",
  lesson: LESSONS.health,
  params: ["run.health.deadlineSeconds"],
};

export const readOnlyRootfsOk: CheckSpec = {
  id: "security.read-only-rootfs-ok",
  category: "security",
  title: "The app works with a read-only root file system",
  method: "run",
  measures:
    "Runs the container with a read-only root file system (and a writable " +
    "/tmp) and checks that it starts and passes its health check.",
  points: 1,
  why:
    "A read-only root file system stops an attacker from changing the app's " +
    "code or planting tools, and is a common production setting; an app that " +
    "writes next to its code breaks there.",
  fix:
    "Write temporary files under /tmp (or a volume), not next to the code; " +
    "e.g. set caches with environment variables such as `ENV HF_HOME=/tmp/hf`.",
  lesson: LESSONS.nonRoot,
  params: ["run.readOnlyRootfs"],
};

/** A probe's own check: the generic spec with an id and title naming the request. */
export function endpointProbeSpec(probe: Probe): CheckSpec {
  return {
    ...endpointProbe,
    id: `correctness.endpoint-${probe.name}`,
    title: `${probe.method} ${probe.path} answers as expected`,
  };
}

const SERVICE_CHECKS: CheckSpec[] = [
  containerStarts,
  healthEndpoint,
  endpointProbe,
  runsAsNonRoot,
  healthcheckTurnsHealthy,
  readOnlyRootfsOk,
  gracefulStop,
];

export const RUN_CHECKS: CheckSpec[] = [...SERVICE_CHECKS, ...JOB_CHECKS];

/**
 * The run checks an exercise grades, in report order: a job's, or a service's with one per probe and read-only only
 * when asked for.
 */
export function runChecksFor(params: NonNullable<ExerciseChecks["run"]>): CheckSpec[] {
  if (params.kind === "job") return jobChecksFor(params);
  return SERVICE_CHECKS.flatMap((spec) => {
    if (spec === endpointProbe) return params.probes.map(endpointProbeSpec);
    if (spec === readOnlyRootfsOk && !params.readOnlyRootfs) return [];
    return [spec];
  });
}

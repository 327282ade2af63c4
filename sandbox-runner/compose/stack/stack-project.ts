import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type Docker from "dockerode";
import { ignoreNotFound } from "../../docker/docker-error";
import { execCapture } from "../../docker/exec-capture";
import { type HostLoad, hostLoad } from "../../run/host-busy";
import { HTTP_PROBE_SCRIPT } from "../../run/http-probe-script";
import { runCompose } from "../compose-plugin";
import { waitOutBusyHost } from "./busy-host-health";
import { createStackNetwork } from "./stack-network";
import { tail } from "./tail";

const STACK_FILE = "dockyard-stack.json";
/** A `down` gives each container this long after SIGTERM. */
const STOP_SECONDS = 3;
/** Less time than this left, and an `up --wait` is not started: it could not finish. */
const MIN_UP_MS = 15_000;
/** A busy-host wait ends this long before the phase does, to leave room for the `up` after it. */
const ROOM_FOR_UP_MS = 20_000;

/** Thrown by `up` when too little of the phase is left for one to finish. */
export class StackTimeUp extends Error {}

/** The learner's file as `docker compose config` prints it, every default and variable filled in. */
export type NormalisedConfig = { services?: Record<string, unknown> };

/** What the probe in the built service's container answered, or why there is no answer. */
export type ApiAnswer = { status: number | null; body: string; error: string | null } | { error: string };

interface StackProjectOptions {
  docker: Docker;
  /** The Compose project name, which labels everything Compose creates for the stack. */
  name: string;
  builtService: string;
  /** The built service's port, inside its container. */
  port: number;
  /** When the stack phase ends (a `Date.now()` time): every command is bounded by what is left of it. */
  deadline: number;
  log: (text: string) => void;
  /** How busy the grading host is (run/host-busy.ts); tests pass their own. */
  hostLoad?: () => Promise<HostLoad>;
}

/**
 * The learner's stack as one Compose project in a temporary folder: the Compose commands the checks run, the
 * project's containers, and the removal of all it made.
 */
export class StackProject {
  private readonly networks: string[] = [];
  /** Set once the stack file is written: from then on there may be containers and volumes to remove. */
  private started = false;

  private constructor(
    private readonly options: StackProjectOptions,
    /** The project folder: the submission's files, and the stack file next to them. */
    readonly dir: string,
  ) {}

  static async open(options: StackProjectOptions): Promise<StackProject> {
    return new StackProject(options, await mkdtemp(path.join(os.tmpdir(), "dockyard-stack-")));
  }

  get name(): string {
    return this.options.name;
  }

  get builtService(): string {
    return this.options.builtService;
  }

  /** The learner's file as `docker compose config` normalises it; undefined (and logged) when Compose refuses it. */
  async normalisedConfig(composeFile: string): Promise<NormalisedConfig | undefined> {
    const config = await this.cli(["config", "--format", "json"], 15_000, composeFile);
    if (config.exitCode !== 0) {
      this.options.log(`stack: docker compose config: ${tail(config.stderr, 5) || "no output"}`);
      return undefined;
    }
    return JSON.parse(config.stdout) as NormalisedConfig;
  }

  /** Creates the network for one of the file's network keys; returns the engine's name for it. */
  async createNetwork(key: string, labels: Record<string, string>): Promise<string> {
    const name = `${this.name}_${key}`;
    await createStackNetwork(this.options.docker, name, labels);
    this.networks.push(name);
    return name;
  }

  /** Writes the stack file the grader starts instead of the learner's file. */
  async writeStackFile(model: unknown): Promise<void> {
    await writeFile(path.join(this.dir, STACK_FILE), JSON.stringify(model, null, 2));
    this.started = true;
  }

  /**
   * `up --wait` (scaling `service` when `extra` scales it). When it fails while a busy host leaves some container's
   * health undecided, it waits for them to decide and runs `up` once more, which starts what waited on them: the
   * verdict is then the learner's stack's, not the host's. Every `up` of the stack phase comes here, so no start,
   * restart or scale can fail a learner for a starved host; a wait that ends undecided on a busy host throws a
   * PlatformFault (busy-host-health.ts).
   */
  async up(extra: string[] = [], service?: string): Promise<boolean> {
    if (await this.upOnce(extra)) return true;
    const waited = await waitOutBusyHost({
      docker: this.options.docker,
      containers: () => this.containers(service),
      untilMs: this.options.deadline - ROOM_FOR_UP_MS,
      hostLoad: this.options.hostLoad ?? hostLoad,
      log: this.options.log,
    });
    return waited && this.upOnce(extra);
  }

  private async upOnce(extra: string[]): Promise<boolean> {
    // A stack cut short by the clock has not failed: what is left is reported as not measured.
    if (this.left() < MIN_UP_MS) throw new StackTimeUp();
    const waitSeconds = Math.max(5, Math.floor(this.left() / 1000) - 5);
    this.options.log(`stack: docker compose up --wait ${extra.join(" ")}\n`);
    const result = await this.cli(
      ["up", "--detach", "--wait", "--wait-timeout", String(waitSeconds), "--pull", "never", "--no-build", ...extra],
      (waitSeconds + 10) * 1000,
    );
    if (result.exitCode !== 0) this.options.log(tail(result.stderr, 20));
    return result.exitCode === 0;
  }

  async down(volumes: boolean): Promise<boolean> {
    this.options.log(`stack: docker compose down${volumes ? " -v" : ""}\n`);
    const args = ["down", "--timeout", String(STOP_SECONDS), ...(volumes ? ["--volumes", "--remove-orphans"] : [])];
    return (await this.cli(args, 30_000)).exitCode === 0;
  }

  /** The project's containers, running or not; only one service's when `service` is given. */
  containers(service?: string): Promise<Docker.ContainerInfo[]> {
    return this.options.docker.listContainers({
      all: true,
      filters: {
        label: [
          `com.docker.compose.project=${this.name}`,
          ...(service ? [`com.docker.compose.service=${service}`] : []),
        ],
      },
    });
  }

  /** One request to the built service's API, sent from inside a running container of it. */
  async callApi(method: "GET" | "POST", urlPath: string, body = ""): Promise<ApiAnswer> {
    const { docker, builtService } = this.options;
    const running = (await this.containers(builtService)).find((c) => c.State === "running");
    if (!running) return { error: `no ${builtService} container is running` };
    const url = `http://127.0.0.1:${this.options.port}${urlPath}`;
    const result = await execCapture(
      docker.getContainer(running.Id),
      ["python3", "-c", HTTP_PROBE_SCRIPT, url, method, body, "5"],
      Math.min(10_000, Math.max(1000, this.left())),
    );
    try {
      return JSON.parse(result.stdout) as { status: number | null; body: string; error: string | null };
    } catch {
      return { error: `the probe printed no answer: ${tail(result.stderr || result.stdout, 3)}` };
    }
  }

  /** Removes the stack's containers, volumes and networks and the project folder, whatever happened. */
  async remove(): Promise<void> {
    // Past the deadline too: the submission's cleanup removes what this leaves, by label.
    if (this.started) {
      const args = ["down", "--volumes", "--remove-orphans", "--timeout", "1"];
      const removed = await this.cli(args, 30_000, STACK_FILE, true);
      if (removed.exitCode !== 0) this.options.log(tail(removed.stderr, 5));
    }
    for (const name of this.networks)
      await ignoreNotFound(this.options.docker.getNetwork(name).remove()).catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }

  private left(): number {
    return this.options.deadline - Date.now();
  }

  private cli(args: string[], ms: number, composeFile = STACK_FILE, pastDeadline = false) {
    return runCompose(
      this.dir,
      ["-p", this.name, "-f", path.join(this.dir, composeFile), ...args],
      pastDeadline ? ms : Math.max(1000, Math.min(ms, this.left())),
    );
  }
}

export function describeAnswer(answer: { status?: number | null; body?: string; error?: unknown }): string {
  if (answer.error) return String(answer.error);
  return `status ${answer.status}, ${(answer.body ?? "").slice(0, 200) || "empty body"}`;
}

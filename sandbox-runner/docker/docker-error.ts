import { PlatformFault } from "../core/lib";

/**
 * The one reading of the errors the Docker engine client throws. dockerode (through docker-modem) rejects with a
 * plain Error whose `statusCode` is the engine's HTTP answer, `reason` dockerode's word for it and `json` the parsed
 * body (`{ message }`, or null for streaming endpoints); a socket that cannot be reached rejects with Node's own
 * connection error instead, which has a `code` and no status.
 */
interface EngineErrorShape {
  statusCode?: unknown;
  json?: unknown;
  code?: unknown;
  syscall?: unknown;
  cause?: unknown;
}

/** The HTTP status the engine answered with; undefined for anything that is not an engine answer. */
export function dockerStatus(err: unknown): number | undefined {
  const status = shape(err)?.statusCode;
  return typeof status === "number" ? status : undefined;
}

/** No such container, image, network or exec. */
export function isNotFound(err: unknown): boolean {
  return dockerStatus(err) === 404;
}

/** The object is in a state that forbids the request: a name in use, an image still used, a stopped container. */
export function isConflict(err: unknown): boolean {
  return dockerStatus(err) === 409;
}

/** Awaits an engine call, reading the given statuses as "already the state we wanted" (undefined). */
export async function ignoreStatus<T>(promise: Promise<T>, ...statuses: number[]): Promise<T | undefined> {
  try {
    return await promise;
  } catch (err) {
    const status = dockerStatus(err);
    if (status !== undefined && statuses.includes(status)) return undefined;
    throw err;
  }
}

/** For removals and lookups where the object being gone already is the goal. */
export function ignoreNotFound<T>(promise: Promise<T>): Promise<T | undefined> {
  return ignoreStatus(promise, 404);
}

/**
 * A `.catch` handler for a best-effort engine call the caller's outcome must not depend on (removing a container the
 * submission's cleanup or the reaper removes anyway, killing one that may have exited): the expected statuses pass
 * silently, anything else is logged for the operator and goes no further.
 */
export function warnUnlessStatus(what: string, ...statuses: number[]): (err: unknown) => void {
  return (err) => {
    const status = dockerStatus(err);
    if (status === undefined || !statuses.includes(status)) console.warn(`[docker] ${what} failed:`, err);
  };
}

/** The engine's own explanation (`json.message`), e.g. why a container could not start. */
export function engineMessage(err: unknown): string | undefined {
  const json = shape(err)?.json;
  const message = typeof json === "object" && json !== null ? (json as { message?: unknown }).message : undefined;
  return typeof message === "string" ? message : undefined;
}

/**
 * The engine's socket refused the connection or does not exist: the engine is down, not wrong. Also true of a
 * fault that wraps such an error as its cause.
 */
export function isEngineUnreachable(err: unknown): boolean {
  return someCause(
    err,
    (e) =>
      (e.syscall === "connect" && (e.code === "ECONNREFUSED" || e.code === "ENOENT")) ||
      (e instanceof EngineGoneFault && e.gone === "unreachable"),
  );
}

/**
 * The engine went away while a command was running on it (it was stopped or restarted mid-build): nothing the
 * submission did, and the same submission may well pass once the engine is back.
 */
export function isEngineLost(err: unknown): boolean {
  return someCause(err, (e) => e instanceof EngineGoneFault && e.gone === "lost");
}

/**
 * What the docker CLI prints when there is no engine to talk to, and when the engine went away under a running
 * build: buildx's gRPC session to BuildKit breaks ("rpc error: code = Unavailable desc = error reading from server:
 * EOF" when dockerd stops). A build step's own failure never reads like this.
 */
const CLI_UNREACHABLE = /Cannot connect to the Docker daemon|error during connect|failed to dial/i;
const CLI_LOST = /rpc error: code = Unavailable|error reading from server: EOF|transport is closing/i;

/** The engine is missing from a docker CLI's output, as `isEngineUnreachable`/`isEngineLost` then read it. */
export class EngineGoneFault extends PlatformFault {
  constructor(
    readonly gone: "unreachable" | "lost",
    message: string,
  ) {
    super("docker", message);
    this.name = "EngineGoneFault";
  }
}

/** Reads a failed docker CLI command's output: undefined when the engine was there and answered. */
export function engineGoneInCliOutput(output: string): EngineGoneFault["gone"] | undefined {
  if (CLI_UNREACHABLE.test(output)) return "unreachable";
  if (CLI_LOST.test(output)) return "lost";
  return undefined;
}

function someCause(err: unknown, test: (e: EngineErrorShape) => boolean): boolean {
  // A few levels of causes are plenty; the bound keeps a cyclic cause from looping forever.
  for (let e = shape(err), depth = 0; e && depth < 5; e = shape(e.cause), depth++) {
    if (test(e)) return true;
  }
  return false;
}

function shape(err: unknown): EngineErrorShape | undefined {
  return typeof err === "object" && err !== null ? (err as EngineErrorShape) : undefined;
}

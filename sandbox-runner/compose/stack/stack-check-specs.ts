import type { CheckSpec } from "../../grading/lib";
import { LESSONS } from "../../grading/lib";

const STACK: Pick<CheckSpec, "method" | "lesson" | "params"> = {
  method: "run",
  lesson: LESSONS.compose,
  params: ["compose.stack", "compose.services", "limits.stackSeconds"],
};

export const stackStarts: CheckSpec = {
  ...STACK,
  id: "correctness.compose-stack-starts",
  category: "correctness",
  title: "The stack starts and every service turns healthy",
  measures:
    "Runs `docker compose up --wait` on the grader's engine, on internal networks only, with the built service " +
    "running the graded image, and waits until every container runs and every healthcheck passes.",
  points: 2,
  why:
    "A Compose file that validates can still fail to start: an image that does not exist, a healthcheck that " +
    "never passes, a service that exits. `up --wait` is how a script or CI learns the stack really works.",
  fix:
    "Run `docker compose up --wait` yourself and read `docker compose ps` and `docker compose logs <service>` " +
    "for the service that did not turn healthy.",
};

export const stackStartOrder: CheckSpec = {
  ...STACK,
  id: "correctness.compose-start-order",
  category: "correctness",
  title: "Services start only after their dependencies are healthy",
  measures:
    "Follows the engine's events during `up`: each service the exercise says depends on another must start " +
    "after that one reported healthy.",
  points: 2,
  why:
    "A container that starts is not a server that answers: an API started before its cache is ready fails " +
    "its first requests, or crashes and restarts. Compose waits for health only when asked to.",
  fix: "depends_on:\n  cache:\n    condition: service_healthy\n(and a healthcheck on the dependency).",
};

export const stackReachesServices: CheckSpec = {
  ...STACK,
  id: "correctness.compose-reaches-services",
  category: "correctness",
  title: "The API reaches its services by name",
  measures:
    "Asks the built service, from inside its own container, which of its dependencies it reached with the " +
    "addresses the Compose file gives it.",
  points: 2,
  why:
    "Inside a container, localhost is that container. Services find each other by service name on the " +
    "stack's network, whatever addresses the engine gives them.",
  fix: "Point the API at the service name, e.g. REDIS_URL: redis://cache:6379/0.",
};

export const stackDataSurvives: CheckSpec = {
  ...STACK,
  id: "correctness.compose-data-survives",
  category: "correctness",
  title: "Data survives down and up, and goes with down -v",
  measures:
    "Stores a marker through the API in every stateful service, runs `docker compose down` and `up --wait` and " +
    "reads it back from each; then `down -v` and `up --wait`, after which each must have lost it.",
  points: 2,
  why:
    "`down` removes containers, and with them whatever they wrote to their own layer or to an anonymous " +
    "volume. Only named volumes keep a service's data until you remove them on purpose with `down -v`.",
  fix:
    "Mount a named volume at the directory the service named in the finding writes (e.g. cache-data:/data, " +
    "vector-data:/var/lib/postgresql/data) and declare it under the top-level volumes: key.",
};

export const stackPortsLocal: CheckSpec = {
  ...STACK,
  id: "security.compose-stack-ports-local",
  category: "security",
  title: "The running stack publishes ports on 127.0.0.1 only",
  measures:
    "Reads each running container's port bindings (HostConfig.PortBindings) as Compose asked the engine for " +
    "them: every host address must be 127.0.0.1 or ::1.",
  points: 1,
  why:
    "A port published without an address listens on every interface of the machine, so anyone on the same " +
    "network reaches a development API or cache that has no authentication.",
  fix: 'ports: ["127.0.0.1:8000:8000"], and no ports at all for services only other containers use.',
};

export const stackScales: CheckSpec = {
  ...STACK,
  id: "correctness.compose-scales",
  category: "correctness",
  title: "The API scales to several replicas",
  measures:
    "Runs `docker compose up --wait --scale <api>=N` and counts running, healthy replicas; a fixed host port " +
    "on the scaled service fails too, because a second replica cannot bind it on a real host.",
  points: 1,
  why:
    "Replicas share the host: a fixed host port (8000:8000) can be bound once, and `container_name` names one " +
    "container, so either stops a service from scaling.",
  fix:
    'Publish a range, one port per replica ("127.0.0.1:8000-8002:8000"), or let Docker choose ' +
    '("127.0.0.1::8000"), and set no container_name.',
};

export const STACK_CHECKS: CheckSpec[] = [
  stackStarts,
  stackStartOrder,
  stackReachesServices,
  stackDataSurvives,
  stackPortsLocal,
  stackScales,
];

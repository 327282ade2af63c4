import { LESSONS } from "../../content/lesson-slugs";
import type { CheckResult } from "../result-schema";

/**
 * One mistake that several checks find. The overlap is on purpose (a static check points at the line, an image or
 * run check proves the effect on what was built), but the learner sees one finding for it, with one fix, and the
 * score counts it once. Browser-safe.
 */
export interface Cause {
  id: string;
  /** What went wrong, in the learner's words: the finding's heading. */
  title: string;
  /**
   * The one fix for this mistake: every member check without a fix of its own (one that names the line) reports
   * this text, so the same mistake never gets two different snippets. A lead-in line ending in ":" and then code.
   */
  fix: string;
  lesson: string;
  /** The checks that find it, in pipeline order. */
  checks: readonly string[];
  /**
   * Checks that find this mistake among others: they join the cause only when `when` says the result shows it (the
   * check itself, or the rest of the result: a container that does not start is this mistake only when the start
   * command's file is missing too).
   */
  joins?: Readonly<
    Record<string, { when: (check: CheckResult, all: readonly CheckResult[]) => boolean; note: string }>
  >;
}

// An evidence line of security.no-secrets-in-layers names the file it found, e.g. "env-file: /srv/.env defines X".
const ENV_FILE_PATH = /(^|\/)\.env(\.[\w.-]+)?(:\d+)?(\s|$)/;
const onlyEnvFiles = (check: CheckResult) => {
  const lines = (check.evidence ?? "").split("\n").filter(Boolean);
  return lines.length > 0 && lines.every((line) => line.split(/\s+/).some((word) => ENV_FILE_PATH.test(word)));
};

const startFileMissing = (_: CheckResult, all: readonly CheckResult[]) =>
  all.some((c) => c.id === "correctness.start-command-exists" && c.status === "fail");

export const CAUSES: readonly Cause[] = [
  {
    id: "start-file-missing",
    title: "The start command names a file the image does not have",
    fix:
      "Make CMD (or ENTRYPOINT) name a program on the image's PATH and a script that COPY put in the image, " +
      "relative to WORKDIR (a shell in the image shows the real names with ls), for example:\n" +
      'CMD ["python", "app/main.py"]',
    lesson: LESSONS.serviceDockerfile,
    checks: ["correctness.start-command-exists", "correctness.container-starts", "correctness.job-completes"],
    joins: {
      "correctness.container-starts": { when: startFileMissing, note: "when the start command's file is missing" },
      "correctness.job-completes": { when: startFileMissing, note: "when the start command's file is missing" },
    },
  },
  {
    id: "runs-as-root",
    title: "The service runs as root",
    fix:
      "Create an unprivileged user in the final stage, after the installs, and switch to it before CMD:\n" +
      "RUN useradd --create-home --uid 10001 app\nUSER app",
    lesson: LESSONS.nonRoot,
    checks: [
      "security.user-declared",
      "security.final-user-not-root",
      "security.image-user-not-root",
      "security.runs-as-non-root",
    ],
  },
  {
    id: "no-healthcheck",
    title: "The image declares no HEALTHCHECK",
    fix:
      "Add a HEALTHCHECK to the final stage that requests the service's health endpoint with a tool the image " +
      "has (use the exercise's port and path):\n" +
      "HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \\\n" +
      "  CMD python -c \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2)\"",
    lesson: LESSONS.health,
    checks: ["correctness.healthcheck-declared", "correctness.image-healthcheck"],
  },
  {
    id: "env-file-in-image",
    title: "The .env file is copied into the image",
    fix:
      "Keep .env out of the image and pass its values when the container starts (docker run --env-file .env): " +
      "copy only the folders the app needs instead of the whole context (or, where you may edit .dockerignore, " +
      "list .env there), for example:\nCOPY app/ ./app/",
    lesson: LESSONS.secrets,
    checks: ["security.no-env-file-copied", "security.no-env-file-in-image", "security.no-secrets-in-layers"],
    joins: { "security.no-secrets-in-layers": { when: onlyEnvFiles, note: "when every secret it finds is in .env" } },
  },
  {
    id: "code-before-dependencies",
    title: "The code is copied before the dependencies are installed",
    fix:
      "Copy only the dependency file, install, and copy the code after that, so a code edit reuses the install:\n" +
      "COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY app/ ./app/",
    lesson: LESSONS.caching,
    checks: ["cache.dependencies-before-code", "cache.code-change-reuses-dependencies"],
  },
  {
    id: "build-tools-shipped",
    title: "Build tools ship in the final image",
    fix:
      "Install compilers in a builder stage and install what it built into a slim final stage through a bind " +
      "mount, so the wheels themselves never become a layer:\n" +
      "FROM python:3.11-slim AS builder\n" +
      "RUN apt-get update && apt-get install -y --no-install-recommends build-essential\n" +
      "COPY requirements.txt .\n" +
      "RUN pip wheel --wheel-dir /wheels -r requirements.txt\n" +
      "FROM python:3.11-slim\n" +
      "COPY requirements.txt .\n" +
      "RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels \\\n" +
      "    pip install --no-cache-dir --no-index --find-links=/wheels -r requirements.txt",
    lesson: LESSONS.multiStage,
    checks: ["size.multi-stage-build-tools", "size.build-tools-not-in-final-image"],
  },
  {
    id: "context-not-ignored",
    title: "COPY takes files the app does not need",
    fix:
      "COPY only the app's own folders instead of the whole context (or, where you may edit .dockerignore, list " +
      ".git, .env, .venv/, __pycache__/ and data/ there), for example:\nCOPY app/ ./app/",
    lesson: LESSONS.context,
    checks: ["size.dockerignore-present", "size.dockerignore-effective"],
  },
  // Compose: a rule points at the line, the stack phase shows what the running stack did.
  {
    id: "compose-start-not-gated",
    title: "Services start before their dependencies are healthy",
    fix:
      "Give the dependency a healthcheck and make the service wait for it:\n" +
      "depends_on:\n  cache:\n    condition: service_healthy",
    lesson: LESSONS.compose,
    checks: ["correctness.compose-depends-on-healthy", "correctness.compose-start-order"],
  },
  {
    id: "compose-localhost",
    title: "The API looks for its services on localhost",
    fix: "Use the service name as the host, for example:\nREDIS_URL: redis://cache:6379/0",
    lesson: LESSONS.compose,
    checks: ["correctness.compose-services-by-name", "correctness.compose-reaches-services"],
  },
  {
    id: "compose-state-not-on-volume",
    title: "A service keeps its data in the container",
    fix:
      "Mount a named volume where the service writes, and declare it at the top level:\n" +
      "    volumes:\n      - cache-data:/data\nvolumes:\n  cache-data:",
    lesson: LESSONS.compose,
    checks: ["correctness.compose-state-on-named-volumes", "correctness.compose-data-survives"],
  },
  {
    id: "compose-ports-open",
    title: "Ports are published on every interface",
    fix: 'Name 127.0.0.1 as the host address of every published port:\nports: ["127.0.0.1:8000:8000"]',
    lesson: LESSONS.compose,
    checks: ["security.compose-ports-bound-locally", "security.compose-stack-ports-local"],
  },
];

/** The shared cause a check of this result belongs to, if any. */
export function causeOf(check: CheckResult, all: readonly CheckResult[] = [check]): Cause | undefined {
  const cause = CAUSES.find((c) => c.checks.includes(check.id));
  const joins = cause?.joins?.[check.id];
  return !joins || joins.when(check, all) ? cause : undefined;
}

/** The fix a check reports when its finding has none of its own: its cause's, so both never differ. */
export function causeFix(checkId: string): string | undefined {
  const cause = CAUSES.find((c) => c.checks.includes(checkId));
  return cause && !cause.joins?.[checkId] ? cause.fix : undefined;
}

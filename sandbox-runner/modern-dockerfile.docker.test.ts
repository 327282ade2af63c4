import { beforeAll, describe, expect, it } from "vitest";
import { type Exercise, loadExercise, loadSolution } from "../lib/exercises/load-exercise";
import type { SubmittedFile } from "../lib/file-sets/validate-files";
import type { ResultDocument } from "../lib/grading/result-schema";
import { gradeFiles } from "./cli/grade-command";

/**
 * The Dockerfile syntax of 2026, graded as written: a syntax line, heredocs,
 * a pip cache mount, a secret mount, a bind mount from another stage, COPY
 * --chmod/--chown/--link, stages that build in parallel, and --target (the
 * stage after the target would fail the build if it were built). It solves
 * model-server, so it must pass every check that exercise grades.
 */
const MODERN = `# syntax=docker/dockerfile:1
FROM python:3.11-slim AS notes
RUN <<EOF
mkdir -p /out
echo "built with BuildKit" > /out/BUILD_INFO
EOF

FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN useradd --create-home --uid 10001 app
WORKDIR /srv
COPY requirements.txt .
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
RUN --mount=type=secret,id=model_registry_token,required=true \\
    test "$(wc -c < /run/secrets/model_registry_token)" -gt 10 && echo "token present, not kept" > /srv/TOKEN_CHECKED
RUN --mount=type=bind,from=notes,source=/out,target=/mnt/notes cp /mnt/notes/BUILD_INFO /srv/BUILD_INFO
COPY --link --chown=app:app --chmod=0555 app/ ./app/
USER app
EXPOSE 8000
HEALTHCHECK --interval=5s --timeout=3s --start-period=5s --retries=3 \\
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2).status == 200 else 1)"]
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]

FROM runtime AS never-built
RUN false
`;

let exercise: Exercise;
let files: SubmittedFile[];
let result: ResultDocument;
let log = "";

beforeAll(async () => {
  const modelServer = await loadExercise("model-server");
  // model-server as an exercise that names a build target and hands the build a stand-in secret.
  exercise = {
    ...modelServer,
    spec: {
      ...modelServer.spec,
      build: { target: "runtime", secrets: [{ id: "model_registry_token", value: "mrt_stand-in-token-0123456789" }] },
    },
  };
  files = (await loadSolution(modelServer)).map((f) => (f.path === "Dockerfile" ? { ...f, content: MODERN } : f));
  result = await gradeFiles(exercise, files, { err: (t) => (log += t), verbose: true });
}, 600_000);

describe("a Dockerfile using BuildKit's syntax", () => {
  it("passes every check of the exercise it solves", () => {
    const failed = result.checks.filter((c) => c.status === "fail").map((c) => `${c.id}: ${c.message}`);
    expect(failed, log.slice(-3000)).toEqual([]);
    expect(result.status).toBe("passed");
  });

  it("tells the learner the syntax line was set aside for the built-in frontend", () => {
    expect(log).toContain("Dockerfile:1: `# syntax=docker/dockerfile:1` names a frontend image");
  });

  it("logs one block per BuildKit step, with its number, and builds only up to the target", () => {
    expect(log).toMatch(/^#\d+ \[runtime 5\/8\] RUN --mount=type=cache,target=\/root\/\.cache\/pip pip install/m);
    expect(log).toMatch(/^#\d+ DONE \d+\.\ds$/m);
    expect(log).not.toContain("[never-built");
  });

  it("reuses the install on a code edit even with the cache mount, from BuildKit's records", () => {
    const reuse = result.checks.find((c) => c.id === "cache.code-change-reuses-dependencies")!;
    expect(reuse.status).toBe("pass");
    expect(reuse.evidence).toMatch(/^\[runtime 5\/8\] RUN --mount=type=cache.*: CACHED$/m);
  });

  it("counts the pip cache mount as good practice: nothing of pip's cache is in the image", () => {
    for (const id of ["size.pip-no-cache", "size.no-package-caches"]) {
      expect(result.checks.find((c) => c.id === id)?.status, id).toBe("pass");
    }
  });

  it("keeps the secret out of every layer", () => {
    expect(result.checks.find((c) => c.id === "security.no-secrets-in-layers")?.status).toBe("pass");
    expect(log).not.toContain("mrt_stand-in-token-0123456789");
  });
});

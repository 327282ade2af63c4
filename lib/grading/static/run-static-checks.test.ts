import { describe, expect, it } from "vitest";
import { LESSONS } from "../../content/lesson-slugs";
import { findSyntaxProblem } from "../../dockerfile/check-syntax";
import { exerciseChecksSchema } from "../../exercises/exercise-schema";
import { checkResultSchema } from "../result-schema";
import { runStaticChecks, STATIC_CHECKS } from "./run-static-checks";
import { df } from "./testing/check-fixture";

const GOOD_DOCKERFILE = df`
  # syntax=docker/dockerfile:1
  FROM python:3.11-slim

  ENV PYTHONDONTWRITEBYTECODE=1 \
      PYTHONUNBUFFERED=1

  WORKDIR /app
  RUN useradd --create-home --uid 10001 app

  # Dependencies first: code edits must not re-run the install.
  COPY requirements.txt .
  RUN pip install --no-cache-dir -r requirements.txt

  COPY app/ ./app/
  COPY model/ ./model/

  USER app
  EXPOSE 8000
  HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2)" || exit 1
  CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
`;

const GOOD_FILES = [
  { path: "Dockerfile", content: GOOD_DOCKERFILE },
  {
    path: "requirements.txt",
    content: "fastapi==0.110.0\nuvicorn==0.29.0\nscikit-learn==1.5.2\nnumpy==1.26.4\njoblib==1.4.2\n",
  },
  { path: ".dockerignore", content: ".git\n.env\n.venv/\n__pycache__/\n*.pyc\nnotebooks/\ndata/\n" },
  { path: "app/__init__.py", content: "" },
  { path: "app/main.py", content: "from fastapi import FastAPI\napp = FastAPI()\n" },
  { path: "model/model.joblib", content: "binary" },
  { path: "notebooks/explore.ipynb", content: "{}" },
];

const GOOD_CHECKS = exerciseChecksSchema.parse({
  run: { port: 8000 },
  cache: { mutate: "app/main.py", manifest: "requirements.txt", installMarker: "pip install" },
});

describe("STATIC_CHECKS", () => {
  it("has 25+ checks with unique ids whose prefix is their category", () => {
    expect(STATIC_CHECKS.length).toBeGreaterThanOrEqual(25);
    expect(new Set(STATIC_CHECKS.map((s) => s.id)).size).toBe(STATIC_CHECKS.length);
    for (const spec of STATIC_CHECKS) expect(spec.id).toMatch(new RegExp(`^${spec.category}\\.[a-z0-9-]+$`));
  });

  it("explains every check: static method, 1-3 points, a known lesson, and non-empty measures, why and fix", () => {
    const lessons = new Set<string>(Object.values(LESSONS));
    for (const spec of STATIC_CHECKS) {
      expect(spec.method, spec.id).toBe("static");
      expect(spec.points, spec.id).toBeGreaterThanOrEqual(1);
      expect(spec.points, spec.id).toBeLessThanOrEqual(3);
      expect(lessons.has(spec.lesson), `${spec.id} lesson ${spec.lesson}`).toBe(true);
      for (const text of [spec.title, spec.measures, spec.why, spec.fix])
        expect(text.length, spec.id).toBeGreaterThan(10);
    }
  });
});

describe("runStaticChecks", () => {
  it("passes every applicable check on a well-written FastAPI + scikit-learn Dockerfile", () => {
    const results = runStaticChecks({ dockerfile: GOOD_DOCKERFILE, files: GOOD_FILES, checks: GOOD_CHECKS });
    const notPassing = results
      .filter((r) => r.status !== "pass" && r.status !== "skipped")
      .map((r) => `${r.id}: ${r.message}`);
    expect(notPassing).toEqual([]);
    // Only checks that cannot apply here are skipped: GPU and Compose rules, stage wiring of a one-stage file.
    expect(
      results
        .filter((r) => r.status === "skipped")
        .map((r) => r.id)
        .sort(),
    ).toEqual([
      "correctness.compose-depends-on-healthy",
      "correctness.compose-expected-services",
      "correctness.compose-gpus-requested",
      "correctness.compose-mounts-in-place",
      "correctness.compose-no-version-key",
      "correctness.compose-services-by-name",
      "correctness.compose-shm-size",
      "correctness.compose-spec-valid",
      "correctness.compose-state-on-named-volumes",
      "correctness.multi-stage-used-correctly",
      "gpu.cuda-driver-compatible",
      "gpu.nvidia-env-intact",
      "gpu.runtime-not-devel-base",
      "security.compose-images-pinned",
      "security.compose-internal-services-unpublished",
      "security.compose-no-inline-secrets",
      "security.compose-ports-bound-locally",
    ]);
    for (const r of results) expect(checkResultSchema.parse(r)).toEqual(r);
  });

  it("fails nothing on a multi-stage build that compiles in a builder and ships a virtualenv", () => {
    const dockerfile = df`
      FROM python:3.11-slim AS builder
      RUN apt-get update && apt-get install -y --no-install-recommends build-essential \
          && rm -rf /var/lib/apt/lists/*
      RUN python -m venv /opt/venv
      ENV PATH=/opt/venv/bin:$PATH
      COPY requirements.txt .
      RUN pip install --no-cache-dir -r requirements.txt

      FROM python:3.11-slim
      ENV PATH=/opt/venv/bin:$PATH
      COPY --from=builder /opt/venv /opt/venv
      WORKDIR /app
      COPY app/ ./app/
      RUN useradd --uid 10001 app
      USER 10001
      EXPOSE 8000
      HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"
      CMD ["gunicorn", "-k", "uvicorn.workers.UvicornWorker", "--bind", "0.0.0.0:8000", "app.main:app"]
    `;
    const results = runStaticChecks({ dockerfile, files: GOOD_FILES, checks: GOOD_CHECKS });
    expect(results.filter((r) => r.status === "fail").map((r) => `${r.id}: ${r.message}`)).toEqual([]);
    // Unpinned build-essential in the builder is the one (deliberately lenient) warning.
    expect(results.filter((r) => r.status === "warn").map((r) => r.id)).toEqual(["security.pin-apt-versions"]);
    expect(results.find((r) => r.id === "correctness.multi-stage-used-correctly")!.status).toBe("pass");
  });

  it("finds nothing on a Dockerfile using BuildKit's features, its heredocs holding look-alike instructions", () => {
    const dockerfile = df`
      # syntax=docker/dockerfile:1
      FROM python:3.11-slim AS builder
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
          --mount=type=cache,target=/var/lib/apt,sharing=locked <<EOF
      set -e
      apt-get update
      apt-get install -y --no-install-recommends build-essential=12.9
      EOF
      WORKDIR /src
      COPY requirements.txt .
      RUN --mount=type=cache,target=/root/.cache/pip pip wheel --wheel-dir /wheels -r requirements.txt

      FROM python:3.11-slim
      WORKDIR /app
      RUN useradd --create-home --uid 10001 app
      COPY requirements.txt .
      RUN --mount=type=cache,target=/root/.cache/pip --mount=from=builder,source=/wheels,target=/wheels \
          pip install --no-index --find-links=/wheels -r requirements.txt
      COPY --chown=app:app --chmod=755 --link app/ ./app/
      COPY <<EOF /app/NOTES.txt
      USER root
      CMD python app.py
      ADD . /
      EOF
      USER app
      EXPOSE 8000
      HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --start-interval=2s --retries=3 \
        CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2)"]
      CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
    `;
    expect(findSyntaxProblem(dockerfile)).toBeUndefined();
    const results = runStaticChecks({ dockerfile, files: GOOD_FILES, checks: GOOD_CHECKS });
    const findings = results.filter((r) => r.status === "fail" || r.status === "warn");
    expect(findings.map((r) => `${r.id}: ${r.message}`)).toEqual([]);
    const status = (id: string) => results.find((r) => r.id === id)!.status;
    const applicable = [
      "size.pip-no-cache",
      "security.final-user-not-root",
      "correctness.one-cmd",
      "correctness.multi-stage-used-correctly",
      "correctness.copy-not-add",
    ];
    for (const id of applicable) expect(status(id), id).toBe("pass");
  });

  it("omits checks the exercise disables", () => {
    const checks = exerciseChecksSchema.parse({ disable: ["size.slim-base-image", "security.user-declared"] });
    const ids = runStaticChecks({ dockerfile: "FROM python:3.11\n", files: [], checks }).map((r) => r.id);
    expect(ids).not.toContain("size.slim-base-image");
    expect(ids).not.toContain("security.user-declared");
    expect(ids).toHaveLength(STATIC_CHECKS.length - 2);
  });

  it("skips every check, without throwing, when there is no FROM", () => {
    const results = runStaticChecks({
      dockerfile: "# nothing yet\n",
      files: [],
      checks: exerciseChecksSchema.parse({}),
    });
    expect(results.every((r) => r.status === "skipped" && r.message.includes("no FROM"))).toBe(true);
  });

  it("never lets a rule crash on odd but parseable Dockerfiles", () => {
    const odd = [
      "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n  c:\\\nWORKDIR C:\\app\n",
      'from python:3.11-slim as Build\nrun echo \'unterminated\ncmd ["python", 1]\n',
      "FROM python:3.11-slim\nRUN <<EOF\npip install x\n",
      "FROM python:3.11-slim\nONBUILD RUN pip install x\nCOPY\nADD\nUSER\nEXPOSE\nENV\nARG\nHEALTHCHECK\nSHELL []\n",
      "FROM --platform=$BUILDPLATFORM python:3.11-slim AS a\nCOPY --from=a " +
        "--from=b x y\nRUN --mount=type=secret,id=t cat /run/secrets/t | sh\nFROM a\n",
      "FROM python:3.11-slim\nRUN echo $(( 1 + 2 )) `date` ${X:-y} && (cd /tmp; ls) | { cat; }\n",
      'FROM python:3.11-slim\nRUN --mount=type=bogus --mount=type=cache,"target=/a b" --mount --mount=,,= pip i x\n',
      "FROM python:3.11-slim\nRUN << EOF\npip install x\nEOF\nCOPY <<EOF\nRUN <<A <<B <<C\nA\n",
      "FROM python:3.11-slim\nRUN <<-EOT bash\n\tcat <<'X'\n\tEOT\nADD --checksum=nope <<EOF /x\nEOF\n",
      "FROM python:3.11-slim\nCOPY --parents --exclude=* <<EOF\n",
    ];
    for (const dockerfile of odd) {
      const results = runStaticChecks({
        dockerfile,
        files: [{ path: ".dockerignore", content: "!\n**\n[\n[z-a]\n" }],
        checks: GOOD_CHECKS,
      });
      expect(results.filter((r) => r.message.includes("could not run")).map((r) => `${r.id}: ${r.message}`)).toEqual(
        [],
      );
    }
  });
});

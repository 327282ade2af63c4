import { describe, expect, it } from "vitest";
import { COMPOSE_RULES } from "../../compose/compose-rules";
import { CHECKS, composeFixtureContext, GOOD, runCompose } from "../../compose/rules/testing/compose-fixture";
import { TRAINING, TRAINING_CHECKS } from "../../compose/rules/testing/compose-training-fixture";
import { DOCKERFILE_RULES } from "../dockerfile-rules";
import { applyEdits } from "../quick-fix";
import { checkFixture, type FixtureOptions, fixtureContext } from "../testing/check-fixture";

/** A Dockerfile one rule finds fault with, where the fix the learner reads is an edit of one line. */
interface OneLineCase {
  dockerfile: string;
  options?: FixtureOptions;
  /** The Dockerfile after the editor's quick fix. */
  fixed: string;
}

const SLIM = "FROM python:3.11-slim\n";
const RUN_8000 = { run: { port: 8000, requireHealthcheck: true } };
const GPU = { gpu: { maxCuda: "12.4" } };
const HEALTHCHECK =
  "HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 CMD python -c " +
  `"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2)" || exit 1`;

/** Every rule whose fix is a one-line edit, with a Dockerfile it flags: the editor must offer that edit. */
const ONE_LINE: Record<string, OneLineCase[]> = {
  "security.pin-base-image-version": [
    { dockerfile: 'FROM python:latest\nCMD ["python"]\n', fixed: 'FROM python:3.11-slim\nCMD ["python"]\n' },
    { dockerfile: "FROM node AS web\n", fixed: "FROM node:20-slim AS web\n" },
  ],
  "security.no-sudo": [
    {
      dockerfile: "FROM debian:bookworm-slim\nRUN sudo -E apt-get purge -y curl\n",
      fixed: "FROM debian:bookworm-slim\nRUN apt-get purge -y curl\n",
    },
  ],
  "security.no-env-file-copied": [
    {
      dockerfile: `${SLIM}COPY .env ./\nCOPY app/ ./app/\n`,
      options: { files: { ".env": "TOKEN=x\n", "app/main.py": "" } },
      fixed: `${SLIM}COPY app/ ./app/\n`,
    },
    {
      dockerfile: `${SLIM}COPY app.py .env ./\n`,
      options: { files: { ".env": "TOKEN=x\n", "app.py": "" } },
      fixed: `${SLIM}COPY app.py ./\n`,
    },
    {
      // The .dockerignore is the exercise's: the fix is to copy only the app.
      dockerfile: `${SLIM}WORKDIR /srv\nCOPY . .\n`,
      options: {
        files: { ".env": "TOKEN=x\n", "app/main.py": "", ".dockerignore": ".git\n" },
        editable: ["Dockerfile"],
      },
      fixed: `${SLIM}WORKDIR /srv\nCOPY app/ ./app/\n`,
    },
  ],
  "size.slim-base-image": [{ dockerfile: "FROM python:3.11 AS app\n", fixed: "FROM python:3.11-slim AS app\n" }],
  "size.dockerignore-present": [
    {
      // first-image: only the Dockerfile and app/main.py are the learner's, so no .dockerignore can be written.
      dockerfile: `${SLIM}WORKDIR /srv\nCOPY . .\nCMD ["python", "app/main.py"]\n`,
      options: { files: { "app/main.py": "print(1)\n" }, editable: ["Dockerfile", "app/main.py"] },
      fixed: `${SLIM}WORKDIR /srv\nCOPY app/ ./app/\nCMD ["python", "app/main.py"]\n`,
    },
    {
      dockerfile: `${SLIM}COPY --chown=app . /srv\n`,
      options: {
        files: { "requirements.txt": "", "app/main.py": "", ".dockerignore": ".git\n", "data/x.csv": "" },
        editable: ["Dockerfile"],
      },
      fixed: `${SLIM}COPY --chown=app requirements.txt /srv/\nCOPY --chown=app app/ /srv/app/\n`,
    },
  ],
  "size.apt-lists-removed": [
    {
      dockerfile: `${SLIM}RUN apt-get update && apt-get install -y --no-install-recommends curl\n`,
      fixed:
        `${SLIM}RUN apt-get update && apt-get install -y --no-install-recommends curl` +
        " && rm -rf /var/lib/apt/lists/*\n",
    },
  ],
  "size.apt-no-install-recommends": [
    {
      dockerfile: `${SLIM}RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n`,
      fixed:
        `${SLIM}RUN apt-get update && apt-get install --no-install-recommends -y curl` +
        " && rm -rf /var/lib/apt/lists/*\n",
    },
  ],
  "size.pip-no-cache": [
    {
      dockerfile: `${SLIM}RUN pip install flask==3.0.3\n`,
      fixed: `${SLIM}RUN pip install --no-cache-dir flask==3.0.3\n`,
    },
  ],
  "size.apk-no-cache": [
    { dockerfile: "FROM alpine:3.20\nRUN apk add curl\n", fixed: "FROM alpine:3.20\nRUN apk add --no-cache curl\n" },
  ],
  "cache.apt-update-with-install": [
    {
      dockerfile: "FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y curl\n",
      fixed: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n",
    },
  ],
  "correctness.exec-form-cmd": [
    { dockerfile: `${SLIM}CMD python app.py\n`, fixed: `${SLIM}CMD ["python", "app.py"]\n` },
    { dockerfile: `${SLIM}CMD python app.py --port $PORT\n`, fixed: `${SLIM}CMD exec python app.py --port $PORT\n` },
  ],
  "correctness.listen-on-all-interfaces": [
    {
      dockerfile: `${SLIM}CMD ["uvicorn", "app.main:app", "--port", "8000"]\n`,
      fixed: `${SLIM}CMD ["uvicorn", "app.main:app", "--port", "8000", "--host", "0.0.0.0"]\n`,
    },
    {
      dockerfile: `${SLIM}CMD uvicorn app.main:app --host 127.0.0.1\n`,
      fixed: `${SLIM}CMD uvicorn app.main:app --host 0.0.0.0\n`,
    },
    {
      dockerfile: `${SLIM}CMD ["gunicorn", "app:app"]\n`,
      options: { checks: RUN_8000 },
      fixed: `${SLIM}CMD ["gunicorn", "app:app", "--bind", "0.0.0.0:8000"]\n`,
    },
  ],
  "correctness.expose-matches-port": [
    {
      dockerfile: `${SLIM}EXPOSE 5000\nCMD ["python", "app.py"]\n`,
      options: { checks: RUN_8000 },
      fixed: `${SLIM}EXPOSE 8000\nCMD ["python", "app.py"]\n`,
    },
    {
      dockerfile: `${SLIM}WORKDIR /srv\nCMD ["python", "app.py"]\n`,
      options: { checks: RUN_8000 },
      fixed: `${SLIM}WORKDIR /srv\nEXPOSE 8000\nCMD ["python", "app.py"]\n`,
    },
    {
      dockerfile: `${SLIM}EXPOSE 8000\nCMD ["uvicorn", "app:app", "--host", "0.0.0.0", "--port", "5000"]\n`,
      options: { checks: RUN_8000 },
      fixed: `${SLIM}EXPOSE 8000\nCMD ["uvicorn", "app:app", "--host", "0.0.0.0", "--port", "8000"]\n`,
    },
    {
      dockerfile: `${SLIM}EXPOSE 8000\nCMD gunicorn --bind 0.0.0.0:5000 app:app\n`,
      options: { checks: RUN_8000 },
      fixed: `${SLIM}EXPOSE 8000\nCMD gunicorn --bind 0.0.0.0:8000 app:app\n`,
    },
  ],
  "correctness.healthcheck-declared": [
    {
      dockerfile: `${SLIM}CMD ["python", "app.py"]\n`,
      options: { checks: RUN_8000 },
      fixed: `${SLIM}${HEALTHCHECK}\nCMD ["python", "app.py"]\n`,
    },
    {
      dockerfile: `${SLIM}HEALTHCHECK NONE\n`,
      options: { checks: RUN_8000 },
      fixed: `${SLIM}${HEALTHCHECK}\n`,
    },
  ],
  "correctness.copy-not-add": [{ dockerfile: `${SLIM}ADD app/ /srv/app/\n`, fixed: `${SLIM}COPY app/ /srv/app/\n` }],
  "correctness.absolute-workdir": [
    { dockerfile: `${SLIM}WORKDIR /srv\nWORKDIR app\n`, fixed: `${SLIM}WORKDIR /srv\nWORKDIR /srv/app\n` },
  ],
  "correctness.pipefail": [
    {
      dockerfile: "FROM debian:bookworm-slim\nRUN curl -fsSL https://example.test/x.tgz | tar -xz\n",
      fixed:
        'FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n' +
        "RUN curl -fsSL https://example.test/x.tgz | tar -xz\n",
    },
  ],
  "correctness.one-cmd": [{ dockerfile: `${SLIM}CMD ["a"]\nCMD ["b"]\n`, fixed: `${SLIM}CMD ["b"]\n` }],
  "gpu.runtime-not-devel-base": [
    {
      dockerfile: "FROM nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04 AS train\n",
      options: { checks: GPU },
      fixed: "FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04 AS train\n",
    },
  ],
  "gpu.nvidia-env-intact": [
    {
      dockerfile: "FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nENV NVIDIA_VISIBLE_DEVICES=void\n",
      options: { checks: GPU },
      fixed: "FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\n",
    },
    {
      dockerfile: "FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nENV LD_LIBRARY_PATH=/opt/lib\n",
      options: { checks: GPU },
      fixed: "FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nENV LD_LIBRARY_PATH=/opt/lib:${LD_LIBRARY_PATH}\n",
    },
  ],
};

/** The rules whose fix is not one mechanical line edit, and why: the editor offers no quick fix for them. */
const NEEDS_A_PERSON: Record<string, string> = {
  "security.pin-pip-versions": "the version to pin is the one the learner tested, which only they know",
  "security.pin-apt-versions": "the version to pin has to be looked up in the base image",
  "security.user-declared": "a new user and a USER line, placed where the app's files are owned right",
  "security.final-user-not-root": "the steps that need root move above an earlier USER line",
  "security.no-secrets-in-env-arg": "the secret is revoked and passed in another way at build and run time",
  "security.no-curl-pipe-shell": "the script's checksum has to be looked up",
  "size.multi-stage-build-tools": "a builder stage of several lines",
  "cache.dependencies-before-code": "several lines change order",
  "correctness.no-cd-in-run": "a WORKDIR changes where every later step runs",
  "correctness.multi-stage-used-correctly": "which stage to keep, rename or copy from is the learner's decision",
  "gpu.cuda-driver-compatible": "another base image and framework builds made for its CUDA",
};

describe("one-line fixes are quick fixes", () => {
  it("sorts every Dockerfile rule: a one-line fix has a quick fix, the others say why not", () => {
    for (const rule of DOCKERFILE_RULES) {
      const id = rule.spec.id;
      expect(id in ONE_LINE || id in NEEDS_A_PERSON, `${id} is sorted`).toBe(true);
      expect(id in ONE_LINE && id in NEEDS_A_PERSON, `${id} is sorted once`).toBe(false);
      expect(rule.quickFix !== undefined, `${id} has a quick fix exactly when its fix is one line`).toBe(
        id in ONE_LINE,
      );
    }
    const ids = DOCKERFILE_RULES.map((r) => r.spec.id);
    expect([...Object.keys(ONE_LINE), ...Object.keys(NEEDS_A_PERSON)].filter((id) => !ids.includes(id))).toEqual([]);
  });

  for (const [id, cases] of Object.entries(ONE_LINE)) {
    it(`${id}: the quick fix applies and the rule then passes`, () => {
      const rule = DOCKERFILE_RULES.find((r) => r.spec.id === id)!;
      for (const { dockerfile, options, fixed } of cases) {
        const finding = checkFixture(id, dockerfile, options);
        expect(finding.status, `${id} flags:\n${dockerfile}`).not.toBe("pass");
        const [file, line] = (finding.location ?? "").split(":");
        expect(file).toBe("Dockerfile");
        const fix = rule.quickFix?.(dockerfile, Number(line), fixtureContext(dockerfile, options));
        expect(fix, `a quick fix for:\n${dockerfile}`).toBeDefined();
        const after = applyEdits(dockerfile, fix!.edits);
        expect(after).toBe(fixed);
        expect(checkFixture(id, after, options).status).toBe("pass");
      }
    });
  }
});

/** A compose file one Compose rule finds fault with, where the fix is an edit of one line. */
interface ComposeCase {
  compose: string;
  /** Files next to it, e.g. the exercise's .env. */
  files?: Record<string, string>;
  /** The compose file after the editor's quick fix. */
  fixed: string;
  /** The exercise's checks, when not the fixture's API and cache. */
  checks?: unknown;
}

const PASSWORD = "DB_PASSWORD: ${DB_PASSWORD}";
const ENV = { ".env": "DB_PASSWORD=hunter2-local\n" };

/** Every Compose rule whose fix is a one-line edit of the compose file, with a file it flags. */
const COMPOSE_ONE_LINE: Record<string, ComposeCase[]> = {
  "correctness.compose-shm-size": [
    {
      compose: TRAINING.replace('    shm_size: "1gb"\n', ""),
      fixed: TRAINING.replace('    shm_size: "1gb"\n', "").replace("  train:\n", '  train:\n    shm_size: "1gb"\n'),
      checks: TRAINING_CHECKS,
    },
    {
      compose: TRAINING.replace('"1gb"', "64m # too small"),
      fixed: TRAINING.replace('"1gb"', '"1gb" # too small'),
      checks: TRAINING_CHECKS,
    },
  ],
  "correctness.compose-no-version-key": [
    { compose: `version: "3.8"\n\n${GOOD}`, fixed: GOOD },
    { compose: `${GOOD}version: '3'\n`, fixed: GOOD },
  ],
  "security.compose-ports-bound-locally": [
    { compose: GOOD.replace('["127.0.0.1:8000:8000"]', '["8000:8000"]'), fixed: GOOD },
    {
      compose: GOOD.replace('ports: ["127.0.0.1:8000:8000"]', 'ports:\n      - "0.0.0.0:8000:8000"'),
      fixed: GOOD.replace('ports: ["127.0.0.1:8000:8000"]', 'ports:\n      - "127.0.0.1:8000:8000"'),
    },
    {
      compose: GOOD.replace('ports: ["127.0.0.1:8000:8000"]', "ports:\n      - 8000 # the API"),
      fixed: GOOD.replace('ports: ["127.0.0.1:8000:8000"]', 'ports:\n      - "127.0.0.1:8000:8000" # the API'),
    },
  ],
  "security.compose-no-inline-secrets": [
    { compose: GOOD.replace(PASSWORD, "DB_PASSWORD: hunter2-local"), files: ENV, fixed: GOOD },
    {
      compose: GOOD.replace(PASSWORD, "DB_PASSWORD: 'hunter2-local' # dev only"),
      files: ENV,
      fixed: GOOD,
    },
    {
      compose: GOOD.replace(/environment:\n.*\n.*\n/, "environment:\n      - DB_PASSWORD=hunter2-local\n"),
      files: ENV,
      fixed: GOOD.replace(/environment:\n.*\n.*\n/, "environment:\n      - DB_PASSWORD=${DB_PASSWORD}\n"),
    },
  ],
};

/** The Compose rules whose fix is more than one mechanical line, and why. */
const COMPOSE_NEEDS_A_PERSON: Record<string, string> = {
  "correctness.compose-spec-valid": "an unknown or misplaced key is renamed, moved or removed as its author meant it",
  "correctness.compose-expected-services": "a missing service is a block of several lines",
  "security.compose-images-pinned": "the version to pin is the one the learner tested",
  "correctness.compose-depends-on-healthy": "a condition per dependency, and a healthcheck on each: several lines",
  "correctness.compose-services-by-name": "which service a localhost address meant is the learner's call",
  "correctness.compose-state-on-named-volumes": "a volume on the service and its declaration at the top level",
  "security.compose-internal-services-unpublished": "the service's whole ports: block goes, usually several lines",
  "correctness.compose-gpus-requested": "gpus: all needs Compose 2.30; older ones need a deploy block of six lines",
  "correctness.compose-mounts-in-place": "which volume or folder holds each path, declared at the top level too",
};

describe("one-line Compose fixes are quick fixes", () => {
  it("sorts every Compose rule: a one-line fix has a quick fix on the compose file, the others say why not", () => {
    for (const rule of COMPOSE_RULES) {
      const id = rule.spec.id;
      expect(id in COMPOSE_ONE_LINE || id in COMPOSE_NEEDS_A_PERSON, `${id} is sorted`).toBe(true);
      expect(id in COMPOSE_ONE_LINE && id in COMPOSE_NEEDS_A_PERSON, `${id} is sorted once`).toBe(false);
      expect(rule.quickFix !== undefined, `${id} has a quick fix exactly when its fix is one line`).toBe(
        id in COMPOSE_ONE_LINE,
      );
    }
    const ids = COMPOSE_RULES.map((r) => r.spec.id);
    const sorted = [...Object.keys(COMPOSE_ONE_LINE), ...Object.keys(COMPOSE_NEEDS_A_PERSON)];
    expect(sorted.filter((id) => !ids.includes(id))).toEqual([]);
  });

  for (const [id, cases] of Object.entries(COMPOSE_ONE_LINE)) {
    it(`${id}: the quick fix edits compose.yaml and the rule then passes`, () => {
      const rule = COMPOSE_RULES.find((r) => r.spec.id === id)!;
      for (const { compose, files, fixed, checks } of cases) {
        const finding = runCompose(id, compose, { files, checks });
        expect(finding.status, `${id} flags:\n${compose}`).not.toBe("pass");
        const [file, line] = (finding.location ?? "").split(":");
        const ctx = composeFixtureContext(compose, { files, checks });
        expect(rule.quickFixFile?.(ctx)).toBe(CHECKS.compose.file);
        expect(file).toBe(CHECKS.compose.file);
        const fix = rule.quickFix?.(compose, Number(line), ctx);
        expect(fix, `a quick fix for:\n${compose}`).toBeDefined();
        const after = applyEdits(compose, fix!.edits);
        expect(after).toBe(fixed);
        expect(runCompose(id, after, { files, checks }).status).toBe("pass");
      }
    });
  }

  it("security.compose-no-inline-secrets: no quick fix when nothing sets the variable ${DB_PASSWORD} reads", () => {
    const compose = GOOD.replace(PASSWORD, "DB_PASSWORD: hunter2-local");
    const rule = COMPOSE_RULES.find((r) => r.spec.id === "security.compose-no-inline-secrets")!;
    const line = Number(runCompose(rule.spec.id, compose).location?.split(":")[1]);
    expect(rule.quickFix?.(compose, line, composeFixtureContext(compose))).toBeUndefined();
  });
});

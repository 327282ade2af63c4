import { describe, expect, it } from "vitest";
import type { CheckResult } from "../result-schema";
import { CAUSES, causeFix } from "./causes";
import { fail, toCheckResult } from "./check-spec";
import { findingsOf, scoreOf } from "./findings";

const check = (id: string, status: CheckResult["status"], maxPoints: number, more: Partial<CheckResult> = {}) =>
  ({
    id,
    category: id.split(".")[0] as CheckResult["category"],
    title: `title of ${id}`,
    status,
    points: status === "pass" || status === "warn" ? maxPoints : 0,
    maxPoints,
    message: "m",
    why: `why ${id}`,
    fix: `fix of ${id}`,
    lesson: "some-lesson",
    ...more,
  }) satisfies CheckResult;

// The model-server attempt of issue 22 (no USER, no HEALTHCHECK, COPY . . with .env in the context), as graded.
const ATTEMPT: CheckResult[] = [
  check("correctness.dockerfile-syntax", "pass", 1),
  check("security.user-declared", "fail", 2, { fix: "Before CMD:\nRUN useradd app\nUSER app" }),
  check("security.final-user-not-root", "skipped", 0),
  check("security.no-env-file-copied", "fail", 3),
  check("size.dockerignore-present", "warn", 1),
  check("correctness.healthcheck-declared", "fail", 1, { fix: "HEALTHCHECK CMD python -c '...:8000/health'" }),
  check("correctness.image-builds", "pass", 2),
  check("security.image-user-not-root", "fail", 3),
  check("security.no-secrets-in-layers", "fail", 3, {
    evidence: "env-file: /srv/.env defines MODEL_REGISTRY_TOKEN\nhugging-face-token: /srv/.env:2 hf_…(36 chars)",
  }),
  check("security.no-env-file-in-image", "fail", 2),
  check("correctness.image-healthcheck", "fail", 2),
  check("security.runs-as-non-root", "fail", 2),
  check("correctness.exec-form-cmd", "pass", 2),
];

describe("findingsOf", () => {
  it("counts a start command's missing file once, and a container that fails for another reason on its own", () => {
    const falsePass = [
      check("correctness.start-command-exists", "fail", 3, { fix: "Change app/mian.py to app/main.py." }),
      check("correctness.job-completes", "fail", 3),
      check("correctness.job-output", "skipped", 0),
    ];
    expect(findingsOf(falsePass).map((f) => [f.cause, f.checks, f.fix])).toEqual([
      ["start-file-missing", ["correctness.start-command-exists", "correctness.job-completes"], falsePass[0]!.fix],
    ]);
    const crashes = [
      check("correctness.start-command-exists", "pass", 3),
      check("correctness.job-completes", "fail", 3),
    ];
    expect(findingsOf(crashes).map((f) => f.cause)).toEqual(["correctness.job-completes"]);
  });

  it("gives one finding per cause, the one that accounts for the most failing checks first", () => {
    const findings = findingsOf(ATTEMPT);
    expect(findings.map((f) => [f.cause, f.status, f.checks])).toEqual([
      ["runs-as-root", "fail", ["security.user-declared", "security.image-user-not-root", "security.runs-as-non-root"]],
      [
        "env-file-in-image",
        "fail",
        ["security.no-env-file-copied", "security.no-secrets-in-layers", "security.no-env-file-in-image"],
      ],
      ["no-healthcheck", "fail", ["correctness.healthcheck-declared", "correctness.image-healthcheck"]],
      ["context-not-ignored", "warn", ["size.dockerignore-present"]],
    ]);
  });

  it("leads with a missing service before the failures that follow from it, whatever their number", () => {
    // ml-platform-stack's starter as issue 33 saw it: health gating first, the missing service second.
    const findings = findingsOf([
      check("correctness.compose-expected-services", "fail", 3),
      check("correctness.compose-depends-on-healthy", "fail", 2),
      check("correctness.compose-start-order", "fail", 2),
      check("security.compose-images-pinned", "warn", 1),
    ]);
    expect(findings.map((f) => f.cause)).toEqual([
      "correctness.compose-expected-services",
      "compose-start-not-gated",
      "security.compose-images-pinned",
    ]);
  });

  it("shows one fix per finding: the first failing check's, so the static check's line-specific fix wins", () => {
    const [root, env, health] = findingsOf(ATTEMPT);
    expect(root!.fix).toBe("Before CMD:\nRUN useradd app\nUSER app");
    expect(env!.fix).toBe("fix of security.no-env-file-copied");
    expect(health!.fix).toBe("HEALTHCHECK CMD python -c '...:8000/health'");
    expect(root!.title).toBe("The service runs as root");
  });

  it("orders ties by pipeline order and keeps a check with no shared cause as its own finding", () => {
    const findings = findingsOf([
      check("security.pin-base-image-version", "fail", 2),
      check("correctness.healthcheck-declared", "fail", 1),
      check("correctness.image-healthcheck", "fail", 2),
      check("size.pip-no-cache", "fail", 1),
    ]);
    expect(findings.map((f) => f.cause)).toEqual([
      "no-healthcheck",
      "security.pin-base-image-version",
      "size.pip-no-cache",
    ]);
    expect(findings[1]).toMatchObject({
      title: "title of security.pin-base-image-version",
      maxPoints: 2,
      lostPoints: 2,
    });
  });

  it("lets a secret found in another file than .env stay a finding of its own", () => {
    const key = check("security.no-secrets-in-layers", "fail", 3, { evidence: "ssh-key: /root/.ssh/id_rsa" });
    expect(findingsOf([check("security.no-env-file-in-image", "pass", 2), key]).map((f) => f.cause)).toEqual([
      "security.no-secrets-in-layers",
    ]);
  });
});

describe("scoreOf", () => {
  it("counts a mistake once, at its largest check's points, while any failed check still costs its share", () => {
    const root = [
      check("security.user-declared", "fail", 2),
      check("security.image-user-not-root", "fail", 3),
      check("security.runs-as-non-root", "fail", 2),
    ];
    expect(scoreOf([...root, check("correctness.image-builds", "pass", 2)])).toEqual({
      points: 2,
      maxPoints: 5,
      score: 0.4,
    });
    expect(findingsOf(root)[0]).toMatchObject({ maxPoints: 3, lostPoints: 3 });
    const partly = [check("security.user-declared", "pass", 2), ...root.slice(1)];
    expect(scoreOf(partly)).toEqual({ points: 0.86, maxPoints: 3, score: 0.286 });
  });

  it("scores a passing result 1 and one with nothing graded 0", () => {
    expect(scoreOf(ATTEMPT.map((c) => ({ ...c, status: "pass", points: c.maxPoints }))).score).toBe(1);
    expect(scoreOf([check("gpu.device-probe", "skipped", 0)]).score).toBe(0);
  });
});

describe("causes", () => {
  it("name each check once, and a member without a fix of its own reports the cause's fix", () => {
    const ids = CAUSES.flatMap((c) => c.checks);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const spec = {
      id: "security.image-user-not-root",
      category: "security",
      title: "t",
      method: "image",
      measures: "m",
      points: 3,
      why: "w",
      fix: "the spec's own words",
      lesson: "running-as-non-root",
    } as const;
    expect(toCheckResult(spec, fail({ message: "root" })).fix).toBe(causeFix(spec.id));
    expect(toCheckResult(spec, fail({ message: "root", fix: "USER app after line 4" })).fix).toBe(
      "USER app after line 4",
    );
    expect(causeFix("security.no-secrets-in-layers")).toBeUndefined();
  });
});

import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dockerTestKeys } from "../../test-support/docker-test-keys";
import { rememberPass } from "../remembered/pass-memo";
import { type VerificationSubject, verificationKey, verificationName } from "./verification-key";

/**
 * The memo must never hide a change that matters: in a copy of this checkout whose first-image exercise is
 * remembered as passed, `npm run verify-exercises` grades nothing while nothing changed, and grades again, and
 * fails where it should, after a grader rule or the exercise's own files change. A change elsewhere (a lesson, a
 * page) keeps the key. The Docker tier's files are remembered the same way (test-support/remembered-tier.ts): their
 * keys change with the code they run and keep still for a page, a lesson or a doc.
 */
const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const RULE = "lib/grading/static/rules/exec-form-cmd.ts";
const SOLUTION = "content/exercises/first-image/solution/Dockerfile";
let copy: string;
let memo: string;
let subject: VerificationSubject;

beforeAll(async () => {
  copy = await mkdtemp(path.join(os.tmpdir(), "dockyard-memo-checkout-"));
  memo = await mkdtemp(path.join(os.tmpdir(), "dockyard-memo-records-"));
  // Tracked and new files, as a commit of this working tree would hold them.
  const { stdout } = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: REPO_ROOT,
    maxBuffer: 64 * 1024 ** 2,
  });
  for (const file of stdout.split("\0").filter(Boolean)) {
    await mkdir(path.dirname(path.join(copy, file)), { recursive: true });
    await cp(path.join(REPO_ROOT, file), path.join(copy, file));
  }
  // Generated and installed, not tracked: the Prisma client is copied, the dependencies shared.
  await cp(path.join(REPO_ROOT, "lib/generated"), path.join(copy, "lib/generated"), { recursive: true });
  await symlink(path.join(REPO_ROOT, "node_modules"), path.join(copy, "node_modules"));
  subject = {
    kind: "exercise",
    slug: "first-image",
    dir: path.join(copy, "content/exercises/first-image"),
    entry: path.join(copy, "scripts/verify-exercises.ts"),
    root: copy,
  };
}, 120_000);

afterAll(async () => {
  await rm(copy, { recursive: true, force: true });
  await rm(memo, { recursive: true, force: true });
});

async function verifyInCopy(): Promise<{ code: number; out: string }> {
  const script = path.join(copy, "scripts/verify-exercises.ts");
  const env = { ...process.env, DOCKYARD_VERIFY_CACHE: memo, DOCKYARD_VERIFY_FRESH: "0" };
  try {
    const { stdout } = await run(process.execPath, ["--import", "tsx", script, "first-image"], { cwd: copy, env });
    return { code: 0, out: stdout };
  } catch (err) {
    const failed = err as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, out: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

/** Edits a file of the copy, runs `fn`, and puts the file back. */
async function withEdit<T>(file: string, edit: (text: string) => string, fn: () => Promise<T>): Promise<T> {
  const where = path.join(copy, file);
  const original = await readFile(where, "utf8");
  const edited = edit(original);
  expect(edited).not.toBe(original);
  await writeFile(where, edited);
  try {
    return await fn();
  } finally {
    await writeFile(where, original);
  }
}

describe("remembered exercise verification", () => {
  it("grades nothing while nothing that can change the verdict changed", async () => {
    const key = await verificationKey(subject);
    await rememberPass(verificationName(subject), key, 1, memo);
    const module = "content/modules/01-why-containers/module.yaml";
    expect(
      (
        await withEdit(
          module,
          (t) => `${t}\n# edited\n`,
          () => verificationKey(subject),
        )
      ).hash,
    ).toBe(key.hash);
    expect(
      (
        await withEdit(
          "app/layout.tsx",
          (t) => `${t}\n// edited\n`,
          () => verificationKey(subject),
        )
      ).hash,
    ).toBe(key.hash);

    // Another exercise's files are that exercise's verification's business alone.
    expect(
      (
        await withEdit(
          "content/exercises/layer-order/solution/Dockerfile",
          (t) => `${t}\n# edited\n`,
          () => verificationKey(subject),
        )
      ).hash,
    ).toBe(key.hash);

    const { code, out } = await verifyInCopy();
    expect(out).toContain("ok   first-image (passed at");
    expect(out).not.toContain("[verify]");
    expect(code).toBe(0);
  }, 120_000);

  it("grades again, and fails, after a grader rule changes", async () => {
    const before = await verificationKey(subject);
    // The rule turned upside down: exec-form CMDs are reported, shell-form ones pass.
    const invert = (text: string) =>
      text.replace(
        "const fails = targets.flatMap((i) => check(i) ?? []);",
        "const fails = targets.flatMap((i) => check(i) ?? []).length ? [] : targets.map((t) => " +
          "({ message: 'inverted', ...located(t), fix: 'none' }));",
      );
    const { key, verdict } = await withEdit(RULE, invert, async () => ({
      key: await verificationKey(subject),
      verdict: await verifyInCopy(),
    }));
    expect(key.parts.code).not.toBe(before.parts.code);
    expect(key.parts.content).toBe(before.parts.content);
    expect(verdict.out).toContain("[verify] first-image/solution");
    expect(verdict.out).toMatch(/FAIL first-image\/solution .*correctness\.exec-form-cmd/);
    expect(verdict.out).toMatch(/FAIL first-image\/variants\/shell-form-cmd/);
    expect(verdict.code).toBe(1);
  }, 600_000);

  it("grades again, and fails, after the exercise's own files change", async () => {
    const before = await verificationKey(subject);
    const shellForm = (text: string) => text.replace('CMD ["python", "app/main.py"]', "CMD python app/main.py");
    const { key, verdict } = await withEdit(SOLUTION, shellForm, async () => ({
      key: await verificationKey(subject),
      verdict: await verifyInCopy(),
    }));
    expect(key.parts.content).not.toBe(before.parts.content);
    expect(key.parts.code).toBe(before.parts.code);
    expect(verdict.out).toMatch(/FAIL first-image\/solution .*correctness\.exec-form-cmd/);
    expect(verdict.code).toBe(1);
  }, 600_000);
});

describe("remembered Docker test files", () => {
  const keyOf = async (file: string) => {
    const [key] = await dockerTestKeys([path.join(copy, file)], copy);
    return key!.hash;
  };
  const editedKey = (test: string, file: string) =>
    withEdit(
      file,
      (t) => `${t}\n${/\.tsx?$/.test(file) ? "//" : "#"} edited\n`,
      () => keyOf(test),
    );
  const REAPER_TEST = "sandbox-runner/reaper.docker.test.ts";
  const LAB_TEST = "sandbox-runner/labs/lab-host.docker.pg.test.ts";
  const BURST_TEST = "test-support/scale/burst.docker.pg.test.ts";

  it("run again when the test, the runner, a module the runner imports or a script it runs changes", async () => {
    const reaper = await keyOf(REAPER_TEST);
    expect(await keyOf(REAPER_TEST)).toBe(reaper);
    // The test itself, the runner's own code, what the runner imports from lib/ (the runner a test may start), a
    // script a test runs, the lab accounts' set-up, a migration, the lock file.
    for (const file of [
      REAPER_TEST,
      "sandbox-runner/docker/engine.ts",
      "lib/grading/static/rules/exec-form-cmd.ts",
      "scripts/ensure-docker.sh",
      "scripts/labs/ensure-lab-host.sh",
      "package-lock.json",
    ]) {
      expect(await editedKey(REAPER_TEST, file), file).not.toBe(reaper);
    }
    const lab = await keyOf(LAB_TEST);
    expect(await editedKey(LAB_TEST, "content/labs/keep-model-files/lab.yaml")).not.toBe(lab);
    // A test of a runner fleet imports no grader rule: it starts sandbox-runner/main.ts, which does.
    const burst = await keyOf(BURST_TEST);
    expect(await editedKey(BURST_TEST, RULE)).not.toBe(burst);
  }, 120_000);

  it("keep their key when a page, a component, a lesson, a doc, an e2e test or npm start changes", async () => {
    const reaper = await keyOf(REAPER_TEST);
    for (const file of [
      "app/layout.tsx",
      "components/exercise/exercise-workspace.tsx",
      "content/modules/01-why-containers/module.yaml",
      "docs/architecture.md",
      "e2e/labs.e2e.ts",
      "scripts/run.sh",
      "test-support/line-length.test.ts",
    ]) {
      expect(await editedKey(REAPER_TEST, file), file).toBe(reaper);
    }
  }, 120_000);
});

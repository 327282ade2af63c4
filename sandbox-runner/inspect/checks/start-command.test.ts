import { describe, expect, it } from "vitest";
import { parseDockerfile } from "../../../lib/dockerfile/model";
import { exerciseChecksSchema } from "../../../lib/exercises/exercise-schema";
import type { FileEntry, ImageFacts } from "../image-facts";
import { overlayLayers } from "../overlay-layers";
import { config, dir, file, imageFacts, layers } from "../testing/layer-fixtures";
import { resolvePath } from "./image-path";
import { canExecute, resolveUser } from "./image-user";
import { startTargets } from "./start-command";
import { startCommandExists } from "./start-command-exists";

const exe = (path: string, extra: Partial<FileEntry> = {}) => file(path, 10, { mode: 0o755, ...extra });
const link = (path: string, target: string) => ({ ...file(path), type: "symlink" as const, linkTarget: target });

/** A Debian-like base: /bin is a symlink to usr/bin, python3 a symlink to python3.11. */
const BASE = [
  link("bin", "usr/bin"),
  dir("usr"),
  dir("usr/bin"),
  exe("usr/bin/sh"),
  dir("usr/local"),
  dir("usr/local/bin"),
  exe("usr/local/bin/python3.11"),
  link("usr/local/bin/python3", "python3.11"),
  link("usr/local/bin/python", "/usr/local/bin/python3"),
  dir("etc"),
  file("etc/passwd"),
];
const PASSWD = "root:x:0:0:root:/root:/bin/bash\napp:x:1000:1000::/home/app:/bin/sh\n";
const GROUP = "root:x:0:\napp:x:1000:\nrunners:x:2000:app\n";

function facts(files: FileEntry[], cfg: Partial<ImageFacts["config"]>): ImageFacts {
  return imageFacts(layers({ createdBy: "", isBase: true, files: BASE }, { createdBy: "COPY", files }), {
    config: config({ env: { PATH: "/usr/local/bin:/usr/bin:/bin" }, workingDir: "/srv", ...cfg }),
    accounts: { passwd: PASSWD, group: GROUP },
  });
}

const APP = [dir("srv"), dir("srv/app"), file("srv/app/main.py"), dir("srv/app/__pycache__")];
const DOCKERFILE = 'FROM python:3.11-slim\nWORKDIR /srv\nCOPY app/ ./app/\nRUN true\nCMD ["python", "app/mian.py"]\n';

function judge(f: ImageFacts, dockerfile = DOCKERFILE) {
  return startCommandExists.run({
    facts: f,
    checks: exerciseChecksSchema.parse({}),
    dockerfile: parseDockerfile(dockerfile),
  });
}

describe("startTargets", () => {
  it("finds the script an interpreter runs, past its options", () => {
    expect(startTargets({ entrypoint: null, cmd: ["python", "-u", "-W", "ignore", "app/main.py", "--x"] })).toEqual({
      program: { word: "python", from: "cmd" },
      script: { word: "app/main.py", from: "cmd", interpreter: "python" },
    });
    expect(startTargets({ entrypoint: ["node"], cmd: ["-r", "dotenv/config", "server.js"] })?.script).toEqual({
      word: "server.js",
      from: "cmd",
      interpreter: "node",
    });
    expect(startTargets({ entrypoint: null, cmd: ["python", "-c", "print(1)"] })?.script).toBeUndefined();
  });

  it("reads python -m and an app server's module:attribute as modules", () => {
    expect(startTargets({ entrypoint: ["python", "-m", "train.train"], cmd: ["--epochs", "20"] })?.module).toEqual({
      word: "train.train",
      from: "entrypoint",
      runner: "python",
      needsMain: true,
    });
    expect(startTargets({ entrypoint: null, cmd: ["uvicorn", "app.main:app", "--port", "8000"] })?.module).toEqual({
      word: "app.main",
      from: "cmd",
      runner: "uvicorn",
      needsMain: false,
    });
    expect(
      startTargets({ entrypoint: null, cmd: ["uvicorn", "--app-dir", "src", "main:app"] })?.module,
    ).toBeUndefined();
  });

  it("looks inside a shell form's script, leaving words a shell would expand alone", () => {
    expect(startTargets({ entrypoint: null, cmd: ["/bin/sh", "-c", "exec python app/main.py"] })).toEqual({
      program: { word: "/bin/sh", from: "cmd" },
      shellProgram: { word: "python", from: "cmd" },
      script: { word: "app/main.py", from: "cmd", interpreter: "python" },
    });
    expect(startTargets({ entrypoint: null, cmd: ["/bin/sh", "-c", "python $APP"] })).toEqual({
      program: { word: "/bin/sh", from: "cmd" },
      shellProgram: { word: "python", from: "cmd" },
    });
    expect(startTargets({ entrypoint: null, cmd: ["/bin/sh", "-c", "cd app && python main.py"] })).toEqual({
      program: { word: "/bin/sh", from: "cmd" },
    });
    expect(startTargets({ entrypoint: null, cmd: null })).toBeUndefined();
  });
});

describe("resolvePath", () => {
  const tree = overlayLayers(layers({ createdBy: "", files: [...BASE, link("loop", "loop")] })).final;

  it("follows symlinks in directories and at the end, relative and absolute", () => {
    const found = resolvePath(tree, "/bin/sh");
    expect(found).toMatchObject({ path: "/usr/bin/sh", found: { type: "file" } });
    expect(resolvePath(tree, "/usr/local/bin/python")).toMatchObject({
      path: "/usr/local/bin/python3.11",
      via: ["/usr/local/bin/python → /usr/local/bin/python3", "/usr/local/bin/python3 → python3.11"],
    });
  });

  it("names the first missing path and stops at a symlink loop", () => {
    expect(resolvePath(tree, "/usr/local/lib/x.py")).toEqual({ missing: "/usr/local/lib" });
    expect(resolvePath(tree, "/loop")).toEqual({ loop: "/loop" });
  });
});

describe("resolveUser and canExecute", () => {
  const accounts = { passwd: PASSWD, group: GROUP };

  it("turns names into ids with the supplementary groups, and numbers need no passwd line", () => {
    expect(resolveUser("", accounts)).toEqual({ uid: 0, gids: [0], name: "root" });
    expect(resolveUser("app", accounts)).toEqual({ uid: 1000, gids: [1000, 2000], name: "app" });
    expect(resolveUser("4242:4242", accounts)).toEqual({ uid: 4242, gids: [4242], name: "4242" });
    expect(resolveUser("ghost", accounts)).toHaveProperty("unknown");
  });

  it("uses the owner's, the group's or the others' bit, and root any x bit", () => {
    const script = exe("srv/run.sh", { mode: 0o750, uid: 0, gid: 2000 });
    expect(canExecute(script, { uid: 1000, gids: [1000, 2000] })).toBe(true);
    expect(canExecute(script, { uid: 1001, gids: [1001] })).toBe(false);
    expect(canExecute({ ...script, mode: 0o700, uid: 1001 }, { uid: 1001, gids: [] })).toBe(true);
    expect(canExecute({ ...script, mode: 0o010 }, { uid: 0, gids: [0] })).toBe(true);
    expect(canExecute({ ...script, mode: 0o644 }, { uid: 0, gids: [0] })).toBe(false);
  });
});

describe("correctness.start-command-exists", () => {
  it("fails a CMD whose script is missing, at its line, and names the file that exists", () => {
    const outcome = judge(facts(APP, { cmd: ["python", "app/mian.py"] }));
    expect(outcome.status).toBe("fail");
    if (outcome.status !== "fail") return;
    expect(outcome.findings).toHaveLength(1);
    expect(outcome.findings[0]).toMatchObject({ location: "Dockerfile:5" });
    expect(outcome.findings[0]!.message).toContain("there is no /srv/app/mian.py");
    expect(outcome.findings[0]!.fix).toContain("change `app/mian.py` to `app/main.py`");
  });

  it("passes the solution's CMD, resolving python through its symlinks", () => {
    const outcome = judge(facts(APP, { cmd: ["python", "app/main.py"] }));
    expect(outcome).toMatchObject({ status: "pass" });
    if (outcome.status === "pass")
      expect(outcome.message).toContain("/usr/local/bin/python (/usr/local/bin/python3.11)");
  });

  it("fails a program that is not on PATH, with the closest name there", () => {
    const outcome = judge(facts(APP, { cmd: ["pyhton3", "app/main.py"] }));
    expect(outcome.status).toBe("fail");
    if (outcome.status === "fail") expect(outcome.findings[0]!.fix).toContain("`python3`");
  });

  it("fails a script the image's user may not execute", () => {
    const files = [...APP, exe("srv/start.sh", { mode: 0o700, uid: 0 })];
    const outcome = judge(facts(files, { cmd: ["./start.sh"], user: "app" }));
    expect(outcome.status).toBe("fail");
    if (outcome.status === "fail") expect(outcome.findings[0]!.message).toContain("app (uid 1000) may not execute");
    expect(judge(facts(files, { cmd: ["./start.sh"] })).status).toBe("pass");
  });

  it("checks modules found in WORKDIR and leaves installed ones alone", () => {
    const train = [dir("srv"), dir("srv/train"), file("srv/train/__init__.py"), file("srv/train/train.py")];
    const entrypoint = ["python", "-m", "train.trian"];
    const outcome = judge(facts(train, { entrypoint, cmd: ["--epochs", "20"] }), 'FROM x\nENTRYPOINT ["python"]\n');
    expect(outcome.status).toBe("fail");
    if (outcome.status === "fail") {
      expect(outcome.findings[0]!.location).toBe("Dockerfile:2");
      expect(outcome.findings[0]!.fix).toContain("`train.train`");
    }
    expect(judge(facts(train, { entrypoint: ["python", "-m", "train.train"] })).status).toBe("pass");
    expect(judge(facts(train, { cmd: ["python", "-m", "http.server"] })).status).toBe("pass");
    const app = [...APP, file("srv/app/__init__.py"), exe("usr/local/bin/uvicorn")];
    expect(judge(facts(app, { cmd: ["uvicorn", "app.main:app"] })).status).toBe("pass");
    const missing = judge(facts(app, { cmd: ["uvicorn", "app.missing:app"] }));
    expect(missing.status).toBe("fail");
    if (missing.status === "fail") expect(missing.findings[0]!.message).toContain("no module app.missing");
  });

  it("fails the script of a shell-form CMD", () => {
    const outcome = judge(facts(APP, { cmd: ["/bin/sh", "-c", "python app/mian.py"] }));
    expect(outcome.status).toBe("fail");
  });
});

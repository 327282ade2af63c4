import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContentFault } from "../content/content-fault";
import { RequestError } from "../errors/request-error";
import { MIRROR_PROJECTS } from "../platform/package-mirror";
import { LAB_IMAGES } from "./lab-schema";
import { labSlugs, listGradedLabs, listLabs, loadLab } from "./load-lab";

let root: string;

const LAB = [
  "title: Run a model server", // 1
  "summary: Build a small server and run it in the background.",
  "lesson: running-containers-and-volumes",
  "minutes: 15",
  "goal: Run the model server.", // 5
  "tasks:",
  "  - id: build",
  "    title: Build the image",
  "    goal: Build the image and tag it model-server:1.0.",
  "    checks:", // 10
  "      - kind: image",
  "        reference: model-server:1.0",
  "    solution: docker build -t model-server:1.0 /home/lab/app",
];

function writeLab(slug: string, lines: string[], files: Record<string, string> = {}): void {
  const dir = path.join(root, "labs", slug);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "lab.yaml"), `${lines.join("\n")}\n`);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, "files", name)), { recursive: true });
    writeFileSync(path.join(dir, "files", name), content);
  }
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), "dockyard-labs-"));
  writeLab("model-server", LAB, { "app/Dockerfile": "FROM python:3.11-slim\n", "app/server.py": "print(1)\n" });
  writeLab("broken", [...LAB.slice(0, 3), "minutes: many", ...LAB.slice(4)]);
  // A folder without lab.yaml is listed (it is a lab that does not load), not skipped.
  mkdirSync(path.join(root, "labs", "empty"));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("loadLab", () => {
  it("reads the spec with its defaults and the files to copy into the home, by path", async () => {
    const lab = await loadLab("model-server", root);
    expect(lab.slug).toBe("model-server");
    expect(lab.dir).toBe(path.join(root, "labs", "model-server"));
    expect(lab.spec.images).toEqual(["python:3.11-slim"]);
    expect(lab.spec.tasks[0]).toMatchObject({ id: "build", tries: [] });
    expect(lab.files).toEqual([
      { path: "app/Dockerfile", content: "FROM python:3.11-slim\n" },
      { path: "app/server.py", content: "print(1)\n" },
    ]);
  });

  it("answers NOT_FOUND for an unknown slug, one without lab.yaml, and one that is not a slug", async () => {
    for (const slug of ["nope", "empty", "../labs/model-server"]) {
      const err = await loadLab(slug, root).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RequestError);
      expect((err as RequestError).code).toBe("NOT_FOUND");
    }
  });

  it("locates a schema problem at its line of lab.yaml", async () => {
    const err = await loadLab("broken", root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContentFault);
    expect((err as ContentFault).problems).toEqual([
      expect.objectContaining({ file: path.join(root, "labs/broken/lab.yaml"), line: 4 }),
    ]);
  });
});

describe("labSlugs and listLabs", () => {
  it("lists every folder, and listing fails on the lab that does not load", async () => {
    expect(await labSlugs(root)).toEqual(["broken", "empty", "model-server"]);
    await expect(listLabs(root)).rejects.toThrow();
    expect(await labSlugs(path.join(root, "nowhere"))).toEqual([]);
  });

  it("loads the course's own labs, each with four to eight tasks, and the playground with none", async () => {
    const all = await listLabs(path.resolve("content"));
    expect(all.map((l) => l.slug)).toHaveLength(10);
    const labs = await listGradedLabs(path.resolve("content"));
    const graded = new Set(labs.map((l) => l.slug));
    expect(all.filter((l) => !graded.has(l.slug)).map((l) => l.slug)).toEqual(["playground"]);
    for (const lab of labs) {
      expect(lab.spec.tasks.length, lab.slug).toBeGreaterThanOrEqual(4);
      expect(lab.spec.tasks.length, lab.slug).toBeLessThanOrEqual(8);
      expect(lab.files.length, lab.slug).toBeGreaterThan(0);
    }
    // The one script a lab's goal tells the learner to run is marked executable, as the lab's home will have it.
    const reclaim = labs.find((l) => l.slug === "reclaim-disk-space")!;
    expect(reclaim.files.find((f) => f.path === "experiments/make-clutter.sh")?.executable).toBe(true);
    expect(reclaim.files.find((f) => f.path === "experiments/serve.py")?.executable).toBeUndefined();
  });

  it("loads the playground: no tasks, lesson or files, every image, and a goal that says what is there", async () => {
    const { spec, files } = await loadLab("playground", path.resolve("content"));
    expect(spec).toMatchObject({ kind: "playground", title: "Playground", tasks: [], images: [...LAB_IMAGES] });
    expect(spec.lesson).toBeUndefined();
    expect(files).toEqual([]);
    // What the goal tells the learner to type and what it says the mirror holds must be true of the lab.
    expect(spec.goal).toContain("docker run -d -p 127.0.0.1:5000:5000 --name registry registry:2");
    const mirror = new Set(MIRROR_PROJECTS.map((p) => p.name));
    for (const project of ["fastapi", "uvicorn", "numpy", "scikit-learn"]) {
      expect(spec.goal).toContain(project);
      expect(mirror.has(project), project).toBe(true);
    }
  });
});

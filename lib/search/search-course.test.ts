import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCourse } from "../content/load-course";
import { loadLab } from "../labs/load-lab";
import { buildSearchIndex } from "./build-search-index";
import { searchCourse } from "./search-course";
import { type SearchIndex, searchIndexSchema } from "./search-index-schema";

function writeLesson(root: string, module: string, slug: string, title: string, body: string) {
  const dir = path.join(root, "modules", module, "lessons", slug);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, "lesson.mdx"),
    `---\ntitle: ${title}\nsummary: A lesson about ${title.toLowerCase()} for ` +
      `the tests.\norder: 1\nminutes: 5\nobjectives:\n  - Learn ${title}\n---\n${body}`,
  );
}

let index: SearchIndex;
let courseRoot: string;

beforeAll(async () => {
  const root = mkdtempSync(path.join(tmpdir(), "dockyard-search-"));
  courseRoot = root;
  for (const [folder, title] of [
    ["01-basics", "Basics"],
    ["02-build", "Building"],
  ] as const) {
    mkdirSync(path.join(root, "modules", folder), { recursive: true });
    writeFileSync(
      path.join(root, "modules", folder, "module.yaml"),
      `title: ${title}\nsummary: The ${title} module of the test course.\norder: ${folder.slice(0, 2)}\n`,
    );
  }
  writeLesson(
    root,
    "01-basics",
    "images",
    "Images and layers",
    "Intro text.\n\n## Copy on write\n\nEach container adds a thin writable " +
      "layer.\n\n```bash\ndocker history python:3.11-slim\n```\n",
  );
  writeLesson(
    root,
    "02-build",
    "context",
    "The build context",
    "Intro.\n\n## Writing a .dockerignore\n\nList `.env` and data/ so they " +
      'never reach the builder.\n\n<Terminal command="docker build --no-cache ' +
      '." />\n\n## Layers again\n\nA COPY of the whole folder invalidates the ' +
      "layer cache.\n",
  );
  const course = await loadCourse(root);
  index = await buildSearchIndex(course, {
    exercises: [
      {
        slug: "slim-image",
        spec: {
          title: "Shrink an inference image",
          summary: "Cut the image's size with a multi-stage build.",
          lesson: "context",
          prompt: "The image ships a compiler. Use a builder stage and copy only the wheels into the final stage.",
        },
      },
    ],
    labs: [
      {
        slug: "volumes-lab",
        spec: {
          title: "Keep data in volumes",
          summary: "Data that outlives its container.",
          lesson: "images",
          goal: "Learn where a container's data lives.",
          tasks: [
            { id: "make-volume", title: "Make a named volume", goal: "Run `docker volume create models`." },
            { id: "mount-it", title: "Mount it", goal: "Start a container with the volume mounted at /data." },
          ],
        },
      },
    ],
  });
});

describe("exercises and labs in the search index", () => {
  it("finds a graded exercise by its prompt, with its module, and links to its page", () => {
    const [hit, ...rest] = searchCourse(index, "wheels compiler");
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({
      kind: "exercise",
      slug: "slim-image",
      module: "Building",
      href: "/exercises/slim-image",
    });
  });

  it("finds a lab's task and links to that task on the lab's page", () => {
    const [hit, ...rest] = searchCourse(index, "docker volume create");
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({
      kind: "lab",
      slug: "volumes-lab",
      heading: "Make a named volume",
      href: "/labs/volumes-lab#task-make-volume",
      module: "Basics",
    });
  });

  it("ranks a lab by its title as a lesson is ranked by its own", () => {
    expect(searchCourse(index, "volumes").map((r) => [r.kind, r.slug])[0]).toEqual(["lab", "volumes-lab"]);
  });

  it("finds the playground, a lab with no tasks and no lesson, by its name", async () => {
    const playground = await loadLab("playground", path.resolve("content"));
    const withPlayground = await buildSearchIndex(await loadCourse(courseRoot), {
      exercises: [],
      labs: [playground],
    });
    expect(searchCourse(withPlayground, "playground")[0]).toMatchObject({
      kind: "lab",
      slug: "playground",
      title: "Playground",
      module: "",
      href: "/labs/playground",
    });
  });
});

describe("the lesson search index", () => {
  it("round-trips through its schema as the browser receives it", () => {
    expect(searchIndexSchema.parse(JSON.parse(JSON.stringify(index)))).toEqual(index);
  });

  it("finds the section that mentions a term and links to its heading", () => {
    const [hit, ...rest] = searchCourse(index, "dockerignore");
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({
      slug: "context",
      heading: "Writing a .dockerignore",
      href: "/lessons/context#writing-a-dockerignore",
    });
    expect(hit!.snippet).toContain(".env");
  });

  it("completes a word being typed and ranks a title match first", () => {
    expect(searchCourse(index, "lay").map((r) => r.slug)).toEqual(["images", "context"]);
  });

  it("finds the section while its heading word is still being typed", () => {
    const [hit] = searchCourse(index, "dockeri");
    expect(hit).toMatchObject({ slug: "context", href: "/lessons/context#writing-a-dockerignore" });
  });

  it("forgives a typo in a longer word, but does not guess at short ones", () => {
    expect(searchCourse(index, "dokerignore")[0]).toMatchObject({
      slug: "context",
      heading: "Writing a .dockerignore",
    });
    expect(searchCourse(index, "writeable layer").map((r) => r.slug)).toEqual(["images"]);
    expect(searchCourse(index, "lyer")).toEqual([]);
  });

  it("requires every word of the query to match", () => {
    expect(searchCourse(index, "layer writable").map((r) => r.slug)).toEqual(["images"]);
    expect(searchCourse(index, "dockerignore writable")).toEqual([]);
  });

  it("finds commands and flags as typed, including those in code and terminals", () => {
    expect(searchCourse(index, "--no-cache").map((r) => r.slug)).toEqual(["context"]);
    expect(searchCourse(index, "python:3.11-slim").map((r) => r.slug)).toEqual(["images"]);
  });

  it("returns nothing for a query of only common words", () => {
    expect(searchCourse(index, "the and of")).toEqual([]);
  });
});

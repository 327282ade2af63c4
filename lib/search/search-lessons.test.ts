import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCourse } from "../content/load-course";
import { buildSearchIndex } from "./build-search-index";
import { type SearchIndex, searchIndexSchema } from "./search-index-schema";
import { searchLessons } from "./search-lessons";

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

beforeAll(async () => {
  const root = mkdtempSync(path.join(tmpdir(), "dockyard-search-"));
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
  index = await buildSearchIndex(await loadCourse(root));
});

describe("the lesson search index", () => {
  it("round-trips through its schema as the browser receives it", () => {
    expect(searchIndexSchema.parse(JSON.parse(JSON.stringify(index)))).toEqual(index);
  });

  it("finds the section that mentions a term and links to its heading", () => {
    const [hit, ...rest] = searchLessons(index, "dockerignore");
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({
      slug: "context",
      heading: "Writing a .dockerignore",
      href: "/lessons/context#writing-a-dockerignore",
    });
    expect(hit!.snippet).toContain(".env");
  });

  it("completes a word being typed and ranks a title match first", () => {
    expect(searchLessons(index, "lay").map((r) => r.slug)).toEqual(["images", "context"]);
  });

  it("finds the section while its heading word is still being typed", () => {
    const [hit] = searchLessons(index, "dockeri");
    expect(hit).toMatchObject({ slug: "context", href: "/lessons/context#writing-a-dockerignore" });
  });

  it("forgives a typo in a longer word, but does not guess at short ones", () => {
    expect(searchLessons(index, "dokerignore")[0]).toMatchObject({
      slug: "context",
      heading: "Writing a .dockerignore",
    });
    expect(searchLessons(index, "writeable layer").map((r) => r.slug)).toEqual(["images"]);
    expect(searchLessons(index, "lyer")).toEqual([]);
  });

  it("requires every word of the query to match", () => {
    expect(searchLessons(index, "layer writable").map((r) => r.slug)).toEqual(["images"]);
    expect(searchLessons(index, "dockerignore writable")).toEqual([]);
  });

  it("finds commands and flags as typed, including those in code and terminals", () => {
    expect(searchLessons(index, "--no-cache").map((r) => r.slug)).toEqual(["context"]);
    expect(searchLessons(index, "python:3.11-slim").map((r) => r.slug)).toEqual(["images"]);
  });

  it("returns nothing for a query of only common words", () => {
    expect(searchLessons(index, "the and of")).toEqual([]);
  });
});

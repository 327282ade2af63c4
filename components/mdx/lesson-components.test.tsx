import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { compileMdx } from "@/lib/content/compile-mdx";
import { LESSON_COMPONENT_NAMES } from "@/lib/content/lesson-component-names";
import { ExerciseCard } from "./exercise-card";
import { lessonComponents } from "./lesson-components";
import { MdxContent } from "./mdx-content";

const SOURCE = `
## Writing a \`.dockerignore\`

\`\`\`dockerfile title="Dockerfile"
FROM python:3.11-slim
RUN pip install --no-cache-dir fastapi==0.92.0
\`\`\`

\`\`\`notalanguage
still shown
\`\`\`

<Callout type="danger" title="Careful">Secrets in layers stay there.</Callout>

<Terminal command="docker run --rm demo" output={\`<script>alert(1)</script>
second line\`} />

<CodeCompare beforeTitle="Code first" afterTitle="Dependencies first">

\`\`\`dockerfile
COPY . .
\`\`\`

\`\`\`dockerfile
COPY requirements.txt .
\`\`\`

</CodeCompare>

<CodeCompare>

\`\`\`text
only one
\`\`\`

</CodeCompare>

<LayerDiagram title="After an edit" layers={[
  { instruction: "FROM python:3.11-slim", size: "131 MB", state: "base" },
  { instruction: "RUN pip install", state: "cached" },
  { instruction: "COPY app/ ./app/", state: "rebuilt", note: "only this ran" },
]} />

<Exercise slug="first-image" />

<Quiz />
`;

let html: string;

beforeAll(async () => {
  process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "dockyard-mdx-"));
  const code = await compileMdx(SOURCE, path.join(process.cwd(), "content/test.mdx"));
  const components = {
    ...lessonComponents({ quiz: <div data-testid="quiz-slot" /> }),
    // The real card is an async server component; it is tested on its own below.
    // biome-ignore lint/correctness/noComponentHookFactories: a stand-in made once for this render.
    Exercise: ({ slug }: { slug: string }) => <a href={`/exercises/${slug}`}>exercise</a>,
  };
  html = renderToStaticMarkup(<MdxContent code={code} components={components} />);
}, 60_000);

describe("lesson components", () => {
  it("are exactly the names the content validation allows", () => {
    expect(Object.keys(lessonComponents({ quiz: null })).sort()).toEqual([...LESSON_COMPONENT_NAMES].sort());
  });

  it("highlight fenced code at compile time, with a file title, and fall back for unknown languages", () => {
    expect(html).toContain('class="shiki');
    expect(html).toMatch(/<span style="color:#[0-9A-Fa-f]{6};--shiki-dark:#[0-9A-Fa-f]{6}">FROM<\/span>/);
    expect(html).toContain('<figcaption class="code-title">Dockerfile</figcaption>');
    expect(html).toContain("still shown");
  });

  it("give headings the anchors search links to", () => {
    expect(html).toContain('<h2 id="writing-a-dockerignore">');
  });

  it("render terminal output as text, never as markup", () => {
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>");
  });

  it("lay out a before/after pair, and flag a CodeCompare without two blocks", () => {
    expect(html).toContain('aria-label="before: Code first"');
    expect(html).toContain('aria-label="after: Dependencies first"');
    expect(html).toContain("needs exactly two fenced code blocks inside it, found 1.");
  });

  it("draw layers bottom-up with their states readable as text", () => {
    const diagram = html.slice(html.indexOf('data-testid="layer-diagram"'));
    const order = ["FROM python:3.11-slim", "RUN pip install", "COPY app/ ./app/"].map((t) => diagram.indexOf(t));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(diagram).toContain("flex-col-reverse");
    for (const word of ["base image", "cached", "rebuilt", "only this ran"]) expect(diagram).toContain(word);
  });

  it("put the quiz where <Quiz /> stands and show callouts with their kind", () => {
    expect(html).toContain('data-testid="quiz-slot"');
    expect(html).toMatch(/<aside role="note" aria-label="Careful"[^>]*border-red-500/);
  });
});

describe("the Exercise card", () => {
  it("links to an existing exercise with its title", async () => {
    const card = renderToStaticMarkup(await ExerciseCard({ slug: "first-image" }));
    expect(card).toContain('href="/exercises/first-image"');
    expect(card).toContain("Graded exercise");
  });

  it("names a missing exercise instead of crashing the lesson", async () => {
    expect(renderToStaticMarkup(await ExerciseCard({ slug: "no-such-exercise" }))).toContain(
      "there is no exercise &quot;no-such-exercise&quot;",
    );
  });
});

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { compileMdx } from "@/lib/content/compile-mdx";
import { lessonComponents } from "./lesson-components";
import { MdxContent } from "./mdx-content";

// A lesson's shell blocks, rendered as the lesson page renders them.
const SOURCE = `
Build it, then run it:

\`\`\`bash
cd app
$ docker run -d \\
    --name api \\
    -p 127.0.0.1:8000:8000 api:1.0
\`\`\`

\`\`\`console title="Terminal"
$ docker compose up -d
\`\`\`

\`\`\`bash
pip install -r requirements.txt
\`\`\`

\`\`\`text
docker image ls
\`\`\`

\`\`\`dockerfile
FROM python:3.11-slim
\`\`\`

<CodeCompare>

\`\`\`bash
docker run api:1.0
\`\`\`

\`\`\`bash
docker run -d api:1.0
\`\`\`

</CodeCompare>
`;

let html: string;
let links: Array<{ href: string; label: string; text: string }>;

beforeAll(async () => {
  process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "dockyard-mdx-"));
  const code = await compileMdx(SOURCE, path.join(process.cwd(), "content/try.mdx"));
  html = renderToStaticMarkup(<MdxContent code={code} components={lessonComponents({ quiz: null })} />);
  // The static markup has no DOM here: each link's attributes, in the order React writes them.
  const link = /<a href="([^"]*)" data-testid="try-in-playground" aria-label="([^"]*)">([^<]*)<\/a>/g;
  links = [...html.matchAll(link)].map(([, href, label, text]) => ({ href: href!, label: label!, text: text! }));
}, 60_000);

describe("Try it in a playground", () => {
  it("follows each shell block with a docker command, and no other block", () => {
    expect(links.map((l) => new URL(l.href, "http://x").searchParams.get("try"))).toEqual([
      "docker run -d --name api -p 127.0.0.1:8000:8000 api:1.0",
      "docker compose up -d",
    ]);
  });

  it("links the playground lab with the command in ?try=, named for the playground and the command", () => {
    expect(links[1]).toEqual({
      href: "/labs/playground?try=docker%20compose%20up%20-d",
      label: "Try it in a playground: docker compose up -d",
      text: "Try it in a playground",
    });
  });

  it("sits right after its block, outside a titled block's figure, in the lesson's style", () => {
    expect(html).toMatch(/<\/pre><p class="try-in-playground"><a href="\/labs\/playground\?try=docker%20run%20-d/);
    expect(html).toMatch(/<\/pre><\/figure><p class="try-in-playground"><a href="\/labs\/playground\?try=docker%20/);
  });

  it("leaves blocks inside a lesson component alone", () => {
    expect(html).toContain('data-testid="code-compare"');
    expect(html).not.toContain("needs exactly two fenced code blocks");
  });
});

import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { blocks, LabMarkdown } from "./lab-markdown";

const html = (text: string) => renderToStaticMarkup(<LabMarkdown text={text} className="x" />);

describe("LabMarkdown", () => {
  it("reads paragraphs and lists whose items run on over several lines", () => {
    const text =
      "`~/apps` holds:\n\n- `features.py`, a store;\n- `api.py`, the API: it asks\n  the store;\n\nRun them.";
    expect(blocks(text)).toEqual([
      { kind: "paragraph", text: "`~/apps` holds:" },
      { kind: "bullets", items: ["`features.py`, a store;", "`api.py`, the API: it asks the store;"] },
      { kind: "paragraph", text: "Run them." },
    ]);
    expect(blocks("1. one\n2. two")).toEqual([{ kind: "numbers", items: ["one", "two"] }]);
  });

  it("reads an exercise prompt's list that follows its paragraph line and ends at an unindented line", () => {
    // As content/exercises/*/exercise.yaml write prompts: lines wrapped at 120 columns, no blank line around the list.
    const prompt =
      "Fix the Dockerfile so\nthat:\n- it runs as a user;\n- no token is in the Dockerfile, and .env stays out\n" +
      "    of the image;\n- `CMD` is in exec form.\napp/ is fixed.\n";
    expect(blocks(prompt)).toEqual([
      { kind: "paragraph", text: "Fix the Dockerfile so that:" },
      {
        kind: "bullets",
        items: [
          "it runs as a user;",
          "no token is in the Dockerfile, and .env stays out of the image;",
          "`CMD` is in exec form.",
        ],
      },
      { kind: "paragraph", text: "app/ is fixed." },
    ]);
    expect(html("Do this:\n- one\n- two")).toBe(
      '<div class="x"><p>Do this:</p><ul class="list-disc space-y-1 pl-6">' + "<li>one</li><li>two</li></ul></div>",
    );
  });

  it("sets code, strong and emphasis, and nothing inside code is Markdown", () => {
    expect(html("Use `a *b* c` with **care**, *please*.")).toBe(
      '<div class="x"><p>Use <code class="rounded bg-slate-100 px-1 font-mono text-[0.9em] break-words ' +
        'dark:bg-slate-800">a *b* c</code> with <strong>care</strong>, <em>please</em>.</p></div>',
    );
  });

  it("never turns a goal's text into HTML", () => {
    const out = html('<script>alert(1)</script> and `<img src=x onerror="x()">`');
    expect(out).not.toContain("<script>");
    expect(out).not.toContain("<img");
    expect(out).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});

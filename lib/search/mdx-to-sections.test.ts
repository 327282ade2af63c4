import { describe, expect, it } from "vitest";
import { mdxToSections } from "./mdx-to-sections";

const BODY = [
  "## Three kinds of mounts",
  "",
  "<Comparison rows={[",
  '  ["", "Named volume", "Bind mount", "tmpfs mount"],',
  '  ["Survives docker rm", "Yes, until you remove the volume", "No, gone when the container stops"],',
  "]} />",
  "",
  "**Named volumes** are the default choice.",
  "",
  '<Terminal command="docker logs --tail 2 ranker" output={`  File "/srv/api.py", line 4, in <module>',
  "OSError: libgomp.so.1: cannot open shared object file`} />",
  "",
  "Read the last line first.",
].join("\n");

describe("mdxToSections", () => {
  it("reads a table's rows as their cells, never as the array syntax they are written in", () => {
    const [, mounts] = mdxToSections(BODY, "Intro");
    expect(mounts!.text).toBe(
      "Named volume · Bind mount · tmpfs mount " +
        "Survives docker rm · Yes, until you remove the volume · No, gone when the container stops " +
        "Named volumes are the default choice. Read the last line first.",
    );
  });

  it("keeps a component's multi-line output searchable as code, out of the text snippets show", () => {
    const [, mounts] = mdxToSections(BODY, "Intro");
    expect(mounts!.text).not.toMatch(/OSError|[[\]{}`]/);
    expect(mounts!.code).toContain("docker logs --tail 2 ranker");
    expect(mounts!.code).toContain("OSError: libgomp.so.1");
  });
});

import { describe, expect, it } from "vitest";
import { findInternalLinks } from "./find-internal-links";
import { checkTarget } from "./validate-links";

describe("findInternalLinks", () => {
  it("finds Markdown links, hrefs and exercise embeds with their lines, skipping code", () => {
    const body = [
      "See [caching](/lessons/layer-caching#why) first.",
      "```markdown",
      "[not a link](/lessons/inside-code)",
      "```",
      "Inline `[nor this](/lessons/inline)` either.",
      '<a href="/exercises/model-server">try it</a>',
      '<Exercise slug="layer-order" />',
      "External [docs](https://docs.docker.com/) are not checked.",
    ].join("\n");
    expect(findInternalLinks(body, 10)).toEqual([
      { target: "/lessons/layer-caching#why", line: 10 },
      { target: "/exercises/model-server", line: 15 },
      { target: "/exercises/layer-order", line: 16 },
    ]);
  });
});

describe("checkTarget", () => {
  const lessons = new Set(["layer-caching"]);
  const exercises = new Set(["model-server"]);

  it("accepts existing lessons, exercises and site pages", () => {
    expect(checkTarget("/lessons/layer-caching#why", lessons, exercises)).toBeUndefined();
    expect(checkTarget("/exercises/model-server", lessons, exercises)).toBeUndefined();
    expect(checkTarget("/search?q=cache", lessons, exercises)).toBeUndefined();
  });

  it("names what is missing", () => {
    expect(checkTarget("/lessons/layer-cache", lessons, exercises)).toBe(
      'links to the lesson "layer-cache", which does not exist',
    );
    expect(checkTarget("/exercises/nope", lessons, exercises)).toBe(
      'links to the exercise "nope", which does not exist',
    );
    expect(checkTarget("/admin", lessons, exercises)).toBe('links to "/admin", which is not a page of the site');
  });

  it("knows the labs: an existing one is a page, a missing one is named", () => {
    const labs = new Set(["read-a-build"]);
    expect(checkTarget("/labs/read-a-build", lessons, exercises, labs)).toBeUndefined();
    expect(checkTarget("/labs/read-the-build", lessons, exercises, labs)).toBe(
      'links to the lab "read-the-build", which does not exist',
    );
  });
});

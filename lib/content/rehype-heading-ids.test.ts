import { describe, expect, it } from "vitest";
import { mdxToSections } from "../search/mdx-to-sections";
import { rehypeHeadingIds } from "./rehype-heading-ids";

const h = (tagName: string, ...children: object[]) => ({ type: "element", tagName, properties: {}, children });
const t = (value: string) => ({ type: "text", value });

describe("rehypeHeadingIds", () => {
  it("gives h2 and h3 the anchors the search index links to, unique in document order", () => {
    const tree = {
      type: "root",
      children: [
        h("h2", t("Writing a "), h("code", t(".dockerignore"))),
        h("p", t("text")),
        h("h3", t("Set-up")),
        h("h2", t("Set-up")),
      ],
    };
    rehypeHeadingIds()(tree as never);
    const ids = tree.children.filter((n) => n.tagName !== "p").map((n) => (n.properties as { id: string }).id);
    expect(ids).toEqual(["writing-a-dockerignore", "set-up", "set-up-1"]);

    const sections = mdxToSections(
      "## Writing a `.dockerignore`\n\ntext\n\n### Set-up\n\nmore\n\n## Set-up\n\nagain\n",
      "Intro",
    );
    expect(sections.map((s) => s.anchor)).toEqual(["", ...ids]);
  });
});

/** The parts of a HTML syntax tree node the lesson plugins read and write. */
export interface HastNode {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
  data?: { meta?: string | null };
  value?: string;
}

export function textOf(node: HastNode): string {
  return node.type === "text" ? (node.value ?? "") : (node.children ?? []).map(textOf).join("");
}

/**
 * ```dockerfile title="Dockerfile" → the block in a <figure> with the file name
 * as its caption. Runs before highlighting, which replaces the <pre> it wraps.
 */
export function rehypeCodeTitles() {
  return (tree: HastNode) => {
    const visit = (node: HastNode) => {
      node.children = node.children?.map((child) => {
        const code =
          child.type === "element" && child.tagName === "pre"
            ? child.children?.find((c) => c.tagName === "code")
            : undefined;
        const title = code?.data?.meta ? /title=["']([^"']+)["']/.exec(code.data.meta)?.[1] : undefined;
        if (!title) {
          visit(child);
          return child;
        }
        return {
          type: "element",
          tagName: "figure",
          properties: { className: ["code-figure"] },
          children: [
            {
              type: "element",
              tagName: "figcaption",
              properties: { className: ["code-title"] },
              children: [{ type: "text", value: title }],
            },
            child,
          ],
        };
      });
    };
    visit(tree);
  };
}

/** The parts of a HTML syntax tree node the lesson plugins read and write. */
export interface HastNode {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
  data?: { meta?: string | null };
  value?: string;
}

/** An element node. */
export function element(tagName: string, properties: Record<string, unknown>, children: HastNode[]): HastNode {
  return { type: "element", tagName, properties, children };
}

export function textOf(node: HastNode): string {
  return node.type === "text" ? (node.value ?? "") : (node.children ?? []).map(textOf).join("");
}

/** ```dockerfile title="Dockerfile" → the block in a <figure> captioned with the name; runs before highlighting. */
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
        return element("figure", { className: ["code-figure"] }, [
          element("figcaption", { className: ["code-title"] }, [{ type: "text", value: title }]),
          child,
        ]);
      });
    };
    visit(tree);
  };
}

import { anchorSequence } from "./heading-anchor";
import { type HastNode, textOf } from "./rehype-code-titles";

/** Gives every h2/h3 of a lesson an id (see headingAnchor), so sections can be linked and searched to. */
export function rehypeHeadingIds() {
  return (tree: HastNode) => {
    const next = anchorSequence();
    const visit = (node: HastNode) => {
      if (node.type === "element" && (node.tagName === "h2" || node.tagName === "h3"))
        node.properties = { ...node.properties, id: node.properties?.id ?? next(textOf(node)) };
      node.children?.forEach(visit);
    };
    visit(tree);
  };
}

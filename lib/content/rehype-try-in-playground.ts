import { playgroundCommand, playgroundHref } from "./playground-command";
import { type HastNode, textOf } from "./rehype-code-titles";

const LINK_TEXT = "Try it in a playground";

/**
 * ```bash with a `docker …` line → the block, then a small "Try it in a playground" link to the playground lab with
 * that command (playground-command.ts). Runs before code titles and highlighting: the block's language and text are
 * still as the author wrote them. Blocks inside a lesson component are left alone: the component lays out its own
 * children (CodeCompare takes exactly two blocks).
 */
export function rehypeTryInPlayground() {
  return (tree: HastNode) => {
    const visit = (node: HastNode) => {
      if (!node.children || node.type.startsWith("mdxJsx")) return;
      node.children = node.children.flatMap((child) => {
        visit(child);
        const command = blockCommand(child);
        return command === undefined ? [child] : [child, tryLink(command)];
      });
    };
    visit(tree);
  };
}

function blockCommand(node: HastNode): string | undefined {
  if (node.type !== "element" || node.tagName !== "pre") return undefined;
  const code = node.children?.find((c) => c.type === "element" && c.tagName === "code");
  if (!code) return undefined;
  const classes = code.properties?.className;
  const language = Array.isArray(classes)
    ? classes.find((c): c is string => typeof c === "string" && c.startsWith("language-"))?.slice("language-".length)
    : undefined;
  return playgroundCommand(language, textOf(code));
}

function tryLink(command: string): HastNode {
  return {
    type: "element",
    tagName: "p",
    properties: { className: ["try-in-playground"] },
    children: [
      {
        type: "element",
        tagName: "a",
        properties: {
          href: playgroundHref(command),
          dataTestid: "try-in-playground",
          // The visible text first, then which command: a lesson may have several of these links.
          ariaLabel: `${LINK_TEXT}: ${command}`,
        },
        children: [{ type: "text", value: LINK_TEXT }],
      },
    ],
  };
}

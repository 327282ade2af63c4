import { playgroundCommand, playgroundHref } from "./playground-command";
import { element, type HastNode, textOf } from "./rehype-code-titles";

const LINK_TEXT = "Try it in a playground";

/**
 * ```bash with a `docker …` line → the block, then a "Try it in a playground" link with that command. Runs before
 * highlighting, on the author's text. Blocks inside a lesson component are left alone: it lays out its children.
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
  const properties = {
    href: playgroundHref(command),
    dataTestid: "try-in-playground",
    // The visible text first, then which command: a lesson may have several of these links.
    ariaLabel: `${LINK_TEXT}: ${command}`,
  };
  return element("p", { className: ["try-in-playground"] }, [
    element("a", properties, [{ type: "text", value: LINK_TEXT }]),
  ]);
}

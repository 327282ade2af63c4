import type { Page } from "playwright-core";

/**
 * What xterm shows in the page's shell or lab terminal, a line per row (its DOM renderer writes each row as a text
 * element). Scrolled into view first, as a learner reading it would: xterm stops drawing a terminal that is off the
 * screen (an IntersectionObserver pauses its renderer), so text that arrived while it was out of sight is not there.
 */
export async function terminalScreen(page: Page, noun: "shell" | "lab" = "shell"): Promise<string> {
  const terminal = page.getByTestId(`${noun}-terminal`);
  await terminal.scrollIntoViewIfNeeded();
  const rows = await terminal.locator(".xterm-rows > div").allTextContents();
  return rows.map((row) => row.replaceAll("\u00a0", " ").trimEnd()).join("\n");
}

/**
 * Where `text` is drawn on the terminal's screen, measured in one turn of the page's event loop: xterm replaces a
 * row's elements whenever it redraws (a cursor blink, a resize), so a span found in one step may be gone in the next.
 * Undefined while no row shows it.
 */
export function terminalTextBox(
  page: Page,
  text: string,
): Promise<{ x: number; y: number; width: number; height: number } | undefined> {
  return page.getByTestId("shell-terminal").evaluate((terminal, wanted) => {
    for (const row of terminal.querySelectorAll(".xterm-rows > div")) {
      const nodes: Text[] = [];
      const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) nodes.push(walker.currentNode as Text);
      const whole = nodes.map((n) => n.data.replaceAll("\u00a0", " ")).join("");
      const start = whole.indexOf(wanted);
      if (start < 0) continue;
      // The label may span several elements: the range runs from the text node holding its first character to the
      // one holding its last.
      const at = (offset: number) => {
        let seen = 0;
        for (const node of nodes) {
          if (offset <= seen + node.data.length) return { node, offset: offset - seen };
          seen += node.data.length;
        }
        return { node: nodes.at(-1)!, offset: nodes.at(-1)!.data.length };
      };
      const from = at(start);
      const to = at(start + wanted.length);
      const range = document.createRange();
      range.setStart(from.node, from.offset);
      range.setEnd(to.node, to.offset);
      const rect = range.getBoundingClientRect();
      if (rect.width > 0 && rect.height > 0) return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
    }
    return undefined;
  }, text);
}

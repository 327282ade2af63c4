import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TerminalTabBar, type TerminalTabBarProps } from "./terminal-tab-bar";

const render = (props: Partial<TerminalTabBarProps>) =>
  renderToStaticMarkup(
    <TerminalTabBar
      noun="lab"
      tabs={{ open: [0], selected: 0 }}
      limit={4}
      live
      onSelect={() => {}}
      onOpen={() => {}}
      onClose={() => {}}
      {...props}
    />,
  );

/** The opening tag of the element with `testid`. */
const tag = (html: string, testid: string) => new RegExp(`<[^>]*data-testid="${testid}"[^>]*>`).exec(html)?.[0] ?? "";

describe("TerminalTabBar", () => {
  it("is a tablist of the tabs alone, one tab stop, each tab tied to its panel", () => {
    const html = render({ tabs: { open: [0, 1, 3], selected: 1 } });
    const list = /<div role="tablist"[^>]*>(.*?)<\/div>/.exec(html);
    expect(list?.[0]).toContain('aria-label="Terminals"');
    // Nothing but tabs in the tablist: the close and new buttons sit after it.
    expect(list?.[1]?.match(/<button/g)).toHaveLength(3);
    expect(list?.[1]?.match(/role="tab"/g)).toHaveLength(3);
    const first = tag(html, "terminal-tab-0");
    expect(first).toContain('aria-selected="false"');
    expect(first).toContain('tabindex="-1"');
    expect(first).toContain('id="lab-terminal-tab-0"');
    expect(first).toContain('aria-controls="lab-terminal-panel-0"');
    const second = tag(html, "terminal-tab-1");
    expect(second).toContain('aria-selected="true"');
    expect(second).toContain('tabindex="0"');
    expect(html).toContain(">Terminal 1</button>");
    expect(html).toContain(">Terminal 2</button>");
    expect(html).toContain(">Terminal 4</button>");
  });

  it("offers to close the selected tab past the first, by its name", () => {
    expect(render({ tabs: { open: [0, 2], selected: 2 } })).toContain(">Close terminal 3</button>");
    expect(render({ tabs: { open: [0, 2], selected: 0 } })).not.toContain("Close terminal");
  });

  it("opens another tab until the limit, then says why it cannot", () => {
    const room = render({ tabs: { open: [0, 1], selected: 0 } });
    expect(tag(room, "new-terminal-tab")).not.toContain('disabled=""');
    expect(room).toContain('<span aria-hidden="true">+</span> New terminal');
    expect(room).not.toContain("at most");

    const full = render({ tabs: { open: [0, 1, 2, 3], selected: 0 } });
    const button = tag(full, "new-terminal-tab");
    expect(button).toContain('disabled=""');
    expect(button).toContain('aria-describedby="lab-terminal-limit"');
    expect(full).toContain('id="lab-terminal-limit"');
    expect(full).toContain("A lab has 4 terminals at most: close one to open another.");
  });

  it("keeps the tabs to read, but opens and closes none, once the session is not open", () => {
    const html = render({ tabs: { open: [0, 1], selected: 1 }, live: false });
    expect(html).toContain('data-testid="terminal-tab-1"');
    expect(html).not.toContain("new-terminal-tab");
    expect(html).not.toContain("Close terminal");
  });
});

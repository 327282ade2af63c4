import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TerminalAccess } from "./terminal-access";
import { LEAVE_KEYS_TEXT } from "./terminal-keys";

const render = (screenReader: boolean) =>
  renderToStaticMarkup(
    <TerminalAccess
      noun="shell"
      hintId="shell-keys-hint"
      tabbed={false}
      screenReader={screenReader}
      onScreenReader={async () => {}}
      read={() => undefined}
    />,
  );

describe("TerminalAccess", () => {
  it("tells the way out of the terminal in the text its input is described by", () => {
    const hint = /<p id="shell-keys-hint"[^>]*>(.*?)<\/p>/.exec(render(false))?.[1] ?? "";
    expect(hint).toContain(LEAVE_KEYS_TEXT);
  });

  it("offers screen-reader mode as a labelled checkbox showing the kept setting", () => {
    const off = /<label[^>]*><input([^>]*)>Screen reader mode<\/label>/.exec(render(false))?.[1] ?? "";
    expect(off).toContain('type="checkbox"');
    expect(off).not.toContain("checked");
    expect(/<input[^>]*data-testid="terminal-screen-reader"[^>]*>/.exec(render(true))?.[0]).toContain('checked=""');
  });

  it("keeps the text view closed until asked for, its button saying so", () => {
    const html = render(false);
    expect(html).toMatch(/<button[^>]*aria-expanded="false"[^>]*>Show output as text<\/button>/);
    expect(html).not.toContain('data-testid="terminal-text"');
  });
});

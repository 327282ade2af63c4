import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ItemDeadline } from "@/lib/classes/due-list";
import { DeadlineNotice } from "./deadline-notice";

/** What the reader reads, tags left out. */
const text = (html: string) => html.replace(/<[^>]*>/g, "");

const onTime: ItemDeadline = {
  className: "Class A",
  dueAt: "2026-11-30T17:00:00.000Z",
  extended: false,
  policyText: "100 % until the due date, then 80 % for 3 days, then 0 %",
  lateNow: null,
};

describe("DeadlineNotice", () => {
  it("shows each class's due time, the late policy in words and the way to the due page", () => {
    const html = renderToStaticMarkup(
      <DeadlineNotice deadlines={[onTime, { ...onTime, className: "Class B", extended: true }]} />,
    );
    expect(html).toContain('data-testid="deadline-banner"');
    expect(html).toContain('<span class="font-medium">Class A</span>: due <time dateTime="2026-11-30T17:00:00.000Z"');
    // The server cannot know the reader's zone: UTC until the browser rewrites it.
    expect(html).toContain(">2026-11-30 17:00 UTC</time>");
    expect(html).toContain("Late work: 100 % until the due date, then 80 % for 3 days, then 0 %.");
    expect(html.match(/\(your extension\)/g)).toHaveLength(1);
    expect(html).toMatch(/<a [^>]*href="\/due"[^>]*>Everything that(&#x27;|')s due<\/a>/);
    expect(html).not.toContain("late:");
  });

  it("says what late work earns now: until the step ends, from now on, or nothing any more", () => {
    const late = (lateNow: ItemDeadline["lateNow"]) =>
      text(renderToStaticMarkup(<DeadlineNotice deadlines={[{ ...onTime, lateNow }]} />));
    expect(late({ credit: 80, until: "2026-12-03T17:00:00.000Z" })).toContain(
      "Class A: due 2026-11-30 17:00 UTC · late: 80 % until 2026-12-03 17:00 UTC",
    );
    expect(late({ credit: 50, until: null })).toContain("· late: 50 % from now on");
    expect(late({ credit: 0, until: null })).toContain("· late: 0 % (no credit any more)");
  });

  it("renders nothing when the item is not assigned to the reader", () => {
    expect(renderToStaticMarkup(<DeadlineNotice deadlines={[]} />)).toBe("");
  });
});

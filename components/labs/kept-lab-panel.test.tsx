import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { type ConfirmEvent, type ConfirmStep, confirmStep, InlineConfirmView } from "./inline-confirm";
import { KeptLabPanel } from "./kept-lab-panel";
import { keptLabFacts, keptSize, keptTermsSentence, keptUsage } from "./kept-lab-words";
import { LabWorkspace } from "./lab-workspace";

// The panel refreshes the page after a delete; outside Next.js's app router there is none to mount.
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: () => {} }) }));

const kept = keptLabFacts(
  { bytes: 1.2 * 1024 ** 3, keptAt: "2026-12-08T09:00:00.000Z", expiresAt: "2027-01-07T09:00:00.000Z" },
  new Date("2026-12-08T12:00:00.000Z"),
);

/** The steps a sequence of events leads through, from idle. */
function walk(...events: ConfirmEvent[]): ConfirmStep[] {
  const steps: ConfirmStep[] = [];
  let step: ConfirmStep = { kind: "idle" };
  for (const event of events) {
    step = confirmStep(step, event);
    steps.push(step);
  }
  return steps;
}

describe("confirmStep", () => {
  it("acts only on a yes given while asking, and a cancel asks nothing more", () => {
    expect(walk({ type: "confirm" })).toEqual([{ kind: "idle" }]);
    expect(walk({ type: "ask" }, { type: "cancel" }, { type: "confirm" }).map((s) => s.kind)).toEqual([
      "asking",
      "idle",
      "idle",
    ]);
    expect(walk({ type: "ask" }, { type: "confirm" }, { type: "done" }).map((s) => s.kind)).toEqual([
      "asking",
      "busy",
      "idle",
    ]);
  });

  it("does not cancel an act under way, shows a refusal, and asks again from there", () => {
    expect(
      walk(
        { type: "ask" },
        { type: "confirm" },
        { type: "cancel" },
        { type: "ask" },
        { type: "failed", message: "No." },
      ),
    ).toEqual([
      { kind: "asking" },
      { kind: "busy" },
      { kind: "busy" },
      { kind: "busy" },
      { kind: "failed", message: "No." },
    ]);
    expect(confirmStep({ kind: "failed", message: "No." }, { type: "ask" })).toEqual({ kind: "asking" });
    // A late answer of an act that is no longer under way changes nothing.
    expect(confirmStep({ kind: "idle" }, { type: "failed", message: "No." })).toEqual({ kind: "idle" });
  });
});

describe("InlineConfirmView", () => {
  const view = (step: ConfirmStep) =>
    renderToStaticMarkup(
      <InlineConfirmView
        step={step}
        ids={{ group: "g", question: "q" }}
        onAsk={() => {}}
        onCancel={() => {}}
        onConfirm={() => {}}
        label="Delete kept work"
        testId="forget-kept-lab"
        question="Delete the kept work of this lab?"
        confirmLabel="Yes, delete it"
        busyLabel="Deleting…"
      />,
    );

  it("idle, offers the button only, saying it opens nothing yet", () => {
    const html = view({ kind: "idle" });
    expect(html).toContain('data-testid="forget-kept-lab" aria-expanded="false"');
    expect(html).not.toContain("confirm-forget-kept-lab");
    expect(html).not.toContain('role="alert"');
  });

  it("asking, shows the question as the name of a group with a yes and a cancel, both buttons", () => {
    const html = view({ kind: "asking" });
    expect(html).toContain('aria-expanded="true" aria-controls="g"');
    expect(html).toMatch(/<fieldset id="g"[^>]*><legend id="q" tabindex="-1"[^>]*>Delete the kept work of this lab\?/);
    expect(html).toMatch(/<button type="button" data-testid="confirm-forget-kept-lab"[^>]*>Yes, delete it<\/button>/);
    expect(html).toMatch(/<button type="button" data-testid="cancel-forget-kept-lab"[^>]*>Cancel<\/button>/);
  });

  it("busy, says so and takes no second click; refused, says why beside the button", () => {
    const busy = view({ kind: "busy" });
    expect(busy).toMatch(/data-testid="confirm-forget-kept-lab" disabled=""[^>]*>Deleting…/);
    expect(busy).toMatch(/data-testid="cancel-forget-kept-lab" disabled=""/);
    const failed = view({ kind: "failed", message: "Close the lab first; its work is in use." });
    expect(failed).toContain('aria-expanded="false"');
    expect(failed).toMatch(/role="alert"[^>]*>Close the lab first; its work is in use\.</);
  });
});

describe("KeptLabPanel", () => {
  it("says what is kept, that Start resumes it, and offers start over and delete, each asking first", () => {
    const html = renderToStaticMarkup(<KeptLabPanel slug="net" kept={kept} onStartOver={() => {}} />);
    expect(html).toContain('data-testid="kept-lab"');
    expect(html).toContain(
      '1.2 GB, closed <time dateTime="2026-12-08T09:00:00.000Z">3 hours ago</time>, kept until ' +
        '<time dateTime="2027-01-07T09:00:00.000Z">7 Jan 2027</time>.',
    );
    expect(html).toContain("resumes it as it was");
    expect(html).toContain("Its containers are stopped, as after a restart of the Docker host");
    expect(html).toMatch(/data-testid="start-over" aria-expanded="false"[^>]*>Start over</);
    expect(html).toMatch(/data-testid="forget-kept-lab" aria-expanded="false"[^>]*>Delete kept work</);
    expect(html).not.toContain("confirm-");
  });

  it("sits before the Start button of a lab not live, and not at all while one is", () => {
    const props = { slug: "net", tasks: [], signedIn: true, elsewhere: null, tasksDone: [], kept };
    const html = renderToStaticMarkup(<LabWorkspace {...props} live={null} />);
    expect(html.indexOf('data-testid="kept-lab"')).toBeGreaterThan(-1);
    expect(html.indexOf('data-testid="kept-lab"')).toBeLessThan(html.indexOf('data-testid="start-lab"'));
    expect(renderToStaticMarkup(<LabWorkspace {...props} kept={null} live={null} />)).not.toContain("kept-lab");
    expect(renderToStaticMarkup(<LabWorkspace {...props} live={{ id: "s", status: "open" }} />)).not.toContain(
      'data-testid="kept-lab"',
    );
  });
});

describe("kept labs in words", () => {
  it("gives sizes in GB and MB, as the lab page gives its disk", () => {
    expect([0, 1000, 350 * 1024 ** 2, 1024 ** 3, 8 * 1024 ** 3].map(keptSize)).toEqual([
      "0 MB",
      "under 1 MB",
      "350 MB",
      "1 GB",
      "8 GB",
    ]);
  });

  it("says the usage against the quota, and what closing a lab keeps", () => {
    expect(keptUsage({ usedBytes: 1.2 * 1024 ** 3, quotaBytes: 8 * 1024 ** 3, keptDays: 30 })).toBe(
      "Using 1.2 GB of your 8 GB for kept labs; each is kept 30 days after it closes.",
    );
    expect(keptTermsSentence({ keptDays: 1, quotaBytes: 8 * 1024 ** 3 })).toMatch(
      /^Its work is kept for 1 day after it closes, up to 8 GB for all your kept labs/,
    );
    expect(keptTermsSentence({ keptDays: 30, quotaBytes: 0 })).toMatch(/^Closing it ends its work/);
  });
});

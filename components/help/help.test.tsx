import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import type { HelpInboxRow, HelpRequestView, LabSnapshot, LearnerHelp } from "@/lib/help/help-protocol";
import { HelpInbox } from "./help-inbox";
import { HelpPanel } from "./help-panel";
import { HelpSnapshotView } from "./help-snapshot";

vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh() {} }) }));

const evil = `<script>alert(1)</script><img src=x onerror=alert(2)>`;

const lab: LabSnapshot = {
  tasks: [
    { id: "run", title: "Run the model server", done: true },
    { id: "volume", title: "Keep the models in a volume", done: false },
  ],
  output: `lab$ docker logs api\n${evil}\n`,
  outputFrom: "live",
  engine: {
    kind: "read",
    readAt: "2026-12-09T10:00:00.000Z",
    containers: [
      {
        name: "api",
        image: "model-server:1",
        status: "exited",
        exitCode: 1,
        ports: ["127.0.0.1:8080->8000"],
        networks: ["bridge"],
      },
    ],
    images: ["model-server:1", "python:3.12-slim"],
    volumes: [],
    networks: ["bridge"],
    truncated: false,
  },
};

function request(fields: Partial<HelpRequestView>): HelpRequestView {
  return {
    id: "h1",
    kind: "lab",
    itemSlug: "keep-model-files",
    itemTitle: "Keep model files",
    question: `Why is it empty? ${evil}`,
    status: "open",
    watchConsent: false,
    watchTab: 0,
    createdAt: "2026-12-09T10:00:00.000Z",
    updatedAt: "2026-12-09T10:00:00.000Z",
    snapshot: { kind: "lab", lab },
    messages: [],
    ...fields,
  };
}

const panel = (help: Partial<LearnerHelp>, kind: "lab" | "exercise" = "lab") =>
  renderToStaticMarkup(
    <HelpPanel kind={kind} slug="keep-model-files" initial={{ canAsk: true, openCount: 0, requests: [], ...help }} />,
  );

describe("HelpSnapshotView", () => {
  it("shows a lab's tasks with their marks, the engine's contents as lists, and the output as text", () => {
    const html = renderToStaticMarkup(<HelpSnapshotView snapshot={{ kind: "lab", lab }} />);
    expect(html).toContain('data-done="true"');
    expect(html).toContain("Keep the models in a volume");
    expect(html).toContain("<code>api</code> from <code>model-server:1</code>: exited (code 1), ports 127.0.0.1:8080");
    expect(html).toContain("No volumes.");
    expect(html).toContain("<code>python:3.12-slim</code>");
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("says why the engine was not read", () => {
    const unread = { ...lab, engine: { kind: "unread" as const, readAt: "x", reason: "waiting for the lab machine" } };
    const html = renderToStaticMarkup(<HelpSnapshotView snapshot={{ kind: "lab", lab: unread }} />);
    expect(html).toContain("Not read: waiting for the lab machine.");
  });

  it("shows an exercise's attempt with its failed checks, or that there is none", () => {
    const attempt = {
      submissionId: "s1",
      number: 2,
      status: "failed",
      score: 0.5,
      createdAt: "2026-12-09T10:00:00.000Z",
      findings: [{ title: "The image builds", message: `exit code 3 ${evil}` }],
      moreFindings: 2,
    };
    const html = renderToStaticMarkup(<HelpSnapshotView snapshot={{ kind: "exercise", exercise: { attempt } }} />);
    expect(html).toContain("Attempt 2");
    expect(html).toContain("failed, score 50%");
    expect(html).toContain("The image builds");
    expect(html).toContain("And 2 more failed checks.");
    expect(html).not.toContain("<img");
    const none = renderToStaticMarkup(
      <HelpSnapshotView snapshot={{ kind: "exercise", exercise: { attempt: null } }} />,
    );
    expect(none).toContain("No attempt yet");
  });
});

describe("HelpPanel", () => {
  it("offers Ask for help to a learner of a class with staff, and sends them to join one otherwise", () => {
    expect(panel({})).toContain('data-testid="ask-for-help"');
    const outside = panel({ canAsk: false });
    expect(outside).not.toContain('data-testid="ask-for-help"');
    expect(outside).toContain('href="/classes"');
  });

  it("holds back a fourth question while three are open", () => {
    const html = panel({ openCount: 3 });
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*data-testid="ask-for-help"/);
    expect(html).toContain("You have 3 open requests");
  });

  it("shows a request's thread, staff marked by name, and the consent while it holds, with Stop sharing", () => {
    const html = panel({
      openCount: 1,
      requests: [
        request({
          watchConsent: true,
          messages: [
            {
              id: "1",
              body: `Look at the logs ${evil}`,
              createdAt: "2026-12-09T10:01:00.000Z",
              author: { name: "Tara TA", staff: true },
            },
          ],
        }),
      ],
    });
    expect(html).toContain('data-testid="help-thread"');
    expect(html).toContain("Staff may watch Terminal 1 of your lab (read-only) while this request is open");
    expect(html).toContain('data-testid="stop-sharing"');
    expect(html).toContain('data-staff="true"');
    expect(html).toContain("Tara TA");
    expect(html).toContain('data-testid="help-reply"');
    expect(html).toContain("Mark solved");
    expect(html).not.toContain("<script>");
  });

  it("names the one tab shared, lets the learner switch it or stop, all with the keyboard's own controls", () => {
    const html = panel({ requests: [request({ watchConsent: true, watchTab: 1 })] });
    expect(html).toContain("Staff may watch Terminal 2 of your lab (read-only)");
    expect(html).toContain("your other tabs stay private");
    // A labelled native select (the arrows and Enter choose) listing the shared tab, and a native button.
    const select = /<select[^>]*data-testid="shared-tab"[^>]*>(.*?)<\/select>/.exec(html);
    const id = /id="([^"]+)"/.exec(select?.[0] ?? "")?.[1];
    expect(html).toContain(`<label for="${id}">Tab you share</label>`);
    expect(select?.[1]).toMatch(/<option value="1" selected="">Terminal 2<\/option>/);
    const stop = /<button[^>]*data-testid="stop-sharing"[^>]*>([^<]*)<\/button>/.exec(html);
    expect(stop?.[1]).toBe("Stop sharing");
    expect(stop?.[0]).toContain('type="button"');
    for (const control of [select?.[0], stop?.[0]]) {
      expect(control).not.toContain("disabled=");
      expect(control).not.toContain("tabindex");
    }
  });

  it("shares the tab the learner is on when they start sharing", () => {
    const html = panel({ requests: [request({})] });
    expect(html).toMatch(/<button type="button"[^>]*data-testid="start-sharing"[^>]*>Let staff watch Terminal 1 of my/);
  });

  it("offers sharing again once withdrawn, and nothing of watching on a solved request", () => {
    expect(panel({ requests: [request({})] })).toContain('data-testid="start-sharing"');
    const solved = panel({ requests: [request({ status: "resolved", watchConsent: true })] });
    expect(solved).not.toContain("watch-consent-note");
    expect(solved).not.toContain('data-testid="help-reply"');
    expect(solved).toContain("Marked solved.");
  });
});

describe("HelpInbox", () => {
  it("lists requests with learner, item, question and a link to each", () => {
    const row: HelpInboxRow = {
      id: "h1",
      kind: "lab",
      itemSlug: "keep-model-files",
      itemTitle: "Keep model files",
      learner: { id: "alice", name: "Alice", email: "alice@example.test" },
      question: evil,
      status: "open",
      watchConsent: true,
      createdAt: "2026-12-09T10:00:00.000Z",
      updatedAt: "2026-12-09T10:00:00.000Z",
      messages: 2,
    };
    const html = renderToStaticMarkup(<HelpInbox requests={[row]} />);
    expect(html).toContain('data-testid="help-inbox"');
    expect(html).toContain('href="/instructor/help/h1"');
    expect(html).toContain("Keep model files");
    expect(html).toContain("may watch");
    expect(html).not.toContain("<script>");
    expect(renderToStaticMarkup(<HelpInbox requests={[]} />)).toContain("No requests for help");
  });
});

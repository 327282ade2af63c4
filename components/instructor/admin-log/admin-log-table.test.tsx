import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { AdminLogEntry } from "@/lib/admin/admin-log";
import { actionSentence } from "./action-sentence";
import { AdminLogTable } from "./admin-log-table";

const at = new Date("2026-11-20T10:00:00Z");
const ada = { id: "ada", name: "Ada Admin", email: "ada@example.test", commandLine: false };
const evil = `<script>alert(1)</script><img src=x onerror=alert(2)>`;
const user = (label: string, exists = true) => ({
  kind: "user" as const,
  id: "lee",
  label,
  exists,
  email: exists ? "lee+x@example.test" : null,
});

const entries: AdminLogEntry[] = [
  {
    id: "6",
    action: "role_changed",
    at,
    actor: ada,
    target: user("Ada Lovelace"),
    details: { from: "learner", to: "instructor" },
  },
  {
    id: "5",
    action: "admin_created",
    at,
    actor: { id: null, name: "the command line", email: null, commandLine: true },
    target: user("Ann", false),
    details: { email: "ann@example.test", promoted: false, from: null },
  },
  {
    id: "4",
    action: "regrade_submission",
    at,
    actor: { ...ada, id: null },
    target: { kind: "submission", id: "s1", label: evil, exists: true, email: null },
    details: { batchId: "b", exerciseSlug: "first-image", exerciseTitle: "First image", regradeId: "s2" },
  },
  {
    id: "3",
    action: "regrade_exercise",
    at,
    actor: ada,
    target: { kind: "exercise", id: "first-image", label: "First image", exists: true, email: null },
    details: { batchId: "b", submissions: 12 },
  },
  {
    id: "2",
    action: "gradebook_exported",
    at,
    actor: ada,
    target: null,
    details: { format: "csv", learners: 1, columns: 3 },
  },
  {
    id: "1",
    action: "shell_opened",
    at,
    actor: ada,
    target: { kind: "submission", id: "s1", label: "Lee", exists: false, email: null },
    details: { shellId: "sh", exerciseSlug: "first-image", exerciseTitle: "First image" },
  },
];

describe("actionSentence", () => {
  it("says in one sentence what each action did", () => {
    expect(entries.map(actionSentence)).toEqual([
      "changed Ada Lovelace's role from learner to instructor",
      "created the admin account Ann (ann@example.test)",
      `re-graded ${evil}'s submission to "First image"`,
      're-graded 12 submissions of "First image"',
      "exported the gradebook as CSV: 1 learner, 3 columns",
      `opened a shell in Lee's image for "First image"`,
    ]);
    const promoted = { ...entries[1]!, details: { email: "ann@example.test", promoted: true, from: "learner" } };
    expect(actionSentence(promoted as AdminLogEntry)).toBe(
      "made the existing learner account Ann (ann@example.test) an admin",
    );
  });

  it("says what an admin changed of the kept labs' settings, before and after", () => {
    const saved: AdminLogEntry = {
      id: "7",
      action: "kept_labs_settings_saved",
      at,
      actor: ada,
      target: null,
      details: {
        from: { keptDays: 30, keptBytesPerUser: 8 * 1024 ** 3 },
        to: { keptDays: 1, keptBytesPerUser: 2.5 * 1024 ** 3 },
      },
    };
    expect(actionSentence(saved)).toBe(
      "set kept labs to stay 1 day after they close (was 30) and 2.5 GB of disk for each learner's (was 8 GB)",
    );
  });
});

describe("AdminLogTable", () => {
  const html = renderToStaticMarkup(<AdminLogTable entries={entries} caption="Admin actions" />);

  it("renders learner-written names as text, never as markup", () => {
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;");
  });

  it("links a target that still exists, and says so when it does not", () => {
    expect(html).toContain('href="/instructor/people?q=lee%2Bx%40example.test"');
    expect(html).toContain('href="/instructor/submissions/s1"');
    expect(html).toContain('href="/instructor/exercises/first-image"');
    expect(html).toContain("Lee&#x27;s submission <span");
    expect(html.match(/\(no longer exists\)/g)).toHaveLength(2);
  });

  it("shows when exactly on hover, the command line as the actor, and a deleted actor's snapshot", () => {
    expect(html).toContain('dateTime="2026-11-20T10:00:00.000Z" title="20 Nov 2026, 10:00:00 UTC"');
    expect(html).toContain('<span class="italic">the command line</span>');
    expect(html).toContain("account since deleted");
  });
});

import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { ExercisesTable } from "@/components/exercise/exercises-table";
import type { SubmissionComment } from "@/lib/submissions/comments";
import { blocks, CommentedFiles } from "./commented-files";
import { SubmissionFeedback } from "./submission-feedback";

vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh() {} }) }));

const evil = `<script>alert(1)</script><img src=x onerror=alert(2)>`;
const files = [{ path: "Dockerfile", content: "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n" }];

function comment(id: string, fields: Partial<SubmissionComment>): SubmissionComment {
  return {
    id,
    authorName: "Tara TA",
    body: "A comment",
    createdAt: new Date("2026-11-20T10:00:00Z"),
    seen: false,
    canDelete: false,
    ...fields,
  };
}

const onLine2 = comment("c1", { path: "Dockerfile", line: 2, body: `line one\n  ${evil}`, canDelete: true });
const whole = comment("c2", { body: "Good start.", seen: true, canDelete: true });

describe("blocks", () => {
  it("cuts a file's lines after each commented line, and once at the end", () => {
    expect(blocks(3, new Set())).toEqual([{ first: 1, last: 3 }]);
    expect(blocks(3, new Set([2]))).toEqual([
      { first: 1, last: 2 },
      { first: 3, last: 3 },
    ]);
    expect(blocks(3, new Set([1, 3]))).toEqual([
      { first: 1, last: 1 },
      { first: 2, last: 3 },
    ]);
  });
});

describe("CommentedFiles", () => {
  it("shows a line's comments between that line and the next, the body as text, never HTML", () => {
    const html = renderToStaticMarkup(
      <CommentedFiles submissionId="s1" files={files} comments={[onLine2]} reader="learner" />,
    );
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    const thread = html.indexOf('data-testid="line-comments"');
    expect(html.indexOf("WORKDIR /app")).toBeLessThan(thread);
    expect(html.indexOf("COPY . .")).toBeGreaterThan(thread);
    expect(html).toContain('data-line="2"');
    // The learner reads: no buttons on line numbers, no delete, and the unread comment is marked new.
    expect(html).not.toContain("<button");
    expect(html).toContain(">New<");
  });

  it("gives staff a button on every line number, named for the line, and delete on their own comments", () => {
    const html = renderToStaticMarkup(
      <CommentedFiles submissionId="s1" files={files} comments={[onLine2]} reader="staff" />,
    );
    for (const line of [1, 2, 3]) expect(html).toContain(`aria-label="Comment on line ${line} of Dockerfile"`);
    expect(html).toContain(">Delete<");
    expect(html).toContain("not seen yet");
    expect(html).not.toContain(">New<");
  });
});

describe("SubmissionFeedback", () => {
  it("is absent for a learner with no feedback", () => {
    const html = renderToStaticMarkup(
      <SubmissionFeedback submissionId="s1" thread={{ comments: [], canComment: false }} reader="learner" />,
    );
    expect(html).toBe("");
  });

  it("lists whole-submission comments and counts those on lines; only staff who may comment get the box", () => {
    const thread = { comments: [onLine2, whole], canComment: true };
    const learner = renderToStaticMarkup(<SubmissionFeedback submissionId="s1" thread={thread} reader="learner" />);
    expect(learner).toContain("Good start.");
    expect(learner).not.toContain("line one");
    expect(learner).toContain("1 comment is on lines of the files below.");
    expect(learner).not.toContain("<textarea");
    expect(learner).not.toContain(">Delete<");

    const staff = renderToStaticMarkup(<SubmissionFeedback submissionId="s1" thread={thread} reader="staff" />);
    expect(staff).toContain("<textarea");
    expect(staff).toContain('maxLength="5000"');
    expect(staff).toContain("seen by the learner");
    const readOnly = renderToStaticMarkup(
      <SubmissionFeedback submissionId="s1" thread={{ ...thread, canComment: false }} reader="staff" />,
    );
    expect(readOnly).not.toContain("<textarea");
  });
});

describe("the exercises index", () => {
  it("marks an exercise with unseen feedback, linking to the attempt it is on, and no other", () => {
    const entry = { title: "First image", summary: "Build one", progress: { status: "attempted" as const } };
    const html = renderToStaticMarkup(
      <ExercisesTable
        exercises={[
          { slug: "first-image", ...entry, newFeedback: "s1" },
          { slug: "layer-order", ...entry },
        ]}
        signedIn
      />,
    );
    expect(html).toContain('href="/exercises/first-image/history/s1"');
    expect(html).toContain('data-testid="new-feedback-first-image"');
    expect(html).not.toContain('data-testid="new-feedback-layer-order"');
  });
});

import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { StaffScope } from "@/lib/access/staff-scope";
import { diffFileSets } from "@/lib/file-sets/file-diff";
import type { ComparedLearner, SimilarityReport } from "@/lib/instructor/similarity";
import { SimilarityReportView } from "./similarity-report";

const alice: ComparedLearner = {
  id: "alice",
  name: "Alice <Archer>",
  submissionId: "s-alice",
  submittedAt: new Date("2026-11-20T10:00:00Z"),
};
const bob: ComparedLearner = { id: "bob", name: "Bob", submissionId: "s-bob", submittedAt: new Date("2026-11-21") };

const scope: StaffScope = {
  userId: "ivan",
  admin: false,
  canCreateClasses: true,
  classes: [{ id: "c1", name: "ML Ops", term: "Fall", role: "instructor", archived: false }],
};

const report: SimilarityReport = {
  slug: "first-image",
  title: "Your first ML service image",
  hasDockerfile: true,
  classFilter: { id: "c1", name: "ML Ops", term: "Fall" },
  learners: 12,
  nearReference: 3,
  threshold: 0.5,
  clusters: [
    {
      learners: [alice, bob],
      pairs: [{ a: "alice", b: "bob", score: 1 }],
      identical: true,
      diff: {
        from: alice,
        to: bob,
        score: 1,
        files: diffFileSets(
          [{ path: "Dockerfile", content: "FROM python:3.11-slim\nUSER predictor\n" }],
          [{ path: "Dockerfile", content: "# mine\nFROM python:3.11-slim\nuser svc\n" }],
        ),
      },
    },
  ],
};

describe("SimilarityReportView", () => {
  it("says similarity is not proof before any cluster", () => {
    const html = renderToStaticMarkup(<SimilarityReportView report={report} scope={scope} />);
    const note = html.indexOf('data-testid="not-proof"');
    expect(note).toBeGreaterThan(-1);
    expect(note).toBeLessThan(html.indexOf('data-testid="similarity-cluster"'));
    expect(html).toContain("Talk to the learner before concluding anything");
    expect(html).toContain("the starter code, the lesson&#x27;s own examples and common fixes");
  });

  it("shows each cluster's learners, scores and the raw files' diff, in captioned tables", () => {
    const html = renderToStaticMarkup(<SimilarityReportView report={report} scope={scope} />);
    expect(html).toContain("identical after normalisation");
    expect(html).toContain('href="/instructor/learners/alice"');
    expect(html).toContain('href="/instructor/submissions/s-bob"');
    expect(html).toContain("Alice &lt;Archer&gt;");
    expect(html).toContain('<caption class="sr-only">Learners in group 1</caption>');
    expect(html).toContain('scope="col"');
    expect(html).toContain(">100%<");
    // The diff shows the files as written, so the renamed user is visible.
    expect(html).toContain('data-diff="add"');
    expect(html).toContain("user svc");
    expect(html).toContain("Compared the latest Dockerfiles of 12 learners");
    expect(html).toContain('action="/instructor/exercises/first-image/similarity"');
  });

  it("says why a class the person does not teach is empty", () => {
    const html = renderToStaticMarkup(
      <SimilarityReportView
        report={{ ...report, classFilter: "not-taught", learners: 0, nearReference: 0, clusters: [] }}
        scope={scope}
      />,
    );
    expect(html).toContain("You do not teach this class, so it shows no learners.");
    expect(html).not.toContain('data-testid="similarity-cluster"');
  });
});

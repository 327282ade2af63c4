import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { LabSummary } from "@/lib/instructor/lab-stats";
import { LabsStatsTable, LabTasksTable } from "./labs-table";

const started: LabSummary = {
  slug: "keep-model-files",
  title: "Keep model files in a volume",
  started: 6,
  finished: 1,
  finishRate: 1 / 6,
  mostStuck: "train",
  tasks: [
    { id: "create-volume", title: "Create a volume", done: 5, doneShare: 5 / 6, stuck: 1 },
    { id: "train", title: "Train into it", done: 2, doneShare: 2 / 6, stuck: 3 },
    { id: "serve", title: "Serve from it", done: 1, doneShare: 1 / 6, stuck: 1 },
  ],
};
const untouched: LabSummary = {
  slug: "reclaim-disk-space",
  title: "Reclaim disk space",
  started: 0,
  finished: 0,
  tasks: [{ id: "df", title: "See what takes space", done: 0, stuck: 0 }],
};

describe("LabsStatsTable", () => {
  it("links each lab to its tasks on the page and names the task most learners are stuck at", () => {
    const html = renderToStaticMarkup(<LabsStatsTable labs={[started, untouched]} />);
    expect(html).toContain('href="/instructor/labs#lab-keep-model-files"');
    expect(html).toContain('data-started="6"');
    expect(html).toContain("17%");
    expect(html).toContain("Train into it (3)");
    // A lab nobody started has no rate and nobody stuck, said in words for screen readers.
    expect(html).toContain("nobody started yet");
    expect(html).toContain("nobody stuck");
  });
});

describe("LabTasksTable", () => {
  it("lists the tasks in order with learners done and stuck, the most stuck marked in words", () => {
    const html = renderToStaticMarkup(<LabTasksTable lab={started} />);
    expect([...html.matchAll(/data-task="([^"]+)"/g)].map((m) => m[1])).toEqual(["create-volume", "train", "serve"]);
    expect(html.replaceAll("<!-- -->", "")).toContain("2. Train into it");
    expect(html.match(/the most learners are stuck here/g)).toHaveLength(1);
    expect(html).toMatch(/data-task="train" data-done="2" data-stuck="3"/);
  });
});

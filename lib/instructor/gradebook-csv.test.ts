import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { Gradebook } from "./gradebook";
import { gradebookCsv, gradebookFilename } from "./gradebook-csv";

const columns: Gradebook["columns"] = [
  { key: "exercise:first-image", kind: "exercise", slug: "first-image", title: "Your first ML service image" },
  { key: "quiz:containers-vs-vms", kind: "quiz", slug: "containers-vs-vms", title: "Containers vs virtual machines" },
];

function gradebook(learners: { name: string; email: string; scores: (number | null)[] }[]): Gradebook {
  return {
    generatedAt: "2026-11-24T10:00:00.000Z",
    class: null,
    columns,
    learners: learners.map((l, i) => ({
      id: `learner-${i}`,
      name: l.name,
      email: l.email,
      scores: Object.fromEntries(columns.map((c, j) => [c.key, l.scores[j] ?? null])),
      notes: {},
    })),
  };
}

/** Strict RFC 4180 (csv-parse throws on a malformed file, so nothing parses by accident); records end in CRLF. */
function parseCsv(text: string): string[][] {
  return parse(text, { record_delimiter: "\r\n", relax_quotes: false, relax_column_count: false });
}

describe("gradebookCsv", () => {
  it("starts with a byte order mark and Canvas's student columns, then one column per exercise and quiz", () => {
    const csv = gradebookCsv(gradebook([{ name: "Ann", email: "ann@example.test", scores: [87.5, 100] }]));
    expect(csv.startsWith("\uFEFFStudent,ID,SIS User ID,SIS Login ID,Section,")).toBe(true);
    const [header, row, ...rest] = parseCsv(csv.slice(1));
    expect(header).toEqual([
      "Student",
      "ID",
      "SIS User ID",
      "SIS Login ID",
      "Section",
      "Exercise: Your first ML service image [first-image]",
      "Quiz: Containers vs virtual machines [containers-vs-vms]",
    ]);
    // No "Points Possible" row: Moodle would read it as a student without an identifier and abort the import.
    expect(row).toEqual(["Ann", "", "", "ann@example.test", "", "87.5", "100"]);
    expect(rest).toEqual([]);
  });

  it("leaves a cell empty, not 0, where the learner has no graded attempt, and writes a real 0 as 0", () => {
    const csv = gradebookCsv(gradebook([{ name: "Bo", email: "bo@example.test", scores: [null, 0] }]));
    expect(parseCsv(csv.slice(1))[1]!.slice(5)).toEqual(["", "0"]);
  });

  it("keeps commas, quotes and line breaks in names inside their cell", () => {
    const names = ['Smith, "Jo" Ann', "Line\nbreak", "Carriage\r\nreturn", "Zoë Ĳsselmeer 李"];
    const csv = gradebookCsv(
      gradebook(names.map((name, i) => ({ name, email: `p${i}@example.test`, scores: [50, null] }))),
    );
    const rows = parseCsv(csv.slice(1)).slice(1);
    expect(rows.map((r) => r[0])).toEqual(names);
    expect(rows.every((r) => r.length === 7)).toBe(true);
  });

  it("turns a name or email that starts like a spreadsheet formula into text", () => {
    const csv = gradebookCsv(
      gradebook([
        { name: '=HYPERLINK("http://evil.example","click")', email: "=1+1@example.test", scores: [10, 20] },
        { name: "+SUM(A1:A9)", email: "@x.example.test", scores: [null, null] },
        { name: "-2+3", email: "tab@example.test", scores: [null, null] },
      ]),
    );
    const rows = parseCsv(csv.slice(1)).slice(1);
    expect(rows.map((r) => [r[0], r[3]])).toEqual([
      ['\'=HYPERLINK("http://evil.example","click")', "'=1+1@example.test"],
      ["'+SUM(A1:A9)", "'@x.example.test"],
      ["'-2+3", "tab@example.test"],
    ]);
    // Scores are numbers and stay as written.
    expect(rows[0]!.slice(5)).toEqual(["10", "20"]);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
  });

  it("writes the header alone when there are no learners", () => {
    expect(parseCsv(gradebookCsv(gradebook([])).slice(1))).toHaveLength(1);
  });
});

describe("gradebookFilename", () => {
  it("names the file after the UTC day it was made", () => {
    expect(gradebookFilename(new Date("2026-11-24T23:30:00-05:00"))).toBe("dockyard-gradebook-2026-11-25.csv");
  });
});

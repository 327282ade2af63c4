import { stringify } from "csv-stringify/sync";
import type { Gradebook, GradebookColumn } from "./gradebook";

/**
 * The gradebook as one CSV file that both Canvas and Moodle import. Canvas wants its student columns first ("Student",
 * "ID", "SIS User ID", "SIS Login ID", "Section"), every later column an assignment, matched by title or created;
 * Moodle lets the teacher identify users by any column (id, idnumber, email, username) and map the rest to grade items
 * or ignore them. So:
 *
 * - Student: the learner's name, which Canvas matches when nothing else does.
 * - ID: empty. Canvas reads it as its own numeric user id (`to_i`), so a Dockyard id starting with digits would point
 *   at an unrelated Canvas user.
 * - SIS User ID: empty; Dockyard is not the institution's student information system. Section: empty (not read).
 * - SIS Login ID: the email, which Canvas matches against logins (emails at many institutions) and Moodle's teacher
 *   maps to "Email address". No separate email column: Canvas would take it for an assignment.
 * - Then one column per item, "Exercise: <title> [<slug>]": the slug keeps headers unique and stable, in square
 *   brackets because Canvas reads a trailing "(<digits>)" as an assignment id.
 *
 * Scores are percentages (0–100: each Canvas assignment worth 100 points); an empty cell means no graded attempt,
 * "no grade" to both, not 0. Early credit can score up to 200: Canvas keeps points above the possible as extra credit;
 * Moodle only where the site allows it ("unlimitedgrades"), else caps them. No "Points Possible" row (Moodle would read
 * a student with an empty identifier and abort the import) and no course total (both compute their own, and Canvas
 * would take it for one more assignment).
 *
 * A UTF-8 byte order mark makes Excel show accented names (Moodle strips it; Canvas still finds "Student"). Records end
 * in CRLF (RFC 4180). A cell that starts like a formula (=, +, -, @) gets an apostrophe, so a learner named
 * "=HYPERLINK(...)" stays text in a spreadsheet.
 */
const STUDENT_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] as const;

/** What a column is, in the CSV's headers and the gradebook table's. */
export const KIND_LABEL: Record<GradebookColumn["kind"], string> = { exercise: "Exercise", quiz: "Quiz", lab: "Lab" };

export function gradebookCsv({ columns, learners }: Gradebook): string {
  const header = [...STUDENT_COLUMNS, ...columns.map((c) => `${KIND_LABEL[c.kind]}: ${c.title} [${c.slug}]`)];
  const records = learners.map((l) => [l.name, "", "", l.email, "", ...columns.map((c) => l.scores[c.key] ?? null)]);
  return stringify([header, ...records], {
    bom: true,
    escape_formulas: true,
    record_delimiter: "windows",
    // With a record delimiter set, csv-stringify would quote only a cell holding CRLF; a name with a bare line
    // break must be quoted too, or it splits the learner's row in two.
    quote_record_delimiter: true,
  });
}

/** `dockyard-gradebook-YYYY-MM-DD.csv`, dated in UTC like every stored time. */
export function gradebookFilename(generatedAt: Date): string {
  return `dockyard-gradebook-${generatedAt.toISOString().slice(0, 10)}.csv`;
}

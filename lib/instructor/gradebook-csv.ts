import { stringify } from "csv-stringify/sync";
import type { Gradebook, GradebookColumn } from "./gradebook";

/**
 * The gradebook as one CSV file that both Canvas and Moodle import.
 *
 * Canvas's gradebook importer wants its student columns first: "Student" and "ID", then "SIS User ID" and
 * "SIS Login ID", ending with "Section"; every later column is an assignment, matched by title or created. Moodle's
 * CSV import lets the teacher pick any column to identify users by (id, idnumber, email address or username) and map
 * every other column to a grade item or ignore it. So:
 *
 * - Student: the learner's name. Canvas matches a student by name when nothing else matches.
 * - ID: empty. Canvas reads it as its own numeric user id (`to_i`), so a Dockyard id that starts with digits would
 *   point at an unrelated Canvas user.
 * - SIS User ID: empty; Dockyard is not the institution's student information system.
 * - SIS Login ID: the learner's email address. Canvas matches it against logins, which are emails at many
 *   institutions; in Moodle the teacher maps this column to "Email address". No separate email column, because
 *   Canvas would take any extra column for an assignment called "Email address".
 * - Section: empty (Canvas does not read it on import).
 * - One column per exercise, then per quiz: "Exercise: <title> [<slug>]". The slug keeps headers unique and stable,
 *   in square brackets because Canvas reads a trailing "(<digits>)" as an assignment id.
 *
 * Scores are percentages (0–100), so each Canvas assignment should be worth 100 points; an empty cell means no graded
 * attempt, which both systems read as "no grade" rather than 0. An assignment with early credit can score above 100
 * (up to 200): Canvas keeps points above the possible as extra credit; Moodle keeps them only where the site allows
 * grades above the maximum (its "unlimitedgrades" setting), and caps them otherwise.
 *
 * There is no "Points Possible" row: Canvas treats it as optional, but Moodle would read it as a student whose
 * identifier is empty and abort the whole import. There is no course total either: both systems compute their own,
 * and Canvas would take it for one more assignment.
 *
 * The file starts with a UTF-8 byte order mark so Excel shows accented names correctly; Moodle strips it and Canvas
 * (whose own exports can carry one) still finds "Student" in the first header. Records end in CRLF (RFC 4180). Every
 * cell that starts like a formula (=, +, -, @) is prefixed with an apostrophe, so a learner named "=HYPERLINK(...)"
 * stays text in a spreadsheet.
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

/** How the CSV goes into Canvas and Moodle; the format's reasons are in lib/instructor/gradebook-csv.ts. */
export function ImportHelp() {
  return (
    <details className="mt-4 max-w-3xl text-sm text-slate-700 dark:text-slate-300" data-testid="gradebook-import-help">
      <summary className="cursor-pointer font-medium">Importing the CSV into Canvas or Moodle</summary>
      <p className="mt-2">
        The file has Canvas&apos;s student columns (Student, ID, SIS User ID, SIS Login ID, Section) with the
        learner&apos;s email address as the SIS Login ID, then one column per exercise and quiz named{" "}
        <q>Exercise: title [slug]</q> or <q>Quiz: title [slug]</q>. Scores are percentages, so give each assignment or
        grade item a maximum of 100 points.
      </p>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        <li>
          <strong>Canvas</strong>: Grades → Import, choose the file. Learners are matched by login (where logins are
          email addresses) or by name; a column whose title matches no assignment becomes a new assignment.
        </li>
        <li>
          <strong>Moodle</strong>: Grades → Import → CSV file. Under <q>Identify user by</q>, map from{" "}
          <q>SIS Login ID</q> to <q>Email address</q>, map each Exercise and Quiz column to a grade item (or a new one),
          and leave the other columns ignored.
        </li>
      </ul>
      <p className="mt-2">An empty cell means no graded attempt yet; it is not a 0.</p>
    </details>
  );
}

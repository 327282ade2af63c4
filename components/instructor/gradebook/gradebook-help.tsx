import { ScrollRegion } from "@/components/layout/scroll-region";
import type { GradebookAccess } from "@/lib/instructor/gradebook";
import { PageSection } from "../page-section";

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

const code = "block overflow-x-auto rounded bg-slate-100 p-3 font-mono text-xs dark:bg-slate-900";

/** How a script reads the gradebook: the API's address and a curl call that carries the instructor's session. */
export function GradebookApiAccess({ access }: { access: GradebookAccess }) {
  const curl = `curl --fail --cookie "${access.sessionCookie}=<your session cookie>" ${access.jsonUrl}`;
  return (
    <PageSection id="gradebook-api" title="For scripts: the JSON API" className="mt-8 max-w-3xl">
      <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
        <code>GET</code>{" "}
        <code className="break-all" data-testid="gradebook-json-url">
          {access.jsonUrl}
        </code>{" "}
        answers{" "}
        <code>{"{ generatedAt, columns: [{ key, kind, slug, title }], learners: [{ id, name, email, scores }] }"}</code>
        , where <code>scores</code> maps each column&apos;s key to the best percentage or <code>null</code>. It needs a
        signed-in instructor&apos;s session: copy the value of the <code>{access.sessionCookie}</code> cookie from your
        browser&apos;s developer tools (Application → Cookies) and keep it secret, it signs in as you.
      </p>
      <ScrollRegion as="pre" label="curl command" className={`mt-3 ${code}`} data-testid="gradebook-curl">
        {curl}
      </ScrollRegion>
      <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
        The same cookie downloads the CSV: <code className="break-all">{access.csvUrl}</code>.
      </p>
    </PageSection>
  );
}

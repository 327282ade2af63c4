import { ScrollRegion } from "@/components/layout/scroll-region";
import type { GradebookAccess } from "@/lib/instructor/gradebook";

const code = "block overflow-x-auto rounded bg-slate-100 p-3 font-mono text-xs dark:bg-slate-900";

/** How a script reads the gradebook: the API's address and a curl call that carries the instructor's session. */
export function GradebookApiAccess({ access }: { access: GradebookAccess }) {
  const curl = `curl --fail --cookie "${access.sessionCookie}=<your session cookie>" ${access.jsonUrl}`;
  return (
    <section aria-labelledby="gradebook-api" className="mt-8 max-w-3xl">
      <h2 id="gradebook-api" className="text-xl font-semibold">
        For scripts: the JSON API
      </h2>
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
    </section>
  );
}

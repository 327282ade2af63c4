/**
 * "Sign in with <institution>" for each institution an admin set up and turned on: plain links to the start of its
 * sign-in (a navigation, since the provider's page comes next), and the words for a sign-in that was refused.
 */
export function InstitutionSignIn({
  institutions,
  problem,
  next,
}: {
  institutions: { id: string; name: string }[];
  problem?: string;
  next: string;
}) {
  if (institutions.length === 0 && !problem) return null;
  return (
    <div className="mx-auto mb-8 max-w-sm space-y-3">
      <ProblemBox problem={problem} testId="institution-problem" />
      {institutions.length > 0 && (
        <ul className="space-y-2" aria-label="Sign in through your institution">
          {institutions.map((i) => (
            <li key={i.id}>
              <a
                href={`/api/auth-institution/${encodeURIComponent(i.id)}/start?next=${encodeURIComponent(next)}`}
                className={
                  "block w-full rounded border border-slate-300 bg-white px-4 py-2 text-center font-medium " +
                  "hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
                }
              >
                Sign in with {i.name}
              </a>
            </li>
          ))}
        </ul>
      )}
      {institutions.length > 0 && (
        <p className="text-center text-sm text-slate-600 dark:text-slate-400">or with your e-mail and password</p>
      )}
    </div>
  );
}

/** A refused sign-in (or form) in a red box, read out at once (role="alert"); nothing while there is none. */
export function ProblemBox(props: { problem?: string | null; testId?: string; className?: string }) {
  if (!props.problem) return null;
  return (
    <p
      role="alert"
      data-testid={props.testId}
      className={
        `${props.className ?? ""} rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800 ` +
        "dark:border-red-800 dark:bg-red-950 dark:text-red-200"
      }
    >
      {props.problem}
    </p>
  );
}

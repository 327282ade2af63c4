import type { Metadata } from "next";
import Link from "next/link";
import { labPlaces } from "@/components/labs/lab-places";
import { currentUser } from "@/lib/auth/current-user";
import { loadCourse } from "@/lib/content/load-course";
import { type LabProgress, labProgress } from "@/lib/labs/lab-progress";
import { listLabs } from "@/lib/labs/load-lab";

export const metadata: Metadata = {
  title: "Labs",
  description: "Hands-on labs: a Docker host of your own in the browser, with tasks checked from its real state.",
};

export const dynamic = "force-dynamic";

export default async function LabsPage() {
  const [user, labs, course] = await Promise.all([currentUser(), listLabs(), loadCourse()]);
  const progress = user ? await labProgress(user.id, labs) : {};
  return (
    <div className="mx-auto max-w-4xl">
      <h1 className="text-4xl font-bold tracking-tight">Labs</h1>
      <p className="mt-3 text-lg text-slate-600 dark:text-slate-300">
        Each lab gives you a Docker host of your own with a terminal in the page. You work through its tasks with real
        containers, networks and volumes, and each task turns green as soon as your Docker host shows it done.
      </p>
      {!user && (
        <p className="mt-4 text-sm" data-testid="sign-in-for-progress">
          <Link href="/sign-in?next=/labs" className="font-medium text-brand-600 underline dark:text-sky-300">
            Sign in
          </Link>{" "}
          to start a lab and keep track of the tasks you have done.
        </p>
      )}
      <ul className="mt-8 space-y-4" data-testid="labs-list">
        {labPlaces(labs, course).map((lab) => (
          <li
            key={lab.slug}
            data-lab={lab.slug}
            className="min-w-0 rounded-lg border border-slate-200 p-4 dark:border-slate-700"
          >
            <h2 className="text-lg font-semibold">
              <Link className="hover:underline" href={`/labs/${lab.slug}`}>
                {lab.title}
              </Link>
            </h2>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
              About {lab.minutes} min · {lab.tasks} tasks
              {lab.module && (
                <>
                  {" "}
                  · Module:{" "}
                  <Link className="underline" href={`/modules/${lab.module.slug}`}>
                    {lab.module.title}
                  </Link>
                </>
              )}
              {lab.lesson && (
                <>
                  {" "}
                  · Lesson:{" "}
                  <Link className="underline" href={`/lessons/${lab.lesson.slug}`}>
                    {lab.lesson.title}
                  </Link>
                </>
              )}
            </p>
            <p className="mt-2">{lab.summary}</p>
            {user && <ProgressNote progress={progress[lab.slug]} />}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ProgressNote({ progress }: { progress: LabProgress | undefined }) {
  if (!progress) return null;
  return (
    <p
      className={`mt-2 text-sm font-medium ${progress.finished ? "text-green-800 dark:text-green-300" : ""}`}
      data-testid="lab-progress"
      data-finished={String(progress.finished)}
    >
      {progress.finished
        ? `Finished ✓ all ${progress.total} tasks`
        : progress.done === 0
          ? "Not started"
          : `${progress.done} of ${progress.total} tasks done`}
    </p>
  );
}

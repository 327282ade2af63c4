import type { Metadata } from "next";
import Link from "next/link";
import { keptLabFacts, keptUsage } from "@/components/labs/kept-lab-words";
import { KeptLabsList } from "@/components/labs/kept-labs-list";
import { labPlaces } from "@/components/labs/lab-places";
import { currentUser } from "@/lib/auth/current-user";
import { loadCourse } from "@/lib/content/load-course";
import { keptLabsView } from "@/lib/labs/kept-labs";
import { type LabProgress, labProgress } from "@/lib/labs/lab-progress";
import { isPlayground } from "@/lib/labs/lab-schema";
import { liveLab } from "@/lib/labs/lab-view";
import { listLabs } from "@/lib/labs/load-lab";
import type { SessionStatus } from "@/lib/sessions/session-lifecycle";

export const metadata: Metadata = {
  title: "Labs",
  description: "Hands-on labs: a Docker host of your own in the browser, with tasks checked from its real state.",
};

export const dynamic = "force-dynamic";

export default async function LabsPage() {
  const [user, allLabs, course] = await Promise.all([currentUser(), listLabs(), loadCourse()]);
  // The playground, a lab with no tasks to try anything on, is offered at the top, not among the course's labs.
  const labs = allLabs.filter((lab) => !isPlayground(lab));
  const playground = allLabs.find(isPlayground);
  const [progress, live, kept] = await Promise.all([
    user ? labProgress(user.id, labs) : ({} as Record<string, LabProgress>),
    user ? liveLab(user.id) : null,
    user ? keptLabsView(user.id) : null,
  ]);
  const places = labPlaces(labs, course);
  const open =
    live &&
    (places.find((lab) => lab.slug === live.slug) ??
      (playground && live.slug === playground.slug
        ? { slug: playground.slug, title: playground.spec.title }
        : undefined));
  const now = new Date();
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
      {playground && (
        <p className="mt-6 rounded-lg border border-slate-200 p-4 dark:border-slate-700" data-testid="playground-link">
          <Link className="text-lg font-semibold underline" href={`/labs/${playground.slug}`}>
            Open the playground
          </Link>
          <span className="mt-1 block text-slate-600 dark:text-slate-300">
            A Docker host with no tasks: try any command from the lessons, with the course&apos;s images, a registry and
            the package mirror. Your work is kept like any lab&apos;s.
          </span>
        </p>
      )}
      {open && live && (
        <p
          className="mt-6 rounded-lg border border-brand-500 bg-sky-50 p-4 dark:bg-slate-900"
          data-testid="open-lab"
          data-lab={open.slug}
        >
          Your lab{" "}
          <Link className="font-medium underline" href={`/labs/${open.slug}`}>
            {open.title}
          </Link>{" "}
          is {SAID[live.status]}. Go back to it to carry on, or close it there when you are done.
        </p>
      )}
      {kept && (
        <KeptLabsList
          labs={kept.labs.map((lab) => ({
            slug: lab.slug,
            title: lab.title,
            open: lab.open,
            ...keptLabFacts(lab, now),
          }))}
          usage={keptUsage(kept)}
        />
      )}
      <ul className="mt-8 space-y-4" data-testid="labs-list">
        {places.map((lab) => (
          <li
            key={lab.slug}
            data-lab={lab.slug}
            className="min-w-0 rounded-lg border border-slate-200 p-4 dark:border-slate-700"
          >
            <h2 className="text-lg font-semibold">
              <Link className="hover:underline" href={`/labs/${lab.slug}`}>
                {lab.title}
              </Link>
              {lab.slug === open?.slug && (
                <span className="ml-2 rounded bg-brand-600 px-1.5 py-0.5 text-xs font-medium text-white">Open now</span>
              )}
            </h2>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
              About {lab.minutes} min · {lab.tasks} tasks
              {lab.module && <Place label="Module" href={`/modules/${lab.module.slug}`} title={lab.module.title} />}
              {lab.lesson && <Place label="Lesson" href={`/lessons/${lab.lesson.slug}`} title={lab.lesson.title} />}
            </p>
            <p className="mt-2">{lab.summary}</p>
            {user && <ProgressNote progress={progress[lab.slug]} />}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A live lab's status as the sentence "Your lab X is …" ends. */
const SAID: Record<SessionStatus, string> = {
  queued: "waiting for a lab machine",
  starting: "starting",
  open: "open",
  closed: "closed",
};

/** " · Module: <its title, linked>" in a lab's line. */
function Place({ label, href, title }: { label: string; href: string; title: string }) {
  return (
    <>
      {" "}
      · {label}:{" "}
      <Link className="underline" href={href}>
        {title}
      </Link>
    </>
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

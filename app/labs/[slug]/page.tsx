import type { Metadata } from "next";
import Link from "next/link";
import { DeadlineBanner } from "@/components/due/deadline-banner";
import { LearnerHelp } from "@/components/help/learner-help";
import { orNotFound } from "@/components/history/or-not-found";
import { PageSection } from "@/components/instructor/page-section";
import { keptLabFacts, keptTermsSentence } from "@/components/labs/kept-lab-words";
import { LabMarkdown } from "@/components/labs/lab-markdown";
import { labPlaces, lessonLink } from "@/components/labs/lab-places";
import { LabWorkspace } from "@/components/labs/lab-workspace";
import { ScrollRegion } from "@/components/layout/scroll-region";
import { HelpClosedNote } from "@/components/timed/help-closed-note";
import { TimedPanel } from "@/components/timed/timed-panel";
import { WarmUpNotice } from "@/components/warm-up/warm-up-notice";
import { currentUser } from "@/lib/auth/current-user";
import { loadCourse } from "@/lib/content/load-course";
import { MAX_TRY_COMMAND_LENGTH } from "@/lib/content/playground-command";
import { keptLabsView, keptLabTerms } from "@/lib/labs/kept-labs";
import { LAB_LIMITS } from "@/lib/labs/lab-limits";
import { isPlayground } from "@/lib/labs/lab-schema";
import { labView } from "@/lib/labs/lab-view";
import { loadLab } from "@/lib/labs/load-lab";
import { MIRROR_PROJECTS } from "@/lib/platform/package-mirror";
import { currentWarmUp } from "@/lib/platform/warm-up-store";
import { readerTimed } from "@/lib/timed/timed-windows";

// Whose lab is live and which tasks are done differ per reader.
export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const lab = await orNotFound(loadLab((await params).slug));
  return { title: `Lab: ${lab.spec.title}`, description: lab.spec.summary };
}

const minutes = (seconds: number) => `${Math.round(seconds / 60)} minutes`;
const gigabytes = (bytes: number) => `${(bytes / 1024 ** 3).toLocaleString("en", { maximumFractionDigits: 1 })} GB`;

export default async function LabPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ try?: string | string[] }>;
}) {
  const { slug } = await params;
  const asked = (await searchParams).try;
  const [lab, course, user, warmUp] = await Promise.all([
    orNotFound(loadLab(slug)),
    loadCourse(),
    currentUser(),
    currentWarmUp(),
  ]);
  const [view, keptView, timed] = user
    ? await Promise.all([labView(user, slug), keptLabsView(user.id), readerTimed(user, { kind: "lab", item: slug })])
    : [null, null, undefined];
  const terms = keptView ?? (await keptLabTerms());
  // A kept lab a session holds is the live lab's own disk: nothing to offer before Start.
  const kept = keptView?.labs.find((k) => k.slug === slug && !k.open);
  const [place] = labPlaces([lab], course);
  const playground = isPlayground(lab);
  // A lesson's example to try: shown as text to copy, never typed for the learner (the terminal is theirs).
  const tryCommand = playground && typeof asked === "string" && asked.length <= MAX_TRY_COMMAND_LENGTH ? asked : null;
  const tasks = lab.spec.tasks.map((t) => ({
    id: t.id,
    title: t.title,
    goal: t.goal,
    lesson: lessonLink(t.lesson, course),
  }));

  return (
    <>
      <div className="mx-auto max-w-4xl">
        <p className="text-sm text-slate-500 dark:text-slate-400">
          <Link className="hover:underline" href="/labs">
            Lab
          </Link>{" "}
          {playground ? " · no tasks: try anything" : ` · about ${lab.spec.minutes} min · ${tasks.length} tasks`}
          {place?.lesson && (
            <>
              {" "}
              · from the lesson{" "}
              <Link className="hover:underline" href={`/lessons/${place.lesson.slug}`}>
                {place.lesson.title}
              </Link>
            </>
          )}
        </p>
        <h1 className="mt-1 text-4xl font-bold tracking-tight">{lab.spec.title}</h1>
        <p className="mt-3 text-lg text-slate-600 dark:text-slate-300">{lab.spec.summary}</p>
        {user && <DeadlineBanner userId={user.id} kind="lab" itemSlug={slug} />}
        {timed && <TimedPanel kind="lab" itemSlug={slug} initial={timed} />}
        <PageSection id="lab-goal-title" title="The goal" className="mt-6">
          <LabMarkdown text={lab.spec.goal} className="mt-2 space-y-3 leading-7" />
        </PageSection>

        {tryCommand && (
          <PageSection id="try-title" title="From the lesson" className="mt-6" testId="try-command">
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
              Start your playground, then type or paste this command into its terminal:
            </p>
            <ScrollRegion
              as="pre"
              label="Command from the lesson"
              className="mt-2 overflow-x-auto rounded bg-slate-100 p-3 text-sm dark:bg-slate-800"
            >
              <code>{tryCommand}</code>
            </ScrollRegion>
          </PageSection>
        )}

        <WarmUpNotice kind="lab" initial={warmUp} />
      </div>
      {/* The whole width: the tasks and the terminal side by side on a wide screen. */}
      <LabWorkspace
        slug={slug}
        tasks={tasks}
        signedIn={!!user}
        live={view?.lab ?? null}
        elsewhere={view?.elsewhere ?? null}
        tasksDone={view?.tasksDone ?? []}
        kept={kept ? keptLabFacts(kept) : null}
      />
      {user &&
        (timed?.helpClosed ? (
          <HelpClosedNote className="mx-auto mt-8 max-w-4xl" />
        ) : (
          <LearnerHelp userId={user.id} kind="lab" slug={slug} className="mx-auto mt-8 max-w-4xl" />
        ))}

      <PageSection
        id="lab-limits-title"
        title="How long a lab lives, and what it has"
        className="mx-auto mt-6 max-w-4xl"
        heading="font-semibold"
      >
        <ul
          className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-600 dark:text-slate-400"
          data-testid="lab-limits"
        >
          <li data-testid="lab-kept-terms">
            Your lab closes after {minutes(LAB_LIMITS.idleSeconds)} without typing, or{" "}
            {minutes(LAB_LIMITS.totalSeconds)} after it opened. {keptTermsSentence(terms)}
          </li>
          <li>
            Leaving the page does not close it: come back within those times and you find it as you left it. Close it
            yourself when you are done.
          </li>
          <li>Tasks you have done stay done: a lab started later shows them ticked, whatever its Docker host holds.</li>
          <li>
            It has {gigabytes(LAB_LIMITS.memoryBytes)} of memory, {LAB_LIMITS.cpus} CPU and{" "}
            {gigabytes(LAB_LIMITS.diskBytes)} of disk for everything in it, and no internet: it cannot pull images, so
            it starts with the ones its tasks need. You can have{" "}
            {LAB_LIMITS.perUser === 1 ? "one lab" : `${LAB_LIMITS.perUser} labs`} at a time.
          </li>
          <li data-testid="lab-mirror">
            No internet, but <code>pip install</code> (in a build or a container) reaches the course&apos;s package
            mirror, which holds these projects, one version each:{" "}
            {MIRROR_PROJECTS.map((p) => `${p.name} ${p.version}`).join(", ")}. Anything else, such as requests or torch,
            is not there, and pip stops with &quot;from versions: none&quot;: install one of these instead, and pin it
            to the version listed (another version is not there either).
          </li>
          <li>
            Editors in the terminal: <code>nano</code> (the keys it takes are listed at the bottom of its screen; Ctrl+O
            saves, Ctrl+X leaves) and <code>vim</code>.
          </li>
        </ul>
      </PageSection>
    </>
  );
}

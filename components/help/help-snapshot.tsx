import { ScrollRegion } from "@/components/layout/scroll-region";
import type { EngineSnapshot } from "@/lib/help/engine-snapshot";
import type { ExerciseSnapshot, HelpSnapshot, LabSnapshot } from "@/lib/help/help-protocol";

const heading = "mt-4 text-sm font-semibold";
const list = "mt-1 list-disc space-y-0.5 pl-5 text-sm wrap-anywhere";
const muted = "text-slate-600 dark:text-slate-400";

/** What a request for help carried, as plain text throughout: the output and names in it are the learner's. */
export function HelpSnapshotView({ snapshot }: { snapshot: HelpSnapshot }) {
  return (
    <div data-testid="help-snapshot">
      {snapshot.kind === "lab" ? <LabPart lab={snapshot.lab} /> : <AttemptPart exercise={snapshot.exercise} />}
    </div>
  );
}

function LabPart({ lab }: { lab: LabSnapshot }) {
  return (
    <>
      {lab.tasks.length > 0 && (
        <>
          <h3 className={heading}>Tasks</h3>
          <ul className="mt-1 space-y-0.5 text-sm wrap-anywhere" data-testid="help-tasks">
            {lab.tasks.map((task) => (
              <li key={task.id} data-done={task.done}>
                <span aria-hidden="true">{task.done ? "✓ " : "○ "}</span>
                {task.title}
                <span className="sr-only">{task.done ? " (done)" : " (not done)"}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3 className={heading}>The lab&apos;s Docker engine</h3>
      <EnginePart engine={lab.engine} />
      <h3 className={heading}>Recent terminal output</h3>
      {lab.output ? (
        <>
          <p className={`text-xs ${muted}`}>
            {lab.outputFrom === "live"
              ? "From the lab that was open when the question was asked."
              : "From the learner's latest lab of this kind; none was open when the question was asked."}
          </p>
          <ScrollRegion
            as="pre"
            label="Recent terminal output"
            className={
              "mt-1 max-h-96 overflow-auto whitespace-pre-wrap wrap-anywhere rounded bg-slate-950 p-3 text-xs " +
              "text-slate-100"
            }
            data-testid="help-output"
          >
            {lab.output}
          </ScrollRegion>
        </>
      ) : (
        <p className={`text-sm ${muted}`} data-testid="help-output">
          No terminal output: the learner had not opened this lab.
        </p>
      )}
    </>
  );
}

function EnginePart({ engine }: { engine: EngineSnapshot }) {
  if (engine.kind === "unread") {
    return (
      <p className={`text-sm ${muted}`} data-testid="help-engine" data-state="unread">
        Not read: {engine.reason}.
      </p>
    );
  }
  const nothing = (what: string) => <p className={`text-sm ${muted}`}>No {what}.</p>;
  return (
    <div data-testid="help-engine" data-state="read">
      <p className={`text-xs ${muted}`}>
        Read at <time dateTime={engine.readAt}>{engine.readAt.replace("T", " ").slice(0, 19)} UTC</time>
        {engine.truncated && "; some lists were too long and were cut"}.
      </p>
      <h4 className="mt-2 text-sm font-medium">Containers</h4>
      {engine.containers.length === 0 ? (
        nothing("containers")
      ) : (
        <ul className={list} data-testid="help-containers">
          {engine.containers.map((c) => (
            <li key={c.name}>
              <code>{c.name}</code> from <code>{c.image}</code>: {c.status}
              {c.status === "exited" && ` (code ${c.exitCode})`}
              {c.ports.length > 0 && <>, ports {c.ports.join(", ")}</>}
              {c.networks.length > 0 && <>, networks {c.networks.join(", ")}</>}
            </li>
          ))}
        </ul>
      )}
      {(
        [
          ["Images", "images", engine.images],
          ["Volumes", "volumes", engine.volumes],
          ["Networks", "networks", engine.networks],
        ] as const
      ).map(([title, what, names]) => (
        <div key={what}>
          <h4 className="mt-2 text-sm font-medium">{title}</h4>
          {names.length === 0 ? (
            nothing(what)
          ) : (
            <ul className={list} data-testid={`help-${what}`}>
              {names.map((name) => (
                <li key={name}>
                  <code>{name}</code>
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </div>
  );
}

function AttemptPart({ exercise }: { exercise: ExerciseSnapshot }) {
  const { attempt } = exercise;
  if (!attempt) {
    return (
      <p className={`mt-4 text-sm ${muted}`} data-testid="help-attempt">
        No attempt yet: the learner had not submitted this exercise.
      </p>
    );
  }
  const score = attempt.score === null ? "no score" : `score ${Math.round(attempt.score * 100)}%`;
  return (
    <div data-testid="help-attempt">
      <h3 className={heading}>Attempt {attempt.number}</h3>
      <p className="text-sm">
        {attempt.status}, {score}, submitted{" "}
        <time dateTime={attempt.createdAt}>{attempt.createdAt.replace("T", " ").slice(0, 16)} UTC</time>
      </p>
      {attempt.errorMessage && <p className={`text-sm ${muted}`}>{attempt.errorMessage}</p>}
      {attempt.findings.length === 0 ? (
        <p className={`text-sm ${muted}`}>No check failed.</p>
      ) : (
        <ul className={list} data-testid="help-findings">
          {attempt.findings.map((finding, i) => (
            // Titles may repeat (one check for several files): the place in the list names each.
            // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed once written.
            <li key={i}>
              <span className="font-medium">{finding.title}</span>: {finding.message}
            </li>
          ))}
        </ul>
      )}
      {attempt.moreFindings > 0 && (
        <p className={`text-sm ${muted}`}>
          And {attempt.moreFindings} more failed {attempt.moreFindings === 1 ? "check" : "checks"}.
        </p>
      )}
    </div>
  );
}

"use client";

import { useEffect, useMemo, useRef } from "react";
import { type LogSection, splitLog } from "./split-log";

const STATE_TONE: Record<LogSection["state"], string> = {
  running: "after:text-sky-300",
  done: "after:text-emerald-300",
  cached: "after:text-slate-400",
  error: "after:text-red-300",
  text: "",
};
/** Within this many pixels of the bottom, the learner is following the log and new output scrolls it. */
const FOLLOW_SLACK_PX = 32;

/**
 * The build log, one foldable section per BuildKit step or stretch of the runner's text; its text is the log's own
 * lines (state labels drawn by CSS), so copying it reads as the log. Live, it follows unless the learner scrolled up.
 */
export function BuildLog({ log, live }: { log: string; live: boolean }) {
  const sections = useMemo(() => splitLog(log), [log]);
  const ref = useRef<HTMLDivElement>(null);
  const following = useRef(true);

  // biome-ignore lint/correctness/useExhaustiveDependencies: new log text is what should scroll the log down.
  useEffect(() => {
    const box = ref.current;
    if (box && live && following.current) box.scrollTo({ top: box.scrollHeight });
  }, [log, live]);

  return (
    // biome-ignore lint/a11y/useSemanticElements: a <section> would need a heading; the region names the log.
    <div
      ref={ref}
      data-testid="build-log"
      role="region"
      aria-label="Build log"
      onScroll={(e) => {
        const box = e.currentTarget;
        following.current = box.scrollHeight - box.scrollTop - box.clientHeight < FOLLOW_SLACK_PX;
      }}
      className="max-h-96 overflow-auto rounded bg-slate-950 p-2 font-mono text-xs text-slate-100"
    >
      {sections.length === 0 && <p className="p-1">Waiting for output…</p>}
      {sections.map((section, i) => {
        const last = i === sections.length - 1;
        const open = section.state === "error" || last || (live && section.state === "running");
        return (
          <details
            // The open state is the learner's once rendered; a key per state opens a newly failed or running step.
            key={`${section.key}-${open}`}
            open={open}
            data-log-section={section.kind}
            data-state={section.state}
            className="border-b border-slate-800 last:border-b-0"
          >
            <summary
              data-state-label={section.state === "text" ? "" : section.state}
              className={
                "cursor-pointer break-all px-1 py-1 hover:bg-slate-900 " +
                (section.state === "error" ? "text-red-300 " : "") +
                (section.kind === "step"
                  ? `after:ml-2 after:rounded after:bg-slate-800 after:px-1 after:content-[attr(data-state-label)] ${
                      STATE_TONE[section.state]
                    }`
                  : "text-slate-300")
              }
            >
              {`${section.title}\n`}
            </summary>
            {section.lines.length > 0 && (
              <pre className="whitespace-pre-wrap break-all px-1 pb-1 pl-4 text-slate-300">
                {`${section.lines.join("\n")}\n`}
              </pre>
            )}
          </details>
        );
      })}
    </div>
  );
}

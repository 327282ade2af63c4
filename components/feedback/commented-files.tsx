"use client";

import { Fragment, useRef, useState } from "react";
import { ScrollRegion } from "@/components/layout/scroll-region";
import type { SubmittedFile } from "@/lib/file-sets/validate-files";
import { fileLines } from "@/lib/submissions/comment-rules";
import type { SubmissionComment } from "@/lib/submissions/comments";
import { CommentForm } from "./comment-form";
import { CommentList, type CommentReader } from "./comment-list";

const caption =
  "border-b border-slate-200 bg-slate-50 px-3 py-1 font-mono text-sm dark:border-slate-700 dark:bg-slate-900";
const gutter = "inline-block w-10 select-none pr-3 text-right text-slate-500 dark:text-slate-400";

/**
 * A submission's files, read-only with line numbers, each line's comments right under it. Staff get a button on
 * every line number that opens a comment box under that line. The code scrolls sideways on a narrow screen; the
 * comments between its lines wrap instead, so the code is cut into blocks at each commented line.
 */
export function CommentedFiles({
  submissionId,
  files,
  comments,
  reader,
}: {
  submissionId: string;
  files: SubmittedFile[];
  /** The comments on lines; those on the whole submission are shown elsewhere. */
  comments: SubmissionComment[];
  reader: CommentReader;
}) {
  const [open, setOpen] = useState<{ path: string; line: number }>();
  // The line number that opened the box: keyboard focus goes back to it when the box closes.
  const opener = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(undefined);
    opener.current?.focus();
  };
  return (
    <div className="space-y-4">
      {files.map((file) => {
        const lines = fileLines(file.content);
        const onFile = comments.filter((c) => c.path === file.path);
        const openLine = open?.path === file.path ? open.line : undefined;
        const breaks = new Set([...onFile.map((c) => c.line), openLine].filter((l) => l !== undefined));
        return (
          <figure
            key={file.path}
            className="overflow-hidden rounded border border-slate-200 dark:border-slate-700"
            data-testid="attempt-file"
            data-path={file.path}
          >
            <figcaption className={caption}>{file.path}</figcaption>
            {lines.length === 0 ? (
              <p className="px-3 py-2 text-sm text-slate-500 dark:text-slate-400">(empty file)</p>
            ) : (
              blocks(lines.length, breaks).map(({ first, last }) => (
                <Fragment key={first}>
                  <ScrollRegion
                    as="pre"
                    label={`${file.path}, lines ${first} to ${last}`}
                    className="overflow-x-auto py-1 font-mono text-xs leading-5"
                  >
                    <code>
                      {lines.slice(first - 1, last).map((text, i) => {
                        const line = first + i;
                        return (
                          <span key={line}>
                            {reader === "staff" ? (
                              <button
                                type="button"
                                className={`${gutter} hover:text-brand-600 hover:underline dark:hover:text-sky-300`}
                                aria-label={`Comment on line ${line} of ${file.path}`}
                                aria-expanded={openLine === line}
                                title="Comment on this line"
                                onClick={(event) => {
                                  opener.current = event.currentTarget;
                                  setOpen(openLine === line ? undefined : { path: file.path, line });
                                }}
                              >
                                {line}
                              </button>
                            ) : (
                              <span aria-hidden="true" className={gutter}>
                                {line}
                              </span>
                            )}
                            {`${text}\n`}
                          </span>
                        );
                      })}
                    </code>
                  </ScrollRegion>
                  {breaks.has(last) && (
                    <section
                      aria-label={`Comments on line ${last} of ${file.path}`}
                      className="space-y-2 border-y border-slate-200 px-3 py-2 dark:border-slate-700"
                      data-testid="line-comments"
                      data-line={last}
                    >
                      <CommentList
                        submissionId={submissionId}
                        comments={onFile.filter((c) => c.line === last)}
                        reader={reader}
                      />
                      {openLine === last && (
                        <CommentForm
                          submissionId={submissionId}
                          place={{ path: file.path, line: last }}
                          onDone={close}
                        />
                      )}
                    </section>
                  )}
                </Fragment>
              ))
            )}
          </figure>
        );
      })}
    </div>
  );
}

/** Lines 1..count cut into runs, each ending at a line in `breaks` (or at the file's end). */
export function blocks(count: number, breaks: ReadonlySet<number>): { first: number; last: number }[] {
  const runs: { first: number; last: number }[] = [];
  let first = 1;
  for (let line = 1; line <= count; line++) {
    if (breaks.has(line) || line === count) {
      runs.push({ first, last: line });
      first = line + 1;
    }
  }
  return runs;
}

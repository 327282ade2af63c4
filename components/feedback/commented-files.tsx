"use client";

import { Fragment, useRef, useState } from "react";
import { FileFigure, GUTTER } from "@/components/history/file-listing";
import { ScrollRegion } from "@/components/layout/scroll-region";
import type { SubmittedFile } from "@/lib/file-sets/validate-files";
import type { SubmissionComment } from "@/lib/submissions/comments";
import { CommentForm } from "./comment-form";
import { CommentList, type ThreadProps } from "./comment-list";

/** A submission's files, each line's comments under it (the code cut into blocks there); staff comment by number. */
export function CommentedFiles({
  submissionId,
  files,
  comments,
  reader,
}: ThreadProps & {
  files: SubmittedFile[];
  /** The comments on lines; those on the whole submission are shown elsewhere. */
  comments: SubmissionComment[];
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
        const onFile = comments.filter((c) => c.path === file.path);
        const openLine = open?.path === file.path ? open.line : undefined;
        const breaks = new Set([...onFile.map((c) => c.line), openLine].filter((l) => l !== undefined));
        return (
          <FileFigure key={file.path} file={file}>
            {(lines) =>
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
                                className={`${GUTTER} hover:text-brand-600 hover:underline dark:hover:text-sky-300`}
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
                              <span aria-hidden="true" className={GUTTER}>
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
            }
          </FileFigure>
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

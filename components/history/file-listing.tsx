import type { ReactNode } from "react";
import { ScrollRegion } from "@/components/layout/scroll-region";
import type { SubmittedFile } from "@/lib/file-sets/validate-files";
import { fileLines } from "@/lib/submissions/comment-rules";

/** A line number beside the code, left out of a copied selection. */
export const GUTTER = "inline-block w-10 select-none pr-3 text-right text-slate-500 dark:text-slate-400";

/** Files shown read-only with line numbers; the numbers are left out of a copied selection. */
export function FileListing({ files }: { files: SubmittedFile[] }) {
  return (
    <div className="space-y-4">
      {files.map((file) => (
        <FileFigure key={file.path} file={file}>
          {(lines) => (
            <ScrollRegion as="pre" label={file.path} className="overflow-x-auto py-2 font-mono text-xs leading-5">
              <code>
                {lines.map((line, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a line's number is its identity here.
                  <span key={i}>
                    <span aria-hidden="true" className={GUTTER}>
                      {i + 1}
                    </span>
                    {`${line}\n`}
                  </span>
                ))}
              </code>
            </ScrollRegion>
          )}
        </FileFigure>
      ))}
    </div>
  );
}

/** A file captioned with its path: its lines as `children` draws them, or a note that it is empty. */
export function FileFigure({ file, children }: { file: SubmittedFile; children: (lines: string[]) => ReactNode }) {
  const lines = fileLines(file.content);
  return (
    <figure
      className="overflow-hidden rounded border border-slate-200 dark:border-slate-700"
      data-testid="attempt-file"
      data-path={file.path}
    >
      <figcaption
        className={
          "border-b border-slate-200 bg-slate-50 px-3 py-1 font-mono text-sm dark:border-slate-700 dark:bg-slate-900"
        }
      >
        {file.path}
      </figcaption>
      {lines.length === 0 ? (
        <p className="px-3 py-2 text-sm text-slate-500 dark:text-slate-400">(empty file)</p>
      ) : (
        children(lines)
      )}
    </figure>
  );
}

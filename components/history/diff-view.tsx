import { ScrollRegion } from "@/components/layout/scroll-region";
import { ColumnHeads } from "@/components/table/column-heads";
import type { DiffLine, FileDiff } from "@/lib/file-sets/file-diff";

const CHANGE_WORD: Record<FileDiff["change"], string> = {
  added: "new file",
  removed: "file removed",
  modified: "modified",
  unchanged: "no changes",
};

const ROW: Record<DiffLine["kind"], { sign: string; word: string; className: string }> = {
  add: {
    sign: "+",
    word: "added",
    className: "bg-emerald-50 text-emerald-950 dark:bg-emerald-950/50 dark:text-emerald-100",
  },
  remove: { sign: "-", word: "removed", className: "bg-red-50 text-red-950 dark:bg-red-950/50 dark:text-red-100" },
  context: { sign: " ", word: "unchanged", className: "" },
};

const fileHeader =
  "flex flex-wrap items-baseline gap-x-3 border-b border-slate-200 bg-slate-50 px-3 py-1 " +
  "dark:border-slate-700 dark:bg-slate-900";
const numberCell = "w-10 select-none px-2 text-right align-top text-slate-500 dark:text-slate-400";

/** A unified diff file by file, each added or removed line marked by a sign as well as a colour (and named). */
export function DiffView({ files, from, to }: { files: FileDiff[]; from: string; to: string }) {
  if (files.every((f) => f.change === "unchanged")) {
    return (
      <p className="mt-4 rounded border border-slate-200 p-4 dark:border-slate-700" data-testid="no-changes">
        No changes: {from} and {to} have the same files.
      </p>
    );
  }
  return (
    <div className="mt-4 space-y-4" data-testid="diff">
      {files.map((file) => (
        <section
          key={file.path}
          aria-label={`${file.path}: ${CHANGE_WORD[file.change]}`}
          className="overflow-hidden rounded border border-slate-200 dark:border-slate-700"
          data-testid="file-diff"
          data-path={file.path}
          data-change={file.change}
        >
          <h3 className={fileHeader}>
            <span className="font-mono text-sm">{file.path}</span>
            <span className="text-xs font-normal text-slate-600 dark:text-slate-400">
              {CHANGE_WORD[file.change]}
              {file.change !== "unchanged" && !file.tooLarge && (
                <>
                  {" "}
                  <span className="text-emerald-700 dark:text-emerald-300">+{file.added}</span>{" "}
                  <span className="text-red-700 dark:text-red-300">−{file.removed}</span>
                  <span className="sr-only">
                    {" "}
                    ({file.added} lines added, {file.removed} removed)
                  </span>
                </>
              )}
            </span>
          </h3>
          {file.change === "unchanged" ? (
            <p className="px-3 py-2 text-sm text-slate-500 dark:text-slate-400">No changes.</p>
          ) : file.tooLarge ? (
            <p className="px-3 py-2 text-sm">The two versions differ too much to show line by line.</p>
          ) : (
            <FileHunks file={file} />
          )}
        </section>
      ))}
    </div>
  );
}

function FileHunks({ file }: { file: FileDiff }) {
  return (
    <ScrollRegion label={`Changes to ${file.path}`} className="overflow-x-auto">
      <table className="w-full border-collapse font-mono text-xs leading-5">
        <caption className="sr-only">Changes to {file.path}</caption>
        <thead className="sr-only">
          <tr>
            <ColumnHeads labels={["Line before", "Line after", "Change", "Text"]} className="" />
          </tr>
        </thead>
        {file.hunks.map((hunk) => (
          <tbody key={hunk.header}>
            <tr className="bg-sky-50 text-slate-600 dark:bg-sky-950/40 dark:text-slate-300">
              <td colSpan={4} className="px-2">
                {hunk.header}
              </td>
            </tr>
            {hunk.lines.map((line, i) => {
              const row = ROW[line.kind];
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity beyond their place in the hunk.
                <tr key={i} className={row.className} data-diff={line.kind}>
                  <td className={numberCell}>{"oldLine" in line ? line.oldLine : ""}</td>
                  <td className={numberCell}>{"newLine" in line ? line.newLine : ""}</td>
                  <td className="w-5 select-none text-center align-top font-bold">
                    <span aria-hidden="true">{row.sign}</span>
                    <span className="sr-only">{row.word}</span>
                  </td>
                  <td className="whitespace-pre pr-3">{line.text}</td>
                </tr>
              );
            })}
          </tbody>
        ))}
      </table>
    </ScrollRegion>
  );
}

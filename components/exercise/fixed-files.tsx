import { ScrollRegion } from "@/components/layout/scroll-region";

/** The exercise's read-only files as text, for a signed-out visitor (signed in, the editor shows them). */
export function FixedFiles({ files }: { files: { path: string; content: string }[] }) {
  if (files.length === 0) return null;
  return (
    <section aria-label="Project files" className="mt-6">
      <h2 className="text-lg font-semibold">Project files (read-only)</h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">The grader builds these together with your files.</p>
      {files.map((file) => (
        <details key={file.path} className="mt-2 rounded border border-slate-200 dark:border-slate-700">
          <summary className="cursor-pointer px-3 py-1 font-mono text-sm">{file.path}</summary>
          <ScrollRegion
            as="pre"
            label={file.path}
            className="overflow-x-auto border-t border-slate-200 p-3 font-mono text-xs dark:border-slate-700"
          >
            {file.content}
          </ScrollRegion>
        </details>
      ))}
    </section>
  );
}

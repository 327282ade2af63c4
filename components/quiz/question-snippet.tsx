import { ScrollRegion } from "@/components/layout/scroll-region";
/** Code shown with a prompt or revealed after a prediction; plain text, never HTML. */
export function QuestionSnippet({ snippet, label }: { snippet: { language: string; code: string }; label?: string }) {
  return (
    <figure className="my-2">
      {label && (
        <figcaption className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
          {label}
        </figcaption>
      )}
      <ScrollRegion
        as="pre"
        label={label ?? "Code"}
        className="m-0 overflow-x-auto rounded bg-slate-900 p-3 text-sm text-slate-100"
        data-language={snippet.language}
      >
        <code>{snippet.code.replace(/\n+$/, "")}</code>
      </ScrollRegion>
    </figure>
  );
}

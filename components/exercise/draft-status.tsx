import type { DraftStatus as Status } from "./use-draft";

interface Props {
  status: Status;
  notice: string | null;
  onDismissNotice: () => void;
}

function describe(status: Status): string {
  if (status.kind !== "failed") return { idle: "", saving: "Saving…", saved: "Saved" }[status.kind];
  return `Not saved: ${status.reason}${status.retrying ? " — retrying" : ""}`;
}

/** A quiet line saying whether the draft is safe on the server, and the notice when another tab saved too. */
export function DraftStatus({ status, notice, onDismissNotice }: Props) {
  return (
    <div className="text-sm">
      <p
        role="status"
        data-testid="draft-status"
        className={status.kind === "failed" ? "text-red-700 dark:text-red-300" : "text-slate-500 dark:text-slate-400"}
      >
        {describe(status)}
      </p>
      {notice && (
        <p
          role="alert"
          data-testid="draft-notice"
          className={
            "mt-1 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900 " +
            "dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
          }
        >
          {notice}{" "}
          <button type="button" className="underline" onClick={onDismissNotice}>
            Dismiss
          </button>
        </p>
      )}
    </div>
  );
}

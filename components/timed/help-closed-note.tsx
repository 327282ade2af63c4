/** In place of the help an item's page offers (hints, the reference solution, asking staff) while a window runs. */
export function HelpClosedNote({ className = "mt-8" }: { className?: string }) {
  return (
    <p
      className={`${className} rounded-lg border border-slate-200 p-4 text-sm dark:border-slate-700`}
      data-testid="help-closed"
    >
      Hints, the reference solution and asking staff for help are closed while your timed assessment runs. They open
      again when it ends.
    </p>
  );
}

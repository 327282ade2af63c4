/** A visible, specific message for a mistake in lesson markup (validation normally catches these first). */
export function AuthorError({ component, message }: { component: string; message: string }) {
  return (
    <div
      role="alert"
      className="my-4 rounded border-2 border-dashed border-red-500 p-3 text-sm text-red-700 dark:text-red-300"
    >
      <strong>&lt;{component}&gt;:</strong> {message}
    </div>
  );
}

const RED = "text-red-700 dark:text-red-300";

type AlertProps = { message?: string | null; className?: string; inline?: boolean; testId?: string };

/**
 * A refusal or failure, in red where it happened and read out at once (role="alert"); nothing while there is none.
 * `className` places and sizes it; `inline` makes it a span, for inside a line or beside a button.
 */
export function Alert({ message, className, inline, testId }: AlertProps) {
  if (!message) return null;
  const Tag = inline ? "span" : "p";
  return (
    <Tag role="alert" className={className ? `${className} ${RED}` : RED} data-testid={testId}>
      {message}
    </Tag>
  );
}

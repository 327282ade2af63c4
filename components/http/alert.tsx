import type { RefObject } from "react";

const RED = "text-red-700 dark:text-red-300";

type AlertProps = {
  message?: string | null;
  className?: string;
  inline?: boolean;
  testId?: string;
  /** For a form whose refusal takes the focus (useFocusResult): the alert is then focusable by script. */
  focusRef?: RefObject<HTMLElement | null>;
};

/**
 * A refusal or failure, in red where it happened and read out at once (role="alert"); nothing while there is none.
 * `className` places and sizes it; `inline` makes it a span, for inside a line or beside a button.
 */
export function Alert({ message, className, inline, testId, focusRef }: AlertProps) {
  if (!message) return null;
  const Tag = inline ? "span" : "p";
  return (
    <Tag
      ref={
        focusRef &&
        ((element: HTMLElement | null) => {
          focusRef.current = element;
        })
      }
      role="alert"
      tabIndex={focusRef ? -1 : undefined}
      className={className ? `${className} ${RED}` : RED}
      data-testid={testId}
    >
      {message}
    </Tag>
  );
}

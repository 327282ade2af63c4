"use client";

import { useRef, useState } from "react";
import { Alert } from "@/components/http/alert";
import { useFocusResult } from "@/components/http/focus-result";
import type { AssignableItem } from "@/lib/classes/assignments";
import { useChange } from "../../use-change";
import { type AssignmentDraft, AssignmentForm } from "./assignment-form";

type Props = { classId: string; items: AssignableItem[]; assignment: AssignmentDraft; title: string };

/** Edit (the form opens in the browser, so its dates are in the instructor's zone) and delete, after asking. */
export function AssignmentActions({ classId, items, assignment, title }: Props) {
  const [editing, setEditing] = useState(false);
  const { error, change } = useChange();
  // Saved or cancelled, the form goes: the Edit button that opened it takes the focus back.
  const editButton = useRef<HTMLButtonElement>(null);
  const focusResult = useFocusResult();

  async function remove() {
    const question = `Delete the assignment of ${title}? Its extensions and overridden scores go with it.`;
    if (!window.confirm(question)) return;
    await change("DELETE", `/api/instructor/classes/${classId}/assignments/${assignment.id}`);
  }

  if (editing)
    return (
      <AssignmentForm
        classId={classId}
        items={items}
        initial={assignment}
        onDone={() => {
          setEditing(false);
          focusResult(editButton);
        }}
      />
    );
  return (
    <span className="flex gap-3 text-sm">
      <button ref={editButton} type="button" className="underline" onClick={() => setEditing(true)}>
        Edit
      </button>
      <button type="button" className="text-red-700 underline dark:text-red-300" onClick={remove}>
        Delete
      </button>
      <Alert inline message={error} />
    </span>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { sendJson } from "@/components/http/send-json";

/** Takes one learner out of the class after a confirmation; their work stays theirs. */
export function RemoveLearnerButton({ classId, userId, name }: { classId: string; userId: string; name: string }) {
  const router = useRouter();
  const [error, setError] = useState("");
  async function remove() {
    if (!window.confirm(`Take ${name} out of this class? Their work stays; the class stops showing it.`)) return;
    const answer = await sendJson(
      "DELETE",
      `/api/instructor/classes/${encodeURIComponent(classId)}/learners/${encodeURIComponent(userId)}`,
    );
    if (!answer.ok) return setError(answer.message);
    router.refresh();
  }
  return (
    <>
      <button
        type="button"
        onClick={remove}
        aria-label={`Remove ${name} from the class`}
        className="text-sm text-red-700 underline dark:text-red-300"
      >
        Remove
      </button>
      {error && (
        <span role="alert" className="block text-xs text-red-700 dark:text-red-300">
          {error}
        </span>
      )}
    </>
  );
}

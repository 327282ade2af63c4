import { ActionButton } from "@/components/http/action-button";

/** Takes one learner out of the class after a confirmation; their work stays theirs. */
export function RemoveLearnerButton({ classId, userId, name }: { classId: string; userId: string; name: string }) {
  return (
    <ActionButton
      method="DELETE"
      url={`/api/instructor/classes/${encodeURIComponent(classId)}/learners/${encodeURIComponent(userId)}`}
      label="Remove"
      confirm={`Take ${name} out of this class? Their work stays; the class stops showing it.`}
      ariaLabel={`Remove ${name} from the class`}
      className="text-sm text-red-700 underline dark:text-red-300"
    />
  );
}

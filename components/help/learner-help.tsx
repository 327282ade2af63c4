import type { HelpItemKind } from "@/lib/help/help-protocol";
import { helpForLearner } from "@/lib/help/help-threads";
import { HelpPanel } from "./help-panel";

/** "Ask for help" on a lab's or an exercise's page, for the signed-in learner: their requests read on the server. */
export async function LearnerHelp({
  userId,
  kind,
  slug,
  className,
}: {
  userId: string;
  kind: HelpItemKind;
  slug: string;
  className?: string;
}) {
  const initial = await helpForLearner(userId, { kind, slug });
  return <HelpPanel kind={kind} slug={slug} initial={initial} className={className} />;
}

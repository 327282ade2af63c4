import { helpForLearner } from "@/lib/help/help-threads";
import { HelpPanel, type HelpPlace } from "./help-panel";

/** "Ask for help" on a lab's or an exercise's page, for the signed-in learner: their requests read on the server. */
export async function LearnerHelp({ userId, ...place }: HelpPlace & { userId: string }) {
  return <HelpPanel {...place} initial={await helpForLearner(userId, place)} />;
}

import { itemDeadlines } from "@/lib/classes/due-list";
import type { AssignmentKind } from "@/lib/content/item-kinds";
import { DeadlineNotice } from "./deadline-notice";

/**
 * On an assigned item's page: when it is due for this learner, in their zone, and what late work earns now. It reads
 * its own data, so a page adds it with one line. (A prerendered page uses ReaderDeadlineBanner, which asks from the
 * browser.)
 */
export async function DeadlineBanner({
  userId,
  kind,
  itemSlug,
}: {
  userId: string;
  kind: AssignmentKind;
  itemSlug: string;
}) {
  return <DeadlineNotice deadlines={await itemDeadlines(userId, kind, itemSlug)} />;
}

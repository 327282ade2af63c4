import "server-only";
import LinkHeader from "http-link-header";
import { z } from "zod";
import { requireManagedClass, staffScope } from "../access/staff-scope";
import { recordAdminAction } from "../audit/action-log";
import type { CurrentUser } from "../auth/current-user";
import { enrolFromLms, removeLmsMembers } from "../classes/lms-classes";
import { prisma } from "../db/client";
import { RequestError } from "../errors/request-error";
import { classRoleOf, MEDIA_TYPE, SCOPE } from "./claims";
import { accessToken, callLms } from "./lms-calls";
import { accountFor } from "./lti-people";

/*
 * Names and Role Provisioning Services 2.0: the class's roster as its LMS course has it. Active members join with the
 * role the LMS gives; members the LMS brought and now lists as inactive or deleted, or no longer lists, leave.
 * Whoever joined another way (a code, a roster, staff added by hand) is left alone.
 */

const memberSchema = z.object({
  user_id: z.string().min(1).max(255),
  status: z.enum(["Active", "Inactive", "Deleted"]).default("Active"),
  name: z.string().max(500).optional(),
  given_name: z.string().max(500).optional(),
  family_name: z.string().max(500).optional(),
  email: z.string().max(254).optional(),
  roles: z.array(z.string().max(500)).max(100).default([]),
});
const containerSchema = z.object({ members: z.array(z.unknown()).max(10_000) });

const MAX_PAGES = 200;

/** `unchanged`: listed members already in the class (or who joined another way); `skipped`: members unreadable. */
export type RosterSyncResult = Awaited<ReturnType<typeof syncRoster>>;

export async function syncRoster(user: CurrentUser, classId: string) {
  const taught = requireManagedClass(await staffScope(user), classId, "sync the class's roster");
  const context = await prisma().ltiContext.findUnique({ where: { classId }, include: { platform: true } });
  if (!context) throw new RequestError("BAD_REQUEST", "This class is not linked to an LMS course.");
  const { platform } = context;
  if (!context.membershipsUrl) {
    throw new RequestError(
      "BAD_REQUEST",
      `${platform.name} has not offered its roster service for this course yet: turn on Names and Role ` +
        "Provisioning for the tool in the LMS, then launch Dockyard once from the course.",
    );
  }
  const token = await accessToken(platform, SCOPE.memberships);
  const listed = new Map<string, z.infer<typeof memberSchema>>();
  // Listed members Dockyard could not read (a name too long, a role list too big): never added, never removed.
  const unreadable = new Set<string>();
  let next: string | undefined = context.membershipsUrl;
  for (let page = 0; next && page < MAX_PAGES; page++) {
    const response = await callLms(platform, "read the course's roster", next, {
      headers: { Authorization: `Bearer ${token}`, Accept: MEDIA_TYPE.memberships },
    });
    const body = containerSchema.safeParse(await response.json().catch(() => undefined));
    if (!body.success) throw new RequestError("UNAVAILABLE", `${platform.name} sent a roster Dockyard cannot read.`);
    for (const raw of body.data.members) {
      const member = memberSchema.safeParse(raw);
      if (member.success) listed.set(member.data.user_id, member.data);
      else unreadable.add(String((raw as { user_id?: unknown } | null)?.user_id ?? ""));
    }
    const link = response.headers.get("link");
    const nextRef = link ? LinkHeader.parse(link).rel("next")[0]?.uri : undefined;
    // A next page elsewhere than the LMS would send the LMS's token there.
    next =
      nextRef && new URL(nextRef, next).origin === new URL(context.membershipsUrl).origin
        ? new URL(nextRef, next).toString()
        : undefined;
  }

  const result = { added: 0, changed: 0, removed: 0, unchanged: 0, skipped: unreadable.size };
  const keep = new Set<string>();
  for (const member of listed.values()) {
    if (member.status !== "Active") continue;
    const userId = await accountFor(platform, { ...member, sub: member.user_id });
    keep.add(userId);
    const outcome = await enrolFromLms(classId, userId, classRoleOf(member.roles));
    result[outcome === "same" ? "unchanged" : outcome]++;
  }
  // Members the LMS brought (through this LMS's accounts) that it no longer lists as active; never the person syncing.
  const gone = await prisma().classMember.findMany({
    where: {
      classId,
      source: "lti",
      userId: { notIn: [...keep, user.id] },
      user: { ltiAccounts: { some: { platformId: platform.id, sub: { notIn: [...unreadable] } } } },
    },
    select: { userId: true },
  });
  const goneIds = gone.map((g) => g.userId);
  await prisma().$transaction(async (tx) => {
    await removeLmsMembers(tx, classId, goneIds);
    await tx.ltiContext.update({ where: { classId }, data: { rosterSyncedAt: new Date() } });
    const details = { added: result.added, changed: result.changed, removed: gone.length };
    const target = { id: classId, label: taught.name };
    await recordAdminAction(tx, { id: user.id }, { action: "lti_roster_synced", target, details });
  });
  result.removed = gone.length;
  return result;
}

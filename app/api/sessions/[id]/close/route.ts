import { DELETE } from "../route";

export const dynamic = "force-dynamic";

/** `DELETE /api/sessions/:id` as a POST: `navigator.sendBeacon` on pagehide can only POST. */
export const POST = DELETE;

import { z } from "zod";
import { classChangeRoute } from "@/lib/classes/assignment-routes";
import { setJoinCode } from "@/lib/classes/classes";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ open: z.boolean() }).strict();

/** Body `{ open }`: true makes a new code (the old one stops working), false closes joining by code. */
export const POST = classChangeRoute("change a class's join code", bodySchema, 1024, async (user, id, { open }) => ({
  joinCode: await setJoinCode(user, id, open),
}));

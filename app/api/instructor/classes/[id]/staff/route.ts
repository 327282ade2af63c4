import { classChangeRoute } from "@/lib/classes/assignment-routes";
import { setClassStaff, staffChangeSchema } from "@/lib/classes/classes";

export const dynamic = "force-dynamic";

/** Body `{ email, role: "instructor" | "ta" | null }`: null takes them off the class's staff. */
export const POST = classChangeRoute("change a class's staff", staffChangeSchema, 4096, setClassStaff);

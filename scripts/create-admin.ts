import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { createAdmin } from "../lib/auth/create-admin";
import { env } from "../lib/config/env";

/**
 * npm run create-admin -- --email you@example.com --name "Your Name"
 * The password comes from DOCKYARD_ADMIN_PASSWORD so it stays out of shell history.
 */
const { values } = parseArgs({
  options: { email: { type: "string" }, name: { type: "string", default: "Administrator" } },
});
const password = env().DOCKYARD_ADMIN_PASSWORD;
if (!values.email || !password) {
  console.error(
    'Usage: DOCKYARD_ADMIN_PASSWORD=... npm run create-admin -- --email you@example.com [--name "Your Name"]',
  );
  process.exit(2);
}
try {
  const result = await createAdmin({ email: values.email, name: values.name!, password });
  console.log(
    result.created ? `Created admin ${values.email}.` : `${values.email} already had an account; it is now an admin.`,
  );
  process.exit(0);
} catch (err) {
  // A name or e-mail outside the account limits (lib/auth/account-fields.ts): say which, in the limit's own words.
  const problem = err instanceof ZodError ? err.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join(" ") : "";
  console.error(`create-admin failed: ${problem || (err as Error).message}`);
  process.exit(1);
}

import { requireUser } from "@/lib/auth/current-user";
import { SUBMISSION_LIMITS } from "@/lib/file-sets/limits";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { createSubmission } from "@/lib/submissions/create-submission";
import { submissionRequestSchema } from "@/lib/submissions/submission-request";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (request: Request) => {
  const user = await requireUser("submit your work for grading");
  const body = await readJson(request, submissionRequestSchema, SUBMISSION_LIMITS.maxRequestBytes);
  return Response.json(await createSubmission(user.id, body), { status: 202 });
});

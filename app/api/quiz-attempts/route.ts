import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { quizAttemptRequestSchema } from "@/lib/quiz/answers-schema";
import { recordQuizAttempt } from "@/lib/quiz/record-attempt";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (request: Request) => {
  const user = await requireUser("answer quizzes and keep your results");
  const body = await readJson(request, quizAttemptRequestSchema, 64 * 1024);
  return Response.json(await recordQuizAttempt(user.id, body), { status: 201 });
});

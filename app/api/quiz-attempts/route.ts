import { requireUser } from "@/lib/auth/current-user";
import { readJson } from "@/lib/http/read-json";
import { errorResponse } from "@/lib/http/to-response";
import { quizAttemptRequestSchema } from "@/lib/quiz/answers-schema";
import { recordQuizAttempt } from "@/lib/quiz/record-attempt";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  try {
    const user = await requireUser("answer quizzes and keep your results");
    const body = await readJson(request, quizAttemptRequestSchema, 64 * 1024);
    return Response.json(await recordQuizAttempt(user.id, body), { status: 201 });
  } catch (err) {
    return errorResponse(err);
  }
}

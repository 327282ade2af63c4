import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { slugParam } from "@/lib/http/route-params";
import { revealSolution, solutionView } from "@/lib/solutions/solution";

export const dynamic = "force-dynamic";

/**
 * `{ open: true, by, solution }` (the files only once asked for, by POST), or `{ open: false, reason }` and no file of
 * it until it opens. A closed solution is an answer, not an error: the exercise page asks after every grade.
 */
export const GET = apiRoute(async (_request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const user = await requireUser("see the reference solution");
  const { slug } = await slugParam(params);
  return Response.json(await solutionView(user.id, slug));
});

/** The learner asks for the open solution: its files and diff, the first ask recorded; 403 with why while closed. */
export const POST = apiRoute(async (_request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const user = await requireUser("see the reference solution");
  const { slug } = await slugParam(params);
  return Response.json(await revealSolution(user.id, slug));
});

import { z } from "zod";
import { routeParams } from "@/lib/http/route-params";
import { deepLinkResponse } from "@/lib/lti/deep-linking";
import { deepLinkReturnPage, launchRefusalPage } from "@/lib/lti/lti-pages";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: z.string().min(1).max(64) });

/** The author's pick (form field `item`): answered with a page that posts the signed choice back to the LMS. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await routeParams(params, paramsSchema);
    const form = await request.formData().catch(() => undefined);
    const { returnUrl, jwt } = await deepLinkResponse(id, { item: form?.get("item") });
    // Its policy (a form to the LMS, one script) is the request proxy's: lib/lti/lti-pages.ts pickerAnswerPolicy.
    return new Response(deepLinkReturnPage(returnUrl, jwt), {
      headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
    });
  } catch (err) {
    return launchRefusalPage(err);
  }
}

import { beginLogin } from "@/lib/lti/login";
import { loginBindingCookie } from "@/lib/lti/login-binding";
import { launchRefusalPage } from "@/lib/lti/lti-pages";

export const dynamic = "force-dynamic";

async function start(params: URLSearchParams): Promise<Response> {
  try {
    const next = await beginLogin(Object.fromEntries(params));
    const state = next.searchParams.get("state") ?? "";
    return new Response(null, {
      status: 302,
      // The launch must come back to this browser (lib/lti/login-binding.ts).
      headers: { Location: next.toString(), "Cache-Control": "no-store", "Set-Cookie": loginBindingCookie(state) },
    });
  } catch (err) {
    return launchRefusalPage(err);
  }
}

/** OIDC third-party initiated login: the LMS names itself and the person, as a query or a form. */
export async function GET(request: Request) {
  return start(new URL(request.url).searchParams);
}

export async function POST(request: Request) {
  const form = await request.formData().catch(() => undefined);
  const params = new URLSearchParams();
  for (const [k, v] of form ?? []) if (typeof v === "string") params.set(k, v);
  return start(params);
}

/**
 * A person at the test provider's own pages, without a browser: follows its redirects with its cookies, signs in as
 * `sub` on its login form and consents (or, with `cancel`, aborts there), and stops at the first address that leads
 * back to Dockyard (`redirectUri`), which it returns unvisited. For tests of the protocol below the e2e tier.
 */
export async function throughProvider(
  authorizationUrl: URL | string,
  redirectUri: string,
  person: { sub: string; cancel?: boolean },
): Promise<URL> {
  const jar = new Map<string, string>();
  let next = new URL(authorizationUrl);
  let form: URLSearchParams | undefined;
  for (let step = 0; step < 20; step++) {
    if (next.href.startsWith(redirectUri)) return next;
    const response = await fetch(next, {
      method: form ? "POST" : "GET",
      redirect: "manual",
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
        ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body: form,
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    form = undefined;
    const location = response.headers.get("location");
    if (location) {
      next = new URL(location, next);
      continue;
    }
    const html = await response.text();
    if (!response.ok) throw new Error(`the provider answered ${response.status}: ${html.slice(0, 500)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no sign-in or consent form at ${next}: ${html.slice(0, 500)}`);
    if (person.cancel) {
      next = new URL(`${new URL(action, next).pathname}/abort`, next);
      continue;
    }
    next = new URL(action.replaceAll("&amp;", "&"), next);
    form = new URLSearchParams({ prompt, ...(prompt === "login" ? { login: person.sub, password: "any" } : {}) });
  }
  throw new Error("the provider never sent the browser back");
}

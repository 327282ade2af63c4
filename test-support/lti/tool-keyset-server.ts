import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type LmsFlavour, type LmsPlatform, startLmsPlatform } from "./lms-platform";

/*
 * The tool's side of LTI in tests that run without Next.js: its public keyset served the way /api/lti/jwks serves
 * it (so the LMS harness can check what the tool signs), and a launch followed the way a browser follows it.
 */

export interface ToolKeysetServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `keyset()` (the tool's publicKeyset) as JSON at every path, on a free port of 127.0.0.1. */
export async function startToolKeysetServer(keyset: () => Promise<unknown>): Promise<ToolKeysetServer> {
  const server = createServer((_req, res) => {
    keyset().then(
      (body) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      },
      (err: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(String(err));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/lti/jwks`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** What the LMS's page posts to the tool's launch URL. */
interface LaunchForm {
  id_token: string;
  state: string;
}

/**
 * A launch as a browser follows it: the LMS's start URL redirects to the tool's login with a query, the tool's login
 * (`beginLogin`) answers with the LMS's authorization URL, and that answers with the auto-submitting form.
 */
export async function followLaunch(
  startUrl: string,
  beginLogin: (query: Record<string, string>) => Promise<URL>,
): Promise<LaunchForm> {
  const start = await fetch(startUrl, { redirect: "manual" });
  const location = start.headers.get("location");
  if (start.status !== 302 || !location) {
    throw new Error(`the LMS did not start the launch: ${start.status} ${await start.text()}`);
  }
  const auth = await fetch(await beginLogin(Object.fromEntries(new URL(location).searchParams)));
  const html = await auth.text();
  if (auth.status !== 200) throw new Error(`the LMS refused the login: ${auth.status} ${html}`);
  const field = (name: string) => {
    const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
    if (value === undefined) throw new Error(`the LMS's form has no ${name}: ${html}`);
    // The harness escapes values as numeric character references.
    return value.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
  };
  return { id_token: field("id_token"), state: field("state") };
}

/** The LMS harness started against the tool as the tests run it: its own launch URL, the keyset served above. */
export async function startLmsForTool(
  tool: { loginUrl: string; launchUrl: string },
  keyset: () => Promise<unknown>,
  flavour?: LmsFlavour,
): Promise<{ lms: LmsPlatform; keysetServer: ToolKeysetServer }> {
  const keysetServer = await startToolKeysetServer(keyset);
  const lms = await startLmsPlatform({
    tool: { loginUrl: tool.loginUrl, launchUrl: tool.launchUrl, jwksUrl: keysetServer.url },
    clientId: "dockyard-tool",
    deploymentId: "dep-1",
    flavour,
  });
  return { lms, keysetServer };
}

/** The harness's registration, as an admin types it into Dockyard. */
export function registrationOf(lms: LmsPlatform) {
  return {
    name: "Test LMS",
    issuer: lms.issuer,
    clientId: lms.clientId,
    deploymentIds: [lms.deploymentId],
    authLoginUrl: lms.authLoginUrl,
    tokenUrl: lms.tokenUrl,
    jwksUrl: lms.jwksUrl,
  };
}

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type ProviderAccount } from "oidc-provider";

/**
 * A university's identity provider for tests of institution sign-in: oidc-provider (OpenID Certified), on a loopback
 * port, with one confidential client (Dockyard, code flow with PKCE) and the accounts a test gives. Its own sign-in
 * page (oidc-provider's development interactions) takes an account's `sub` as the login and any password, then asks
 * for consent. It keeps scope claims (email, profile) for userinfo, as many real providers do.
 */

export interface ProviderPerson {
  sub: string;
  name: string;
  email: string;
  email_verified: boolean;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Requests the provider refused, with its reason, for a test that wants to know why. */
  errors: string[];
  close(): Promise<void>;
}

export async function startTestProvider(options: {
  redirectUri: string;
  people: ProviderPerson[];
  clientId?: string;
  clientSecret?: string;
}): Promise<TestProvider> {
  const clientId = options.clientId ?? "dockyard";
  const clientSecret = options.clientSecret ?? "test-provider-secret-for-dockyard";
  const people = new Map(options.people.map((p) => [p.sub, p]));
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    findAccount: (_ctx: unknown, sub: string): ProviderAccount | undefined => {
      const person = people.get(sub);
      return person && { accountId: sub, claims: () => ({ ...person }) };
    },
    cookies: { keys: ["test-provider-cookie-key"] },
    // Said outright (in seconds) rather than left to defaults the provider warns about on every use.
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    features: { devInteractions: { enabled: true } },
  });
  const errors: string[] = [];
  for (const event of ["authorization.error", "grant.error", "userinfo.error", "server_error"]) {
    provider.on(event, (...args: unknown[]) => {
      const err = args.find((a) => a instanceof Error) as (Error & { error_description?: string }) | undefined;
      errors.push(`${event}: ${err?.message ?? "?"} ${err?.error_description ?? ""}`.trim());
    });
  }
  server.on("request", provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    errors,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRemoteJWKSet, exportJWK, generateKeyPair, type JWTPayload, jwtVerify, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LmsPlatform, type LmsUser, startLmsPlatform, type ToolEndpoints } from "./lms-platform";
import { CLAIM, CLIENT_ASSERTION_TYPE, MEDIA, SCOPE } from "./lti-vocab";

const ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#";
const users: LmsUser[] = [
  { sub: "u-ada", name: "Ada Lovelace", email: "ada@example.test", roles: [`${ROLE}Learner`] },
  { sub: "u-bob", name: "Bob Byte", email: "bob@example.test", roles: [`${ROLE}Learner`] },
  { sub: "u-cy", name: "Cy Coder", email: "cy@example.test", roles: [`${ROLE}Learner`], status: "Inactive" },
  { sub: "u-ivy", name: "Ivy Instructor", email: "ivy@example.test", roles: [`${ROLE}Instructor`] },
];

/** A stand-in for the tool: its own key pair at /jwks, and an OIDC login stub that sends the browser to /auth. */
const toolKeys = await generateKeyPair("RS256", { extractable: true });
const strangerKeys = await generateKeyPair("RS256");
const toolJwk = { ...(await exportJWK(toolKeys.publicKey)), kid: "tool-1", alg: "RS256", use: "sig" };
const loginsSeen: URLSearchParams[] = [];
let platform: LmsPlatform;
let toolServer: Server;
let toolOrigin: string;
let tool: ToolEndpoints;
let lineItemUrl: string;

beforeAll(async () => {
  toolServer = createServer((req, res) => {
    const url = new URL(req.url ?? "/", toolOrigin);
    if (url.pathname === "/jwks") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [toolJwk] }));
    } else if (url.pathname === "/login") {
      loginsSeen.push(url.searchParams);
      const auth = new URL(platform.authLoginUrl);
      for (const [name, value] of Object.entries({
        scope: "openid",
        response_type: "id_token",
        response_mode: "form_post",
        prompt: "none",
        client_id: url.searchParams.get("client_id") ?? "",
        redirect_uri: tool.launchUrl,
        login_hint: url.searchParams.get("login_hint") ?? "",
        lti_message_hint: url.searchParams.get("lti_message_hint") ?? "",
        state: "state-123",
        nonce: "nonce-456",
      })) {
        auth.searchParams.set(name, value);
      }
      res.writeHead(302, { location: auth.href });
      res.end();
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => toolServer.listen(0, "127.0.0.1", resolve));
  toolOrigin = `http://127.0.0.1:${(toolServer.address() as AddressInfo).port}`;
  tool = { loginUrl: `${toolOrigin}/login`, launchUrl: `${toolOrigin}/launch`, jwksUrl: `${toolOrigin}/jwks` };
  platform = await startLmsPlatform({ tool, clientId: "client-9", deploymentId: "dep-1" });
  platform.addCourse({ id: "c1", title: "Containers 101", label: "CNT101" });
  for (const user of users) platform.enrol("c1", user);
  ({ lineItemUrl } = platform.addResourceLink({
    id: "link-1",
    courseId: "c1",
    title: "First image",
    custom: { exercise: "first-image" },
    lineItem: { label: "First image", scoreMaximum: 100 },
  }) as { lineItemUrl: string });
});

afterAll(async () => {
  await platform?.close();
  await new Promise((resolve) => toolServer?.close(resolve));
});

async function redirectOf(url: string): Promise<string> {
  const res = await fetch(url, { redirect: "manual" });
  expect(res.status).toBe(302);
  return res.headers.get("location")!;
}

/** Follows launch start → tool login stub → /auth and reads the auto-submitting form. */
async function launch(startUrl: string): Promise<{ idToken: string; state: string; action: string }> {
  const auth = await redirectOf(await redirectOf(startUrl));
  const res = await fetch(auth);
  const html = await res.text();
  expect(res.status, html).toBe(200);
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? "";
  return { idToken: field("id_token"), state: field("state"), action: /action="([^"]*)"/.exec(html)![1]! };
}

async function verifyIdToken(idToken: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(idToken, createRemoteJWKSet(new URL(platform.jwksUrl)), {
    algorithms: ["RS256"],
    issuer: platform.issuer,
    audience: "client-9",
  });
  return payload;
}

function clientAssertion(overrides: { aud?: string; jti?: string; key?: CryptoKey } = {}): Promise<string> {
  return new SignJWT({ jti: overrides.jti ?? randomUUID() })
    .setProtectedHeader({ alg: "RS256", kid: "tool-1" })
    .setIssuer("client-9")
    .setSubject("client-9")
    .setAudience(overrides.aud ?? platform.tokenUrl)
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(overrides.key ?? toolKeys.privateKey);
}

function requestToken(assertion: string, scope: string): Promise<Response> {
  return fetch(platform.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: assertion,
      scope,
    }),
  });
}

async function accessToken(scope: string): Promise<string> {
  const res = await requestToken(await clientAssertion(), scope);
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

describe("launch", () => {
  it("goes from launch start through the tool's login to a signed id_token with the LTI claims", async () => {
    const { idToken, state, action } = await launch(platform.launchStartUrl("u-ada", "link-1"));
    const login = loginsSeen.at(-1)!;
    expect(Object.fromEntries(login)).toMatchObject({
      iss: platform.issuer,
      login_hint: "u-ada",
      target_link_uri: tool.launchUrl,
      client_id: "client-9",
      lti_deployment_id: "dep-1",
    });
    expect(login.get("lti_message_hint")).toBeTruthy();
    expect(action).toBe(tool.launchUrl);
    expect(state).toBe("state-123");
    const claims = await verifyIdToken(idToken);
    expect(claims).toMatchObject({
      sub: "u-ada",
      nonce: "nonce-456",
      azp: "client-9",
      name: "Ada Lovelace",
      given_name: "Ada",
      family_name: "Lovelace",
      email: "ada@example.test",
      [CLAIM.messageType]: "LtiResourceLinkRequest",
      [CLAIM.version]: "1.3.0",
      [CLAIM.deploymentId]: "dep-1",
      [CLAIM.targetLinkUri]: tool.launchUrl,
      [CLAIM.roles]: [`${ROLE}Learner`],
      [CLAIM.context]: { id: "c1", label: "CNT101", title: "Containers 101" },
      [CLAIM.resourceLink]: { id: "link-1", title: "First image" },
      [CLAIM.custom]: { exercise: "first-image" },
      [CLAIM.launchPresentation]: { document_target: "window" },
      [CLAIM.ags]: { lineitem: lineItemUrl, scope: expect.arrayContaining([SCOPE.score]) },
      [CLAIM.nrps]: { service_versions: ["2.0"] },
    });
    expect(claims.exp! - claims.iat!).toBe(300);
    expect(lineItemUrl).toContain("?");
  });

  it("sends a deep linking request without a resource link", async () => {
    const { idToken } = await launch(platform.deepLinkStartUrl("u-ivy", "c1"));
    const claims = await verifyIdToken(idToken);
    expect(claims[CLAIM.messageType]).toBe("LtiDeepLinkingRequest");
    expect(claims[CLAIM.resourceLink]).toBeUndefined();
    expect(claims[CLAIM.deepLinkingSettings]).toMatchObject({
      deep_link_return_url: `${platform.issuer}/deep-link-return`,
      accept_types: ["ltiResourceLink"],
      accept_multiple: false,
      data: expect.any(String),
    });
  });

  it("refuses an authentication request with a foreign redirect_uri or without a nonce", async () => {
    const auth = new URL(await redirectOf(await redirectOf(platform.launchStartUrl("u-ada", "link-1"))));
    const wrongRedirect = new URL(auth);
    wrongRedirect.searchParams.set("redirect_uri", "http://evil.test/launch");
    const res = await fetch(wrongRedirect);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("redirect_uri");
    const noNonce = new URL(auth);
    noNonce.searchParams.delete("nonce");
    expect((await fetch(noNonce)).status).toBe(400);
    expect(platform.refusals().at(-1)).toEqual({ path: "/auth", reason: "authentication request: nonce: is required" });
  });

  it("builds tampered id_tokens for attack tests", async () => {
    const forged = await platform.idToken({ userSub: "u-ada", linkId: "link-1", nonce: "n" }, { signWith: "stranger" });
    await expect(verifyIdToken(forged)).rejects.toThrow(/signature/);
    const odd = await platform.idToken(
      { userSub: "u-ada", linkId: "link-1", nonce: "n" },
      { claims: { [CLAIM.version]: "1.1" }, omit: [CLAIM.deploymentId], expiresInSeconds: -60 },
    );
    await expect(verifyIdToken(odd)).rejects.toThrow(/exp/);
    const { payload } = await jwtVerify(odd, createRemoteJWKSet(new URL(platform.jwksUrl)), {
      currentDate: new Date(Date.now() - 120_000),
    });
    expect(payload[CLAIM.version]).toBe("1.1");
    expect(payload[CLAIM.deploymentId]).toBeUndefined();
  });
});

describe("token endpoint", () => {
  it("grants a token for a correct client assertion", async () => {
    const res = await requestToken(await clientAssertion(), `${SCOPE.score} ${SCOPE.memberships}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      token_type: "Bearer",
      expires_in: 3600,
      scope: `${SCOPE.score} ${SCOPE.memberships}`,
    });
    expect(platform.tokenRequests().at(-1)).toEqual({ scope: [SCOPE.score, SCOPE.memberships] });
  });

  it("refuses a wrong key, a replayed jti, a wrong aud and an unknown scope", async () => {
    const wrongKey = await requestToken(await clientAssertion({ key: strangerKeys.privateKey }), SCOPE.score);
    expect(wrongKey.status).toBe(401);
    expect(await wrongKey.json()).toMatchObject({ error: "invalid_client" });
    const jti = randomUUID();
    expect((await requestToken(await clientAssertion({ jti }), SCOPE.score)).status).toBe(200);
    const replay = await requestToken(await clientAssertion({ jti }), SCOPE.score);
    expect(replay.status).toBe(401);
    expect(platform.refusals().at(-1)!.reason).toContain("jti reused");
    expect((await requestToken(await clientAssertion({ aud: "http://other.test/token" }), SCOPE.score)).status).toBe(
      401,
    );
    const badScope = await requestToken(await clientAssertion(), "https://example.test/scope/everything");
    expect(badScope.status).toBe(400);
    expect(await badScope.json()).toMatchObject({ error: "invalid_scope" });
  });
});

describe("scores", () => {
  const scoresUrl = () => lineItemUrl.replace("?", "/scores?");
  const score = (userId: string) => ({
    userId,
    scoreGiven: 80,
    scoreMaximum: 100,
    activityProgress: "Completed",
    gradingProgress: "FullyGraded",
    timestamp: new Date().toISOString(),
    comment: "Well built",
  });
  const post = (url: string, token: string | undefined, body: unknown, type: string = MEDIA.score) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it("refuses no token, a wrong content type, a dropped query and an unenrolled user", async () => {
    const token = await accessToken(SCOPE.score);
    expect((await post(scoresUrl(), undefined, score("u-ada"))).status).toBe(401);
    expect((await post(scoresUrl(), token, score("u-ada"), "application/json")).status).toBe(415);
    expect((await post(`${lineItemUrl}/scores`, token, score("u-ada"))).status).toBe(400);
    expect(platform.refusals().at(-1)!.reason).toContain("put it on the path");
    expect((await post(scoresUrl().split("?")[0]!, token, score("u-ada"))).status).toBe(400);
    expect(platform.refusals().at(-1)!.reason).toContain("query");
    expect((await post(scoresUrl(), token, score("u-nobody"))).status).toBe(400);
    expect((await post(scoresUrl(), token, { ...score("u-ada"), timestamp: "2026-01-01T10:00:00" })).status).toBe(400);
    const readOnly = await accessToken(SCOPE.resultReadOnly);
    expect((await post(scoresUrl(), readOnly, score("u-ada"))).status).toBe(403);
    expect(platform.scores(lineItemUrl)).toEqual([]);
  });

  it("records a good score posted to the line item's path with its query kept", async () => {
    const res = await post(scoresUrl(), await accessToken(SCOPE.score), score("u-bob"));
    expect(res.status).toBe(200);
    expect(platform.scores(lineItemUrl)).toEqual([expect.objectContaining({ userId: "u-bob", scoreGiven: 80 })]);
    expect(platform.scores("link-1")).toHaveLength(1);
    const results = await fetch(lineItemUrl.replace("?", "/results?"), {
      headers: { authorization: `Bearer ${await accessToken(SCOPE.resultReadOnly)}` },
    });
    expect(await results.json()).toEqual([expect.objectContaining({ userId: "u-bob", resultScore: 80 })]);
  });

  it("takes extra credit: a score above the maximum, as Dockyard sends early credit (110 out of 100)", async () => {
    const res = await post(scoresUrl(), await accessToken(SCOPE.score), { ...score("u-ada"), scoreGiven: 110 });
    expect(res.status).toBe(200);
    expect(platform.scores(lineItemUrl)).toContainEqual(expect.objectContaining({ userId: "u-ada", scoreGiven: 110 }));
  });
});

describe("line items", () => {
  it("lets the tool create a line item and lists it in the course's container", async () => {
    const token = await accessToken(SCOPE.lineItem);
    const created = await fetch(`${platform.issuer}/courses/c1/lineitems`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": MEDIA.lineItem },
      body: JSON.stringify({ label: "Quiz", scoreMaximum: 10, resourceLinkId: "link-1", tag: "quiz" }),
    });
    expect(created.status).toBe(201);
    const item = (await created.json()) as { id: string };
    expect(item.id).toContain("?type_id=");
    const list = await fetch(`${platform.issuer}/courses/c1/lineitems?tag=quiz`, {
      headers: { authorization: `Bearer ${token}`, accept: MEDIA.lineItemContainer },
    });
    expect(await list.json()).toEqual([{ ...item, label: "Quiz", scoreMaximum: 10 }]);
    expect(platform.scores(item.id)).toEqual([]);
  });
});

describe("memberships", () => {
  it("pages the course roster with Link next", async () => {
    const launchClaims = await verifyIdToken(
      await platform.idToken({ userSub: "u-ada", linkId: "link-1", nonce: "n" }),
    );
    let next: string | undefined = (launchClaims[CLAIM.nrps] as { context_memberships_url: string })
      .context_memberships_url;
    const headers = {
      authorization: `Bearer ${await accessToken(SCOPE.memberships)}`,
      accept: MEDIA.membershipContainer,
    };
    const seen: { user_id: string; status: string }[] = [];
    let pages = 0;
    while (next) {
      const res: Response = await fetch(next, { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(MEDIA.membershipContainer);
      const body = (await res.json()) as { context: { id: string }; members: { user_id: string; status: string }[] };
      expect(body.context.id).toBe("c1");
      seen.push(...body.members);
      pages++;
      next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get("link") ?? "")?.[1];
    }
    expect(pages).toBe(2);
    const asked = await fetch(`${platform.issuer}/courses/c1/memberships?limit=50`, { headers });
    expect(((await asked.json()) as { members: unknown[] }).members).toHaveLength(2);
    expect(asked.headers.get("link")).toContain('rel="next"');
    expect(seen.map((m) => m.user_id)).toEqual(users.map((u) => u.sub));
    expect(seen[2]!.status).toBe("Inactive");
  });

  it("refuses a token without the NRPS scope and a wrong Accept", async () => {
    const url = `${platform.issuer}/courses/c1/memberships`;
    const scoreOnly = await accessToken(SCOPE.score);
    const accept = MEDIA.membershipContainer;
    expect((await fetch(url, { headers: { authorization: `Bearer ${scoreOnly}`, accept } })).status).toBe(403);
    const token = await accessToken(SCOPE.memberships);
    expect((await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: "text/html" } })).status).toBe(406);
  });
});

describe("deep link return", () => {
  async function deepLinkData(): Promise<string> {
    const { idToken } = await launch(platform.deepLinkStartUrl("u-ivy", "c1"));
    return ((await verifyIdToken(idToken))[CLAIM.deepLinkingSettings] as { data: string }).data;
  }
  const response = (data: string, nonce: string = randomUUID()) =>
    new SignJWT({
      nonce,
      [CLAIM.messageType]: "LtiDeepLinkingResponse",
      [CLAIM.version]: "1.3.0",
      [CLAIM.deploymentId]: "dep-1",
      [CLAIM.data]: data,
      [CLAIM.contentItems]: [{ type: "ltiResourceLink", title: "First image", url: tool.launchUrl }],
    })
      .setProtectedHeader({ alg: "RS256", kid: "tool-1" })
      .setIssuer("client-9")
      .setAudience(platform.issuer)
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(toolKeys.privateKey);
  const send = (jwt: string) =>
    fetch(`${platform.issuer}/deep-link-return`, { method: "POST", body: new URLSearchParams({ JWT: jwt }) });

  it("verifies the tool's JWT and records the content items", async () => {
    const data = await deepLinkData();
    const res = await send(await response(data, "dl-nonce"));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Deep linking done");
    expect(platform.deepLinkReturns().at(-1)).toMatchObject({
      data,
      contentItems: [{ type: "ltiResourceLink", title: "First image" }],
    });
    expect((await send(await response(data, "dl-nonce"))).status).toBe(400);
    expect(platform.refusals().at(-1)!.reason).toContain("nonce reused");
  });

  it("refuses data it never issued", async () => {
    expect((await send(await response("made-up"))).status).toBe(400);
    expect(platform.refusals().at(-1)!.reason).toContain("was not issued");
  });
});

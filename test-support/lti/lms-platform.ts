import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createRemoteJWKSet, exportJWK, generateKeyPair, type JWK, type JWTPayload, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { escapeHtml, firstIssue, Refusal, readForm, sendHtml, sendJson, sendText } from "./http-util";
import { handleCourseService } from "./lms-services";
import { CLAIM, CLIENT_ASSERTION_TYPE, COURSE_OFFERING, LTI_VERSION, SCOPE } from "./lti-vocab";
import {
  type LineItem,
  type LmsUser,
  lineItemsUrl,
  lineItemUrl,
  type Misconfiguration,
  membershipsUrl,
  newLineItemId,
  type PlatformState,
  type ReceivedScore,
  WELL_CONFIGURED,
} from "./platform-state";

/**
 * A local LMS (LTI 1.3 platform) for tests of Dockyard's tool side: OIDC third-party login, id_token launches,
 * deep linking, the client-credentials token endpoint, AGS scores and NRPS memberships. It is strict where the
 * specifications are, so a tool that passes against it has been checked, and every refusal is kept with its reason.
 */

export type { LmsUser, Misconfiguration, ReceivedScore };

/**
 * Which LMS the harness plays where they differ: the token endpoint's path, and how it answers a scope the
 * registration does not grant (Canvas refuses the request, invalid_scope; Moodle grants the scopes it may and names
 * them in the answer's `scope`, refusing only when none is left). "generic" refuses as Canvas does.
 */
export type LmsFlavour = "generic" | "canvas" | "moodle";

const TOKEN_PATH: Record<LmsFlavour, string> = {
  generic: "/token",
  canvas: "/login/oauth2/token",
  moodle: "/mod/lti/token.php",
};

export interface ToolEndpoints {
  /** The tool's OIDC login initiation URL. */
  loginUrl: string;
  /** The tool's redirect URI, also its target link URI. */
  launchUrl: string;
  /** The tool's public keys. */
  jwksUrl: string;
}

type MessageType = "LtiResourceLinkRequest" | "LtiDeepLinkingRequest";

interface IdTokenArgs {
  userSub: string;
  linkId?: string;
  courseId?: string;
  nonce: string;
  messageType?: MessageType;
}

interface IdTokenTamper {
  /** Merged over the claims (replacing any of the same name). */
  claims?: Record<string, unknown>;
  /** Top-level claims to leave out. */
  omit?: string[];
  /** "stranger" signs with a key the platform never published, under the platform's kid unless `kid` is given. */
  signWith?: "platform" | "stranger";
  kid?: string;
  /** exp is now + this (default 300). */
  expiresInSeconds?: number;
  /** iat is now + this (default 0). */
  issuedAtOffsetSeconds?: number;
}

export interface LmsPlatform {
  issuer: string;
  clientId: string;
  deploymentId: string;
  authLoginUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  addCourse(c: { id: string; title: string; label?: string }): void;
  enrol(courseId: string, user: LmsUser): void;
  addResourceLink(l: {
    id: string;
    courseId: string;
    title: string;
    custom?: Record<string, string>;
    lineItem?: { label: string; scoreMaximum: number; endDateTime?: string };
  }): { lineItemUrl?: string };
  /** Sets the LMS up wrong (or right again: each field given replaces the one before). */
  misconfigure(setup: Partial<Misconfiguration>): void;
  /** Deletes a line item, as deleting its assignment (Canvas) or activity (Moodle) does. */
  removeLineItem(lineItemUrlOrId: string): void;
  /** URL a browser (or fetch with manual redirects) opens to start a launch of `linkId` as `userSub`. */
  launchStartUrl(userSub: string, linkId: string): string;
  /** Same for a deep linking request in a course. */
  deepLinkStartUrl(userSub: string, courseId: string): string;
  /** Build a signed id_token directly, for attack tests; `tamper` changes claims/keys. */
  idToken(args: IdTokenArgs, tamper?: IdTokenTamper): Promise<string>;
  /** Scores the tool posted, in order; by line item URL (query optional) or resource link id. */
  scores(lineItemUrlOrId: string): ReceivedScore[];
  deepLinkReturns(): { contentItems: unknown[]; data?: string; raw: Record<string, unknown> }[];
  tokenRequests(): { scope: string[] }[];
  /** Requests the harness refused, with why (for test assertions and debugging). */
  refusals(): { path: string; reason: string }[];
  close(): Promise<void>;
}

/** What /launch-start hands the tool as lti_message_hint, so /auth knows what is being launched. */
interface LaunchHint {
  userSub: string;
  linkId?: string;
  deepCourseId?: string;
}

const CLOCK_TOLERANCE_SECONDS = 5;
const ACCESS_TOKEN_SECONDS = 3600;
const GRANTABLE_SCOPES: string[] = [
  SCOPE.score,
  SCOPE.lineItem,
  SCOPE.lineItemReadOnly,
  SCOPE.resultReadOnly,
  SCOPE.memberships,
];

const authSchema = z.object({
  scope: z.string({ message: "is required" }),
  response_type: z.string({ message: "is required" }),
  response_mode: z.string({ message: "is required" }),
  prompt: z.string({ message: "is required" }),
  client_id: z.string({ message: "is required" }),
  redirect_uri: z.string({ message: "is required" }),
  login_hint: z.string({ message: "is required" }),
  lti_message_hint: z.string({ message: "is required" }),
  state: z.string({ message: "is required" }).min(1, "is empty"),
  nonce: z.string({ message: "is required" }).min(1, "is empty"),
});

const tokenSchema = z.object({
  grant_type: z.string({ message: "is required" }),
  client_assertion_type: z.string({ message: "is required" }),
  client_assertion: z.string({ message: "is required" }),
  scope: z.string({ message: "is required" }),
});

const deepLinkResponseSchema = z.object({
  nonce: z.string({ message: "is required" }).min(1),
  [CLAIM.messageType]: z.literal("LtiDeepLinkingResponse"),
  [CLAIM.version]: z.literal(LTI_VERSION),
  [CLAIM.deploymentId]: z.string({ message: "is required" }),
  [CLAIM.data]: z.string({ message: "is required (the request's data echoed)" }),
  [CLAIM.contentItems]: z.array(z.object({ type: z.string() }).loose()).default([]),
});

const random = () => randomBytes(16).toString("hex");

async function signingKey(kid: string) {
  const pair = await generateKeyPair("RS256", { extractable: true });
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid, alg: "RS256", use: "sig" };
  return { privateKey: pair.privateKey, jwk };
}

export async function startLmsPlatform(opts: {
  tool: ToolEndpoints;
  clientId?: string;
  deploymentId?: string;
  flavour?: LmsFlavour;
}): Promise<LmsPlatform> {
  const { tool } = opts;
  const flavour = opts.flavour ?? "generic";
  const clientId = opts.clientId ?? "dockyard-tool";
  const deploymentId = opts.deploymentId ?? "deployment-1";
  const platformKey = await signingKey("platform-key-1");
  const strangerKey = await signingKey("stranger-key-1");
  const toolKeys = createRemoteJWKSet(new URL(tool.jwksUrl));

  const state: PlatformState = {
    issuer: "",
    setup: { ...WELL_CONFIGURED },
    courses: new Map(),
    links: new Map(),
    lineItems: new Map(),
    lineItemsMade: 0,
    accessTokens: new Map(),
  };
  const hints = new Map<string, LaunchHint>();
  const issuedData = new Set<string>();
  const seenJtis = new Set<string>();
  const seenDeepLinkNonces = new Set<string>();
  const refusals: { path: string; reason: string }[] = [];
  const tokenRequests: { scope: string[] }[] = [];
  const deepLinkReturns: { contentItems: unknown[]; data?: string; raw: Record<string, unknown> }[] = [];

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", state.issuer);
    route(req, res, url).catch((error: unknown) => {
      const refusal =
        error instanceof Refusal ? error : new Refusal(500, `harness error: ${(error as Error)?.stack ?? error}`);
      refusals.push({ path: url.pathname, reason: refusal.reason });
      if (res.headersSent) {
        res.end();
      } else if (refusal.body) {
        res.writeHead(refusal.status, { "content-type": "application/json", ...refusal.headers });
        res.end(JSON.stringify(refusal.body.json));
      } else {
        for (const [name, value] of Object.entries(refusal.headers)) res.setHeader(name, value);
        sendText(res, refusal.status, refusal.reason);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = state.issuer;
  const authLoginUrl = `${issuer}/auth`;
  const tokenUrl = `${issuer}${TOKEN_PATH[flavour]}`;
  const deepLinkReturnUrl = `${issuer}/deep-link-return`;

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? "GET";
    if (url.pathname === "/jwks" && method === "GET") return sendJson(res, 200, { keys: [platformKey.jwk] });
    if (url.pathname === "/launch-start" && method === "GET") return launchStart(res, url);
    if (url.pathname === "/auth" && (method === "GET" || method === "POST")) {
      return authorize(res, method === "GET" ? url.searchParams : await readForm(req));
    }
    if (url.pathname === TOKEN_PATH[flavour] && method === "POST") return token(req, res);
    if (url.pathname === "/deep-link-return" && method === "POST") return deepLinkReturn(req, res);
    if (await handleCourseService(state, req, res, url)) return;
    throw new Refusal(404, `no route ${method} ${url.pathname}${url.search}`);
  }

  function launchStart(res: ServerResponse, url: URL): void {
    const userSub = url.searchParams.get("user") ?? "";
    const linkId = url.searchParams.get("link") ?? undefined;
    const deepCourseId = url.searchParams.get("deep") ?? undefined;
    const courseId = linkId ? state.links.get(linkId)?.courseId : deepCourseId;
    if (!courseId) throw new Refusal(400, `no resource link or course for ${url.search}`);
    if (!state.courses.get(courseId)?.members.has(userSub)) {
      throw new Refusal(400, `"${userSub}" is not enrolled in "${courseId}"`);
    }
    const hint = random();
    hints.set(hint, { userSub, linkId, deepCourseId: linkId ? undefined : deepCourseId });
    const login = new URL(tool.loginUrl);
    login.searchParams.set("iss", issuer);
    login.searchParams.set("login_hint", userSub);
    login.searchParams.set("target_link_uri", tool.launchUrl);
    login.searchParams.set("lti_message_hint", hint);
    login.searchParams.set("client_id", clientId);
    login.searchParams.set("lti_deployment_id", deploymentId);
    res.writeHead(302, { location: login.href });
    res.end();
  }

  async function authorize(res: ServerResponse, params: URLSearchParams): Promise<void> {
    const parsed = authSchema.safeParse(Object.fromEntries(params));
    if (!parsed.success) throw new Refusal(400, `authentication request: ${firstIssue(parsed.error)}`);
    const p = parsed.data;
    const expect = (ok: boolean, reason: string) => {
      if (!ok) throw new Refusal(400, `authentication request: ${reason}`);
    };
    expect(p.scope.split(" ").includes("openid"), `scope "${p.scope}" lacks openid`);
    expect(p.response_type === "id_token", `response_type must be id_token, got "${p.response_type}"`);
    expect(p.response_mode === "form_post", `response_mode must be form_post, got "${p.response_mode}"`);
    expect(p.prompt === "none", `prompt must be none, got "${p.prompt}"`);
    expect(p.client_id === clientId, `unknown client_id "${p.client_id}"`);
    expect(p.redirect_uri === tool.launchUrl, `redirect_uri "${p.redirect_uri}" is not the registered one`);
    const hint = hints.get(p.lti_message_hint);
    expect(hint !== undefined, "lti_message_hint was not issued by this platform");
    expect(hint!.userSub === p.login_hint, `login_hint "${p.login_hint}" is not the launch's user`);
    const idToken = await buildIdToken({
      userSub: hint!.userSub,
      linkId: hint!.linkId,
      courseId: hint!.deepCourseId,
      nonce: p.nonce,
      messageType: hint!.linkId ? "LtiResourceLinkRequest" : "LtiDeepLinkingRequest",
    });
    const action = escapeHtml(p.redirect_uri);
    sendHtml(
      res,
      `<!doctype html>
<html><head><title>Launching</title></head>
<body>
<form id="launch" method="post" action="${action}">
<input type="hidden" name="id_token" value="${escapeHtml(idToken)}">
<input type="hidden" name="state" value="${escapeHtml(p.state)}">
<button type="submit">Continue to the tool</button>
</form>
<script>document.getElementById("launch").submit();</script>
</body></html>`,
    );
  }

  async function buildIdToken(args: IdTokenArgs, tamper: IdTokenTamper = {}): Promise<string> {
    const link = args.linkId ? state.links.get(args.linkId) : undefined;
    if (args.linkId && !link) throw new Error(`no resource link "${args.linkId}"`);
    const courseId = link?.courseId ?? args.courseId;
    const course = courseId ? state.courses.get(courseId) : undefined;
    if (!course) throw new Error(`no course for ${JSON.stringify(args)}`);
    const user = course.members.get(args.userSub);
    if (!user) throw new Error(`"${args.userSub}" is not enrolled in "${course.id}"`);
    const messageType = args.messageType ?? (link ? "LtiResourceLinkRequest" : "LtiDeepLinkingRequest");
    const now = Math.floor(Date.now() / 1000);
    const [givenName, ...familyName] = user.name.split(" ");
    const lineItem: LineItem | undefined = link?.lineItemId ? state.lineItems.get(link.lineItemId) : undefined;
    const claims: Record<string, unknown> = {
      iss: issuer,
      aud: clientId,
      azp: clientId,
      sub: user.sub,
      iat: now + (tamper.issuedAtOffsetSeconds ?? 0),
      exp: now + (tamper.expiresInSeconds ?? 300),
      nonce: args.nonce,
      name: user.name,
      given_name: givenName,
      family_name: familyName.join(" "),
      email: user.email,
      [CLAIM.messageType]: messageType,
      [CLAIM.version]: LTI_VERSION,
      [CLAIM.deploymentId]: deploymentId,
      [CLAIM.targetLinkUri]: tool.launchUrl,
      [CLAIM.roles]: user.roles,
      [CLAIM.context]: {
        id: course.id,
        ...(course.label ? { label: course.label } : {}),
        title: course.title,
        type: [COURSE_OFFERING],
      },
      [CLAIM.toolPlatform]: { guid: `${issuer}/`, name: "Dockyard test LMS" },
      [CLAIM.launchPresentation]: { document_target: "window" },
      [CLAIM.custom]: link?.custom ?? {},
      [CLAIM.ags]: {
        scope: [SCOPE.lineItem, SCOPE.resultReadOnly, SCOPE.score],
        lineitems: lineItemsUrl(state, course.id),
        ...(lineItem ? { lineitem: lineItemUrl(state, lineItem) } : {}),
      },
      [CLAIM.nrps]: { context_memberships_url: membershipsUrl(state, course.id), service_versions: ["2.0"] },
    };
    if (messageType === "LtiResourceLinkRequest" && link) {
      claims[CLAIM.resourceLink] = { id: link.id, title: link.title };
    }
    if (messageType === "LtiDeepLinkingRequest") {
      const data = random();
      issuedData.add(data);
      claims[CLAIM.deepLinkingSettings] = {
        deep_link_return_url: deepLinkReturnUrl,
        accept_types: ["ltiResourceLink"],
        accept_presentation_document_targets: ["window"],
        accept_multiple: false,
        data,
      };
    }
    Object.assign(claims, tamper.claims);
    for (const name of tamper.omit ?? []) delete claims[name];
    const key = tamper.signWith === "stranger" ? strangerKey : platformKey;
    return new SignJWT(claims as JWTPayload)
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: tamper.kid ?? platformKey.jwk.kid! })
      .sign(key.privateKey);
  }

  function oauthError(status: number, error: string, description: string): Refusal {
    return new Refusal(status, `${error}: ${description}`, { json: { error, error_description: description } });
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let form: URLSearchParams;
    try {
      form = await readForm(req);
    } catch (error) {
      throw oauthError(400, "invalid_request", (error as Error).message);
    }
    const parsed = tokenSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) throw oauthError(400, "invalid_request", firstIssue(parsed.error));
    const p = parsed.data;
    if (p.grant_type !== "client_credentials") {
      throw oauthError(400, "unsupported_grant_type", `grant_type "${p.grant_type}"`);
    }
    if (p.client_assertion_type !== CLIENT_ASSERTION_TYPE) {
      throw oauthError(400, "invalid_request", `client_assertion_type "${p.client_assertion_type}"`);
    }
    const asked = p.scope.split(" ").filter(Boolean);
    const grantable = GRANTABLE_SCOPES.filter((scope) => !state.setup.withheldScopes.includes(scope));
    const unknown = asked.filter((scope) => !grantable.includes(scope));
    // Moodle grants what it may of what was asked; Canvas (and the generic platform) refuse the whole request.
    const scopes = flavour === "moodle" ? asked.filter((scope) => grantable.includes(scope)) : asked;
    if (scopes.length === 0 || (flavour !== "moodle" && unknown.length > 0)) {
      throw oauthError(400, "invalid_scope", `cannot grant "${unknown.join(" ") || "(none)"}"`);
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(p.client_assertion, toolKeys, {
        algorithms: ["RS256"],
        issuer: clientId,
        subject: clientId,
        audience: [tokenUrl, issuer],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ["exp", "iat", "jti"],
      }));
    } catch (error) {
      const e = error as { code?: string; message: string };
      throw oauthError(401, "invalid_client", `client assertion: ${e.code ?? "error"}: ${e.message}`);
    }
    if (state.setup.refuseClientAssertion) {
      throw oauthError(401, "invalid_client", "the client assertion is not signed by the registered keyset");
    }
    if (seenJtis.has(payload.jti!)) throw oauthError(401, "invalid_client", `client assertion jti reused`);
    seenJtis.add(payload.jti!);
    tokenRequests.push({ scope: scopes });
    const accessToken = randomBytes(24).toString("base64url");
    state.accessTokens.set(accessToken, { scopes, expiresAt: Date.now() + ACCESS_TOKEN_SECONDS * 1000 });
    sendJson(res, 200, {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: ACCESS_TOKEN_SECONDS,
      scope: scopes.join(" "),
    });
  }

  async function deepLinkReturn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const jwt = (await readForm(req)).get("JWT");
    if (!jwt) throw new Refusal(400, "deep linking response: no JWT field");
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(jwt, toolKeys, {
        algorithms: ["RS256"],
        issuer: clientId,
        audience: issuer,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ["exp", "iat", "nonce"],
      }));
    } catch (error) {
      const e = error as { code?: string; message: string };
      throw new Refusal(400, `deep linking response: ${e.code ?? "error"}: ${e.message}`);
    }
    const parsed = deepLinkResponseSchema.safeParse(payload);
    if (!parsed.success) throw new Refusal(400, `deep linking response: ${firstIssue(parsed.error)}`);
    const claims = parsed.data;
    const fail = (reason: string) => new Refusal(400, `deep linking response: ${reason}`);
    if (claims[CLAIM.deploymentId] !== deploymentId) throw fail(`deployment_id "${claims[CLAIM.deploymentId]}"`);
    const data = claims[CLAIM.data];
    if (!issuedData.has(data)) throw fail(`data "${data}" was not issued in a deep linking request`);
    if (seenDeepLinkNonces.has(claims.nonce)) throw fail("nonce reused");
    const items = claims[CLAIM.contentItems];
    if (items.length > 1) throw fail(`${items.length} content items, but accept_multiple is false`);
    const wrongType = items.find((item) => item.type !== "ltiResourceLink");
    if (wrongType) throw fail(`content item type "${wrongType.type}" is not accepted`);
    seenDeepLinkNonces.add(claims.nonce);
    deepLinkReturns.push({ contentItems: items, data, raw: payload as Record<string, unknown> });
    sendHtml(res, "<!doctype html><html><head><title>Done</title></head><body><p>Deep linking done</p></body></html>");
  }

  function findLineItem(urlOrId: string): LineItem | undefined {
    const byLink = state.links.get(urlOrId)?.lineItemId;
    if (byLink) return state.lineItems.get(byLink);
    const path = urlOrId.split("?")[0];
    return [...state.lineItems.values()].find((item) => lineItemUrl(state, item).split("?")[0] === path);
  }

  return {
    issuer,
    clientId,
    deploymentId,
    authLoginUrl,
    tokenUrl,
    jwksUrl: `${issuer}/jwks`,
    addCourse(c) {
      state.courses.set(c.id, { ...c, members: new Map() });
    },
    enrol(courseId, user) {
      const course = state.courses.get(courseId);
      if (!course) throw new Error(`no course "${courseId}"`);
      course.members.set(user.sub, user);
    },
    addResourceLink(l) {
      if (!state.courses.has(l.courseId)) throw new Error(`no course "${l.courseId}"`);
      let item: LineItem | undefined;
      if (l.lineItem) {
        item = {
          id: newLineItemId(state),
          courseId: l.courseId,
          resourceLinkId: l.id,
          ...l.lineItem,
          scores: [],
        };
        state.lineItems.set(item.id, item);
      }
      state.links.set(l.id, { id: l.id, courseId: l.courseId, title: l.title, custom: l.custom, lineItemId: item?.id });
      return item ? { lineItemUrl: lineItemUrl(state, item) } : {};
    },
    launchStartUrl: (userSub, linkId) =>
      `${issuer}/launch-start?${new URLSearchParams({ user: userSub, link: linkId })}`,
    deepLinkStartUrl: (userSub, courseId) =>
      `${issuer}/launch-start?${new URLSearchParams({ user: userSub, deep: courseId })}`,
    idToken: buildIdToken,
    scores(urlOrId) {
      const item = findLineItem(urlOrId);
      if (!item) throw new Error(`no line item "${urlOrId}"`);
      return [...item.scores];
    },
    misconfigure(setup) {
      state.setup = { ...state.setup, ...setup };
    },
    removeLineItem(urlOrId) {
      const item = findLineItem(urlOrId);
      if (!item) throw new Error(`no line item "${urlOrId}"`);
      state.lineItems.delete(item.id);
    },
    deepLinkReturns: () => [...deepLinkReturns],
    tokenRequests: () => [...tokenRequests],
    refusals: () => [...refusals],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

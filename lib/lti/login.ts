import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { prisma } from "../db/client";
import { RequestError } from "../errors/request-error";
import { platformFor } from "./platforms";
import { toolUrls } from "./tool-urls";

/*
 * Step one of a launch (the IMS Security Framework's OIDC third-party initiated login): the LMS names itself and the
 * person; the tool redirects to its authorization endpoint with a fresh state and nonce, single use, for ten minutes.
 */

export const LOGIN_LIFETIME_MINUTES = 10;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what no parameter may hold.
const CONTROL = /[\u0000-\u001f\u007f]/;
const param = (name: string, max: number) =>
  z
    .string()
    .min(1, `The LMS sent an empty ${name}.`)
    .max(max, `The LMS's ${name} is over ${max} characters.`)
    .refine((v) => !CONTROL.test(v), `The LMS's ${name} holds control characters.`);

const loginParamsSchema = z.object({
  iss: param("issuer (iss)", 2048),
  login_hint: param("login_hint", 4096),
  target_link_uri: param("target_link_uri", 2048),
  lti_message_hint: param("lti_message_hint", 4096).optional(),
  client_id: param("client_id", 255).optional(),
  lti_deployment_id: param("lti_deployment_id", 255).optional(),
});

const token = () => randomBytes(32).toString("base64url");

/** The address the browser goes to next, or a RequestError saying why the login cannot start. */
export async function beginLogin(params: Record<string, string>): Promise<URL> {
  const parsed = loginParamsSchema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const missing = issue?.code === "invalid_type" ? `The LMS sent no ${issue.path.join(".")}.` : undefined;
    throw new RequestError("BAD_REQUEST", missing ?? issue?.message ?? "Bad LTI login.");
  }
  const login = parsed.data;
  const platform = await platformFor(login.iss, login.client_id);
  if (login.lti_deployment_id && !platform.deploymentIds.includes(login.lti_deployment_id)) {
    throw new RequestError(
      "FORBIDDEN",
      `Deployment ${login.lti_deployment_id} of ${platform.name} is not registered in Dockyard: an admin can add it.`,
    );
  }
  const { launchUrl } = toolUrls();
  // The LMS sends the browser back to where the login says, so only the tool's own launch address is accepted.
  if (login.target_link_uri !== launchUrl) {
    throw new RequestError("BAD_REQUEST", `The target_link_uri must be Dockyard's launch URL, ${launchUrl}.`);
  }
  const state = token();
  const nonce = token();
  await prisma().ltiLogin.create({ data: { state, nonce, platformId: platform.id } });
  // Logins nobody finished are of no use after their ten minutes.
  await prisma().ltiLogin.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - 24 * 60 * 60 * 1000) } } });
  const next = new URL(platform.authLoginUrl);
  const query: Record<string, string> = {
    scope: "openid",
    response_type: "id_token",
    response_mode: "form_post",
    prompt: "none",
    client_id: platform.clientId,
    redirect_uri: launchUrl,
    login_hint: login.login_hint,
    state,
    nonce,
    ...(login.lti_message_hint ? { lti_message_hint: login.lti_message_hint } : {}),
  };
  for (const [k, v] of Object.entries(query)) next.searchParams.set(k, v);
  return next;
}

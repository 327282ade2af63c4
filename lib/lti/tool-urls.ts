import { publicOrigin } from "../http/public-origin";

/** Where an LMS reaches the tool: what an admin enters in the LMS (docs/lti.md), built from the public origin. */
export function toolUrls(): { loginUrl: string; launchUrl: string; jwksUrl: string } {
  const origin = publicOrigin();
  return {
    loginUrl: `${origin}/api/lti/login`,
    launchUrl: `${origin}/api/lti/launch`,
    jwksUrl: `${origin}/api/lti/jwks`,
  };
}

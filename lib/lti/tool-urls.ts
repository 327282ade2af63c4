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

/** The entry points an LMS's page posts to: they prove themselves with a signed token, not by coming from Dockyard. */
export const LTI_ENTRY_PATHS: readonly string[] = ["/api/lti/login", "/api/lti/launch"];

/** The content picker an LMS frames (its address carries the request's secret; lib/lti/deep-linking.ts). */
export function isLtiPicker(pathname: string): boolean {
  return pathname.startsWith("/lti/deep-link/");
}

/** The picker's answer, which sets its own policy: its form goes back to the LMS. */
export function isLtiPickerAnswer(pathname: string): boolean {
  return pathname.startsWith("/api/lti/deep-link/");
}

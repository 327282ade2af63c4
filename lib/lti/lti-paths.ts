// The LTI paths the proxy treats apart. Import-free, so the header (in the browser) reads the picker's path here too.

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

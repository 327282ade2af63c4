// SAML's addresses, import-free: the request proxy reads the assertion consumer's here (lib/institutions/saml-sp.ts).

/** Dockyard's SP metadata; its address is also the SP's entityID. */
export const SAML_METADATA_PATH = "/api/auth-institution/saml/metadata";

/**
 * The assertion consumer service: an IdP's page posts the Response here, cross-site, so the proxy's foreign-Origin
 * refusal leaves it alone: it proves itself with the IdP's signature and the single-use sign-in it answers.
 */
export const SAML_ACS_PATH = "/api/auth-institution/saml/acs";

/**
 * The browser's same-site step after the assertion consumer. Under the OpenID Connect callback's path, so the
 * binding cookie (Path=/api/auth-institution/callback, lib/institutions/login-binding.ts) reaches it.
 */
export const SAML_FINISH_PATH = "/api/auth-institution/callback/saml";

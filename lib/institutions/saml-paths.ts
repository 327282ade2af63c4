// SAML's addresses, import-free: the request proxy reads the assertion consumer's here (lib/institutions/saml-sp.ts).

/** Dockyard's SP metadata; its address is also the SP's entityID. */
export const SAML_METADATA_PATH = "/api/auth-institution/saml/metadata";

/** The assertion consumer, posted to cross-site (the proxy lets it through): the IdP's signature proves it. */
export const SAML_ACS_PATH = "/api/auth-institution/saml/acs";

/** The browser's same-site step after the consumer, under the callback's path, so the binding cookie reaches it. */
export const SAML_FINISH_PATH = "/api/auth-institution/callback/saml";

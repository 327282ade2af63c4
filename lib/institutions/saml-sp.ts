import "server-only";
import * as xmllint from "@authenio/samlify-node-xmllint";
import * as samlify from "samlify";
import type { Institution } from "../generated/prisma/client";
import { publicOrigin } from "../http/public-origin";
import { POST_BINDING } from "./saml-metadata";
import { SAML_ACS_PATH, SAML_METADATA_PATH } from "./saml-paths";

/*
 * Dockyard as a SAML 2.0 service provider, through samlify: its entityID and assertion consumer address (from APP_URL),
 * its metadata, and the IdP an institution's stored metadata describes. samlify checks every message against the SAML
 * schemas (xmllint compiled to wasm: no Java, no network) and a response's signature against the IdP's certificates.
 */

samlify.setSchemaValidator(xmllint);

/** Dockyard's SP entityID: the address of its metadata, as Shibboleth's own SPs do it. */
export function spEntityId(): string {
  return `${publicOrigin()}${SAML_METADATA_PATH}`;
}

/** Where an IdP posts its Response (HTTP-POST binding). */
export function acsUrl(): string {
  return `${publicOrigin()}${SAML_ACS_PATH}`;
}

export const NAMEID_PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";

/** Dockyard's SP. It signs nothing (its AuthnRequest needs no signature) and wants every assertion signed. */
export function serviceProvider(): ReturnType<typeof samlify.ServiceProvider> {
  return samlify.ServiceProvider({
    entityID: spEntityId(),
    authnRequestsSigned: false,
    wantAssertionsSigned: true,
    wantMessageSigned: false,
    nameIDFormat: [NAMEID_PERSISTENT],
    assertionConsumerService: [{ Binding: POST_BINDING, Location: acsUrl() }],
    // A minute either way for the IdP's clock against this server's (NotBefore, NotOnOrAfter).
    clockDrifts: [-60_000, 60_000],
  });
}

/** Dockyard's SP metadata, for the IdP's admin (served at SAML_METADATA_PATH). */
export function spMetadataXml(): string {
  return serviceProvider().getMetadata();
}

/** The IdP an institution's stored fields describe: its entityID, sign-on address and signing certificates only. */
export function identityProvider(
  institution: Pick<Institution, "issuer" | "samlSsoUrl" | "samlSsoBinding" | "samlCertificates">,
): ReturnType<typeof samlify.IdentityProvider> {
  return samlify.IdentityProvider({
    entityID: institution.issuer,
    signingCert: institution.samlCertificates.map(pem),
    wantAuthnRequestsSigned: false,
    singleSignOnService: [
      { Binding: institution.samlSsoBinding ?? "", Location: institution.samlSsoUrl ?? "", isDefault: true },
    ],
  });
}

function pem(base64: string): string {
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

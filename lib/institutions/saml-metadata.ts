import { X509Certificate } from "node:crypto";
import * as samlify from "samlify";
import { RequestError } from "../errors/request-error";

/*
 * What Dockyard keeps of a SAML IdP, read from the metadata its admin publishes (Shibboleth's /idp/shibboleth, ADFS's
 * /FederationMetadata/2007-06/FederationMetadata.xml). Every way it falls short is a 400 naming it.
 */

const REDIRECT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
export const POST_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

function wrong(message: string): never {
  throw new RequestError("BAD_REQUEST", message, { field: "metadataXml" });
}

function list(value: unknown): string[] {
  const values = Array.isArray(value) ? value.flat(Number.POSITIVE_INFINITY) : [value];
  return values.filter((v): v is string => typeof v === "string" && v.trim() !== "");
}

/**
 * Reads one IdP's metadata (its entityID, which every assertion's Issuer must say, and the Base64 DER certificates
 * that may sign them), or says in words why it cannot stand for one.
 */
export function parseIdpMetadata(xml: string) {
  const text = xml.trim();
  if (!text.startsWith("<")) wrong("The metadata is not XML: paste the IdP's metadata document, which begins with <.");
  let found: Record<string, unknown>;
  try {
    found = samlify.Extractor.extract(text, [
      { key: "descriptors", localPath: ["EntityDescriptor"], attributes: ["entityID"] },
      { key: "aggregate", localPath: ["EntitiesDescriptor"], attributes: [], context: true },
      { key: "idp", localPath: ["EntityDescriptor", "IDPSSODescriptor"], attributes: ["protocolSupportEnumeration"] },
    ]);
  } catch {
    wrong("The metadata is not well-formed XML. Paste the IdP's metadata document whole, as the IdP publishes it.");
  }
  if (found.aggregate !== null && found.aggregate !== undefined) {
    wrong(
      "This is a federation's metadata with many entities (an EntitiesDescriptor). Paste the metadata of your " +
        "institution's IdP alone: one EntityDescriptor.",
    );
  }
  const entityIds = list(found.descriptors);
  if (entityIds.length === 0) wrong("The XML is not SAML metadata: it has no EntityDescriptor with an entityID.");
  if (entityIds.length > 1) wrong("The metadata describes several entities; paste the one IdP's EntityDescriptor.");
  const protocols = list(found.idp).join(" ");
  if (!protocols) {
    wrong(
      "This metadata is not an identity provider's (it has no IDPSSODescriptor): perhaps it is a service " +
        "provider's. Paste the metadata of the IdP people sign in at.",
    );
  }
  if (!protocols.includes("urn:oasis:names:tc:SAML:2.0:protocol")) {
    wrong("This IdP does not offer SAML 2.0 (its protocolSupportEnumeration does not name it).");
  }
  let idp: ReturnType<typeof samlify.IdentityProvider>;
  try {
    idp = samlify.IdentityProvider({ metadata: text });
  } catch {
    wrong("The metadata could not be read as one IdP's SAML metadata.");
  }
  if (idp.entityMeta.isWantAuthnRequestsSigned()) {
    wrong(
      'The IdP wants signed requests (WantAuthnRequestsSigned="true"); Dockyard sends its AuthnRequest unsigned. ' +
        "Turn that requirement off for Dockyard at the IdP and fetch its metadata again.",
    );
  }
  const signing = list(idp.entityMeta.getX509Certificate("signing"));
  const certificates = [...new Set(signing.map((c) => c.replace(/\s+/g, "")))];
  if (certificates.length === 0) {
    wrong(
      'The IdP\'s metadata has no signing certificate (no KeyDescriptor use="signing" or without a use). ' +
        "Dockyard accepts only assertions signed by a key the metadata names.",
    );
  }
  for (const cert of certificates) {
    try {
      new X509Certificate(Buffer.from(cert, "base64"));
    } catch {
      wrong("One of the metadata's signing certificates is not a valid X.509 certificate.");
    }
  }
  const redirect = list(idp.entityMeta.getSingleSignOnService("redirect"));
  if (redirect.length === 0) {
    const post = list(idp.entityMeta.getSingleSignOnService("post"));
    wrong(
      post.length > 0
        ? "The IdP lists its single sign-on service only with the HTTP-POST binding; Dockyard sends its request " +
            "with HTTP-Redirect, which Shibboleth and ADFS offer: turn it on at the IdP and fetch its metadata again."
        : "The IdP's metadata has no SingleSignOnService with the HTTP-Redirect binding, so Dockyard has nowhere to " +
            "send people to sign in.",
    );
  }
  const ssoUrl = redirect[0] as string;
  if (!/^https?:\/\//i.test(ssoUrl)) wrong("The IdP's single sign-on address is not an http(s) address.");
  return { entityId: entityIds[0] as string, ssoUrl, ssoBinding: REDIRECT_BINDING, certificates };
}

import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { inflateRawSync } from "node:zlib";
import * as samlify from "samlify";

/**
 * A university's SAML identity provider for tests of SAML sign-in: samlify's IdentityProvider, signing with a
 * test-only key pair committed beside this file (idp-key.pem and idp-cert.pem; other-idp-* for "an IdP with another
 * certificate"), answering Dockyard's AuthnRequest for a person the test names, with the assertion's parts a test
 * may spoil (audience, recipient, destination, times, InResponseTo, the signature). `serve()` puts it on a loopback
 * port whose /sso answers the browser with a page that posts the Response to Dockyard at once, as Shibboleth does.
 */

const HERE = import.meta.dirname;
const REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
const PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
const TRANSIENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient";

export interface SamlPerson {
  /** The persistent NameID (or, with `subjectIdAttribute`, the subject-id attribute's value). */
  id: string;
  mail?: string;
  displayName?: string;
  /** A transient NameID and no subject-id: a person Dockyard cannot recognise next time. */
  transient?: boolean;
  subjectIdAttribute?: boolean;
}

/** What a test may spoil in an answer. */
export interface Spoil {
  audience?: string;
  recipient?: string;
  destination?: string;
  inResponseTo?: string;
  /** Milliseconds from now for every NotOnOrAfter (negative: expired). */
  validForMs?: number;
  unsigned?: boolean;
}

export interface TestIdp {
  entityId: string;
  /** The IdP's metadata, as an admin pastes it. */
  metadata: string;
  /** The answer to the AuthnRequest in `requestUrl` (the redirect Dockyard sent the browser to), as its form posts. */
  respond(requestUrl: URL, person: SamlPerson, spoil?: Spoil): Promise<{ SAMLResponse: string; RelayState: string }>;
  /** Serves /sso on a loopback port, answering every request as `person`; the metadata then names that address. */
  serve(person: SamlPerson): Promise<void>;
  close(): Promise<void>;
}

function keyPair(name: "idp" | "other-idp") {
  return {
    privateKey: readFileSync(`${HERE}/${name}-key.pem`, "utf8"),
    signingCert: readFileSync(`${HERE}/${name}-cert.pem`, "utf8"),
  };
}

function htmlEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function attributeXml(name: string, value: string): string {
  return (
    `<saml:Attribute Name="${htmlEscape(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">` +
    `<saml:AttributeValue xsi:type="xs:string">${htmlEscape(value)}</saml:AttributeValue></saml:Attribute>`
  );
}

function authnStatement(now: Date, sessionIndex: string): string {
  return (
    `<saml:AuthnStatement AuthnInstant="${now.toISOString()}" SessionIndex="${sessionIndex}"><saml:AuthnContext>` +
    "<saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport" +
    "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
  );
}

/**
 * An IdP called `entityId`, whose metadata names the key pair `keys` and whose answers are signed with `signWith`
 * (the same pair unless a test wants an impostor). `spMetadata`: Dockyard's, as /api/auth-institution/saml/metadata
 * serves it.
 */
export function testIdp(options: {
  entityId: string;
  spMetadata: string;
  keys?: "idp" | "other-idp";
  signWith?: "idp" | "other-idp";
  ssoUrl?: string;
}): TestIdp {
  let ssoUrl = options.ssoUrl ?? "https://idp.example.edu/idp/profile/SAML2/Redirect/SSO";
  let server: Server | undefined;
  const sp = samlify.ServiceProvider({ metadata: options.spMetadata });
  const entity = (keys: "idp" | "other-idp") =>
    samlify.IdentityProvider({
      entityID: options.entityId,
      ...keyPair(keys),
      singleSignOnService: [{ Binding: REDIRECT, Location: ssoUrl }],
      nameIDFormat: [PERSISTENT, TRANSIENT],
    });

  async function respond(requestUrl: URL, person: SamlPerson, spoil: Spoil = {}) {
    const request = inflateRawSync(Buffer.from(requestUrl.searchParams.get("SAMLRequest") ?? "", "base64")).toString();
    const requestId = /\sID="([^"]+)"/.exec(request)?.[1] ?? "";
    const relayState = requestUrl.searchParams.get("RelayState") ?? "";
    const acs = sp.entityMeta.getAssertionConsumerService("post") as string;
    const now = new Date();
    const until = new Date(now.getTime() + (spoil.validForMs ?? 5 * 60 * 1000)).toISOString();
    const attributes = [
      person.subjectIdAttribute ? attributeXml("urn:oasis:names:tc:SAML:attribute:subject-id", person.id) : "",
      person.mail ? attributeXml("urn:oid:0.9.2342.19200300.100.1.3", person.mail) : "",
      person.displayName ? attributeXml("urn:oid:2.16.840.1.113730.3.1.241", person.displayName) : "",
    ].join("");
    const idp = entity(options.signWith ?? options.keys ?? "idp");
    const id = `_${randomUUID()}`;
    const { context } = await idp.createLoginResponse(
      sp,
      { extract: { request: { id: requestId } } },
      "post",
      {},
      {
        relayState,
        customTagReplacement: (template: string) => ({
          id,
          // Markup goes in as it is; replaceTagsByValue escapes what it puts in (the values below).
          context: samlify.SamlLib.replaceTagsByValue(
            template
              .replace("{AuthnStatement}", authnStatement(now, id))
              .replace(
                "{AttributeStatement}",
                attributes && `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>`,
              ),
            {
              ID: id,
              AssertionID: `_${randomUUID()}`,
              Destination: spoil.destination ?? acs,
              Audience: spoil.audience ?? sp.entityMeta.getEntityID(),
              SubjectRecipient: spoil.recipient ?? acs,
              Issuer: options.entityId,
              IssueInstant: now.toISOString(),
              StatusCode: "urn:oasis:names:tc:SAML:2.0:status:Success",
              ConditionsNotBefore: new Date(now.getTime() - 1000).toISOString(),
              ConditionsNotOnOrAfter: until,
              SubjectConfirmationDataNotOnOrAfter: until,
              NameIDFormat: person.transient || person.subjectIdAttribute ? TRANSIENT : PERSISTENT,
              NameID: person.transient || person.subjectIdAttribute ? `_${randomUUID()}` : person.id,
              InResponseTo: spoil.inResponseTo ?? requestId,
            },
          ),
        }),
      },
    );
    let encoded = context;
    if (spoil.unsigned) {
      const xml = Buffer.from(context, "base64").toString();
      encoded = Buffer.from(xml.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/g, "")).toString("base64");
    }
    return { SAMLResponse: encoded, RelayState: relayState };
  }

  const idp: TestIdp = {
    entityId: options.entityId,
    get metadata() {
      return entity(options.keys ?? "idp").getMetadata();
    },
    respond,
    async serve(person) {
      server = createServer((req, res) => {
        void respond(new URL(req.url ?? "/", ssoUrl), person).then(
          ({ SAMLResponse, RelayState }) => {
            const acs = sp.entityMeta.getAssertionConsumerService("post") as string;
            res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
            res.end(
              '<!doctype html><html lang="en"><title>Test IdP</title><body>' +
                `<form method="post" action="${htmlEscape(acs)}">` +
                `<input type="hidden" name="SAMLResponse" value="${htmlEscape(SAMLResponse)}">` +
                `<input type="hidden" name="RelayState" value="${htmlEscape(RelayState)}">` +
                "<noscript><button>Continue</button></noscript></form>" +
                "<script>document.forms[0].submit()</script></body></html>",
            );
          },
          (err: Error) => {
            res.writeHead(400, { "Content-Type": "text/plain" });
            res.end(err.message);
          },
        );
      });
      await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
      ssoUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sso`;
    },
    async close() {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    },
  };
  return idp;
}

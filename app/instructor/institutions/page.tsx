import type { Metadata } from "next";
import { ActionButton } from "@/components/http/action-button";
import { InstitutionForm } from "@/components/instructor/institutions/institution-form";
import { OrEmpty, PageSection, PageTitle } from "@/components/instructor/page-section";
import { DataTable, RowHeader, Td, Ths, Tr } from "@/components/instructor/tables/data-table";
import { adminPage } from "@/lib/access/roles";
import { listInstitutions } from "@/lib/institutions/institutions";
import { acsUrl, spEntityId } from "@/lib/institutions/saml-sp";
import { institutionRedirectUri } from "@/lib/institutions/sign-in-start";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Institution sign-in",
  description:
    "The universities whose own sign-in (OpenID Connect or SAML 2.0) people use for Dockyard, and how to set one up.",
};

export default async function InstitutionsPage() {
  const user = await adminPage("/instructor/institutions");
  const institutions = await listInstitutions(user);
  return (
    <div>
      <PageTitle title="Institution sign-in">
        People sign in to Dockyard through their university&apos;s own identity provider over OpenID Connect (Microsoft
        Entra ID, Google Workspace, Shibboleth&apos;s OP, Keycloak) or SAML 2.0 (Shibboleth, ADFS).
        docs/institution-sign-in.md walks through each.
      </PageTitle>
      <PageSection id="provider-values" title="What to enter at an OpenID Connect provider" className="mt-8">
        <dl
          className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]"
          data-testid="institution-redirect"
        >
          <dt className="font-medium">Redirect URI</dt>
          <dd className="break-all font-mono">{institutionRedirectUri()}</dd>
          <dt className="font-medium">Scopes</dt>
          <dd className="font-mono">openid email profile</dd>
          <dt className="font-medium">Client type</dt>
          <dd>Confidential (web) client, authorization code flow with PKCE</dd>
        </dl>
      </PageSection>
      <PageSection id="saml-values" title="What to register at a SAML identity provider" className="mt-8">
        <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]" data-testid="saml-sp-values">
          <dt className="font-medium">SP metadata URL</dt>
          <dd className="break-all font-mono">{spEntityId()}</dd>
          <dt className="font-medium">SP entityID</dt>
          <dd className="break-all font-mono">{spEntityId()}</dd>
          <dt className="font-medium">Assertion consumer service (ACS) URL</dt>
          <dd className="break-all font-mono">{acsUrl()}</dd>
          <dt className="font-medium">ACS binding</dt>
          <dd className="break-all font-mono">urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST</dd>
          <dt className="font-medium">What to release</dt>
          <dd>
            Signed assertions (not encrypted); a persistent NameID or the subject-id attribute; mail, displayName (or
            givenName and sn)
          </dd>
        </dl>
      </PageSection>
      <PageSection id="institutions" title="Institutions" className="mt-8">
        <OrEmpty rows={institutions.length} empty="No institution is set up yet." testId="institutions-empty">
          <DataTable
            caption="Institutions"
            testId="institutions"
            head={
              <Ths
                labels={[
                  "Name",
                  "Protocol",
                  "Issuer or entityID",
                  "Client ID or sign-on address",
                  "E-mail domains",
                  "Sign-in",
                  "Actions",
                ]}
                hidden={["Actions"]}
              />
            }
          >
            {institutions.map((i) => (
              <Tr key={i.id}>
                <RowHeader>{i.name}</RowHeader>
                <Td>{i.protocol === "saml" ? "SAML 2.0" : "OpenID Connect"}</Td>
                <Td className="break-all">{i.issuer}</Td>
                <Td className="break-all">{i.protocol === "saml" ? i.samlSsoUrl : i.clientId}</Td>
                <Td className="break-all">{i.emailDomains.join(", ") || "none"}</Td>
                <Td>{i.enabled ? "On" : "Off"}</Td>
                <Td>
                  <details className="mb-1">
                    <summary className="cursor-pointer text-sm underline">Edit</summary>
                    <InstitutionForm
                      initial={{
                        id: i.id,
                        name: i.name,
                        protocol: i.protocol,
                        issuer: i.issuer,
                        clientId: i.clientId ?? "",
                        emailDomains: i.emailDomains,
                        enabled: i.enabled,
                      }}
                    />
                  </details>
                  <ActionButton
                    method="DELETE"
                    url={`/api/admin/institutions/${encodeURIComponent(i.id)}`}
                    label="Remove"
                    confirm={`Remove ${i.name}? Its sign-in and links go; the accounts stay.`}
                  />
                </Td>
              </Tr>
            ))}
          </DataTable>
        </OrEmpty>
      </PageSection>
      <PageSection id="set-up" title="Set up an institution" className="mt-8">
        <InstitutionForm />
      </PageSection>
    </div>
  );
}
